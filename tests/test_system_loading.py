"""Loading, defaults and scenario overlays on the small test system."""

import importlib
from pathlib import Path

import numpy as np
import pytest

import powerpact
from powerpact.system import InputError

TINY = Path(__file__).parent / "data" / "tiny"


def test_defaults_and_derived_columns() -> None:
    system = powerpact.load(TINY)
    gens = system.generators
    # fuel price (per MWh gross) × gross/net (1 / 0.9 by default: efficiencies are net) /
    # efficiency + CO2 price × factor (per MWh net) / efficiency, by hand:
    # 30 / 0.9 / 0.55 + 50 × 0.2 / 0.55
    assert gens.at["gas-1", "marginal_cost_eur_per_mwh"] == pytest.approx(
        30 / 0.9 / 0.55 + 10 / 0.55
    )
    # forced_outage_rate 0.08 with mttr 60 h → mttf = 60 × 0.92 / 0.08 = 690 h
    assert gens.at["coal-1", "mttf_h"] == pytest.approx(690.0)
    assert gens.at["gas-2", "mttr_h"] == 50.0
    assert gens.at["wind-1", "forced_outage_rate"] == 0.0
    assert system.interconnectors.at["a-m", "capacity_reverse_mw"] == 150.0
    assert system.storage.at["pumped-1", "charge_power_mw"] == 80.0
    assert system.n_hours == 48 and len(system.days) == 2
    assert list(system.gas_generators) == ["gas-1", "gas-2"]


def test_available_capacity_follows_profile() -> None:
    system = powerpact.load(TINY)
    available = system.available_mw()
    expected = 120 * system.profiles["wind"].to_numpy()
    np.testing.assert_allclose(available["wind-1"].to_numpy(), expected)
    assert (available["coal-1"] == 300).all()


def test_scenario_overlay() -> None:
    base = powerpact.load(TINY)
    scenario = powerpact.load(TINY / "scenarios" / "new-plant.yaml")
    assert scenario.name == "new-plant" and base.name == "tiny"
    assert "gas-new" in scenario.generators.index and "gas-2" not in scenario.generators.index
    assert scenario.generators.at["wind-1", "capacity_mw"] == 240.0
    assert scenario.gas_contracts.at["south-lt", "annual_max_mcm"] == 500.0
    np.testing.assert_allclose(
        scenario.demand["B"].to_numpy(), base.demand["B"].to_numpy() * 1.1 + 20
    )
    assert scenario.settings.co2_price_eur_per_t == 80
    in_service = scenario.in_service("gas_entries", scenario.days)
    assert in_service["pipe-east"].tolist() == [1.0, 0.0]
    # the base system is not changed by loading a scenario on it
    assert "gas-2" in powerpact.load(TINY).generators.index


def test_unknown_name_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no such folder"):
        powerpact.load("no-such-system-anywhere")


def test_make_system_fixture(make_system) -> None:
    system = make_system(
        generators=[{"name": "g", "zone": "A", "technology": "gas", "capacity_mw": 10}],
        demand={"A": [5.0, 6.0, 7.0]},
    )
    assert system.n_hours == 3 and system.generators.at["g", "capacity_mw"] == 10


def test_outage_outside_the_horizon_is_an_input_error(tmp_path: Path) -> None:
    scenario = tmp_path / "late.yaml"
    scenario.write_text(
        f"name: late\nbase: {TINY}\noutages:\n  - {{component: pipe-east, start: '2031-01-10', "
        "days: 30}\n"
    )
    with pytest.raises(InputError, match=r"outages\[0\].*outside the horizon"):
        powerpact.load(scenario)


def test_a_bare_scenario_name_is_the_default_systems_and_a_qualified_one_is_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two embedded systems carrying a scenario of the same name: the bare name must not depend
    # on the alphabetical order of the systems, and SYSTEM/SCENARIO must pick exactly one.
    loading = importlib.import_module("powerpact.system.load")

    for system in ("aaa-region", "zzz-default"):
        (tmp_path / system / "scenarios").mkdir(parents=True)
        (tmp_path / system / "system.yaml").write_text("name: x\n")
        (tmp_path / system / "scenarios" / "plant.yaml").write_text("name: plant\n")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    monkeypatch.setattr(loading, "DEFAULT_SYSTEM", "zzz-default")
    assert loading.embedded_path("plant") == tmp_path / "zzz-default" / "scenarios" / "plant.yaml"
    assert (
        loading.embedded_path("aaa-region/plant")
        == tmp_path / "aaa-region" / "scenarios" / "plant.yaml"
    )
    assert loading.embedded_path("nowhere/plant") is None
    assert loading.embedded_path("aaa-region/missing") is None


def test_firm_capacity_counts_availability_profiles_but_not_weather(make_system) -> None:
    # A regional fleet gives thermal units an availability profile (observed outages): they are
    # firm at their mean availability; wind is never firm whatever its profile; a unit without a
    # profile is firm at 1 − forced outage rate. By hand: 100 × 0.8 + 50 × 0.9 = 125 MW.
    from powerpact.system.metrics import firm_capacity_mw

    system = make_system(
        generators=[
            {"name": "coal", "zone": "A", "technology": "coal", "capacity_mw": 100.0}
            | {"marginal_cost_eur_per_mwh": 20.0, "profile": "avail"},
            {"name": "gas", "zone": "A", "technology": "gas", "capacity_mw": 50.0}
            | {"marginal_cost_eur_per_mwh": 60.0, "forced_outage_rate": 0.1},
            {"name": "wind", "zone": "A", "technology": "wind", "capacity_mw": 300.0}
            | {"marginal_cost_eur_per_mwh": 0.0, "profile": "windy"},
        ],
        demand={"A": [100.0, 120.0]},
        profiles={"avail": [0.7, 0.9], "windy": [1.0, 1.0]},
    )
    assert firm_capacity_mw(system) == pytest.approx(100 * 0.8 + 50 * 0.9)
