"""Output folders: powerpact replaces only what it wrote, never an input, never outside --out."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import powerpact
from powerpact import outputs_guard
from powerpact.limits import MAX_SAMPLES, MAX_SWEEP_POINTS
from powerpact.outputs_guard import LOCK, MANIFEST, replace_outputs, safe_names
from powerpact.report.outputs import write_tables
from powerpact.studies.assess import AssessOptions, assess, check_out_dir
from powerpact.studies.sweep.run import run_sweep
from powerpact.studies.sweep.spec import parse_spec
from powerpact.system import InputError

TINY = Path(__file__).parent / "data" / "tiny"
QUICK = ("--hours", "48", "--samples", "10")


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powerpact", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def writer(files: dict[str, str]):
    """A `write` for replace_outputs that writes `files` (relative path → text)."""

    def write(folder: Path) -> None:
        for relative, text in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text)

    return write


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (MANIFEST, LOCK)
    }


# --- ownership --------------------------------------------------------------------------------


def test_user_files_survive_and_only_powerpacts_files_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    replace_outputs(out, "assess", writer({"results.json": "1", "tables/a/x.parquet": "a1"}))
    (out / "notes.txt").write_text("mine")
    (out / "src").mkdir()
    (out / "src" / "model.py").write_text("x = 1")
    (out / "tables" / "a" / "mine.csv").write_text("kept")  # beside an output, in its folder
    (out / "empty").mkdir()
    replace_outputs(out, "assess", writer({"results.json": "2", "tables/b/x.parquet": "b2"}))
    assert tree(out) == {
        "notes.txt": "mine",
        "results.json": "2",
        "src/model.py": "x = 1",
        "tables/a/mine.csv": "kept",
        "tables/b/x.parquet": "b2",
    }
    assert (out / "empty").is_dir()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["command"] == "assess"
    assert sorted(manifest["files"]) == ["results.json", "tables/b/x.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_an_empty_folder_is_taken_and_a_foreign_one_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    replace_outputs(empty, "assess", writer({"results.json": "1"}))
    assert tree(empty) == {"results.json": "1"}
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "results.json").write_text("{}")  # looks like an output, but has no manifest
    with pytest.raises(InputError, match="not a powerpact output"):
        replace_outputs(foreign, "assess", writer({"results.json": "1"}))
    assert [p.name for p in foreign.iterdir()] == ["results.json"]  # not even a lock file


def test_cli_refuses_a_foreign_folder_with_one_line(tmp_path: Path) -> None:
    # The case: a project folder that happens to hold a results.json.
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "results.json").write_text("{}")
    (project / "src" / "model.py").write_text("x")
    result = run_cli("assess", "--system", TINY, *QUICK, "--out", project)
    one_line_error(result)
    assert "not a powerpact output" in result.stderr
    assert tree(project) == {"results.json": "{}", "src/model.py": "x"}


def test_a_changed_output_or_a_clashing_user_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    replace_outputs(out, "assess", writer({"report.html": "old"}))
    (out / "report.html").write_text("edited by hand")
    with pytest.raises(InputError, match="changed after powerpact wrote it"):
        replace_outputs(out, "assess", writer({"report.html": "new"}))
    assert tree(out) == {"report.html": "edited by hand"}

    other = tmp_path / "other"
    replace_outputs(other, "assess", writer({"report.html": "old"}))
    (other / "tables").mkdir()
    (other / "tables" / "x.parquet").write_text("the user's")
    with pytest.raises(InputError, match="new output has a file of that name"):
        replace_outputs(other, "assess", writer({"report.html": "new", "tables/x.parquet": "n"}))
    assert tree(other) == {"report.html": "old", "tables/x.parquet": "the user's"}


def test_another_commands_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outputs_guard.claim(out, "sweep")
    (out / "sweep.json").write_text("{}")
    with pytest.raises(InputError, match="'powerpact sweep'"):
        replace_outputs(out, "assess", writer({"results.json": "1"}))


def test_the_two_step_swap_where_no_atomic_exchange_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outputs_guard, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    replace_outputs(out, "assess", writer({"results.json": "1"}))
    (out / "notes.txt").write_text("mine")
    replace_outputs(out, "assess", writer({"results.json": "2"}))
    assert tree(out) == {"notes.txt": "mine", "results.json": "2"}
    # A run killed between the two renames leaves the previous output under the retired name.
    out.rename(tmp_path / ".out.old")
    replace_outputs(out, "assess", writer({"results.json": "3"}))
    assert tree(out) == {"notes.txt": "mine", "results.json": "3"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --- names ------------------------------------------------------------------------------------


def test_output_names_are_unique_and_stay_inside() -> None:
    names = ["x/y", "x_y", "X_Y", "..", ".", "", ".hidden", "a" * 300, "ok-1.2"]
    chosen = safe_names(names)
    assert chosen["x/y"] == "x_y" and chosen["ok-1.2"] == "ok-1.2"
    assert len({v.lower() for v in chosen.values()}) == len(names)
    for folder in chosen.values():
        assert folder and not folder.startswith(".") and "/" not in folder
        assert len(folder) <= outputs_guard.MAX_NAME + 4


def test_scenarios_whose_names_clean_alike_keep_their_own_tables(tmp_path: Path) -> None:
    base = assess([powerpact.load(TINY)], AssessOptions(samples=5, seed=1, hours=24))
    template = base.scenarios[0]
    names = ["x/y", "x_y", ".."]
    assessment = dataclasses.replace(
        base, scenarios=[dataclasses.replace(template, name=n) for n in names]
    )
    folder = tmp_path / "out"
    written = write_tables(assessment, folder, {})
    assert all((folder / p).resolve().is_relative_to(folder / "tables") for p in written)
    owner = {
        table: pd.read_parquet(folder / "tables" / table / "generation_mw.parquet").attrs[
            "scenario"
        ]
        for table in {Path(p).parts[1] for p in written}
    }
    assert owner == {"x_y": "x/y", "x_y-2": "x_y", "scenario": ".."}


# --- inputs -----------------------------------------------------------------------------------


def profile_scenario(tmp_path: Path, profile: Path) -> Path:
    """A scenario of a copy of tiny whose demand.add_profile_csv is `profile`."""
    study = tmp_path / "study"
    shutil.copytree(TINY, study)
    demand = pd.read_csv(study / "demand.csv")
    profile.parent.mkdir(parents=True, exist_ok=True)
    demand.assign(**{c: 1.0 for c in demand.columns[1:]}).to_csv(profile, index=False)
    scenario = tmp_path / "more.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "name": "more",
                "base": "study/scenarios/new-plant.yaml",
                "demand": {"add_profile_csv": str(profile)},
            }
        )
    )
    return scenario


def test_a_demand_profile_inside_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    profile = out / "extra.csv"
    scenario = profile_scenario(tmp_path, profile)
    system = powerpact.load(scenario)
    with pytest.raises(InputError, match="overlaps the input file"):
        check_out_dir(out, [system])
    # The scenario's base, another scenario file, counts too.
    with pytest.raises(InputError, match="overlaps the input"):
        check_out_dir(tmp_path / "study" / "scenarios", [system])
    result = run_cli("assess", scenario, *QUICK, "--out", out)
    one_line_error(result)
    assert profile.is_file()


def test_sweep_refuses_an_out_holding_its_inputs(tmp_path: Path) -> None:
    profile = tmp_path / "out" / "extra.csv"
    profile_scenario(tmp_path, profile)
    data = {
        "name": "s",
        "base": str(tmp_path / "study"),
        "overlay": {"demand": {"add_profile_csv": str(profile)}},
        "parameters": {"d": {"target": "demand.scale", "values": [1.0]}},
        "engines": {"overview": {}},
    }
    spec = parse_spec(data, "s.yaml", tmp_path)
    with pytest.raises(InputError, match="overlaps the input file"):
        run_sweep(spec, tmp_path / "out")
    with pytest.raises(InputError, match="overlaps the input folder"):
        run_sweep(spec, tmp_path / "study" / "sweep")


def test_export_pypsa_replaces_its_own_file_only(tmp_path: Path) -> None:
    pytest.importorskip("pypsa")
    from typer.testing import CliRunner

    from powerpact.cli import app
    from powerpact.interop.pypsa_export import written_by_powerpact

    # In this process: PyPSA's import alone takes seconds.
    network = tmp_path / "tiny.nc"
    assert CliRunner().invoke(app, ["export-pypsa", str(TINY), str(network)]).exit_code == 0
    assert written_by_powerpact(network)
    again = CliRunner().invoke(app, ["export-pypsa", str(TINY), str(network)])
    assert again.exit_code == 0  # its own file: replaced
    mine = tmp_path / "mine.nc"
    mine.write_text("the user's")
    refused = CliRunner().invoke(app, ["export-pypsa", str(TINY), str(mine)])
    assert isinstance(refused.exception, InputError)
    assert "powerpact did not write it" in str(refused.exception)
    assert mine.read_text() == "the user's"


# --- limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["assess", "adequacy"])
def test_sample_counts_are_bounded(command: str, tmp_path: Path) -> None:
    where = ("--system", TINY, "--out", tmp_path / "out") if command == "assess" else (TINY,)
    result = run_cli(command, *where, "--samples", "1000000000000")
    one_line_error(result)
    assert "--samples" in result.stderr and f"{MAX_SAMPLES:,}" in result.stderr


def test_sweep_sizes_are_bounded(tmp_path: Path) -> None:
    data = {
        "name": "s",
        "base": str(TINY),
        "parameters": {"d": {"target": "demand.scale", "values": [1.0]}},
        "engines": {"adequacy.monte_carlo": {"samples": 10**12}},
    }
    with pytest.raises(InputError, match=r"engines\.adequacy\.monte_carlo\.samples.*100,000"):
        parse_spec(data, "s.yaml", tmp_path)
    steps = {"range": [0.5, 1.5], "steps": 1000}
    huge = {
        **data,
        "engines": {"overview": {}},
        "parameters": {f"p{i}": {"target": "demand.scale", **steps} for i in range(3)},
    }
    with pytest.raises(InputError, match=f"at most {MAX_SWEEP_POINTS:,}"):
        parse_spec(huge, "s.yaml", tmp_path)
    lhs = {**huge, "design": "lhs", "samples": MAX_SWEEP_POINTS + 1}
    with pytest.raises(InputError, match="points"):
        parse_spec(lhs, "s.yaml", tmp_path)


@pytest.mark.parametrize("samples", [0, -5, MAX_SAMPLES + 1])
def test_check_samples_names_the_flag_and_the_bounds(samples: int) -> None:
    from powerpact.limits import check_samples

    with pytest.raises(InputError, match=f"--samples: must be from 1 to {MAX_SAMPLES:,}"):
        check_samples(samples, "--samples")
    check_samples(MAX_SAMPLES, "--samples")
