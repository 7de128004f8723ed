"""Unit commitment on the default: MILP vs its LP relaxation, whole horizon vs rolling windows,
and PyPSA on the same exported network (same formulation, whole horizon, same MIP gap).

The default's thermal units get the commitment data of `src/powerpact/data/derived/commitment.csv`
(`with_commitment`). Periods: a week (1-7 July) and a month (April). Every run is timed end to end
in this process (build + solve; PyPSA: export + model creation + solve).

    .venv/bin/python benchmarks/commitment.py [--skip-pypsa-month]
"""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import replace

import powerpact
from powerpact.dispatch import DispatchOptions, run
from powerpact.dispatch.commitment import with_commitment
from powerpact.system import System

GAP = 0.005
PERIODS = {"week 1-7 Jul": (181, 7), "month Apr": (90, 30)}


def period(system: System, first_day: int, days: int) -> System:
    hours = slice(first_day * 24, (first_day + days) * 24)
    return replace(
        system,
        demand=system.demand.iloc[hours],
        profiles=system.profiles.iloc[hours],
        market_prices=system.market_prices.iloc[hours],
        gas_demand=system.gas_demand.iloc[first_day : first_day + days],
    )


def ours(system: System, options: DispatchOptions) -> dict[str, object]:
    started = time.perf_counter()
    result = run(system, options)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cost_eur": round(result.total_cost_eur),
        "start_cost_eur": round(result.start_cost_eur),
        "starts": round(float(result.starts_by_unit.sum()), 1),
        "mip_gap": result.mip_gap,
        "gas_shortfall_eur": round(result.cost_breakdown_eur["gas_shortfall_eur"]),
        # The net cost can be near zero (exports earn as much as the plants cost): gaps are
        # stated against the gross cost, before export revenue.
        "gross_cost_eur": round(
            result.total_cost_eur + result.cost_breakdown_eur["export_revenue_eur"]
        ),
    }


def pypsa(system: System) -> dict[str, object]:
    from powerpact.interop.pypsa_export import to_pypsa

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    network = to_pypsa(system, commitment=True)
    status = network.optimize(
        solver_name="highs",
        include_objective_constant=False,
        log_to_console=False,
        mip_rel_gap=GAP,
    )
    assert status == ("ok", "optimal"), status
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cost_eur": round(float(network.objective)),
    }


def main() -> None:
    base = with_commitment(powerpact.load("serbia-2025"))
    runs = {
        "LP, no commitment (today)": DispatchOptions(),
        "commitment LP relaxation, whole period": DispatchOptions(commitment="lp", window_h=None),
        "commitment MILP, whole period": DispatchOptions(
            commitment="milp", mip_gap=GAP, window_h=None
        ),
        "commitment LP relaxation, rolling 48/24 h": DispatchOptions(commitment="lp"),
        "commitment MILP, rolling 48/24 h": DispatchOptions(commitment="milp", mip_gap=GAP),
    }
    for label, (first_day, days) in PERIODS.items():
        system = period(base, first_day, days)
        figures = {name: ours(system, options) for name, options in runs.items()}
        if not (label.startswith("month") and "--skip-pypsa-month" in sys.argv):
            figures["PyPSA MILP, whole period"] = pypsa(system)
        print(json.dumps({label: figures}, indent=1), flush=True)


if __name__ == "__main__":
    main()
