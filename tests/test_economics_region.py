"""The fast price-risk approximation on the regional default (see-2025 nis-ccgt) against full
regional re-dispatches with moved gas, carbon and edge-market prices.

Serbia's price is mostly made abroad: by a unit of another zone (its cost plus the hurdles of the
borders between), an edge market, or a water value or mine rent that equals one of these in
another hour. The approximation must move those hours with their setter's fuel and CO2 (at the
setter's own zone's carbon price) and edge-market hours with the power factor, or the plant's
margin under moved prices is wrong (before this test, 60 % of Serbia's hours kept their price).
"""

from __future__ import annotations

import numpy as np
import pytest

import powerpact
from powerpact.dispatch import run
from powerpact.economics.engine import price_drivers
from powerpact.economics.risk import shifted_prices
from powerpact.system import System, scaled, variant, window

PLANT = "nis-ccgt"
# A winter and a summer fortnight: thermal-, import- and market-set hours.
WINDOWS = {"january": (0, 336), "july": (4368, 4704)}
CONTRACT = "gazprom-srbijagas"


@pytest.fixture(scope="module")
def scenario() -> System:
    return powerpact.load_scenario(PLANT)


def moved(system: System, gas: float, co2: float, power: float) -> System:
    """The system with every gas price (fuel and contract), the EU ETS path and the edge
    markets' prices multiplied: what the three price factors stand for."""
    settings = system.settings
    fuel = settings.gas.fuel
    carbon = settings.carbon
    assert carbon is not None
    gas_price = settings.fuels[fuel].price_eur_per_mwh_th
    contract_price = float(system.gas_contracts.at[CONTRACT, "price_eur_per_mwh_th"])
    overlay = {
        "settings": {
            "fuels": {fuel: {"price_eur_per_mwh_th": gas_price * gas}},
            "carbon": {
                "ets_price_eur_per_t_by_year": {
                    int(y): p * co2 for y, p in carbon.ets_price_eur_per_t_by_year.items()
                }
            },
        },
        "modify": {"gas_contracts": {CONTRACT: {"price_eur_per_mwh_th": contract_price * gas}}},
    }
    return scaled(variant(system, overlay), market_prices=power)


STEP = 0.05  # a 5 % move of one factor: small enough for the merit order to hold
FACTORS = {"gas": (1, 0, 0), "co2": (0, 1, 0), "power": (0, 0, 1)}


@pytest.mark.parametrize("season", sorted(WINDOWS))
@pytest.mark.parametrize("factor", sorted(FACTORS))
def test_price_moves_as_regional_redispatch_to_first_order(
    scenario: System, season: str, factor: str
) -> None:
    """Each hour's price change per unit of the factor lies between the full re-dispatch's
    changes for a step down and a step up (the two differ only where the step changes the
    merit order, a tie the first-order approximation resolves either way)."""
    base = window(scenario, *WINDOWS[season])
    dispatch = run(base)
    drivers = price_drivers(base, dispatch, "RS")
    price = dispatch.price_eur_per_mwh["RS"].to_numpy()
    gas, co2, power = (1 + STEP * k for k in FACTORS[factor])
    approx = shifted_prices(
        price,
        drivers,
        np.array(drivers.gas_price_eur_per_mwh_th * (gas - 1)),
        np.array(drivers.co2_price_eur_per_t * (co2 - 1)),
        np.array(power),
    )
    slope = (approx - price) / STEP
    up = (run(moved(base, gas, co2, power)).price_eur_per_mwh["RS"].to_numpy() - price) / STEP
    down_system = moved(base, 2 - gas, 2 - co2, 2 - power)
    down = (price - run(down_system).price_eur_per_mwh["RS"].to_numpy()) / STEP
    # 0.02 EUR/MWh of the price itself (the price tolerance) per step.
    tolerance = 0.02 / STEP
    inside = (slope >= np.minimum(up, down) - tolerance) & (
        slope <= np.maximum(up, down) + tolerance
    )
    assert inside.mean() >= 0.95, f"{factor} in {season}: {1 - inside.mean():.1%} of hours off"
