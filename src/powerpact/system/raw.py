"""Reading a system folder into text tables and parsed time series, before validation.

Scenario overlays edit this raw form; `build.build_system` then validates the result, so a
scenario is checked exactly like a system.
"""

from __future__ import annotations

import hashlib
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
from powerpact.system.tables import EDITABLE_TABLES, ORIGIN, TABLES, check_columns, empty_raw

TIMESERIES_FILES = {
    "demand": "demand.csv",
    "profiles": "profiles.csv",
    "market_prices": "market_prices.csv",
    "gas_demand": "gas_demand.csv",
}


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


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise InputError(str(path), "file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
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


def read_csv_text(path: Path) -> pd.DataFrame:
    """All cells as stripped text, '' for empty cells; row i is line i + 2 of the file."""
    try:
        # Read the header as data: pandas would otherwise turn a first column into the index,
        # silently shifting every value, when all rows have one cell more than the header.
        cells = pd.read_csv(
            path,
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
    if not path.is_file():
        return empty_raw(table)
    frame = read_csv_text(path)
    check_columns(table, list(frame.columns), str(path))
    frame[ORIGIN] = [f"{path} line {i + 2}" for i in range(len(frame))]
    return frame


def read_timeseries(path: Path, index_column: str, hourly: bool) -> pd.DataFrame:
    """Numeric columns indexed by UTC timestamps, checked to be regular and finite."""
    return timeseries_from_text(read_csv_text(path), str(path), index_column, hourly)


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


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".csv", ".yaml", ".yml")
    }


def read_folder(folder: Path) -> RawSystem:
    if not folder.is_dir():
        raise InputError(str(folder), "no such system folder")
    yaml_path = folder / "system.yaml"
    settings = read_yaml(yaml_path)
    for required in ("generators.csv", "demand.csv"):
        if not (folder / required).is_file():
            raise InputError(str(folder / required), "file not found (every system needs it)")
    tables = {
        table: read_table(folder, table) for table in (*EDITABLE_TABLES, "hydro_inflows", "sources")
    }
    timeseries: dict[str, pd.DataFrame | None] = {}
    for key, name in TIMESERIES_FILES.items():
        path = folder / name
        timeseries[key] = (
            read_timeseries(
                path, "date" if key == "gas_demand" else "timestamp", hourly=key != "gas_demand"
            )
            if path.is_file()
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
