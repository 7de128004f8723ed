"""The corpus of bad inputs in tests/bad_inputs: each must fail with its own one-line message.

Each case is a folder with a `case.yaml`: either `base: tiny` (or `serbia-2025`) plus edits to a
copy of it (`delete` files, `rename` them, `replace` exact text that must occur once, write whole
`files`),
or a complete system folder of its own; `load` names what to load (default: the folder) and
`expect` what the error must say: `file` (relative to the case folder), `line`, `field`, `where`
(text of the place) and `message` (text of the message).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.system import InputError

HERE = Path(__file__).parent
CORPUS = HERE / "bad_inputs"
BASES = {
    "tiny": HERE / "data" / "tiny",
    # The embedded default, for the cases measured on it (`powerpact data copy serbia-2025`).
    "serbia-2025": Path(powerpact.__file__).parent / "data" / "serbia-2025",
}
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())
EXPECT_KEYS = {"file", "line", "field", "where", "message"}


def _case(name: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / name / "case.yaml").read_text(encoding="utf-8"))


def prepare(name: str, root: Path) -> tuple[Path, dict[str, Any]]:
    """Write the case's bad input under `root`; return the path to load and the expectation."""
    case = _case(name)
    folder = root / name
    shutil.copytree(BASES[case["base"]] if "base" in case else CORPUS / name, folder)
    for file in case.get("delete", []):
        (folder / file).unlink()
    for old_name, new_name in case.get("rename", {}).items():
        (folder / old_name).rename(folder / new_name)
    for file, pairs in case.get("replace", {}).items():
        text = (folder / file).read_text(encoding="utf-8")
        for old, new in pairs:
            # An edit that does not apply would leave a good input and a vacuous case.
            assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)}× in {file}"
            text = text.replace(old, new)
        (folder / file).write_text(text, encoding="utf-8")
    for file, text in case.get("files", {}).items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(text, encoding="utf-8")
    expect = case["expect"]
    assert set(expect) <= EXPECT_KEYS and "message" in expect, f"{name}: bad expect {expect}"
    return folder / case.get("load", "."), {**expect, "file": str(folder / expect["file"])}


def check_message(line: str, expect: dict[str, Any]) -> None:
    """The one printed line names the file, the row, the field and the problem."""
    assert "\n" not in line.strip()
    assert expect["file"] in line
    if "line" in expect:
        assert f"{expect['file']} line {expect['line']}," in line or line.startswith(
            f"{expect['file']} line {expect['line']}:"
        )
    if "field" in expect:
        assert f"field '{expect['field']}'" in line
    if "where" in expect:
        assert expect["where"] in line
    assert expect["message"] in line


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_one_clear_line(name: str, tmp_path: Path) -> None:
    path, expect = prepare(name, tmp_path)
    with pytest.raises(InputError) as caught:
        powerpact.load(path)
    error = caught.value
    if "field" in expect:
        assert error.field == expect["field"]
    assert expect["message"] in error.message
    check_message(str(error), expect)


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powerpact", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


