"""Winter drill: a hand-computed daily balance, invariants, and the power-side glue."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powerpact.adequacy import MonteCarloOptions
from powerpact.gas import GasOptions, drill
from powerpact.gas.balance import run_balance
from powerpact.studies.gas_power import power_impact

FLAT = GasOptions(derate_below_fill=0.0)
PLANT = {
    "name": "ccgt",
    "zone": "A",
    "technology": "gas",
    "capacity_mw": 100,
    "fuel": "gas",
    "efficiency": 0.5,
}


def _small(make_system, days=10, contracts=(), storage_volume=40.0, **kw):
    """Pipes 6 + 2 mcm/d; storage 40 mcm at 5 mcm/d, half full; non-power demand 7 mcm/d;
    one 100 MW plant at efficiency 0.5 that burns 200 × 24 / 10,000 = 0.48 mcm/d."""
    return make_system(
        generators=[PLANT],
        demand={"A": [80.0] * 24 * days},
        settings={
            "fuels": {"gas": {"price_eur_per_mwh_th": 30}},
            "gas": {"energy_mwh_per_mcm": 10000, "ncv_mwh_per_mcm": 10000},
        },
        gas_demand={"A": [7.0] * days},
        gas_entries=[
            {"name": "main", "zone": "A", "capacity_mcm_per_day": 6},
            {"name": "second", "zone": "A", "capacity_mcm_per_day": 2},
        ],
        gas_storage=[
            {
                "name": "st",
                "zone": "A",
                "working_volume_mcm": storage_volume,
                "withdrawal_mcm_per_day": 5,
                "initial_fill_fraction": 0.5,
            }
        ],
        **({"gas_contracts": list(contracts)} if contracts else {}),
        **kw,
    )


def test_hand_computed_drill(make_system) -> None:
    system = _small(make_system)
    result = drill(system, route="main", start="2030-01-03", days=5, options=FLAT)
    bal = result.balance
    # Jan 1–2: pipes give 8, non-power takes 7, the plant gets its full 0.48.
    assert bal["gas_for_power_mcm"].iloc[:2].tolist() == pytest.approx([0.48, 0.48])
    # Jan 3–7 only 2 mcm/d flows: storage gives 5/day from 20 mcm → 15, 10, 5, 0 (empty on
    # Jan 6); on Jan 7 it has nothing, so 7 − 2 = 5 mcm of non-power demand is short.
    assert bal["storage_fill_mcm"].iloc[2:6].tolist() == pytest.approx([15, 10, 5, 0])
    assert bal["non_power_shortfall_mcm"].tolist() == pytest.approx([0] * 6 + [5] + [0] * 3)
    assert bal["gas_for_power_mcm"].iloc[2:7].sum() == pytest.approx(0.0)
    head = result.headline()
    assert head["drill_storage_empty_day"] == "2030-01-06"
    assert head["drill_first_shortfall_day"] == "2030-01-07"
    assert head["drill_non_power_shortfall_mcm"] == pytest.approx(5.0)
    # the plant is served on the 5 days the route is in: 5 × 0.48 mcm = 24,000 MWh_th
    assert head["drill_gas_for_power_mcm"] == pytest.approx(2.4)
    assert head["drill_gas_for_power_mwh_th"] == pytest.approx(24_000)
    assert head["baseline_non_power_shortfall_mcm"] == 0.0
    assert head["baseline_storage_left_mcm"] == pytest.approx(20.0)
    assert result.power_gas_fraction().tolist() == [1, 1, 0, 0, 0, 0, 0, 1, 1, 1]


def test_contract_caps_an_entry(make_system) -> None:
    # 1460 mcm/yr through main = 4 mcm/d: flows 4 + 2 = 6 < 7, so storage gives 1 a day.
    contract = {"name": "c", "supplier": "S", "entry": "main", "annual_max_mcm": 1460}
    result = drill(
        _small(make_system, contracts=[contract]), route="second", start="2030-01-05", options=FLAT
    )
    base = result.baseline
    assert base["flow_capacity_mcm"].tolist() == pytest.approx([6.0] * 10)
    assert base["storage_withdrawal_mcm"].tolist() == pytest.approx([1.0] * 10)
    assert base["storage_fill_mcm"].iloc[-1] == pytest.approx(10.0)
    # a swing of 1.5 lets the contract deliver 6 mcm/d: flows cover non-power + plant
    swing = drill(_small(make_system, contracts=[contract]), options=GasOptions(contract_swing=1.5))
    assert swing.baseline["non_power_shortfall_mcm"].sum() == 0.0
    assert swing.baseline["gas_for_power_mcm"].tolist() == pytest.approx([0.48] * 10)


def test_default_route_is_the_largest_infrastructure_or_the_scenario_outage(make_system) -> None:
    system = _small(make_system)
    assert drill(system).route == ("main",)  # 6 mcm/d beats storage 5 and second 2
    start = system.days[0]
    outage = pd.DataFrame(
        {
            "component": ["second"],
            "table": ["gas_entries"],
            "start": [start],
            "end": [start + pd.Timedelta(days=2)],
        }
    )
    scenario = replace(system, outages=outage)
    result = drill(scenario, options=FLAT)
    assert result.route == ("second",)
    # 6 mcm/d of flow for two days: storage gives 1 a day, then the route is back
    assert result.balance["storage_withdrawal_mcm"].tolist()[:3] == pytest.approx([1, 1, 0])


def test_power_from_storage_option(make_system) -> None:
    system = _small(make_system)
    out = drill(
        system, "main", "2030-01-03", 5, GasOptions(derate_below_fill=0.0, power_from_storage=True)
    ).balance
    # storage 5/day covers 5 of non-power, nothing is left for the plant; storage empties
    # one day earlier only if the plant drew on it: it cannot, the rate is the limit
    assert out["gas_for_power_mcm"].iloc[2:6].sum() == pytest.approx(0.0)
    relaxed = drill(
        system,
        "second",
        "2030-01-03",
        5,
        GasOptions(derate_below_fill=0.0, power_from_storage=True),
    ).balance
    # with 6 mcm/d of flow: storage gives 1 to non-power and 0.48 to the plant each day
    assert relaxed["storage_withdrawal_mcm"].iloc[2:7].tolist() == pytest.approx([1.48] * 5)


day_arrays = st.lists(st.floats(0, 20), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    demand=day_arrays,
    flows=st.floats(0, 20),
    power=st.floats(0, 5),
    volume=st.floats(0, 200),
    withdrawal=st.floats(0, 20),
    fill=st.floats(0, 1),
    derate=st.sampled_from([0.0, 0.4, 1.0]),
    from_storage=st.booleans(),
)
def test_balance_closes_every_day(
    demand, flows, power, volume, withdrawal, fill, derate, from_storage
) -> None:
    n = len(demand)
    days = np.arange(n)
    frame = run_balance(
        days,
        np.array(demand),
        np.full(n, power),
        np.full(n, flows),
        np.array([volume]),
        np.full((n, 1), withdrawal),
        np.array([volume * fill]),
        GasOptions(derate_below_fill=derate, power_from_storage=from_storage),
    )
    supply = frame["flow_used_mcm"] + frame["storage_withdrawal_mcm"]
    np.testing.assert_allclose(
        supply, frame["non_power_served_mcm"] + frame["gas_for_power_mcm"], atol=1e-9
    )
    np.testing.assert_allclose(
        frame["non_power_served_mcm"] + frame["non_power_shortfall_mcm"], demand, atol=1e-9
    )
    fills = np.concatenate([[volume * fill], frame["storage_fill_mcm"]])
    np.testing.assert_allclose(-np.diff(fills), frame["storage_withdrawal_mcm"], atol=1e-9)
    assert (frame["flow_used_mcm"] <= flows + 1e-9).all()
    assert (frame["storage_withdrawal_mcm"] <= frame["storage_capacity_mcm"] + 1e-9).all()
    assert (frame.drop(columns="storage_fill_mcm") >= -1e-9).all().all()
    assert (fills >= -1e-12).all() and (fills <= volume + 1e-9).all()


@pytest.fixture(scope="module")
def base_system(tmp_path_factory):
    from conftest import write_system

    import powerpact

    demand = [9, 12, 14, 15, 13, 11, 10, 12, 14, 16, 15, 12, 9, 8, 10, 13, 15, 14, 11, 9]
    folder = write_system(
        tmp_path_factory.mktemp("drill") / "base",
        generators=[PLANT],
        demand={"A": [80.0] * 24 * len(demand)},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30}}},
        gas_demand={"A": demand},
        gas_entries=[
            {"name": "main", "zone": "A", "capacity_mcm_per_day": 7},
            {"name": "second", "zone": "A", "capacity_mcm_per_day": 3},
        ],
        gas_storage=[
            {"name": "st", "zone": "A", "working_volume_mcm": 30, "withdrawal_mcm_per_day": 4}
        ],
    )
    return powerpact.load(folder)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    volume=st.floats(0, 150),
    extra_volume=st.floats(0, 150),
    withdrawal=st.floats(0, 10),
    extra_withdrawal=st.floats(0, 10),
    derate=st.sampled_from([0.0, 0.4]),
)
def test_more_storage_never_increases_the_shortfall(
    base_system, volume, extra_volume, withdrawal, extra_withdrawal, derate
) -> None:
    def shortfall(v: float, w: float) -> float:
        storage = base_system.gas_storage.assign(working_volume_mcm=v, withdrawal_mcm_per_day=w)
        result = drill(
            replace(base_system, gas_storage=storage),
            "main",
            "2030-01-04",
            8,
            GasOptions(derate_below_fill=derate),
        )
        return result.headline()["drill_non_power_shortfall_mcm"]

    small = shortfall(volume, withdrawal)
    assert shortfall(volume + extra_volume, withdrawal) <= small + 1e-9
    assert shortfall(volume, withdrawal + extra_withdrawal) <= small + 1e-9


def test_power_impact_counts_hours_without_gas(make_system) -> None:
    """A 100 MW gas plant alone feeds 100 MW: with its only pipe out for 2 of 4 days there is
    no gas and 48 hours go unserved; without the plant all 96 hours do."""
    system = make_system(
        generators=[PLANT],
        demand={"A": [100.0] * 96},
        settings={
            "fuels": {"gas": {"price_eur_per_mwh_th": 30}},
            "gas": {"energy_mwh_per_mcm": 10000, "ncv_mwh_per_mcm": 10000},
        },
        gas_demand={"A": [0.5] * 4},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 1.0}],
    )
    adequacy = {"samples": 20, "seed": 7, "options": MonteCarloOptions(progress=False)}
    cases = power_impact(
        system, start="2030-01-02", days=2, without=["ccgt"], adequacy=adequacy
    ).cases
    assert cases.at["route in service", "unserved_hours"] == 0
    assert cases.at["route out", "unserved_hours"] == 48
    assert cases.at["route out", "unserved_hours_during_outage"] == 48
    assert cases.at["route out", "unserved_mwh"] == pytest.approx(4800, rel=1e-6)
    assert cases.at["route out without ccgt", "unserved_hours"] == 96
    # no random outages are possible (rates 0), so every Monte Carlo year sees the same hours
    assert cases["adequacy_lole_hours"].tolist() == pytest.approx([0, 48, 96])
