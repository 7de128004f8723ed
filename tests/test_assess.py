"""`powerpact assess` end to end on the tiny system, checked against the engines called one by one;
the output folder's atomicity; scenario selection."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import powerpact
from powerpact import adequacy, dispatch, economics, gas
from powerpact.cli import app
from powerpact.report.outputs import write_all
from powerpact.studies.appraisal import appraise
from powerpact.studies.assess import (
    AssessOptions,
    assess,
    check_out_dir,
    new_thermal_plants,
    pick_baseline,
    reading_order,
    references,
    select_inputs,
    write_outputs,
)
from powerpact.system import InputError, first_hours
from powerpact.system.time import per_year

TINY = Path(__file__).parent / "data" / "tiny"
NEW_PLANT = TINY / "scenarios" / "new-plant.yaml"
SAMPLES, SEED = 200, 7


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The CLI run once on tiny and its new-plant scenario; (output folder, results.json)."""
    out = tmp_path_factory.mktemp("assess") / "out"
    result = CliRunner().invoke(
        app,
        [
            "assess",
            str(TINY),
            str(NEW_PLANT),
            "--out",
            str(out),
            "--samples",
            str(SAMPLES),
            "--seed",
            str(SEED),
        ],
    )
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "results.json").read_text())


def test_json_matches_engines_called_one_by_one(run: tuple[Path, dict]) -> None:
    _, results = run
    base, scenario = powerpact.load(TINY), powerpact.load(NEW_PLANT)
    assert results["baseline"] == "tiny"
    assert list(results["scenarios"]) == ["tiny", "new-plant"]
    for system in (base, scenario):
        headline = results["scenarios"][system.name]["headline"]
        solo = dispatch.run(system)
        assert headline["dispatch"]["total_cost_eur"] == pytest.approx(
            solo.total_cost_eur, rel=1e-6
        )
        assert headline["dispatch"]["co2_t"] == pytest.approx(solo.co2_t, rel=1e-6)
        # Same seed, same samples: the Monte Carlo is reproduced exactly. tiny has two zones, so
        # it is the multi-area engine's, and the pooled COPT check is left out.
        mc = adequacy.monte_carlo_areas(system, SAMPLES, SEED).system
        assert headline["adequacy"]["lole_hours"] == mc.lole_hours
        assert headline["adequacy"]["eens_mwh_stderr"] == mc.eens_mwh_stderr
        # Per-zone indices, and the LOLE against the system's reliability standard.
        zones = adequacy.monte_carlo_areas(system, SAMPLES, SEED).zone_indices()
        assert headline["adequacy"]["zones"] == zones
        standard = system.settings.reliability_standard_lole_hours
        assert headline["adequacy"]["lole_standard_hours"] == standard
        assert headline["adequacy"]["meets_standard"] == (
            per_year(system, mc.lole_hours) <= standard
        )
        assert "adequacy_copt" not in headline
        assert headline["gas"]["n_minus_1_percent"] == gas.n_minus_1(system).percent
        assert headline["gas"]["supplier_hhi"] == gas.indicators(system).supplier_hhi
    # The appraisal reuses the scenario's dispatch; called alone it gives the same figures.
    appraisal = appraise(
        scenario,
        "gas-new",
        economics.AppraisalOptions(technology="ccgt", risk=economics.RiskOptions(seed=SEED)),
    )
    plant = results["scenarios"]["new-plant"]["headline"]["economics"]
    assert plant["plant"] == "gas-new"
    assert plant["npv_eur"] == pytest.approx(appraisal.npv_eur, rel=1e-6)
    assert plant["npv_p50_eur"] == pytest.approx(appraisal.npv_risk["p50"], rel=1e-6)
    assert "economics" not in results["scenarios"]["tiny"]["headline"]  # no new plant there


