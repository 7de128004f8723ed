"""The sourced figures the build reads, and the log that becomes the system's ``sources.csv``.

``figures.csv`` holds one row per figure: ``key,value,unit,year,source,note``. ``source`` is a key
of ``sources.csv`` (source key -> citation). A row with an empty ``value`` cites a number the
build computes (a conversion, a share of a total, a value read from the derived tables); the
build supplies the value with :meth:`Figure.derive`. Notes may hold ``{name}`` fields that the
build fills with the computed numbers they quote.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
FIGURES_CSV = HERE / "figures.csv"
SOURCES_CSV = HERE / "sources.csv"

Number = int | float
_INTEGER = re.compile(r"-?\d+")


class MissingFigureError(KeyError):
    """The build asked for a figure that ``figures.csv`` does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Figure:
    """One sourced number: its value, unit, the year it refers to, its source key and a note."""

    key: str
    value: Number | None
    unit: str
    year: int | str
    source: str
    note: str

    @property
    def number(self) -> Number:
        """The value; an error names the key when the CSV leaves it to the build."""
        if self.value is None:
            raise ValueError(f"figure '{self.key}' has no value in figures.csv: derive() it")
        return self.value

    def derive(self, value: Number, unit: str | None = None, **note_fields: Any) -> Figure:
        """This citation for a value computed by the build, its note filled with ``note_fields``."""
        note = self.note.format(**note_fields) if note_fields else self.note
        return replace(self, value=value, unit=self.unit if unit is None else unit, note=note)

    def with_note(self, **note_fields: Any) -> Figure:
        """This figure with the ``{name}`` fields of its note filled in."""
        return self.derive(self.number, **note_fields)


def _parse_value(text: str) -> Number | None:
    # Integers stay integers: counts and hours are written without a decimal point.
    if text == "":
        return None
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def _parse_year(text: str) -> int | str:
    return int(text) if text.isdigit() else text


@dataclass
class Figures:
    """The figures by key; remembers which keys the build used, to find orphans."""

    by_key: dict[str, Figure]
    path: Path = FIGURES_CSV
    used: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Figure:
        if key not in self.by_key:
            raise MissingFigureError(f"figure '{key}' is not in {self.path}")
        self.used.add(key)
        return self.by_key[key]

    def __contains__(self, key: str) -> bool:
        return key in self.by_key

    def value(self, key: str) -> Number:
        """The number of a figure that has one."""
        return self[key].number

    def unused(self) -> list[str]:
        """Keys of the CSV that the build never asked for."""
        return sorted(set(self.by_key) - self.used)


def load_figures(path: Path = FIGURES_CSV) -> Figures:
    """Read ``figures.csv``; duplicate keys are an error."""
    by_key: dict[str, Figure] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = row["key"]
            if key in by_key:
                raise ValueError(f"figure '{key}' appears twice in {path}")
            by_key[key] = Figure(
                key=key,
                value=_parse_value(row["value"]),
                unit=row["unit"],
                year=_parse_year(row["year"]),
                source=row["source"],
                note=row["note"],
            )
    return Figures(by_key, path)


def load_citations(path: Path = SOURCES_CSV) -> dict[str, str]:
    """Source key -> citation text."""
    with open(path, encoding="utf-8", newline="") as f:
        return {row["key"]: row["citation"] for row in csv.DictReader(f)}


@dataclass
class SourceLog:
    """Rows of the system's ``sources.csv``: every number written, with its citation."""

    citations: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: str, figure: Figure) -> Number:
        """Record ``figure`` as the source of ``item`` (``file:row:column``); return its value."""
        if figure.source not in self.citations:
            raise KeyError(f"figure '{figure.key}' names unknown source '{figure.source}'")
        self.rows.append(
            {
                "item": item,
                "value": figure.number,
                "unit": figure.unit,
                "year": figure.year,
                "source": self.citations[figure.source],
                "note": figure.note,
            }
        )
        return figure.number

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["item", "value", "unit", "year", "source", "note"])
