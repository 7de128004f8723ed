"""Reading a system folder into text tables and parsed time series, before validation.

Scenario overlays edit this raw form; `build.build_system` then validates the result, so a
scenario is checked exactly like a system.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from powerpact.system.errors import InputError
from powerpact.system.settings import Outage
from powerpact.system.tables import (
    EDITABLE_TABLES,
    NETWORK_TABLES,
    ORIGIN,
    TABLES,
    check_columns,
    empty_raw,
)

READ_TABLES = (*EDITABLE_TABLES, "hydro_inflows", "sources", *NETWORK_TABLES)
TIMESERIES_FILES = {
    "demand": "demand.csv",
    "profiles": "profiles.csv",
    "market_prices": "market_prices.csv",
    "gas_demand": "gas_demand.csv",
}
KNOWN_FILES = (
    "system.yaml",
    *(TABLES[table].file for table in READ_TABLES),
    *TIMESERIES_FILES.values(),
)
# Folders a system may carry besides its data: scenario overlays, sweep specs, documentation.
KNOWN_FOLDERS = ("scenarios", "sweeps", "docs")
# Notes that are never data: README.md, LICENSE, NOTES.txt…
NOTE_PREFIXES = ("readme", "license", "licence", "notes", "changelog")

# Bounds checked before a file is parsed, so that a huge or hostile file is refused in
# milliseconds instead of exhausting memory. They are far above any real system: the embedded
# serbia-2025 has 0.6 MB for its largest CSV (a year of hourly profiles) and 2 kB of YAML.
MAX_CSV_BYTES = 100_000_000
MAX_YAML_BYTES = 1_000_000
# Rows of a component table (generators, storage…): a national model has hundreds.
MAX_TABLE_ROWS = 100_000
# Rows of a time series: 50 years of hours.
MAX_SERIES_ROWS = 50 * 8784


@dataclass
class RawSystem:
    """A system as written, before validation: what a `System` is built from, and what a variant
    edits. Every table row carries its origin; `*_where` name where the rest was written."""

    folder: Path
    settings: Any
    settings_where: str
    tables: dict[str, pd.DataFrame]
    timeseries: dict[str, pd.DataFrame | None]
    hashes: dict[str, str] = field(default_factory=dict)
    outages: tuple[Outage, ...] = ()
    outages_where: str = ""  # the file (or variant) whose `outages` list the indices count in
    # Where each time series came from when it is not the folder's CSV file (a PyPSA network).
    series_origin: dict[str, str] = field(default_factory=dict)

    def series_where(self, key: str) -> str:
        return self.series_origin.get(key) or str(self.folder / TIMESERIES_FILES[key])


def as_text(value: Any) -> str:
    """A cell as the CSV reader would give it: '' for a missing value."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def text_rows(
    table: str, rows: Sequence[Mapping[str, Any]], origins: Sequence[str]
) -> pd.DataFrame:
    """Rows given as mappings (a scenario's `add`, an in-memory import) as the text table a CSV
    file of them would give, each checked for unknown and missing columns."""
    for row, origin in zip(rows, origins, strict=True):
        check_columns(table, list(row), origin)
    records = [
        {**{k: as_text(v) for k, v in row.items()}, ORIGIN: origin}
        for row, origin in zip(rows, origins, strict=True)
    ]
    frame = pd.DataFrame(records, columns=_columns_of(table, rows), dtype=object)
    return frame.fillna("")


def _columns_of(table: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    given = {column for row in rows for column in row}
    return [*(c for c in TABLES[table].columns if c in given), ORIGIN]


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's content, refused with one line if it is larger than `limit` or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                str(path),
                f"file is {size / 1e6:.1f} MB, more than the {limit / 1e6:g} MB limit for this "
                "kind of file (see docs/input-format.md)",
            )
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(str(path), f"file is more than the {limit / 1e6:g} MB limit")
    return data