def test_changes_are_scenario_minus_baseline(run: tuple[Path, dict]) -> None:
    _, results = run
    new, old = (results["scenarios"][n]["headline"] for n in ("new-plant", "tiny"))
    change = results["scenarios"]["new-plant"]["change_vs_reference"]
    for stage, key in [
        ("adequacy", "lole_hours"),
        ("dispatch", "co2_t"),
        ("overview", "peak_demand_mw"),
    ]:
        assert change[stage][key] == pytest.approx(new[stage][key] - old[stage][key])
    assert results["scenarios"]["new-plant"]["compared_with"] == "tiny"
    assert results["scenarios"]["tiny"]["compared_with"] is None  # the baseline
    assert results["scenarios"]["tiny"]["change_vs_reference"] == {}


def test_provenance_in_json_and_parquet(run: tuple[Path, dict]) -> None:
    out, results = run
    provenance = results["provenance"]
    assert provenance["seed"] == SEED and provenance["monte_carlo_samples"] == SAMPLES
    assert provenance["powerpact_version"] == powerpact.__version__
    assert provenance["solver"]["highspy_version"]
    assert provenance["input_hashes"]["new-plant"] == powerpact.load(NEW_PLANT).input_hashes
    assert "new-plant.yaml" in provenance["input_hashes"]["new-plant"]
    table = pd.read_parquet(out / "tables" / "new-plant" / "generation_mw.parquet")
    assert table.attrs["provenance"]["input_hashes"] == provenance["input_hashes"]
    solo = dispatch.run(powerpact.load(NEW_PLANT)).generation_mw
    np.testing.assert_allclose(table.to_numpy(), solo.to_numpy(), atol=1e-6)
    assert sorted(results["tables"]) == sorted(
        str(p.relative_to(out)) for p in out.rglob("*.parquet")
    )


def test_report_is_self_contained(run: tuple[Path, dict]) -> None:
    out, results = run
    html = (out / "report.html").read_text(encoding="utf-8")
    # Nothing is fetched: no tag loads a script, style or image from elsewhere.
    assert re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=", html) == []
    assert html.count("plotly.js v") >= 1  # the library's banner, inlined
    # the verdict is the findings joined; the report shows each as a bullet
    assert results["verdict"] == " ".join(results["findings"])
    assert all(f"<li>{f}</li>" in html.replace("&#39;", "'") for f in results["findings"])
    assert "Reliability standard: LOLE at most" in html
    # tiny has two zones: their LOLE and EENS in a table when any load is lost.
    lost = any(s["headline"]["adequacy"]["lole_hours"] for s in results["scenarios"].values())
    assert ('id="zone-adequacy"' in html) == lost
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_hours_option_cuts_every_series() -> None:
    system = powerpact.load(TINY)
    cut = first_hours(system, 24)
    assert cut.n_hours == 24 and len(cut.profiles) == 24 and len(cut.market_prices) == 24
    assert list(cut.gas_demand.index) == list(cut.days)
    assert first_hours(system, 10_000) is system
    with pytest.raises(InputError):
        first_hours(system, 0)


def test_hours_run_uses_the_cut_horizon() -> None:
    assessment = assess(
        [powerpact.load(TINY)], AssessOptions(samples=20, seed=1, hours=24), show_progress=False
    )
    headline = assessment.headlines()["tiny"]
    assert headline["adequacy"]["horizon_hours"] == 24
    assert "economics" not in headline


def _fake_assessment() -> object:
    return assess(
        [powerpact.load(TINY)], AssessOptions(samples=5, seed=1, hours=24), show_progress=False
    )


