"""What every builder shares: paths, the build context and the writers of CSV and YAML files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from . import synthesis as syn
from .figures import Figures, SourceLog

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "powerpact" / "data"
OUT = DATA / "serbia-2025"
COSTS_CSV = DATA / "technology_costs.csv"
YEAR = 2025
SEED = 2025
ZONE = "RS"
HICP_YEARS = range(2016, 2026)


@dataclass(frozen=True)
class Context:
    """Inputs every builder may read: figures, the source log, the year's calendar, the seed."""

    out: Path
    seed: int
    figures: Figures
    log: SourceLog
    derived: syn.Derived
    hours: pd.DatetimeIndex
    timestamps: list[str]
    days: pd.DatetimeIndex

    @property
    def scenarios(self) -> Path:
        return self.out / "scenarios"


def make_context(out: Path, seed: int, figures: Figures, log: SourceLog) -> Context:
    hours = syn.hourly_index(YEAR)
    return Context(
        out=out,
        seed=seed,
        figures=figures,
        log=log,
        derived=syn.load_derived(),
        hours=hours,
        timestamps=syn.format_timestamps(hours),
        days=pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D"),
    )


def hicp_factor(figures: Figures, years: range = HICP_YEARS) -> float:
    """Euro-area price factor over ``years``: product of (1 + annual average inflation)."""
    rates_pct = [figures.value(f"hicp.inflation_{y}_pct") for y in years]
    return float(np.prod([1 + r / 100 for r in rates_pct]))


def eur2025(figures: Figures, key: str) -> float:
    """An EUR2015 figure in EUR2025, rounded to cents as written in the tables."""
    return round(figures.value(key) * hicp_factor(figures), 2)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def write_yaml(path: Path, data: dict[str, Any], header: str = "") -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        yaml.safe_dump(data, f, sort_keys=False, allow_unicode=True, width=100)
