"""Plant cost data: the shipped technology table, the generator → technology mapping, overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd

from powerpact.economics.options import AppraisalOptions
from powerpact.system import InputError

TECHNOLOGY_COSTS = Path(__file__).resolve().parents[1] / "data" / "technology_costs.csv"


@dataclass(frozen=True)
class PlantCosts:
    """Cost data of one technology, in EUR of the study's price year."""

    technology: str
    capex_eur_per_kw: float
    fixed_om_eur_per_kw_year: float
    variable_om_eur_per_mwh: float
    lifetime_years: int
    construction_years: int
    efficiency: float


@cache
def technology_table(path: Path = TECHNOLOGY_COSTS) -> pd.DataFrame:
    """The technology cost table indexed by lower-case technology name."""
    if not path.exists():
        raise InputError(str(path), "technology cost table is missing")
    table = pd.read_csv(path)
    table["technology"] = table["technology"].str.strip().str.lower()
    return table.set_index("technology")


def technology_costs(technology: str, path: Path = TECHNOLOGY_COSTS) -> PlantCosts:
    table = technology_table(path)
    key = technology.lower()
    if key not in table.index:
        known = ", ".join(sorted(table.index))
        raise InputError(str(path), f"no cost data for technology {technology!r} (known: {known})")
    row = table.loc[key]
    return PlantCosts(
        technology=key,
        capex_eur_per_kw=float(row["overnight_capex_eur_per_kw"]),
        fixed_om_eur_per_kw_year=float(row["fixed_om_eur_per_kw_yr"]),
        variable_om_eur_per_mwh=float(row["variable_om_eur_per_mwh"]),
        lifetime_years=int(row["lifetime_yr"]),
        construction_years=int(row["construction_yr"]),
        efficiency=float(row["efficiency"]),
    )


def technology_of(plant: str, options: AppraisalOptions) -> str:
    """`options.technology` if given, else a design word in the generator's name: a name
    containing `ocgt` or `ccgt` as a word (nis-ocgt, nis-ccgt) maps to that technology."""
    if options.technology:
        return options.technology.lower()
    words = set(re.split(r"[^a-z0-9]+", plant.lower()))
    for design in ("ocgt", "ccgt", "lignite"):
        if design in words:
            return design
    raise InputError(
        "appraisal",
        f"cannot tell the technology of {plant!r} from its name; "
        "set options.technology (e.g. 'ccgt' or 'ocgt')",
        field="technology",
    )


def with_overrides(costs: PlantCosts, options: AppraisalOptions) -> PlantCosts:
    """Replace table values by the options that are set."""
    names = (
        "capex_eur_per_kw",
        "fixed_om_eur_per_kw_year",
        "variable_om_eur_per_mwh",
        "lifetime_years",
        "construction_years",
    )
    changes = {n: getattr(options, n) for n in names if getattr(options, n) is not None}
    return replace(costs, **changes)