def test_interrupted_write_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assessment = _fake_assessment()
    write_outputs(assessment, out, write_all)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def interrupted(assessment: object, folder: Path) -> None:
        (folder / "report.html").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_outputs(assessment, out, interrupted)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    write_outputs(assessment, out, write_all)  # a complete run replaces the old output
    assert json.loads((out / "results.json").read_text())["baseline"] == "tiny"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_out_dir_never_touches_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "sys"
    shutil.copytree(TINY, folder)
    system = powerpact.load(folder)
    for bad in (folder, folder / "results", tmp_path):
        with pytest.raises(InputError, match="overlaps the input folder"):
            check_out_dir(bad, [system])
    stranger = tmp_path / "other"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a powerpact output"):
        check_out_dir(stranger, [system])
    check_out_dir(tmp_path / "fresh", [system])


def test_cli_refuses_out_inside_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "sys"
    shutil.copytree(TINY, folder)
    result = CliRunner().invoke(
        app, ["assess", "--system", str(folder), "--out", str(folder / "out")]
    )
    assert isinstance(result.exception, InputError)
    assert not (folder / "out").exists()


def test_select_inputs(tmp_path: Path) -> None:
    assert select_inputs([], TINY) == [NEW_PLANT]
    assert select_inputs(["new-plant"], TINY) == [NEW_PLANT]
    bare = tmp_path / "bare"
    shutil.copytree(TINY, bare, ignore=shutil.ignore_patterns("scenarios"))
    assert select_inputs([], bare) == [bare]
    assert select_inputs([], None) == powerpact.system.embedded_scenarios()
    with pytest.raises(InputError):
        select_inputs([], tmp_path)


def test_baseline_and_new_plants() -> None:
    assert pick_baseline(["nis-ccgt", "baseline-2025"]) == "baseline-2025"
    assert pick_baseline(["a", "b"]) == "a"
    with pytest.raises(InputError):
        pick_baseline(["a"], "b")
    base, scenario = powerpact.load(TINY), powerpact.load(NEW_PLANT)
    assert new_thermal_plants(scenario, base) == ["gas-new"]
    assert new_thermal_plants(base, base) == []


def _fake(name: str, year: int, base: str | None = None) -> SimpleNamespace:
    """What references and reading_order read of a System: name, year and scenario.base."""
    return SimpleNamespace(name=name, year=year, scenario=SimpleNamespace(base=base))


def test_scenario_knows_the_scenario_it_edits() -> None:
    assert powerpact.load("nis-ccgt-2032").scenario.base == "coal-exit-2032"
    assert powerpact.load("coal-exit-2032").scenario.base == "demand-2032"
    assert powerpact.load(NEW_PLANT).scenario.base is None  # its base is a folder
    assert powerpact.load(TINY).scenario is None


def test_references_and_reading_order() -> None:
    systems = [
        _fake("az-2032", 2032),
        _fake("baseline", 2025),
        _fake("coal-exit", 2032, "demand"),
        _fake("demand", 2032),
        _fake("gas-out", 2025),
        _fake("nis", 2025),
        _fake("nis-2032", 2032, "coal-exit"),
        _fake("lonely", 2032, "not-run"),
    ]
    refs = references(systems, "baseline")
    assert refs == {
        "az-2032": "baseline",
        "coal-exit": "demand",
        "demand": "baseline",
        "gas-out": "baseline",
        "nis": "baseline",
        "nis-2032": "coal-exit",
        "lonely": "baseline",
    }  # its base was not run: compared with the baseline
    order = [s.name for s in reading_order(systems, "baseline", refs)]
    # baseline; the 2025 ones; then 2032 with each scenario right after the one it edits
    assert order == [
        "baseline",
        "gas-out",
        "nis",
        "demand",
        "coal-exit",
        "nis-2032",
        "az-2032",
        "lonely",
    ]
    assert sorted(order) == sorted(s.name for s in systems)


