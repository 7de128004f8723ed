"""The partnership scenarios on the regional system see-2025, the scenario keys they use (new
zones and profiles), and the focus zone's own figures (Serbia's) that assess reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from build_see_2025_scenarios import SOURCE, TARGET, render
from conftest import write_system
from typer.testing import CliRunner

import powerpact
from powerpact import dispatch
from powerpact.cli import app
from powerpact.studies.assess import AssessOptions, assess, select_inputs
from powerpact.system import DEFAULT_SYSTEM, InputError, System, embedded_scenarios, first_hours

MakeSystem = Callable[..., System]


def test_scenarios_are_what_the_script_writes() -> None:
    files = render()
    assert sorted(files) == sorted(p.name for p in TARGET.iterdir())
    for name, text in files.items():
        assert (TARGET / name).read_text(encoding="utf-8") == text, name


def test_same_names_and_serbian_changes_as_serbia_2025() -> None:
    assert embedded_scenarios("see-2025") == embedded_scenarios("serbia-2025")
    for source in SOURCE.glob("*.yaml"):
        theirs = yaml.safe_load(source.read_text(encoding="utf-8"))
        ours = yaml.safe_load((TARGET / source.name).read_text(encoding="utf-8"))
        assert ours["base"] == theirs["base"]
        if source.stem != "az-green-corridor-2032":
            assert ours["description"] == theirs["description"]
            for key in ("add", "modify", "outages"):
                assert ours.get(key) == theirs.get(key), (source.stem, key)
            # Serbia's removals, plus the neighbours' sourced 2032 closures (not in Serbia)
            removed = set(ours.get("remove", {}).get("generators", []))
            assert removed >= set(theirs.get("remove", {}).get("generators", []))
            others = removed - set(theirs.get("remove", {}).get("generators", []))
            assert all(name.startswith(("gr-",)) for name in others), others


def test_a_bare_name_is_the_default_systems_scenario() -> None:
    file = powerpact.load("nis-ccgt").scenario.file  # type: ignore[union-attr]
    assert Path(file).parent.parent.name == DEFAULT_SYSTEM
    chosen = select_inputs([], Path("see-2025"))
    assert all("see-2025" in str(p) for p in chosen) and len(chosen) == 8


def test_serbian_demand_scales_serbia_only() -> None:
    base = powerpact.load(TARGET.parent)
    later = powerpact.load(TARGET / "demand-2032.yaml")
    ratio = later.demand.sum() / base.demand.sum()
    assert ratio.drop("RS").to_numpy() == pytest.approx(1.0)
    assert ratio["RS"] > 1.07


def test_corridor_path_stays_within_the_cable_and_the_border() -> None:
    system = first_hours(powerpact.load(TARGET / "az-green-corridor-2032.yaml"), 72)
    assert "AZ" in system.settings.zones and system.demand["AZ"].sum() == 0.0
    result = dispatch.run(system)
    path = result.path_flow_mw["az-rs-corridor"].to_numpy()
    assert path.max() <= 500.0 + 1e-6 and path.sum() > 0
    for link in ("az-ro-black-sea", "ro-rs"):
        flow = result.flow_mw[link].to_numpy()
        assert np.abs(flow).max() <= 1300.0 + 1e-6
    closed = system.variant(
        {"settings": {"paths": {"az-rs-corridor": {"zones": ["AZ", "RO", "RS"], "capacity_mw": 0}}}}
    )
    assert dispatch.run(closed).path_flow_mw.to_numpy().sum() == 0.0


def two_zones(**settings: Any) -> dict[str, Any]:
    hours = 24
    return dict(
        generators=[
            {"name": "rs-coal", "zone": "RS", "technology": "coal", "capacity_mw": 300.0}
            | {"marginal_cost_eur_per_mwh": 30.0},
            {"name": "hu-gas", "zone": "HU", "technology": "gas", "capacity_mw": 500.0}
            | {"marginal_cost_eur_per_mwh": 70.0},
        ],
        demand={"HU": [300.0] * hours, "RS": (200 + 150 * np.sin(np.arange(hours))).tolist()},
        settings=settings,
        interconnectors=[
            {"name": "hu-rs", "from_zone": "HU", "to_zone": "RS", "capacity_mw": 100.0}
            | {"capacity_reverse_mw": 100.0, "hurdle_cost_eur_per_mwh": 1.0}
        ],
    )


def test_focus_zone_is_one_definition_in_dispatch_json_and_assess(tmp_path: Path) -> None:
    # assess runs every engine: the gas one needs a peak day when no plant burns gas
    spec = two_zones(gas={"peak_day_demand_mcm": 1.0})
    spec["gas_entries"] = [{"name": "entry", "zone": "RS", "capacity_mcm_per_day": 1.0}]
    folder = write_system(tmp_path / "two", **spec)
    system = powerpact.load(folder)
    assert system.focus_zone == "RS"
    printed = json.loads(CliRunner().invoke(app, ["dispatch", str(folder), "--json"]).stdout)
    assessed = assess([system], AssessOptions(samples=8), show_progress=False)
    headline = assessed.scenarios[0].headline()
    assert headline["focus"] == pytest.approx(printed["focus_zone"])
    assert headline["dispatch"]["focus_zone"] == pytest.approx(printed["focus_zone"])
    # By hand: RS's own coal at 30 EUR/MWh, what it imports at HU's price, exports at HU's.
    result = dispatch.run(system)
    flow = result.flow_mw["hu-rs"].to_numpy()
    hu = result.price_eur_per_mwh["HU"].to_numpy()
    own = 30.0 * result.generation_mw["rs-coal"].sum()
    expected = own + flow.clip(min=0) @ hu - (-flow).clip(min=0) @ hu
    assert printed["focus_zone"]["cost_including_trade_eur"] == pytest.approx(expected)


def test_focus_zone_must_be_a_zone(tmp_path: Path) -> None:
    folder = write_system(tmp_path / "bad", **two_zones(focus_zone="XX"))
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert caught.value.field == "focus_zone" and "system.yaml" in caught.value.where


def test_scenario_zones_and_profiles_are_checked(tmp_path: Path) -> None:
    folder = write_system(tmp_path / "two", **two_zones())
    (folder / "scenarios").mkdir()
    scenario = folder / "scenarios" / "s.yaml"
    scenario.write_text(yaml.safe_dump({"name": "s", "add_zones": ["HU"]}), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        powerpact.load(scenario)
    assert caught.value.field == "add_zones" and "s.yaml" in caught.value.where
    (folder / "scenarios" / "extra.csv").write_text(
        "timestamp,x\n2030-01-01T00:00:00Z,0.5\n", encoding="utf-8"
    )
    scenario.write_text(
        yaml.safe_dump({"name": "s", "add_zones": ["AZ"], "add_profiles_csv": "extra.csv"}),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="timestamps"):
        powerpact.load(scenario)
