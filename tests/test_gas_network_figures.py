"""Shape of the sourced gas-network figures (scripts/gas_network/figures.csv, issue 16).

Every row has a value, a unit, a year and either a source or the word UNSOURCED; a figure
appears once per key and direction.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

FIGURES = Path(__file__).resolve().parents[1] / "scripts" / "gas_network" / "figures.csv"
COLUMNS = ["key", "value", "unit", "year", "direction", "source", "licence", "note"]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with FIGURES.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_table_is_not_empty(rows: list[dict[str, str]]) -> None:
    assert len(rows) > 50


def test_every_row_has_a_numeric_value_unit_and_year(rows: list[dict[str, str]]) -> None:
    for row in rows:
        float(row["value"])  # raises on an empty or non-numeric value
        assert row["unit"].strip(), row["key"]
        assert 1990 <= int(row["year"]) <= 2035, row["key"]


def test_every_row_has_a_source_or_says_unsourced(rows: list[dict[str, str]]) -> None:
    for row in rows:
        source = row["source"].strip()
        assert source, row["key"]
        if source == "UNSOURCED":
            # An unsourced figure is a best estimate: the note must say why.
            assert row["note"].startswith("UNSOURCED"), row["key"]
        else:
            assert "http" in source or "@" in source, row["key"]
            assert row["licence"].strip(), row["key"]


def test_no_duplicate_key_and_direction(rows: list[dict[str, str]]) -> None:
    counts = Counter((row["key"], row["direction"]) for row in rows)
    assert [pair for pair, n in counts.items() if n > 1] == []
