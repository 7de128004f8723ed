"""The robustness study: break-evens by hand, the inventory of assumptions, the outputs."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.report.robustness import sentences
from powerpact.studies import assess as run
from powerpact.studies.robustness import (
    LOLE_STANDARD_H,
    UncertainInput,
    interpolate,
    inventory,
    study,
)
from powerpact.system.load import DATA_DIR

TINY = Path(__file__).parent / "data" / "tiny"


def test_interpolation_is_the_straight_line_through_base_and_end() -> None:
    # +10 at 36, -20 at 60: zero at 36 + 24 * 10 / 30 = 44
    assert interpolate(36.0, 10.0, 60.0, -20.0) == pytest.approx(44.0)
    assert interpolate(1.0, -3.0, 0.5, 1.0) == pytest.approx(1.0 - 0.5 * 3 / 4)
    assert interpolate(36.0, 10.0, 20.0, 4.0) is None  # same side: no crossing
    assert interpolate(36.0, 10.0, 20.0, None) is None


def test_every_assumption_of_sources_csv_is_varied_or_said_why_not() -> None:
    rows = list(csv.DictReader((DATA_DIR / "serbia-2025" / "sources.csv").open()))
    assumed = {
        r["item"]
        for r in rows
        if r["source"].strip().lower() == "assumption"
        or r["note"].strip().lower().startswith("assumption")
    }
    found = inventory(powerpact.load(DATA_DIR / "serbia-2025" / "scenarios" / "baseline-2025.yaml"))
    varied = {item for i in found.inputs for item in i.rows}
    skipped = {entry["item"] for entry in found.not_varied}
    named = {"system.yaml:co2_price_eur_per_t", "system.yaml:fuels.gas.price_eur_per_mwh_th"} | {
        f"system.yaml:markets.{m}.import_availability" for m in ("HU", "RO", "BG", "WB")
    }
    assert "generators.csv:tent-a1:mttr_h" in varied
    assert "generators.csv:pancevo-ccgt:units" in skipped
    assert assumed == varied | skipped | (assumed & named)
    assert not varied & skipped
    keys = {i.key for i in found.inputs}
    assert {"gas_price", "carbon_price", "neighbour_prices", "demand", "hydro_year"} <= keys
    assert "import_availability" in keys


def _firm_and_peak(system: powerpact.System) -> tuple[float, float]:
    """Firm capacity and peak demand by hand from the tables (not via system.metrics)."""
    gens = system.generators
    firm = sum(
        row.capacity_mw * (1 - row.forced_outage_rate)
        for row in gens.itertuples()
        if row.profile == ""
    ) + sum(row.power_mw * (1 - row.forced_outage_rate) for row in system.storage.itertuples())
    return firm, float(system.demand.sum(axis=1).max())


def test_margin_break_even_on_demand_matches_the_hand_calculation() -> None:
    systems = run.load_inputs([TINY, TINY / "scenarios" / "new-plant.yaml"])
    assessment = run.assess(systems, run.AssessOptions(samples=20), show_progress=False)
    firm, peak = _firm_and_peak(systems[0])
    flip = firm / peak  # the demand factor at which tiny's margin reaches zero
    demand = UncertainInput(
        "demand",
        "demand level",
        "x base",
        0.5,
        2.0 * flip,
        "test",
        frozenset({"margin"}),
        base=lambda s: 1.0,
        edits=lambda s, x: {"demand.scale": x},
    )
    result = study(assessment, "full", show_progress=False, inputs=[demand])
    entry = next(e for e in result.entries if e["kind"] == "margin" and e["scenario"] == "tiny")
    base = 100 * (firm - peak) / peak
    high = 100 * (firm - 2 * flip * peak) / (2 * flip * peak)
    assert entry["margin_at_base"] == pytest.approx(base)
    assert entry["margin_at_high"] == pytest.approx(high)
    assert entry["flips_within_range"] is True
    # linear between (1, base) and (2 flip, high), as documented
    assert entry["break_even_value"] == pytest.approx(1 + (2 * flip - 1) * base / (base - high))
    # the margin is convex in the factor (1/x), so the chord crosses zero beyond the exact point
    assert flip < entry["break_even_value"] < 2 * flip
    assert entry["conclusion"] == "firm capacity margin is above zero"
    low = next(e for e in result.entries if e["kind"] == "margin")
    assert low["low_value"] == 0.5 and low["high_value"] == pytest.approx(2 * flip)


def test_a_conclusion_that_holds_has_no_break_even_and_a_reason() -> None:
    systems = run.load_inputs([TINY, TINY / "scenarios" / "new-plant.yaml"])
    assessment = run.assess(systems, run.AssessOptions(samples=20), show_progress=False)
    result = study(assessment, "quick", show_progress=False)
    assert result.entries, "quick checks the price inputs on the cost conclusions"
    for entry in result.entries:
        assert set(entry) >= {
            "conclusion",
            "scenario",
            "input",
            "base_value",
            "break_even_value",
            "flips_within_range",
            "low_value",
            "high_value",
        }
        if entry["break_even_value"] is None:
            assert entry["reason"]
        else:
            lo, hi = sorted((entry["low_value"], entry["high_value"]))
            assert lo <= entry["break_even_value"] <= hi
            ends = (entry["margin_at_low"], entry["margin_at_high"])
            assert any(
                math.copysign(1, m) != math.copysign(1, entry["margin_at_base"]) for m in ends
            )
    assert {e["input"] for e in result.entries} <= {
        "gas price",
        "carbon price",
        "neighbours' price level",
    }
    assert result.method["lole_standard_h"] == LOLE_STANDARD_H == 3.0


def test_sentences_say_where_a_conclusion_flips() -> None:
    entry = {
        "kind": "npv",
        "scenario": "nis-ccgt",
        "reference": None,
        "plant": "nis-ccgt",
        "conclusion": "NPV of nis-ccgt is positive at today's prices",
        "input": "gas price",
        "unit": "EUR/MWh_th",
        "base_value": 36.0,
        "break_even_value": 44.0,
        "flips_within_range": True,
        "low_value": 20.0,
        "high_value": 60.0,
        "horizon_hours": 8760,
    }
    holds = {**entry, "kind": "cost", "break_even_value": None, "flips_within_range": False}
    words = sentences([entry, holds])
    assert words[0] == (
        "In nis-ccgt, the NPV of nis-ccgt is positive at today's prices holds unless the gas "
        "price rises above 44 EUR/MWh_th."
    )
    assert "other 1 conclusion checked hold" in words[1]


def test_assess_cli_writes_robustness_to_results_and_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "assess",
            str(TINY),
            str(TINY / "scenarios" / "new-plant.yaml"),
            "--out",
            str(out),
            "--samples",
            "20",
            "--robustness",
            "quick",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads((out / "results.json").read_text())
    assert isinstance(document["robustness"], list) and document["robustness"]
    assert document["robustness_method"]["mode"] == "quick"
    assert "chart-robustness" in (out / "report.html").read_text()
    off = CliRunner().invoke(
        app,
        [
            "assess",
            str(TINY),
            str(TINY / "scenarios" / "new-plant.yaml"),
            "--out",
            str(tmp_path / "off"),
            "--samples",
            "20",
            "--robustness",
            "off",
        ],
    )
    assert off.exit_code == 0, off.output
    assert json.loads((tmp_path / "off" / "results.json").read_text())["robustness"] is None


def test_unknown_robustness_mode_is_refused() -> None:
    systems = run.load_inputs([TINY])
    assessment = run.assess(systems, run.AssessOptions(samples=5), show_progress=False)
    with pytest.raises(powerpact.InputError, match="off, quick, full"):
        study(dataclasses.replace(assessment), "sometimes")


def test_full_mode_keeps_the_assessment_horizon() -> None:
    from powerpact.studies.assess import first_hours

    systems = run.load_inputs([TINY, TINY / "scenarios" / "new-plant.yaml"])
    assessment = run.assess(systems, run.AssessOptions(samples=20, hours=24), show_progress=False)
    firm, peak = _firm_and_peak(first_hours(systems[0], 24))  # the peak of the first day only
    demand = UncertainInput(
        "demand",
        "demand level",
        "x base",
        0.5,
        1.5,
        "test",
        frozenset({"margin"}),
        base=lambda s: 1.0,
        edits=lambda s, x: {"demand.scale": x},
    )
    result = study(assessment, "full", show_progress=False, inputs=[demand])
    entry = next(e for e in result.entries if e["kind"] == "margin" and e["scenario"] == "tiny")
    assert entry["horizon_hours"] == 24
    assert entry["margin_at_high"] == pytest.approx(100 * (firm - 1.5 * peak) / (1.5 * peak))


@pytest.mark.parametrize("factor", [0.6, 1.4])
def test_neighbour_price_level_moves_every_neighbour_zone_like_a_market(factor: float) -> None:
    """On the region the neighbours' price level scales what their power costs to make: each
    other zone's fuel and CO2 cost (by hand from the fuel table and the ETS path) and the edge
    markets' prices, while the focus zone's own plants keep their costs."""
    import numpy as np

    from powerpact.studies.robustness import NAMED_INPUTS

    system = powerpact.load("see-2025")
    level = next(i for i in NAMED_INPUTS if i.key == "neighbour_prices")
    assert level.transform is not None
    moved = level.transform(system, factor)
    before, after = system.generators, moved.generators
    fuelled = before["efficiency"].gt(0) & before["fuel"].ne("")
    own = before["zone"] == system.focus_zone
    others = fuelled & ~own
    variable = before.loc[others, "variable_om_eur_per_mwh"].to_numpy()
    np.testing.assert_allclose(
        after.loc[others, "marginal_cost_eur_per_mwh"].to_numpy() - variable,
        factor * (before.loc[others, "marginal_cost_eur_per_mwh"].to_numpy() - variable),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        after.loc[own, "marginal_cost_eur_per_mwh"], before.loc[own, "marginal_cost_eur_per_mwh"]
    )
    np.testing.assert_allclose(moved.market_prices, factor * system.market_prices, rtol=1e-12)
