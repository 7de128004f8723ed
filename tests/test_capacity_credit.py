"""Capacity credit (ELCC, EFC) on tiny systems whose answers are known (docs/adequacy.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from powerpact.cli import app
from powerpact.studies.capacity_credit import capacity_credit
from powerpact.system import InputError, System

MakeSystem = Callable[..., System]
HOURS = 168
SAMPLES = 300
# A week whose load swings between 700 and 900 MW: ten 100 MW units with a 10 % outage rate
# leave it short in some hours of most samples, so the risk is well measured.
LOAD = list(800 + 100 * np.sin(np.arange(HOURS) * 2 * np.pi / 24))


def unit(name: str, capacity_mw: float, rate: float, zone: str = "A", units: int = 1) -> dict:
    return {
        "name": name,
        "zone": zone,
        "technology": "oil",
        "capacity_mw": capacity_mw,
        "units": units,
        "forced_outage_rate": rate,
        "mttr_h": 20,
    }


FLEET = [unit("fleet", 1000, 0.1, units=10)]


def credit(system: System, resource: str, **options: Any) -> dict[str, Any]:
    return capacity_credit(system, resource, SAMPLES, seed=7, **options).to_dict()


def test_a_perfectly_reliable_unit_carries_its_capacity(make_system: MakeSystem) -> None:
    system = make_system(generators=[*FLEET, unit("firm", 100, 0.0)], demand={"A": LOAD})
    figures = credit(system, "firm", at_standard=False)
    assert figures["risk_level"] == "system" and figures["load_added_mw"] == 0
    assert figures["base_eens_mwh"] > 0
    # With the unit and 100 MW more load every sample is the base's: credit is exact.
    assert figures["elcc_mw"] == pytest.approx(100, abs=max(figures["elcc_mw_stderr"], 0.5))
    assert figures["efc_mw"] == pytest.approx(100, abs=max(figures["efc_mw_stderr"], 0.5))
    by_hours = credit(system, "firm", at_standard=False, metric="lole", efc=False)
    assert by_hours["metric"] == "lole" and by_hours["elcc_mw"] == pytest.approx(100, abs=0.5)


def test_an_unreliable_unit_is_worth_less_than_its_capacity(make_system: MakeSystem) -> None:
    system = make_system(generators=[*FLEET, unit("weak", 100, 0.2)], demand={"A": LOAD})
    figures = credit(system, "weak", at_standard=False)
    for key in ("elcc_mw", "efc_mw"):
        assert 0 < figures[key] < 100 - figures[f"{key}_stderr"]
        assert 0 < figures[f"{key}_stderr"] < 20
    # A small unit in a large system is worth about its expected output (1 − q) × capacity.
    assert figures["efc_mw"] == pytest.approx(80, abs=15)


def test_a_resource_that_adds_nothing_has_no_credit(make_system: MakeSystem) -> None:
    nothing = make_system(generators=[*FLEET, unit("idle", 0, 0.0)], demand={"A": LOAD})
    figures = credit(nothing, "idle", at_standard=False)
    assert figures["elcc_mw"] == 0 and figures["efc_mw"] == 0
    # A unit in a zone with no load and no tie to the zone at risk: added load goes where the
    # demand is, which the unit cannot reach.
    isolated = make_system(
        generators=[*FLEET, unit("island", 100, 0.0, zone="B")],
        demand={"A": LOAD, "B": [0.0] * HOURS},
    )
    figures = credit(isolated, "island", at_standard=False)
    assert figures["engine"] == "montecarlo_areas"
    assert figures["elcc_mw"] == 0 and figures["efc_mw"] == 0


def test_an_import_is_credited_no_more_than_it_can_deliver(make_system: MakeSystem) -> None:
    system = make_system(
        generators=FLEET,
        demand={"A": LOAD},
        settings={"markets": {"M": {"import_availability": 0.5}}},
        market_prices={"M": [50.0] * HOURS},
        interconnectors=[
            {"name": "link", "from_zone": "M", "to_zone": "A", "capacity_mw": 120, "mttr_h": 30}
        ],
    )
    figures = credit(system, "link", at_standard=False)
    # 120 MW × 0.5 import availability, never on outage: exactly 60 MW firm.
    assert figures["resource_capacity_mw"] == 60
    assert figures["elcc_mw"] == pytest.approx(60, abs=0.5)
    assert figures["elcc_mw"] <= 60


def test_a_reliable_system_is_studied_at_the_standard(make_system: MakeSystem) -> None:
    generous = [unit("fleet", 1600, 0.1, units=16), unit("weak", 100, 0.2)]
    system = make_system(generators=generous, demand={"A": LOAD})
    figures = credit(system, "weak", efc=False)
    assert figures["risk_level"] == "standard" and figures["load_added_mw"] > 0
    # LOLE per horizon at the standard (3 h per year, scaled to one week).
    at_standard = 3.0 * HOURS / 8760
    assert at_standard <= figures["base_lole_hours"] < 3 * at_standard
    assert 0 < figures["elcc_mw"] < 100 and "efc_mw" not in figures
    assert "reliability standard" in figures["note"]
    # The same seed gives the same numbers.
    assert credit(system, "weak", efc=False) == figures


def test_cli_prints_the_capacity_credit(make_system: MakeSystem) -> None:
    system = make_system(generators=[*FLEET, unit("weak", 100, 0.2)], demand={"A": LOAD})
    result = CliRunner().invoke(
        app,
        ["adequacy", system.origin, "--elcc", "weak", "--samples", "100", "--seed", "3", "--json"],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {"elcc_mw", "elcc_mw_stderr", "efc_mw"} <= set(figures)
    assert figures["samples"] == 100 and figures["seed"] == 3
    missing = CliRunner().invoke(app, ["adequacy", system.origin, "--elcc", "nope"])
    assert isinstance(missing.exception, InputError) and "'nope'" in str(missing.exception)


def corridor(access_mw: float, by_hand: bool) -> dict[str, Any]:
    """Source zone A (no load), transit B and sink C, each leg 0.05 forced outage rate. The
    right A→B→C is a path, or (`by_hand`) the equivalent reserved interconnector: a one-way
    A→C line of the right's size failing at the legs' combined rate with their longest repair,
    the legs cut down by the right (what the multi-area engine makes of a path)."""
    cut = access_mw if by_hand else 0.0
    legs = [
        {"name": "ab", "from_zone": "A", "to_zone": "B", "capacity_mw": 400 - cut}
        | {"capacity_reverse_mw": 400, "forced_outage_rate": 0.05, "mttr_h": 20},
        {"name": "bc", "from_zone": "B", "to_zone": "C", "capacity_mw": 300 - cut}
        | {"capacity_reverse_mw": 300, "forced_outage_rate": 0.05, "mttr_h": 30},
    ]
    settings: dict[str, Any] = {}
    if by_hand:
        legs.append(
            {"name": "a-c", "from_zone": "A", "to_zone": "C", "capacity_mw": access_mw}
            | {"capacity_reverse_mw": 0, "forced_outage_rate": 1 - 0.95**2, "mttr_h": 30}
        )
    else:
        settings["paths"] = {"a-c": {"zones": ["A", "B", "C"], "capacity_mw": access_mw}}
    return dict(
        generators=[
            unit("a-fleet", 300, 0.1, zone="A", units=3),
            unit("b-fleet", 500, 0.1, zone="B", units=5),
            unit("c-fleet", 800, 0.1, zone="C", units=8),
        ],
        demand={"A": [0.0] * HOURS, "B": [350.0] * HOURS, "C": LOAD},
        interconnectors=legs,
        settings=settings,
    )


def test_a_path_is_credited_as_its_reserved_interconnector(make_system: MakeSystem) -> None:
    """Same random streams (lines are keyed by name), same capacities: the path's ELCC and EFC
    equal those of the right written by hand as its own interconnector, and stay within it."""
    path = credit(make_system(**corridor(150.0, by_hand=False)), "a-c", at_standard=False)
    line = credit(make_system(**corridor(150.0, by_hand=True)), "a-c", at_standard=False)
    assert path["resource_table"] == "paths" and path["resource_zone"] == "C"
    assert path["resource_capacity_mw"] == line["resource_capacity_mw"] == 150
    assert path["base_eens_mwh"] > path["augmented_eens_mwh"] > 0  # the right lowers risk
    for key in ("elcc_mw", "elcc_mw_stderr", "efc_mw", "efc_mw_stderr", "base_eens_mwh"):
        assert path[key] == pytest.approx(line[key], rel=1e-9, abs=1e-9)
    assert 0 < path["elcc_mw"] < 150 and 0 < path["efc_mw"] < 150  # inside the bounds


def test_cli_credits_a_path(make_system: MakeSystem) -> None:
    system = make_system(**corridor(100.0, by_hand=False))
    result = CliRunner().invoke(
        app, ["adequacy", system.origin, "--elcc", "a-c", "--samples", "100", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["resource_table"] == "paths"
    assert 0 <= figures["elcc_mw"] <= 100 and figures["elcc_mw_stderr"] >= 0