class _YamlRejected(yaml.MarkedYAMLError):
    """A construct plain YAML allows but an input file must not use."""


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and aliases.

    PyYAML keeps the last of two equal keys, silently dropping the first value. Aliases (`*name`)
    are refused outright: no shipped file uses them, and a few nested aliases expand to gigabytes
    (the "billion laughs").
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _YamlRejected(
                problem=f"alias '*{event.anchor}' (anchors and aliases are not supported; "
                "write the values out)",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                seen = key in first_line
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if seen:
                raise _YamlRejected(
                    problem=f"key {key!r} appears twice (first on line {first_line[key] + 1}); "
                    "only one can count",
                    problem_mark=key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Any:
    if not is_file(path):
        raise InputError(str(path), "file not found")
    data = read_bytes(path, MAX_YAML_BYTES)
    try:
        return yaml.load(data.decode("utf-8"), Loader=StrictLoader)  # a SafeLoader subclass
    except _YamlRejected as exc:
        assert exc.problem_mark is not None
        raise InputError(f"{path} line {exc.problem_mark.line + 1}", str(exc.problem)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path} line {mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        # The parser notices the problem late (an unclosed bracket on the next key): say where
        # the construct it was reading began.
        start = getattr(exc, "context_mark", None)
        context = getattr(exc, "context", None)
        if context and start is not None and (mark is None or start.line != mark.line):
            problem += f"; {context} started on line {start.line + 1}"
        raise InputError(where, f"malformed YAML ({problem})") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None


def _parser_error(path: Path, exc: pd.errors.ParserError) -> InputError:
    text = " ".join(str(exc).split())
    counts = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if counts:
        expected, line, seen = counts.groups()
        return InputError(
            f"{path} line {line}", f"has {seen} cells but the header row has {expected}"
        )
    quote = re.search(r"EOF inside string starting at row (\d+)", text)
    if quote:  # pandas counts rows from 0 when the header is read as data
        line = int(quote[1]) + 1
        return InputError(f"{path} line {line}", 'a quote (") is opened but never closed')
    return InputError(str(path), f"malformed CSV ({text})")


def _multiline_cell(path: Path, cells: pd.DataFrame) -> InputError | None:
    """A quoted line break would shift every later line number: refuse it where it starts."""
    breaks = cells.apply(lambda col: col.str.contains("[\r\n]", regex=True)).to_numpy()
    if not breaks.any():
        return None
    # Rows before the first such cell are one line each, so its row is its line - 1.
    row, col = np.argwhere(breaks)[0]
    return InputError(
        f"{path} line {row + 1}",
        "a value runs over several lines (a line break inside quotes); put it on one line",
        field=str(cells.iat[0, col]) if row else None,
    )


def read_csv_text(path: Path, max_rows: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """All cells as stripped text, '' for empty cells; row i is line i + 2 of the file."""
    data = read_bytes(path, MAX_CSV_BYTES)
    # Counting lines is fast; parsing millions of rows is not (minutes, gigabytes).
    # Old Mac files end lines with a lone \r, which pandas also reads as a line break.
    lines = max(data.count(b"\n"), data.count(b"\r")) + (not data.endswith((b"\n", b"\r")))
    if lines > max_rows + 1:
        raise InputError(
            str(path),
            f"has {lines - 1} rows, more than the limit of {max_rows} for this file "
            "(see docs/input-format.md)",
        )
    try:
        # Read the header as data: pandas would otherwise turn a first column into the index,
        # silently shifting every value, when all rows have one cell more than the header.
        cells = pd.read_csv(
            io.BytesIO(data),
            header=None,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=False,
            encoding="utf-8",
        )
    except pd.errors.EmptyDataError:
        raise InputError(str(path), "file is empty (a header row is needed)") from None
    except pd.errors.ParserError as exc:
        raise _parser_error(path, exc) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    multiline = _multiline_cell(path, cells)
    if multiline is not None:
        raise multiline
    cells = cells.apply(lambda col: col.str.strip())
    blank = (cells == "").all(axis=1).to_numpy()
    if blank.all():
        raise InputError(str(path), "file is empty (a header row is needed)")
    # Trailing empty lines are harmless; one in the middle would shift later line numbers.
    cells = cells.iloc[: np.flatnonzero(~blank)[-1] + 1]
    inner = np.flatnonzero(blank[: len(cells)])
    if len(inner):
        raise InputError(f"{path} line {inner[0] + 1}", "empty line; delete it")
    header = list(cells.iloc[0])
    if "" in header:
        raise InputError(
            f"{path} line 1", f"column {header.index('') + 1} has no name in the header row"
        )
    duplicated = [name for i, name in enumerate(header) if name in header[:i]]
    if duplicated:
        raise InputError(str(path), "column appears twice", field=duplicated[0])
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame


def read_table(folder: Path, table: str) -> pd.DataFrame:
    path = folder / TABLES[table].file
    if not is_file(path):
        return empty_raw(table)
    frame = read_csv_text(path)
    check_columns(table, list(frame.columns), str(path))
    if table == "generators" and frame.empty:
        # Said here, or a later table (hydro_inflows.csv) would be blamed for naming plants. A
        # variant may still remove every plant: that is a study (all load unserved), not a typo.
        raise InputError(str(path), "has no generators (no rows)")
    frame[ORIGIN] = [f"{path} line {i + 2}" for i in range(len(frame))]
    return frame


def read_timeseries(path: Path, index_column: str, hourly: bool) -> pd.DataFrame:
    """Numeric columns indexed by UTC timestamps, checked to be regular and finite."""
    return timeseries_from_text(
        read_csv_text(path, MAX_SERIES_ROWS), str(path), index_column, hourly
    )


def timeseries_from_text(
    frame: pd.DataFrame,
    path: str,
    index_column: str,
    hourly: bool,
    row_where: Callable[[int], str] | None = None,
) -> pd.DataFrame:
    """`read_timeseries` of a text table already in memory; `row_where(i)` names row i (by
    default line i + 2 of the file `path`)."""
    row_where = row_where or (lambda row: f"{path} line {row + 2}")
    if len(frame.columns) == 0 or frame.columns[0] != index_column:
        raise InputError(path, f"the first column must be '{index_column}'")
    if len(frame) == 0:
        raise InputError(path, "has no rows")
    stamps = pd.to_datetime(frame[index_column], utc=True, errors="coerce", format="ISO8601")
    bad = np.flatnonzero(stamps.isna().to_numpy())
    if len(bad):
        row = bad[0]
        raise InputError(
            row_where(row),
            f"not an ISO 8601 time: {frame[index_column].iloc[row]!r}",
            field=index_column,
        )
    step = pd.Timedelta(hours=1) if hourly else pd.Timedelta(days=1)
    gaps = np.flatnonzero(stamps.diff().iloc[1:].to_numpy() != step)
    if len(gaps):
        row = gaps[0] + 1
        unit = "hour" if hourly else "day"
        raise InputError(
            row_where(row),
            f"must be one {unit} after the previous row ({frame[index_column].iloc[row - 1]} → "
            f"{frame[index_column].iloc[row]}); series must be {unit}ly with no gaps",
            field=index_column,
        )
    values = frame.drop(columns=index_column)
    numbers = values.apply(pd.to_numeric, errors="coerce")
    bad_cells = ~np.isfinite(numbers.to_numpy(dtype=float))
    if bad_cells.any():
        row, col = np.argwhere(bad_cells)[0]
        raise InputError(
            row_where(row),
            f"must be a finite number, got {values.iat[row, col]!r}",
            field=values.columns[col],
        )
    numbers.index = pd.DatetimeIndex(stamps, name=index_column)
    return numbers.astype(float)


def _probe(path: Path, test: Callable[[Path], bool]) -> bool:
    # Path.is_file and .exists raise PermissionError inside a folder that cannot be searched.
    try:
        return test(path)
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None


def is_file(path: Path) -> bool:
    """Path.is_file, but a folder that cannot be searched is one clear line, not a traceback."""
    return _probe(path, Path.is_file)


def exists(path: Path) -> bool:
    """Path.exists, but a folder that cannot be searched is one clear line, not a traceback."""
    return _probe(path, Path.exists)


def check_folder_files(folder: Path) -> None:
    """Refuse files a system does not read: a misspelt optional file would be silently ignored."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(str(folder), f"cannot read the folder ({exc.strerror or exc})") from None
    # Compare without case: 'Storage.csv' is as likely a typo as 'storage.cvs'.
    known = {name.lower(): name for name in (*KNOWN_FILES, *(f"{d}/" for d in KNOWN_FOLDERS))}
    for entry in entries:
        name = entry.name
        if name in KNOWN_FILES or name.startswith(".") or name.lower().startswith(NOTE_PREFIXES):
            continue
        if name in KNOWN_FOLDERS and entry.is_dir():
            continue
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.7)
        if close:
            hint = f"did you mean '{known[close[0]]}'?"
        elif entry.suffix in (".yaml", ".yml"):
            hint = "scenarios go in scenarios/ (with base: ..), sweep specifications in sweeps/"
        else:
            hint = (
                "a system folder holds only the files listed in docs/input-format.md "
                "(plus README*, docs/, scenarios/, sweeps/ and hidden files)"
            )
        raise InputError(str(entry), f"unknown file, never read; {hint}")


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256(read_bytes(folder / name, MAX_CSV_BYTES)).hexdigest()
        for name in sorted(KNOWN_FILES)
        if is_file(folder / name)
    }


def read_folder(folder: Path) -> RawSystem:
    try:
        if not folder.is_dir():
            raise InputError(str(folder), "no such system folder")
    except OSError as exc:
        raise InputError(str(folder), f"cannot read ({exc.strerror or exc})") from None
    check_folder_files(folder)
    yaml_path = folder / "system.yaml"
    settings = read_yaml(yaml_path)
    for required in ("generators.csv", "demand.csv"):
        if not is_file(folder / required):
            raise InputError(str(folder / required), "file not found (every system needs it)")
    tables = {table: read_table(folder, table) for table in READ_TABLES}
    timeseries: dict[str, pd.DataFrame | None] = {}
    for key, name in TIMESERIES_FILES.items():
        path = folder / name
        timeseries[key] = (
            read_timeseries(
                path, "date" if key == "gas_demand" else "timestamp", hourly=key != "gas_demand"
            )
            if is_file(path)
            else None
        )
    return RawSystem(
        folder=folder,
        settings=settings,
        settings_where=str(yaml_path),
        tables=tables,
        timeseries=timeseries,
        hashes=file_hashes(folder),
    )
