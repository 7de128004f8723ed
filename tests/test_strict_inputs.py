"""Faults around the files themselves: size and row bounds checked before parsing, unreadable
files and folders, and PyPSA networks that are not networks. Each is one line, exit code 2.

Permission bits are ignored for root (which runs these tests in CI containers), so unreadable
files are simulated by making the open or listing raise PermissionError.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import powerpact
from powerpact.cli import main
from powerpact.system import InputError, raw

TINY = Path(__file__).parent / "data" / "tiny"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "system"
    shutil.copytree(TINY, folder)
    return folder


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI in this process (so monkeypatches apply); return its one line of stderr."""
    monkeypatch.setattr(sys, "argv", ["powerpact", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_a_200_mb_table_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with open(folder / "generators.csv", "r+b") as handle:
        handle.truncate(200_000_000)  # sparse: costs no disk and no time
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert time.perf_counter() - started < 5
    assert caught.value.where == str(folder / "generators.csv")
    assert "file is 200.0 MB, more than the 100 MB limit" in caught.value.message


def test_millions_of_rows_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row bound is a count of line breaks: pandas never sees the file."""
    folder = _copy(tmp_path)
    row = "gas-x,A,gas,100,1,gas,0.5,0.05,40,,\n"
    text = (folder / "generators.csv").read_text(encoding="utf-8")
    (folder / "generators.csv").write_text(text + row * (raw.MAX_TABLE_ROWS + 1), encoding="utf-8")

    def no_parsing(*args: object, **kwargs: object) -> pd.DataFrame:
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(raw.pd, "read_csv", no_parsing)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert time.perf_counter() - started < 5
    assert caught.value.where == str(folder / "generators.csv")
    assert f"more than the limit of {raw.MAX_TABLE_ROWS}" in caught.value.message


def test_the_size_bound_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4 M-row file is refused as fast as a 4 kB one once over the bound."""
    folder = _copy(tmp_path)
    monkeypatch.setattr(raw, "MAX_CSV_BYTES", 100)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(InputError, match=r"more than the 0\.0001 MB limit"):
        powerpact.load(folder)
    assert folder / "generators.csv" not in opened


def test_a_yaml_file_over_1_mb_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with open(folder / "system.yaml", "a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 110_000)
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert caught.value.where == str(folder / "system.yaml")
    assert "more than the 1 MB limit" in caught.value.message


def test_an_unreadable_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    locked = folder / "storage.csv"
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    line = _cli(monkeypatch, capsys, "validate", str(folder))
    assert line == f"error: {locked}: cannot read (Permission denied)"


def test_an_unreadable_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    real_iterdir = Path.iterdir

    def deny(self: Path) -> object:
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", deny)
    line = _cli(monkeypatch, capsys, "validate", str(folder))
    assert line == f"error: {folder}: cannot read the folder (Permission denied)"


def test_a_folder_that_cannot_be_searched_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without execute permission on the folder, even asking whether a file exists fails."""
    folder = _copy(tmp_path)
    real_stat = Path.stat

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.parent == folder and self.name == "profiles.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", deny)
    line = _cli(monkeypatch, capsys, "validate", str(folder))
    assert line == f"error: {folder / 'profiles.csv'}: cannot read (Permission denied)"


def test_shipped_folders_and_notes_are_allowed(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for name in ("README.md", "LICENSE", ".DS_Store", "docs/method.md", "sweeps/size.yaml"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    assert powerpact.load(folder).name == "tiny"


# --pypsa: the file is the user's, whatever is wrong with it.


@pytest.fixture
def pypsa_files(tmp_path: Path) -> dict[str, Path]:
    pytest.importorskip("pypsa")
    from powerpact.interop.pypsa_export import export_pypsa

    good = tmp_path / "good.nc"
    export_pypsa(powerpact.load(TINY), good)
    files = {"text": tmp_path / "text.nc", "empty": tmp_path / "empty.nc"}
    files["text"].write_text("not a network\n", encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["truncated"] = tmp_path / "truncated.nc"
    files["truncated"].write_bytes(good.read_bytes()[:5000])
    return {**files, "good": good}


@pytest.mark.parametrize("kind", ["text", "empty", "truncated"])
def test_pypsa_file_that_is_not_a_network_is_one_line(
    kind: str,
    pypsa_files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = pypsa_files[kind]
    line = _cli(monkeypatch, capsys, "adequacy", "--method", "copt", "--pypsa", str(path))
    assert line.startswith(f"error: {path}: cannot read as a PyPSA network (.nc)")


def test_system_and_pypsa_are_exclusive(
    pypsa_files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = _cli(monkeypatch, capsys, "adequacy", str(TINY), "--pypsa", str(pypsa_files["good"]))
    assert "not both" in line and str(pypsa_files["good"]) in line


def test_a_huge_bad_value_gives_a_short_line(tmp_path: Path) -> None:
    """The message quotes the value, but not megabytes of it."""
    folder = _copy(tmp_path)
    text = (folder / "generators.csv").read_text(encoding="utf-8")
    (folder / "generators.csv").write_text(
        text.replace("gas-2,B,gas,100,", f"gas-2,B,gas,{'9x' * 1_000_000},"), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert caught.value.field == "capacity_mw"
    assert len(str(caught.value)) < 1500
    assert str(caught.value).endswith(" characters)")


def test_a_scenario_in_a_folder_that_cannot_be_searched_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _copy(tmp_path) / "scenarios" / "new-plant.yaml"
    real_stat = Path.stat

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == scenario:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", deny)
    line = _cli(monkeypatch, capsys, "validate", str(scenario))
    assert line == f"error: {scenario}: cannot read (Permission denied)"
