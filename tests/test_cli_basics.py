"""The basic commands: version, validate on good inputs, and the embedded data."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import powerpact
from powerpact.system import DEFAULT_SYSTEM, embedded_scenarios, embedded_systems
from powerpact.system.load import DATA_DIR

TINY = Path(__file__).parent / "data" / "tiny"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powerpact", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"powerpact {version('powerpact')}"


def test_validate_good_system_and_scenario() -> None:
    scenario = TINY / "scenarios" / "new-plant.yaml"
    result = run_cli("validate", TINY, scenario)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and result.stderr == ""
    assert lines[0] == f"ok {TINY}: 5 generators, 48 hours, zones A, B"
    # the scenario removes gas-2 and adds gas-new
    assert lines[1] == f"ok {scenario}: 5 generators, 48 hours, zones A, B"


def test_validate_missing_path_is_exit_2() -> None:
    result = run_cli("validate", "no-such-system-anywhere")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: no-such-system-anywhere: no such folder, scenario file, or embedded system or "
        "scenario (see 'powerpact data list')"
    )


def test_embedded_default_exists_and_validates() -> None:
    """The shipped default and every scenario of it load; `validate` accepts them by name."""
    assert DEFAULT_SYSTEM in embedded_systems()
    scenarios = embedded_scenarios(DEFAULT_SYSTEM)
    assert scenarios, "the default system ships scenarios"
    result = run_cli("validate", DEFAULT_SYSTEM, *scenarios)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok ") == 1 + len(scenarios)


def test_data_list() -> None:
    result = run_cli("data", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = []
    for system in embedded_systems():
        expected += [f"{system} (system)", *(f"  {s}" for s in embedded_scenarios(system))]
    assert lines == expected
    assert f"{DEFAULT_SYSTEM} (system)" in lines


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_data_copy_creates_a_valid_copy(tmp_path: Path) -> None:
    target = tmp_path / "my-serbia"
    result = run_cli("data", "copy", DEFAULT_SYSTEM, target)
    assert result.returncode == 0, result.stderr
    source = _tree(DATA_DIR / DEFAULT_SYSTEM)
    copied = _tree(target)
    # every file as shipped, except the system's name: the new folder's
    name = f"\nname: {DEFAULT_SYSTEM}\n".encode()
    renamed = source["system.yaml"].replace(name, b"\nname: my-serbia\n")
    assert renamed != source["system.yaml"]
    expected = {k: v for k, v in source.items() if "__pycache__" not in k}
    assert copied == {**expected, "system.yaml": renamed}
    assert not list(tmp_path.glob(".*partial"))
    assert powerpact.load(target).origin == str(target)
    assert powerpact.load(target).name == "my-serbia"
    # the copied scenarios are built on the copy, so that editing it changes them
    for scenario in embedded_scenarios(DEFAULT_SYSTEM):
        system = powerpact.load(target / "scenarios" / f"{scenario}.yaml")
        assert (system.name, system.origin) == (scenario, str(target))


def test_data_copy_refuses_an_existing_folder(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("data", "copy", DEFAULT_SYSTEM, target)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "already exists" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _tree(target) == {"notes.txt": b"keep me"}


def test_data_copy_unknown_name(tmp_path: Path) -> None:
    result = run_cli("data", "copy", "atlantis-2025", tmp_path / "x")
    assert result.returncode == 2 and "no embedded system" in result.stderr
    assert not (tmp_path / "x").exists()


def test_export_pypsa_never_writes_into_the_inputs(tmp_path: Path) -> None:
    study = tmp_path / "study"
    assert run_cli("data", "copy", "serbia-2025", study).returncode == 0
    demand = (study / "demand.csv").read_bytes()
    result = run_cli("export-pypsa", study, study / "demand.csv")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "inputs are never written to" in result.stderr
    assert (study / "demand.csv").read_bytes() == demand
    result = run_cli("export-pypsa", study, tmp_path)
    assert result.returncode == 2 and "is a folder" in result.stderr


def test_export_pypsa_and_adequacy_pypsa_keep_stderr_clean(tmp_path: Path) -> None:
    pytest.importorskip("pypsa")
    network = tmp_path / "tiny.nc"
    result = run_cli("export-pypsa", TINY, network)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    rates = tmp_path / "rates.csv"
    from powerpact.interop.pypsa_import import system_from_pypsa

    imported = system_from_pypsa(network).generators  # a rate for every dispatchable one
    firm = imported.index[imported["profile"] == ""]
    rates.write_text(
        "generator,forced_outage_rate,mttr_h\n" + "".join(f"{g},0.05,50\n" for g in firm)
    )
    result = run_cli(
        "adequacy", "--pypsa", network, "--outage-rates", rates, "--method", "copt", "--json"
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_adequacy_pypsa_warns_when_default_outage_rates_stand_in(tmp_path: Path) -> None:
    pytest.importorskip("pypsa")
    network = tmp_path / "tiny.nc"
    assert run_cli("export-pypsa", TINY, network).returncode == 0
    result = run_cli("adequacy", "--pypsa", network, "--method", "copt", "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ")
    assert "without --outage-rates" in lines[0] and "default forced outage rate" in lines[0]
    json.loads(result.stdout)  # the figures still come, on stdout alone
