"""D_max's basis (Regulation 2017/1938, Art. 5: a 1-in-20 peak day) and the N-1 at the observed
peak, against hand calculations.

The system: pipes of 10 and 6 mcm/d and a storage of 4 mcm/d, so EPm + Sm − Im = 10 mcm/d.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.gas import n_minus_1
from powerpact.gas.network import network
from powerpact.system import variant

GEN = {"name": "lignite", "zone": "A", "technology": "lignite", "capacity_mw": 100}
SUPPLY_MCM = 10.0 + 6.0 + 4.0 - 10.0


def _system(make_system, gas: dict[str, object]):
    return make_system(
        generators=[GEN],
        demand={"A": [50.0] * 48},
        settings={"gas": {"energy_mwh_per_mcm": 10000, **gas}},
        gas_demand={"A": [6.0, 8.0]},
        gas_entries=[
            {"name": "big", "zone": "A", "kind": "pipeline", "capacity_mcm_per_day": 10},
            {"name": "small", "zone": "A", "kind": "pipeline", "capacity_mcm_per_day": 6},
        ],
        gas_storage=[
            {
                "name": "st",
                "zone": "A",
                "working_volume_mcm": 100.0,
                "withdrawal_mcm_per_day": 4.0,
                "initial_fill_fraction": 0.5,
            }
        ],
    )


def test_a_1_in_20_dmax_with_an_observed_peak_beside_it(make_system) -> None:
    system = _system(make_system, {"peak_day_demand_mcm": 12.5, "observed_peak_day_mcm": 10.0})
    head = n_minus_1(system).headline()
    assert head["dmax_from"] == "settings (1-in-20)"
    assert head["n_minus_1_percent"] == pytest.approx(100 * SUPPLY_MCM / 12.5)  # 80 %
    assert head["n_minus_1_at_observed_peak_percent"] == pytest.approx(100.0)


def test_an_observed_dmax_says_it_is_not_1_in_20(make_system) -> None:
    system = _system(make_system, {"peak_day_demand_mcm": 8.0, "peak_day_basis": "observed"})
    head = n_minus_1(system).headline()
    assert head["dmax_from"] == "settings (observed peak, not 1-in-20)"
    assert head["n_minus_1_percent"] == pytest.approx(125.0)
    assert head["n_minus_1_at_observed_peak_percent"] == pytest.approx(125.0)


def test_no_observed_peak_no_sensitivity(make_system) -> None:
    assert (
        n_minus_1(_system(make_system, {})).headline()["n_minus_1_at_observed_peak_percent"] is None
    )
    given_only = _system(make_system, {"peak_day_demand_mcm": 9.0})
    assert given_only.settings.gas.peak_day_basis == "1-in-20"
    assert n_minus_1(given_only).headline()["n_minus_1_at_observed_peak_percent"] is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(low=st.floats(1.0, 50.0), factor=st.floats(1.001, 3.0))
def test_n_minus_1_falls_when_dmax_rises(make_system, low: float, factor: float) -> None:
    system = _system(make_system, {"peak_day_demand_mcm": low})
    higher = variant(system, {"settings": {"gas": {"peak_day_demand_mcm": low * factor}}})
    before, after = n_minus_1(system).percent, n_minus_1(higher).percent
    assert after < before
    assert after == pytest.approx(100 * SUPPLY_MCM / (low * factor))
    assert before / after == pytest.approx(factor)


@pytest.fixture(scope="module")
def serbia_network():
    return network(powerpact.load("serbia-2025"))


def test_serbia_dmax_is_1_in_20_with_the_observed_peak_beside_it(serbia_network) -> None:
    """serbia-2025's D_max is the 1-in-20 day (scripts/gas_peak_day.py), above the observed
    18 mcm/d; every N-1 at the observed peak is the same supply over the smaller D_max."""
    system = powerpact.load("serbia-2025")
    given = system.settings.gas.peak_day_demand_mcm
    observed = system.settings.gas.observed_peak_day_mcm
    assert given is not None and observed is not None and given > observed
    head = n_minus_1(system).headline()
    assert head["dmax_from"] == "settings (1-in-20)"
    assert head["n_minus_1_at_observed_peak_percent"] == pytest.approx(
        head["n_minus_1_percent"] * given / observed
    )
    figures = serbia_network.figures()
    assert figures.n_minus_1_network_at_observed_peak_percent == pytest.approx(
        figures.n_minus_1_network_percent * given / observed
    )
    group_dmax = float(serbia_network.risk_group["Dmax_mcm_per_day"])
    assert figures.n_minus_1_risk_group_at_observed_peak_percent == pytest.approx(
        figures.n_minus_1_risk_group_percent * group_dmax / (group_dmax - (given - observed))
    )


def test_a_1_in_20_dmax_above_the_observed_lowers_serbias_n_minus_1_by_hand(
    serbia_network,
) -> None:
    base = powerpact.load("serbia-2025")
    observed = base.settings.gas.peak_day_demand_mcm
    assert observed is not None
    gas = {"peak_day_demand_mcm": observed * 1.2, "peak_day_basis": "1-in-20"}
    raised = network(
        variant(base, {"settings": {"gas": {**gas, "observed_peak_day_mcm": observed}}})
    )
    national, group = serbia_network.n_minus_1, serbia_network.risk_group
    supply = float(national["n_minus_1_percent"]) * observed / 100
    group_dmax = float(group["Dmax_mcm_per_day"])
    group_supply = float(group["n_minus_1_percent"]) * group_dmax / 100
    figures = raised.figures()
    # national: the same supply over a D_max 20 % higher; at the observed peak, as before
    assert figures.n_minus_1_network_percent == pytest.approx(100 * supply / (1.2 * observed))
    assert figures.n_minus_1_network_at_observed_peak_percent == pytest.approx(
        100 * supply / observed
    )
    # the risk group's D_max gains the same 0.2 × observed on top of the corridor's other demand
    assert figures.n_minus_1_risk_group_percent == pytest.approx(
        100 * group_supply / (group_dmax + 0.2 * observed)
    )
    assert figures.n_minus_1_risk_group_at_observed_peak_percent == pytest.approx(
        float(group["n_minus_1_percent"])
    )
