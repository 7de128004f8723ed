"""Invariants of dispatch on random small systems: balances close, costs add up and have signs."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powerpact.dispatch import run
from powerpact.dispatch.result import COST_COMPONENTS

HOURS = 48
TOL = 1e-5


@st.composite
def small_systems(draw: st.DrawFn) -> dict:
    zones = ["A", "B"][: draw(st.integers(1, 2))]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    gens = []
    for i in range(draw(st.integers(1, 4))):
        capacity = float(rng.uniform(0, 300))
        gens.append(
            {
                "name": f"g{i}",
                "zone": str(rng.choice(zones)),
                "technology": "other",
                "capacity_mw": capacity,
                "marginal_cost_eur_per_mwh": rng.uniform(0, 100),
                "min_stable_mw": capacity * rng.uniform(0, 0.5) * (rng.random() < 0.3),
            }
        )
    gens.append(
        {
            "name": "ccgt",
            "zone": zones[0],
            "technology": "gas",
            "fuel": "gas",
            "capacity_mw": float(rng.uniform(0, 300)),
            "efficiency": rng.uniform(0.3, 0.6),
            "min_stable_mw": 0.0,
        }
    )
    demand = {z: list(rng.uniform(0, 400, HOURS)) for z in zones}
    tables = {
        "storage": [
            {
                "name": "s",
                "zone": zones[-1],
                "power_mw": rng.uniform(0, 100),
                "energy_mwh": rng.uniform(0, 400),
                "round_trip_efficiency": 0.75,
            }
        ],
        # Two markets, so that transit through the zones is possible; hurdles half the time.
        "interconnectors": [
            {
                "name": "a-m",
                "from_zone": "A",
                "to_zone": "M",
                "capacity_mw": rng.uniform(0, 200),
                "hurdle_cost_eur_per_mwh": rng.uniform(0, 10) * (rng.random() < 0.5),
            },
            {
                "name": "n-z",
                "from_zone": "N",
                "to_zone": zones[-1],
                "capacity_mw": rng.uniform(0, 200),
                "hurdle_cost_eur_per_mwh": rng.uniform(0, 10) * (rng.random() < 0.5),
            },
        ],
        "gas_entries": [
            {"name": "pipe", "zone": "A", "capacity_mcm_per_day": rng.uniform(0, 3)},
            {"name": "field", "zone": zones[-1], "capacity_mcm_per_day": rng.uniform(0, 1)},
        ],
        "gas_contracts": [
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": 400,
                "annual_min_mcm": rng.uniform(0, 400),
                "price_eur_per_mwh_th": rng.uniform(10, 60),
            }
        ],
        "gas_storage": [
            {
                "name": "cavern",
                "zone": "A",
                "working_volume_mcm": 5,
                "withdrawal_mcm_per_day": rng.uniform(0, 1),
            }
        ],
    }
    if len(zones) == 2:
        tables["interconnectors"].append(
            {
                "name": "a-b",
                "from_zone": "A",
                "to_zone": "B",
                "capacity_mw": rng.uniform(0, 200),
                "hurdle_cost_eur_per_mwh": rng.uniform(0, 10) * (rng.random() < 0.5),
            }
        )
    return {
        "generators": gens,
        "demand": demand,
        "settings": {
            "markets": ["M", "N"],
            "co2_price_eur_per_t": 50,
            "fuels": {"gas": {"price_eur_per_mwh_th": 35.0, "co2_t_per_mwh_th": 0.2}},
        },
        "market_prices": {m: list(rng.uniform(0, 150, HOURS)) for m in ("M", "N")},
        "gas_demand": {z: list(rng.uniform(0, 2, 2)) for z in zones},
        **tables,
    }


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=small_systems())
def test_balances_close_and_costs_add_up(make_system, data: dict) -> None:
    system = make_system(**data)
    result = run(system)
    _power_balances_close(system, result)
    _gas_balances_close(system, result)
    costs = result.cost_breakdown_eur
    for name in COST_COMPONENTS:
        assert costs[name] >= -1e-6, name
    assert np.isclose(result.total_cost_eur, result.objective_eur, rtol=1e-7, atol=1e-3)
    # the hurdle is paid on |flow| exactly: never on both directions of a link at once
    hurdle = system.interconnectors["hurdle_cost_eur_per_mwh"]
    paid = (result.flow_mw.abs() * hurdle).to_numpy().sum()
    assert np.isclose(costs["hurdle_eur"], paid, rtol=1e-7, atol=1e-4)
    # storage ends where it started, and never leaves its bounds
    soc = result.storage_soc_mwh["s"].to_numpy()
    energy = system.storage.at["s", "energy_mwh"]
    assert np.isclose(soc[-1], 0.5 * energy, atol=TOL)
    assert soc.min() >= -TOL and soc.max() <= energy + TOL
    assert (result.unserved_mw.to_numpy() <= system.demand.to_numpy() + TOL).all()


def _power_balances_close(system, result) -> None:
    gens, links = system.generators, system.interconnectors
    for zone in system.settings.zones:
        supply = result.generation_mw[gens.index[gens["zone"] == zone]].sum(axis=1)
        at_zone = system.storage["zone"] == zone
        supply += result.storage_discharge_mw.loc[:, at_zone].sum(axis=1)
        supply -= result.storage_charge_mw.loc[:, at_zone].sum(axis=1)
        supply += result.flow_mw.loc[:, (links["to_zone"] == zone).to_numpy()].sum(axis=1)
        supply -= result.flow_mw.loc[:, (links["from_zone"] == zone).to_numpy()].sum(axis=1)
        supply += result.unserved_mw[zone] - result.spilled_mw[zone]
        np.testing.assert_allclose(supply, system.demand[zone], atol=TOL * 10)


def _gas_balances_close(system, result) -> None:
    gens = system.generators
    for zone in system.settings.zones:
        entries = system.gas_entries.index[system.gas_entries["zone"] == zone]
        stores = system.gas_storage.index[system.gas_storage["zone"] == zone]
        burners = gens.index[(gens["zone"] == zone) & (gens["fuel"] == "gas")]
        supply = (
            result.gas_entry_mcm[entries].sum(axis=1)
            + result.gas_storage_withdrawal_mcm[stores].sum(axis=1)
            - result.gas_storage_injection_mcm[stores].sum(axis=1)
            + result.gas_shortfall_mcm[zone]
        )
        use = system.gas_demand[zone] + result.gas_burn_mcm[burners].sum(axis=1)
        np.testing.assert_allclose(supply, use, atol=1e-7)
        # burn follows the plant's output and efficiency, hour by hour summed per day
        for name in burners:
            daily_mwh = result.generation_mw[name].groupby(system.day_of_hour).sum().to_numpy()
            # net efficiency: over the default net calorific value 0.9 × 10,550 MWh/mcm
            expected = daily_mwh / gens.at[name, "efficiency"] / (0.9 * 10550.0)
            np.testing.assert_allclose(result.gas_burn_mcm[name].to_numpy(), expected, atol=1e-9)
