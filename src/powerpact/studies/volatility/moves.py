"""How every zone's hourly price moves with the price factors, from whatever set it in a design
dispatch, in any zone of a regional system.

Which unit or edge market set each zone's price is the economics engine's one definition
(`powerpact.economics.setters.price_setters`: own part-loaded units, borders carrying power below
their limits, and water values or mine rents matched to a unit's cost or a market's price plus
whole hurdles). The price moves with its setter: a unit's fuel and CO2, or a market's price.
Hours it finds no setter for (storage at a water value no hurdle sum explains) keep their price.

Each zone's hourly move is linear in the factors: `gas` MWh_th per MWh × the gas price change,
`carbon` EUR/MWh × (carbon multiplier ratio − 1) and `market` EUR/MWh × (power multiplier ratio
− 1), so a trade valued at the zone's price re-prices as four sums (`bill.zone_terms`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.dispatch import DispatchResult
from powerpact.economics.engine import lp_marginal_costs
from powerpact.economics.risk import PRICE_TOLERANCE_EUR_PER_MWH
from powerpact.economics.setters import MARKET, price_setters
from powerpact.system import System
from powerpact.system.carbon import co2_price_by_area


@dataclass(frozen=True)
class ZoneMoves:
    """Hourly price moves per unit of each factor (hours × zones, columns in `zones` order)."""

    zones: tuple[str, ...]
    gas_mwh_th_per_mwh: np.ndarray
    carbon_eur_per_mwh: np.ndarray
    market_eur_per_mwh: np.ndarray
    set_share: np.ndarray  # per zone, share of hours whose setter was found (diagnostic)

    def of(self, zone: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        k = self.zones.index(zone)
        return (
            self.gas_mwh_th_per_mwh[:, k],
            self.carbon_eur_per_mwh[:, k],
            self.market_eur_per_mwh[:, k],
        )


def _unit_coefficients(system: System) -> tuple[np.ndarray, np.ndarray]:
    """Per generator: gas MWh_th (as priced) per MWh, and carbon cost EUR/MWh at its zone's
    price (the part of its marginal cost the carbon factor scales)."""
    gens = system.generators
    gas = np.where(
        (gens["fuel"] == system.settings.gas.fuel).to_numpy(),
        system.settings.gas.gross_per_plant_mwh / gens["efficiency"].to_numpy(),
        0.0,
    )
    area_price = co2_price_by_area(system.settings, system.year)
    carbon = gens["co2_t_per_mwh"].to_numpy() * gens["zone"].map(area_price).to_numpy(float)
    return gas, carbon


def zone_moves(system: System, dispatch: DispatchResult) -> ZoneMoves:
    """How each zone's hourly price moves with the factors in this dispatch (the module)."""
    zones = list(system.settings.zones)
    costs = lp_marginal_costs(system, dispatch).to_numpy()
    setters, market_price = price_setters(system, dispatch, costs, PRICE_TOLERANCE_EUR_PER_MWH)
    setter = np.column_stack([setters[zone] for zone in zones])
    by_unit = setter >= 0
    unit = np.where(by_unit, setter, 0)
    gas_of, carbon_of = _unit_coefficients(system)
    gas = np.where(by_unit, gas_of[unit], 0.0)
    carbon = np.where(by_unit, carbon_of[unit], 0.0)
    # A market-set price moves by the market's own price change (the hurdles between stay).
    market = np.column_stack([market_price[zone] for zone in zones])
    # Hours without a setter keep their price, as in the economics engine's `price_drivers`:
    # filling them from the nearest-priced set hour of the week measured worse against full
    # re-dispatches (benchmarks/volatility_regional.py).
    share = (by_unit | (setter == MARKET)).mean(axis=0)
    return ZoneMoves(tuple(zones), gas, carbon, market, share)