# One of each kind: a table cell, a time series, YAML syntax, settings, a scenario edit, and
# the strict-input families (unknown file, duplicate key, alias, coverage, cross-file rules,
# plausibility bounds set by a scenario, header-only table, quoted line break).
CLI_CASES = [
    "negative-capacity",
    "demand-gap",
    "malformed-yaml",
    "system-yaml-unknown-key",
    "scenario-add-bad-value",
    "unknown-file-misnamed-hydro",
    "scenario-yaml-duplicate-key",
    "yaml-alias-bomb",
    "hydro-month-missing",
    "fuel-without-price",
    "scenario-units-overflow",
    "generators-header-only",
    "csv-quoted-newline",
]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_validate_reports_one_line_and_exit_2(name: str, tmp_path: Path) -> None:
    path, expect = prepare(name, tmp_path)
    result = run_cli("validate", path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    check_message(lines[0].removeprefix("error: "), expect)
    assert result.stdout == ""


def test_cli_validate_stops_at_the_first_bad_input(tmp_path: Path) -> None:
    path, expect = prepare("unknown-zone", tmp_path)
    scenario = BASES["tiny"] / "scenarios" / "new-plant.yaml"
    result = run_cli("validate", BASES["tiny"], path, scenario)
    assert result.returncode == 2
    assert result.stdout.count("ok ") == 1
    check_message(result.stderr.strip().removeprefix("error: "), expect)


def test_markup_like_text_in_a_message_is_printed_verbatim(tmp_path: Path) -> None:
    """Names come from users; brackets in them must not be eaten as terminal markup."""
    path, _ = prepare("unknown-zone", tmp_path)
    generators = path / "generators.csv"
    generators.write_text(
        generators.read_text(encoding="utf-8").replace("gas-2,C,", "gas-2,[bold]C,"),
        encoding="utf-8",
    )
    result = run_cli("validate", path)
    assert result.returncode == 2
    assert "unknown zone '[bold]C'" in result.stderr


# Property tests of the loader on random generator tables.

ZONES = ("A", "B")
NUMERIC_COLUMNS = (
    "capacity_mw",
    "units",
    "efficiency",
    "variable_om_eur_per_mwh",
    "forced_outage_rate",
    "mttr_h",
    "min_stable_mw",
)
HEADER = ("name", "zone", "technology", *NUMERIC_COLUMNS)


def _cell(value: object) -> str:
    # repr round-trips floats exactly; None is an empty cell (use the default)
    return "" if value is None else repr(value)


@st.composite
def generator_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    rows = []
    for name in names:
        capacity = draw(st.floats(0, 5000))
        optional = {
            "units": st.integers(1, 20),
            "efficiency": st.floats(0.01, 1.0),
            "variable_om_eur_per_mwh": st.floats(0, 200),
            "forced_outage_rate": st.floats(0, 0.9),
            "mttr_h": st.floats(0.5, 2000),
            # f × capacity ≤ capacity exactly, as rounding is monotonic and 1 × c = c
            "min_stable_mw": st.floats(0, 1).map(lambda f, c=capacity: f * c),
        }
        row = {
            "name": name,
            "zone": draw(st.sampled_from(ZONES)),
            "technology": "other",
            "capacity_mw": capacity,
        }
        row |= {k: draw(st.none() | strategy) for k, strategy in optional.items()}
        rows.append(row)
    return rows


def write_generators(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """A two-zone, two-hour system around the given generator rows."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "system.yaml").write_text("name: prop\nzones: [A, B]\n", encoding="utf-8")
    (folder / "demand.csv").write_text(
        "timestamp,A,B\n2030-01-01T00:00:00Z,1,2\n2030-01-01T01:00:00Z,3,4\n", encoding="utf-8"
    )
    with open(folder / "generators.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(
                [row[c] if c in ("name", "zone", "technology") else _cell(row[c]) for c in HEADER]
            )
    return folder


PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(rows=generator_rows())
def test_valid_generator_tables_round_trip(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    gens = powerpact.load(write_generators(tmp_path / "system", rows)).generators
    assert list(gens.index) == [row["name"] for row in rows]
    for row in rows:
        got = gens.loc[row["name"]]

        def given_or(column: str, default: float, row: dict[str, Any] = row) -> float:
            return default if row[column] is None else row[column]

        assert got["zone"] == row["zone"]
        assert got["capacity_mw"] == row["capacity_mw"]
        assert got["units"] == given_or("units", 1)
        assert got["efficiency"] == given_or("efficiency", 1.0)
        assert got["min_stable_mw"] == given_or("min_stable_mw", 0.0)
        assert got["mttr_h"] == given_or("mttr_h", 50.0)
        rate = given_or("forced_outage_rate", 0.0)
        assert got["forced_outage_rate"] == rate
        # the outage rate implied by mean times is the rate given (mttf is inf when it is 0,
        # or so small that mttf overflows)
        implied = got["mttr_h"] / (got["mttf_h"] + got["mttr_h"])
        assert implied == pytest.approx(rate, rel=1e-9, abs=1e-12)
        # no fuel: the marginal cost is the variable O&M alone
        assert got["marginal_cost_eur_per_mwh"] == given_or("variable_om_eur_per_mwh", 0.0)


NOT_NUMBERS = st.sampled_from(
    ["abc", "nan", "NaN", "inf", "-inf", "1.2.3", "12 MW", "--1", "1e", "0x10", "n/a", "five"]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
NEGATIVES = st.floats(-1e9, -1e-9).map(repr)


@PROPERTY
@given(rows=generator_rows(), data=st.data(), bad=NOT_NUMBERS | NEGATIVES)
def test_one_corrupted_cell_is_named(
    rows: list[dict[str, Any]], data: st.DataObject, bad: str, tmp_path: Path
) -> None:
    position = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(NUMERIC_COLUMNS), label="column")
    folder = write_generators(tmp_path / "system", rows)
    lines = (folder / "generators.csv").read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[position + 1]]))
    cells[HEADER.index(column)] = bad
    lines[position + 1] = ",".join(cells)
    (folder / "generators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert caught.value.where == f"{folder / 'generators.csv'} line {position + 2}"
    assert caught.value.field == column
    assert repr(bad) in caught.value.message or bad in caught.value.message


def test_harmless_csv_variants_load_the_same(tmp_path: Path) -> None:
    """What spreadsheets write (BOM, CRLF, trailing empty lines, spaces) is not an error."""
    folder = tmp_path / "variant"
    shutil.copytree(BASES["tiny"], folder)
    for name in ("generators.csv", "demand.csv", "storage.csv"):
        text = (folder / name).read_text(encoding="utf-8").replace(",", ", ")
        (folder / name).write_bytes(
            b"\xef\xbb\xbf" + (text + "\n\n").replace("\n", "\r\n").encode()
        )
    original, variant = powerpact.load(BASES["tiny"]), powerpact.load(folder)
    for table in ("generators", "storage", "demand"):
        pd.testing.assert_frame_equal(getattr(variant, table), getattr(original, table))
