"""Expansion (issue 20): the aggregation against full-horizon solves (monthly reservoir budgets,
a fuel pool shared with new plants, the reported full-year gap), the green-corridor right, and
relaxed unit commitment of new plants against a hand calculation."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import powerpact
from powerpact.dispatch import run as dispatch_run
from powerpact.dispatch.candidates import Candidates, candidates_from_rows
from powerpact.dispatch.expansion import commitment_data, expand
from powerpact.dispatch.periods import choose_days
from powerpact.dispatch.solve import DispatchOptions
from powerpact.studies.expand import default_candidates_for, expanded_system, run_expansion
from powerpact.system import System, first_hours


def _fixed(candidates: Candidates, built_mw: dict[str, float]) -> tuple[Candidates, pd.Series]:
    """The candidates with every option held at `built_mw` (0 for the others)."""
    built = pd.Series(0.0, index=candidates.table.index)
    for name, mw in built_mw.items():
        built[name] = mw
    table = candidates.table.assign(min_mw=built, max_mw=built)
    return dataclasses.replace(candidates, table=table), built


def _all_days_equals_the_dispatch(system: System, built_mw: dict[str, float]) -> float:
    """Relative gap between the expansion LP on every day with `built_mw` held and the
    dispatch engine's whole-horizon LP of the expanded system."""
    candidates = default_candidates_for(system, 0.07)
    fixed, built = _fixed(candidates, built_mw)
    days = choose_days(system, system.n_hours // 24)
    on_days = expand(system, fixed, days).operating_eur
    full = dispatch_run(
        expanded_system(system, candidates, built), DispatchOptions(horizon="year")
    ).total_cost_eur
    return abs(on_days - full) / abs(full)


def test_every_day_with_a_life_extension_is_the_dispatch_of_the_expanded_system() -> None:
    """Two months of serbia-2025's coal exit: monthly reservoir budgets and the lignite mine's
    pool (shared by the extended units and the existing ones) as in the expanded system."""
    system = first_hours(powerpact.load("serbia-2025/coal-exit-2032"), 24 * 62)
    built = {"lignite-extension-RS": 1000.0, "solar-RS": 1500.0}
    assert _all_days_equals_the_dispatch(system, built) < 1e-7


def test_a_larger_corridor_right_is_the_dispatch_with_that_right() -> None:
    """A week of the regional green-corridor scenario with 300 MW more of the AZ→RO→RS right:
    the expansion's corridor column and shared legs equal the expanded system's path."""
    system = first_hours(powerpact.load("see-2025/az-green-corridor-2032"), 24 * 7)
    candidates = default_candidates_for(system, 0.07)
    assert candidates.table.at["corridor-az-rs-corridor", "max_mw"] == pytest.approx(800.0)
    assert _all_days_equals_the_dispatch(system, {"corridor-az-rs-corridor": 300.0}) < 1e-7
    days = choose_days(system, 7)
    with_right = expand(system, _fixed(candidates, {"corridor-az-rs-corridor": 300.0})[0], days)
    without = expand(system, _fixed(candidates, {})[0], days)
    # The right changes the week's optimum (the check above is not of two equal systems).
    assert abs(with_right.operating_eur - without.operating_eur) > 1e-5 * without.operating_eur


def test_the_reported_gap_comes_from_a_full_year_solve(make_system: Callable[..., System]) -> None:
    """One representative day for two unlike days: the reported full-horizon cost is the
    dispatch engine's cost of the expanded system plus the investment, and the gap is nonzero
    (the rescaled day carries the horizon's energy, not its duration curve, which decides how a
    base and a peaking option share it)."""
    demand = [100.0] * 6 + [60.0] * 18 + [30.0] * 24
    system = make_system(
        generators=[{"name": "none", "zone": "Z", "technology": "other", "capacity_mw": 0.0}],
        demand={"Z": demand},
        settings={"value_of_lost_load_eur_per_mwh": 10_000.0},
    )
    rows = pd.DataFrame(
        [
            ["base", "Z", "firm", "200", str(8760 * 50.0), "20"],
            ["peak", "Z", "firm", "200", str(8760 * 10.0), "100"],
        ],
        columns=[
            "name",
            "zone",
            "technology",
            "max_mw",
            "annual_cost_eur_per_mw",
            "marginal_cost_eur_per_mwh",
        ],
    )
    study = run_expansion(system, candidates_from_rows(system, rows, "t"), periods=1, samples=20)
    headline = study.headline()
    full = dispatch_run(study.expanded).total_cost_eur + study.result.investment_eur
    assert headline["full_horizon_total_cost_eur"] == pytest.approx(full, rel=1e-9)
    gap = (full - headline["portfolio_cost_on_periods_eur"]) / headline[
        "portfolio_cost_on_periods_eur"
    ]
    assert headline["full_horizon_cost_gap"] == pytest.approx(gap, rel=1e-9)
    assert abs(gap) > 0.01  # one day cannot stand for both
    auto = run_expansion(system, candidates_from_rows(system, rows, "t"), samples=20).headline()
    assert auto["representative_days"] == 2  # auto ends on every day of this horizon
    assert auto["full_horizon_cost_gap"] == pytest.approx(0.0, abs=1e-7)
    assert auto["representative_days_tried"][-1]["days"] == 2


def test_relaxed_commitment_pays_the_starts_a_hand_calculation_gives(
    make_system: Callable[..., System],
) -> None:
    """100 MW of CCGT serving 100 MW by day and 20 MW by night: at night its online capacity
    can be at most 20 / minimum-stable share, so every morning it starts the difference."""
    days_n = 2
    day = [20.0] * 8 + [100.0] * 12 + [20.0] * 4
    system = make_system(
        generators=[{"name": "none", "zone": "Z", "technology": "other", "capacity_mw": 0.0}],
        demand={"Z": day * days_n},
        settings={"value_of_lost_load_eur_per_mwh": 10_000.0},
    )
    rows = pd.DataFrame(
        [["ccgt", "Z", "ccgt", "100", "100"]],
        columns=["name", "zone", "technology", "max_mw", "min_mw"],
    )
    candidates = candidates_from_rows(system, rows, "t")
    days = choose_days(system, days_n)
    off = expand(system, candidates, days)
    on = expand(system, candidates, days, commitment=True)
    data = commitment_data("ccgt")
    assert data is not None
    minimum, start_cost = data
    expected = days_n * (100.0 - 20.0 / minimum) * start_cost
    assert on.total_cost_eur - off.total_cost_eur == pytest.approx(expected, rel=1e-6)
    assert commitment_data("ocgt") is None  # fast starters stay uncommitted


def test_assess_expansion_compares_forcing_the_new_plant_in_and_out() -> None:
    """`assess --expansion` on tiny and its new-plant scenario (two days): a portfolio per
    scenario, the reference's cost with a CCGT of the new plant's size forced in and kept out
    (neither below the least cost), in results.json and in the report with its chart."""
    from powerpact.report.outputs import report_html, results_document
    from powerpact.studies.assess import AssessOptions, assess, provenance

    tiny = Path(__file__).parent / "data" / "tiny"
    systems = [powerpact.load(tiny), powerpact.load(tiny / "scenarios" / "new-plant.yaml")]
    options = AssessOptions(samples=20, seed=1, hours=48, expansion=True)
    assessment = assess(systems, options, show_progress=False)
    study = assessment.expansion
    assert set(study.headlines) == {s.name for s in systems}
    forcing = study.forcing
    assert forcing["scenario"] == "new-plant" and forcing["zone"] == "B"
    assert forcing["plant_mw"] == pytest.approx(150.0)
    least = study.headlines[forcing["reference"]]["total_cost_eur"]
    assert forcing["least_cost_total_cost_eur"] == least
    for key in ("forced_in_total_cost_eur", "forced_out_total_cost_eur"):
        assert forcing[key] >= least - 1e-7 * abs(least)
    document = results_document(assessment, provenance(assessment))
    assert document["expansion"]["forcing"] == forcing
    assert 'id="chart-expansion"' in report_html(assessment, provenance(assessment))
    assert assessment.stage_seconds["expansion"] > 0


@pytest.mark.parametrize(
    ("flag", "value"), [("--periods", "x"), ("--periods", "0"), ("--commitment", "milp")]
)
def test_expand_cli_refuses_bad_periods_and_commitment(flag: str, value: str) -> None:
    import subprocess
    import sys

    tiny = Path(__file__).parent / "data" / "tiny"
    result = subprocess.run(
        [sys.executable, "-m", "powerpact", "expand", str(tiny), flag, value],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert flag in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
