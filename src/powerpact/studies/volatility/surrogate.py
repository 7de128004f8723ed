"""The surrogate of a full dispatch per path: of the design dispatches of the path's group (its
climate year and gas regime), the one whose system cost re-priced to the path's prices is lowest,
and its bill re-priced.

Prices are objective coefficients, so every design dispatch is feasible at every path's prices;
re-priced, each is an upper bound on the optimal system cost and the least of them is the best
such bound, exact at the design points. The designs are paths of the study (paths.design_paths:
medoids where paths are dense, and every path farther than a radius from the others dispatched
in full), so each path lies near one. `VolatilityResult.repriced` evaluates it at held-out paths;
tests/test_volatility.py and benchmarks/volatility_regional.py measure the gap against full
dispatches there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from powerpact.studies.volatility.design import DesignResult


@dataclass(frozen=True)
class PathValues:
    """Per path: the bill and the exposure figures of the chosen dispatch (horizon totals)."""

    bill_eur: np.ndarray
    gas_eur_per_mwh_th: np.ndarray
    indexed_gas_mwh_th: np.ndarray
    net_import_mwh: np.ndarray
    demand_mwh: np.ndarray
    no_own_price_share: np.ndarray
    gas_import_share: np.ndarray
    lost_load_eur: np.ndarray
    chosen: np.ndarray  # index into the design results


def evaluate(
    designs: Sequence[DesignResult],
    design_climate: np.ndarray,
    climate_of_path: np.ndarray,
    base_gas_eur_per_mwh_th: float,
    multipliers: np.ndarray,
) -> PathValues:
    """Bills of the paths (rows of gas, carbon, power multipliers) from the design dispatches;
    `design_climate[k]` is the group (climate year × gas regime) of design k, `climate_of_path`
    each path's."""
    gas = base_gas_eur_per_mwh_th * multipliers[:, 0]
    co2, power = multipliers[:, 1], multipliers[:, 2]
    costs = np.vstack([d.system_cost.at(gas, co2, power) for d in designs])
    # A design of another climate year or gas regime is not a candidate for the path.
    costs[design_climate[:, None] != climate_of_path[None, :]] = np.inf
    return picked(designs, np.argmin(costs, axis=0), base_gas_eur_per_mwh_th, multipliers)


def picked(
    designs: Sequence[DesignResult],
    chosen: np.ndarray,
    base_gas_eur_per_mwh_th: float,
    multipliers: np.ndarray,
) -> PathValues:
    """Bills of the paths from the dispatches `chosen` for them (index into `designs`, one per
    path), re-priced to each path's prices: exact where a path's own dispatch is chosen."""
    gas = base_gas_eur_per_mwh_th * multipliers[:, 0]
    co2, power = multipliers[:, 1], multipliers[:, 2]
    bills = np.array(
        [
            designs[c].bill.at(gas[k : k + 1], co2[k : k + 1], power[k : k + 1])[0]
            for k, c in enumerate(chosen)
        ]
    )

    def of(values: Sequence[float]) -> np.ndarray:
        return np.asarray(values, dtype=float)[chosen]

    return PathValues(
        bill_eur=bills,
        gas_eur_per_mwh_th=gas,
        indexed_gas_mwh_th=of([d.indexed_gas_mwh_th for d in designs]),
        net_import_mwh=of([d.net_import_mwh for d in designs]),
        demand_mwh=of([d.demand_mwh for d in designs]),
        no_own_price_share=of([d.no_own_price_share for d in designs]),
        gas_import_share=of([d.gas_import_share for d in designs]),
        lost_load_eur=of([d.lost_load_eur for d in designs]),
        chosen=chosen,
    )