def test_bad_option_is_one_line_exit_2() -> None:
    """typer >= 0.22 raises its own copy of click's errors; they must not become tracebacks."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "powerpact", "assess", "--samples", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Invalid value for '--samples'")


def test_report_and_results_carry_units_notes_and_axis(run: tuple[Path, dict]) -> None:
    """Issue 17: horizon and units in results.json, notes beside the figures, storage from 0,
    a sources table that wraps instead of overflowing."""
    out, results = run
    html = (out / "report.html").read_text(encoding="utf-8")
    hours = results["horizon_hours"]
    assert hours == results["provenance"]["hours"] or results["provenance"]["hours"] is None
    assert f"{hours:,}" in results["units_note"] or "per year" in results["units_note"]
    for scenario in results["scenarios"].values():
        if "dispatch" in scenario["headline"]:
            assert scenario["notes"]["dispatch"]
        if "drill_non_power_shortfall_mcm" in scenario["headline"].get("gas", {}):
            assert any("supply standard" in note for note in scenario["notes"]["gas"])
    if 'id="chart-gas"' in html:
        assert '"rangemode":"tozero"' in html
        assert "mcm undisturbed" in html
    assert "#sources-table { table-layout: fixed; }" in html
    assert results["verdict"] == " ".join(results["findings"])


def test_credit_stage_reports_headroom_and_the_new_plants_credit(run: tuple[Path, dict]) -> None:
    """new-plant adds gas-new (150 MW) to tiny. Both are beyond tiny's standard (no headroom, no
    credit, as the report says); at a standard they meet, the plant's credit is the headroom it
    adds, computed again here from the scenario with and without it by the headroom study."""
    from powerpact.studies.assess import Context
    from powerpact.studies.credit_stage import TOLERANCE_MW, credit_stage
    from powerpact.studies.headroom import credit, headroom
    from powerpact.system import variant, without

    out, results = run
    for name in ("tiny", "new-plant"):
        shipped = results["scenarios"][name]["headline"]
        assert shipped["adequacy"]["meets_standard"] is False
        assert shipped["credit"]["headroom_mw"] is None and "elcc_mw" not in shipped["credit"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="capacity-credit"' in html and "gas-new (vs tiny)" in html

    lenient = {"settings": {"reliability_standard_lole_hours": 4000.0}}
    tiny, new = (variant(powerpact.load(p), lenient) for p in (TINY, NEW_PLANT))
    options = AssessOptions(seed=SEED)
    context = Context(options, tiny, {"new-plant": tiny})
    first = credit_stage(tiny, {}, context)
    found = credit_stage(new, {}, context)
    assert first is not None and found is not None
    assert "option" not in first.headline() and first.headline()["headroom_mw"] > 0
    figures = found.headline()
    assert figures["option"] == "gas-new" and figures["compared_with"] == "tiny"
    assert figures["option_nameplate_mw"] == 150 and figures["credit_samples"] == 20
    mc = options.monte_carlo()
    zone = figures["headroom_zone"]
    assert zone == new.focus_zone == "A"
    own = headroom(new, 20, SEED, mc, step_mw=150, tolerance_mw=TOLERANCE_MW, zone=zone)
    base = headroom(
        without(new, "generators", ["gas-new"]), 20, SEED, mc, step_mw=150,
        tolerance_mw=TOLERANCE_MW, zone=zone,
    )  # fmt: skip
    elcc, _ = credit(own, base)
    assert elcc is not None
    # Searches started elsewhere end in other brackets: equal within their resolution.
    assert figures["headroom_mw"] == pytest.approx(own.mw, abs=TOLERANCE_MW)
    assert figures["elcc_mw"] == pytest.approx(elcc, abs=2 * TOLERANCE_MW)
    assert 0 < figures["elcc_mw"] <= 150 + 3 * figures["elcc_mw_stderr"]
    assert figures["elcc_share_of_nameplate"] == pytest.approx(figures["elcc_mw"] / 150)
    # The scenario's whole change: its headroom less the one it is compared with.
    change = figures["headroom_mw"] - first.headline()["headroom_mw"]
    assert figures["headroom_change_mw"] == pytest.approx(change)
    assert "headroom_change_mw" not in first.headline()  # the baseline is compared with none
