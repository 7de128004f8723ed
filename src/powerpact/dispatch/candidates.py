"""Candidate investments of a capacity expansion: the file format, its checks, the default set.

A candidates file is a CSV with one row per option:

| column | required | meaning |
|---|---|---|
| name | yes | unique name; a built option enters the expanded system under it |
| zone | yes | a zone of the system (an interconnector upgrade: either end of its link) |
| technology | yes | a row of `expansion_costs.csv` or battery, or firm (both costs given) |
| max_mw | yes | most that may be built (power, MW) |
| min_mw | no | least that must be built (forcing an option in), default 0 |
| duration_h | battery | hours of storage at full power (energy = duration × power) |
| link | interconnector | the interconnector upgraded (both directions by the same MW) |
| path | corridor | the transmission path (settings.paths) whose capacity right grows |
| profile | no | the profile column a wind or solar option follows (default: wind or solar) |
| annual_cost_eur_per_mw | no | replaces the annualised cost from the table (EUR per MW-year) |
| marginal_cost_eur_per_mwh | no | replaces the running cost computed from fuel, CO2 and O&M |

Annualised cost = capex × annuity factor (WACC, lifetime) + fixed O&M; a battery adds its
duration × energy capex × annuity factor (energy lifetime).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from powerpact.system import InputError, System
from powerpact.system.raw import read_csv_text

EXPANSION_COSTS = Path(__file__).resolve().parents[1] / "data" / "expansion_costs.csv"
COLUMNS = (
    "name",
    "zone",
    "technology",
    "max_mw",
    "min_mw",
    "duration_h",
    "link",
    "path",
    "profile",
    "annual_cost_eur_per_mw",
    "marginal_cost_eur_per_mwh",
)
REQUIRED = ("name", "zone", "technology", "max_mw")
# Technologies a candidate names that are not rows of the cost table: a battery is the table's
# battery_power and battery_energy; `firm` is any option whose costs the file gives.
BATTERY, FIRM = "battery", "firm"
# Default candidate sizes, relative to the zone's peak demand: large enough never to bind the
# optimum on a realistic system, small enough to keep the LP well scaled.
DEFAULT_SHARE_OF_PEAK = {
    "ccgt": 1.0,
    "ocgt": 1.0,
    "engine": 1.0,
    "onwind": 2.0,
    "solar": 2.0,
    "battery": 0.5,
    "demand_response": 0.05,
}
DEFAULT_BATTERY_HOURS = (2.0, 4.0, 8.0)
DEFAULT_WACC = 0.07  # as the appraisal's default discount rate (economics/options.py)


@cache
def cost_table(path: Path = EXPANSION_COSTS) -> pd.DataFrame:
    """The shipped expansion cost table, indexed by technology (EUR2025)."""
    return pd.read_csv(path, keep_default_na=False).set_index("technology")


def annuity_factor(wacc: float, lifetime_yr: float) -> float:
    """Share of an investment paid each year over its lifetime at `wacc` (capital recovery)."""
    if wacc == 0:
        return 1.0 / lifetime_yr
    return wacc / (1.0 - (1.0 + wacc) ** -lifetime_yr)


def annual_cost_eur_per_mw(technology: str, wacc: float, duration_h: float = 0.0) -> float:
    """Annualised investment plus fixed O&M of one MW of `technology` (a battery: of one MW with
    `duration_h` hours of energy)."""
    table = cost_table()
    row = table.loc["battery_power" if technology == BATTERY else technology]
    per_kw = float(row["capex_eur_per_kw"] or 0.0) * annuity_factor(
        wacc, float(row["lifetime_yr"])
    ) + float(row["fixed_om_eur_per_kw_yr"] or 0.0)
    if technology == BATTERY:
        energy = table.loc["battery_energy"]
        per_kw += (
            duration_h
            * float(energy["capex_eur_per_kwh"])
            * annuity_factor(wacc, float(energy["lifetime_yr"]))
        )
    return 1000.0 * per_kw


@dataclass(frozen=True)
class Candidates:
    """Validated options, one row each, indexed by name; columns as `COLUMNS` plus `kind`
    (thermal, renewable, storage, demand_response, interconnector, extension, firm) and the
    annualised `annual_cost_eur_per_mw` filled in."""

    table: pd.DataFrame
    wacc: float

    def __len__(self) -> int:
        return len(self.table)


def _kind(technology: str) -> str:
    if technology == BATTERY:
        return "storage"
    if technology == FIRM:
        return "firm"
    return str(cost_table().at[technology, "kind"])


def _number(text: str, where: str, column: str, low: float = 0.0) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(where, f"must be a number, got {text!r}", field=column) from None
    if not math.isfinite(value) or value < low:
        raise InputError(where, f"must be a finite number >= {low:g}, got {text!r}", field=column)
    return value


def _check_row(system: System, row: pd.Series, where: str) -> dict[str, object]:
    zones, links = list(system.settings.zones), system.interconnectors
    technology = str(row["technology"]).lower()
    known = {*cost_table().index, BATTERY, FIRM} - {"battery_power", "battery_energy"}
    if technology not in known:
        raise InputError(
            where,
            f"unknown technology {technology!r} (known: {', '.join(sorted(known))})",
            field="technology",
        )
    zone = str(row["zone"])
    if zone not in zones:
        raise InputError(where, f"no zone {zone!r} in {system.name}", field="zone")
    maximum = _number(str(row["max_mw"]), where, "max_mw")
    minimum = _number(str(row.get("min_mw") or 0), where, "min_mw")
    if minimum > maximum:
        raise InputError(where, f"is above max_mw ({maximum:g})", field="min_mw")
    duration = 0.0
    if technology == BATTERY:
        if not str(row.get("duration_h") or ""):
            raise InputError(where, "a battery needs its duration in hours", field="duration_h")
        duration = _number(str(row["duration_h"]), where, "duration_h", low=0.01)
    link = str(row.get("link") or "")
    if technology == "interconnector":
        if link not in links.index:
            raise InputError(where, f"no interconnector {link!r}", field="link")
        if zone not in (links.at[link, "from_zone"], links.at[link, "to_zone"]):
            raise InputError(where, f"{link} does not touch zone {zone!r}", field="zone")
    path = str(row.get("path") or "")
    if technology == "corridor" and path not in system.settings.paths:
        raise InputError(where, f"no path {path!r} in {system.name}", field="path")
    profile = str(row.get("profile") or "")
    if technology in ("onwind", "solar"):
        profile = profile or ("wind" if technology == "onwind" else "solar")
        if profile not in system.profiles.columns:
            raise InputError(where, f"no profile {profile!r} in {system.name}", field="profile")
    given = {
        column: _number(str(row[column]), where, column)
        for column in ("annual_cost_eur_per_mw", "marginal_cost_eur_per_mwh")
        if str(row.get(column) or "")
    }
    if technology == FIRM and len(given) < 2:
        raise InputError(
            where, "a firm option needs both of its costs", field="annual_cost_eur_per_mw"
        )
    return {
        "name": str(row["name"]),
        "zone": zone,
        "technology": technology,
        "kind": _kind(technology),
        "max_mw": maximum,
        "min_mw": minimum,
        "duration_h": duration,
        "link": link,
        "path": path,
        "profile": profile,
        **given,
    }


def candidates_from_rows(
    system: System, rows: pd.DataFrame, where: str, wacc: float = DEFAULT_WACC
) -> Candidates:
    """Check text rows (as read from a file; row i is named `where line i + 2`)."""
    missing = [c for c in REQUIRED if c not in rows.columns]
    if missing:
        raise InputError(where, "column missing", field=missing[0])
    unknown = [c for c in rows.columns if c not in COLUMNS]
    if unknown:
        raise InputError(where, f"unknown column (known: {', '.join(COLUMNS)})", field=unknown[0])
    records, seen = [], set()
    for i, (_, row) in enumerate(rows.iterrows()):
        line = f"{where} line {i + 2}"
        for column in REQUIRED:
            if not str(row[column]):
                raise InputError(line, "required", field=column)
        if row["name"] in seen:
            raise InputError(line, f"name {row['name']!r} appears twice", field="name")
        seen.add(row["name"])
        records.append(_check_row(system, row, line))
    table = pd.DataFrame.from_records(records, columns=[*COLUMNS, "kind"]).set_index("name")
    computed = [
        annual_cost_eur_per_mw(t, wacc, d) if t != FIRM else math.nan
        for t, d in zip(table["technology"], table["duration_h"], strict=True)
    ]
    table["annual_cost_eur_per_mw"] = table["annual_cost_eur_per_mw"].fillna(
        pd.Series(computed, index=table.index)
    )
    return Candidates(table, wacc)


def read_candidates(system: System, path: Path, wacc: float = DEFAULT_WACC) -> Candidates:
    """A candidates CSV file, checked against `system` (one-line errors naming row and field)."""
    if not path.is_file():
        raise InputError(str(path), "file not found")
    return candidates_from_rows(system, read_csv_text(path), str(path), wacc)


def default_rows(system: System) -> pd.DataFrame:
    """A sensible default set for any number of zones: in each zone gas CCGT, OCGT and engines,
    wind and solar where the system has those profiles, batteries of 2, 4 and 8 hours and demand
    response, each up to a share of the zone's peak demand; every border between two zones
    upgradable by up to its present capacity. A link to a price-taking market is not upgraded by
    default: its price is a fixed input that would not survive the extra trade (the reason the
    expansion caps net exports), so a larger link would import at a price no market would hold.
    A candidates file can still offer one."""
    rows: list[dict[str, object]] = []
    peak = system.demand[list(system.settings.zones)].max()
    for zone in system.settings.zones:
        if float(peak[zone]) <= 0:
            continue  # an export-only zone (AZ in the green corridor) builds nothing for itself
        for tech in ("ccgt", "ocgt", "engine", "onwind", "solar", "demand_response"):
            profile = {"onwind": "wind", "solar": "solar"}.get(tech)
            if profile is not None and profile not in system.profiles.columns:
                continue
            size = DEFAULT_SHARE_OF_PEAK[tech] * float(peak[zone])
            rows.append(
                {"name": f"{tech}-{zone}", "zone": zone, "technology": tech, "max_mw": size}
            )
        for hours in DEFAULT_BATTERY_HOURS:
            rows.append(
                {
                    "name": f"battery-{hours:g}h-{zone}",
                    "zone": zone,
                    "technology": BATTERY,
                    "max_mw": DEFAULT_SHARE_OF_PEAK[BATTERY] * float(peak[zone]),
                    "duration_h": hours,
                }
            )
    links = system.interconnectors
    for name, link in links.iterrows():
        ends = (link["from_zone"], link["to_zone"])
        if any(peak.get(end, 1.0) <= 0 for end in ends):
            continue  # an export-only zone's link (the Black Sea cable) is no border line
        if any(end in system.settings.markets for end in ends):
            continue
        zone = link["from_zone"] if link["from_zone"] in system.settings.zones else link["to_zone"]
        size = float(max(link["capacity_mw"], link["capacity_reverse_mw"]))
        rows.append(
            {
                "name": f"upgrade-{name}",
                "zone": zone,
                "technology": "interconnector",
                "max_mw": size,
                "link": name,
            }
        )
    rows += corridor_rows(system)
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).astype(object)
    return frame.where(frame.notna(), "").map(_text)


def corridor_rows(system: System) -> list[dict[str, object]]:
    """A larger share of each transmission path (the green corridor's AZ→RO→RS right), in its
    destination zone, up to what its tightest leg has left for other trade."""
    from powerpact.system.paths import reserved_mw

    links, rows = system.interconnectors, []
    legs_of = system.path_legs
    forward, reverse = reserved_mw(system.settings, links, legs_of)
    left = {
        True: pd.Series(links["capacity_mw"].to_numpy(float) - forward, index=links.index),
        False: pd.Series(links["capacity_reverse_mw"].to_numpy(float) - reverse, index=links.index),
    }
    for name, legs in legs_of.items():
        spare = min(float(left[leg.forward][leg.link]) for leg in legs)
        rows.append(
            {
                "name": f"corridor-{name}",
                "zone": system.settings.paths[name].zones[-1],
                "technology": "corridor",
                "max_mw": max(spare, 0.0),
                "path": name,
            }
        )
    return rows


def _text(value: object) -> str:
    if isinstance(value, float):
        return repr(value) if not np.isnan(value) else ""
    return str(value)


def default_candidates(system: System, wacc: float = DEFAULT_WACC) -> Candidates:
    return candidates_from_rows(system, default_rows(system), "default candidates", wacc)
