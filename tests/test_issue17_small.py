"""Small promises of issue 17: flags in help, run metadata, undefined figures, sweep
provenance, plain progress when piped, the output folder ignored by git."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from powerpact.cli import app
from powerpact.progress import PlainProgress, progress_bar
from powerpact.report.outputs import changes

ROOT = Path(__file__).resolve().parents[1]
TINY = Path(__file__).parent / "data" / "tiny"


@pytest.mark.parametrize(
    "command", [[], ["assess"], ["dispatch"], ["adequacy"], ["gas"], ["appraise"], ["data", "copy"]]
)
def test_help_shows_boolean_flags_as_flags(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "--help" in result.output


def test_a_flag_takes_no_value() -> None:
    # shown bare, because that is how it is used: `--json true` is not accepted
    result = CliRunner().invoke(app, ["dispatch", str(TINY), "--json", "true"])
    assert result.exit_code != 0


def test_change_vs_reference_leaves_out_run_metadata() -> None:
    now = {
        "adequacy": {"lole_hours": 2.0, "seed": 7, "samples": 100, "sample_offset": 0},
        "dispatch": {"co2_t": 10.0, "solve_time_s": 3.0, "build_time_s": 1.0, "hours": 48},
    }
    then = {
        "adequacy": {"lole_hours": 0.5, "seed": 1, "samples": 50, "sample_offset": 0},
        "dispatch": {"co2_t": 4.0, "solve_time_s": 1.0, "build_time_s": 2.0, "hours": 48},
    }
    assert changes(now, then) == {"adequacy": {"lole_hours": 1.5}, "dispatch": {"co2_t": 6.0}}


def test_a_plant_that_never_runs_has_null_lcoe_with_a_reason() -> None:
    from test_economics import COSTS, plant

    from powerpact.economics import AppraisalOptions
    from powerpact.economics.appraisal import appraise_plant

    result = appraise_plant(plant(output_mw=0.0), COSTS, AppraisalOptions())
    assert math.isinf(result.lcoe_eur_per_mwh)  # the engine's own field is unchanged
    headline = result.headline()
    assert headline["lcoe_eur_per_mwh"] is None and headline["payback_years"] is None
    assert headline["irr"] is None
    assert "generates nothing" in headline["undefined"]["lcoe_eur_per_mwh"]
    assert json.loads(json.dumps(headline, allow_nan=False, default=str))  # valid JSON


def test_sweep_results_carry_provenance(tmp_path: Path) -> None:
    from test_sweep import make_spec

    from powerpact import __version__
    from powerpact.studies.sweep import run_sweep

    spec = make_spec(tmp_path)
    done = run_sweep(spec, tmp_path / "out", show_progress=False)
    written = json.loads((done.out / "provenance.json").read_text())
    assert written["powerpact_version"] == __version__
    assert written["seed"] == spec.seed == 11
    assert written["spec_digest"] == spec.digest()
    assert written["input_hashes"] and all(len(h) == 64 for h in written["input_hashes"].values())
    table = pd.read_parquet(done.results_path)
    assert table.attrs["provenance"]["spec_digest"] == spec.digest()
    assert "seed" in table.columns  # every point's own seed


def test_plain_progress_writes_lines() -> None:
    stream = io.StringIO()
    with PlainProgress(stream, every_s=3600) as bar:
        task = bar.add_task("[bold]Dispatch[/]", total=3)
        for _ in range(3):
            bar.advance(task)
    assert stream.getvalue().splitlines()[0].startswith("Dispatch: 0/3 …")
    last = stream.getvalue().splitlines()[-1]
    assert last.startswith("Dispatch: 3/3 done")
    assert len(stream.getvalue().splitlines()) == 2  # start and end, none in between


def test_progress_is_plain_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(progress_bar(plain=True), PlainProgress)
    from rich.progress import Progress

    quiet = progress_bar()  # an engine's bar, inside a job that reports: silent
    assert isinstance(quiet, Progress) and quiet.disable


def test_piped_assess_reports_progress_in_plain_lines(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "powerpact",
            "assess",
            str(TINY),
            "--out",
            str(tmp_path / "o"),
            "--samples",
            "20",
            "--robustness",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Dispatch (hourly LP): 1/1 done" in "\n".join(lines)
    assert not any("\x1b[" in line or "\r" in line for line in lines)  # no terminal codes


def test_output_folder_is_git_ignored() -> None:
    result = subprocess.run(
        ["git", "check-ignore", "-q", "powerpact-out/report.html"], cwd=ROOT, check=False
    )
    assert result.returncode == 0
