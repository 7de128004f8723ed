"""The build of the embedded Serbia default: its figures CSV and byte-identical output.

The build code lives in ``scripts/serbia_default`` (put on ``sys.path`` by ``conftest.py``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from serbia_default.build import build
from serbia_default.figures import (
    FIGURES_CSV,
    Figures,
    MissingFigureError,
    load_citations,
    load_figures,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "powerpact" / "data"
SHIPPED = DATA / "serbia-2025"


@dataclass(frozen=True)
class Rebuild:
    folder: Path
    costs: Path
    figures: Figures


@pytest.fixture(scope="module")
def rebuild(tmp_path_factory: pytest.TempPathFactory) -> Rebuild:
    """One full rebuild into a temporary folder (under a second on a laptop)."""
    tmp = tmp_path_factory.mktemp("serbia-default")
    figures = load_figures()
    folder = tmp / "serbia-2025"
    costs = tmp / "technology_costs.csv"
    build(folder, costs_path=costs, figures=figures)
    return Rebuild(folder, costs, figures)


def _figure_rows() -> list[dict[str, str]]:
    with open(FIGURES_CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_build_reproduces_shipped_folder(rebuild: Rebuild) -> None:
    """Every file the build writes is byte-identical to the shipped one.

    A full rebuild takes under a second, so all files are compared, not a subset. Files in the
    shipped folder that the build does not write (e.g. ``sweeps/``) belong to other tools.
    """
    built = sorted(p for p in rebuild.folder.rglob("*") if p.is_file())
    assert len(built) == 24
    different = [
        str(p.relative_to(rebuild.folder))
        for p in built
        if (SHIPPED / p.relative_to(rebuild.folder)).read_bytes() != p.read_bytes()
    ]
    assert not different, different
    assert rebuild.costs.read_bytes() == (DATA / "technology_costs.csv").read_bytes()


def test_every_figure_has_a_source_and_year() -> None:
    citations = load_citations()
    for row in _figure_rows():
        assert row["source"].strip(), row["key"]
        assert row["year"].strip(), row["key"]
        assert row["source"] in citations, (row["key"], row["source"])


def test_every_figure_is_used(rebuild: Rebuild) -> None:
    assert rebuild.figures.unused() == []


def test_missing_figure_is_named(tmp_path: Path) -> None:
    figures = load_figures()
    del figures.by_key["generators.tent-a1.capacity_mw"]
    message = re.escape("'generators.tent-a1.capacity_mw' is not in")
    with pytest.raises(MissingFigureError, match=message):
        build(tmp_path / "out", costs_path=None, figures=figures)


def test_computed_figure_without_value_is_named() -> None:
    figure = load_figures()["hydro.total_conventional_mwh"]
    with pytest.raises(ValueError, match=re.escape("'hydro.total_conventional_mwh' has no value")):
        _ = figure.number
    assert figure.derive(1.0).number == 1.0


def test_duplicate_figure_keys_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    row = "demand.noise_scale,0.6,-,2025,ASSUMPTION,note\n"
    path.write_text("key,value,unit,year,source,note\n" + row + row, encoding="utf-8")
    with pytest.raises(ValueError, match="appears twice"):
        load_figures(path)
