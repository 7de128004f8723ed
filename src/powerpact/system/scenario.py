"""Scenario overlays: small edits (a scenario's YAML, or a variant made in Python) applied to a
base system before validation."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powerpact.system.errors import InputError
from powerpact.system.raw import RawSystem, as_text, is_file, read_timeseries, text_rows
from powerpact.system.settings import DemandChange, ScenarioSpec
from powerpact.system.tables import (
    EDITABLE_TABLES,
    MAX_POWER_MW,
    TABLES,
    check_columns,
    edit_origin,
)

# Rows that name a component of another table: removing the component removes them too, so a
# removal never leaves a row pointing at nothing (outages are handled alongside).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "generators": (("hydro_inflows", "generator"),),
    "gas_entries": (("gas_contracts", "entry"),),
}


def _table(raw: RawSystem, table: str, where: str) -> pd.DataFrame:
    if table not in EDITABLE_TABLES:
        raise InputError(where, f"unknown table {table!r} (tables: {', '.join(EDITABLE_TABLES)})")
    return raw.tables[table]


def _row_position(frame: pd.DataFrame, table: str, name: str, where: str) -> int:
    matches = (frame[TABLES[table].key] == name).to_numpy().nonzero()[0]
    if len(matches) == 0:
        raise InputError(where, f"no {table[:-1] if table.endswith('s') else table} named {name!r}")
    return int(matches[0])


def _merge(base: Any, change: Any) -> Any:
    if isinstance(base, dict) and isinstance(change, dict):
        merged = dict(base)
        for key, value in change.items():
            merged[key] = _merge(base.get(key), value)
        return merged
    return change


def _set(frame: pd.DataFrame, position: int, column: str, text: str, origin: str) -> None:
    """Set one cell and remember the edit that set it, for messages about its value."""
    for name, value in ((column, text), (edit_origin(column), origin)):
        if name not in frame.columns:
            frame[name] = ""
        frame.iloc[position, frame.columns.get_loc(name)] = value


def _remove(raw: RawSystem, removals: dict[str, list[str]], where: str) -> None:
    """Take out the named rows and every row that refers to them; all names are checked first,
    so that a component and a row referring to it can both be listed."""
    for table, names in removals.items():
        frame = _table(raw, table, f"{where}, remove")
        for name in names:
            _row_position(frame, table, name, f"{where}, remove.{table}")
    for table, names in removals.items():
        frame = raw.tables[table]
        raw.tables[table] = frame[~frame[TABLES[table].key].isin(names)]
        for other, column in REFERENCES.get(table, ()):
            rows = raw.tables[other]
            raw.tables[other] = rows[~rows[column].isin(names)]
        raw.outages = tuple(o for o in raw.outages if o.component not in names)


def _apply_rows(raw: RawSystem, spec: ScenarioSpec, where: str) -> None:
    _remove(raw, spec.remove, where)
    for table, rows in spec.add.items():
        frame = _table(raw, table, f"{where}, add")
        origins = [f"{where}, add.{table}[{i}]" for i in range(len(rows))]
        added = text_rows(table, rows, origins)
        raw.tables[table] = pd.concat([frame, added], ignore_index=True).fillna("")
    for table, changes in spec.modify.items():
        frame = _table(raw, table, f"{where}, modify").copy()
        for name, values in changes.items():
            origin = f"{where}, modify.{table}.{name}"
            position = _row_position(frame, table, name, origin)
            check_columns(table, [*values, *frame.columns], origin)
            for column, value in values.items():
                _set(frame, position, column, as_text(value), origin)
        raw.tables[table] = frame
    for table, changes in spec.scale.items():
        frame = _table(raw, table, f"{where}, scale").copy()
        for name, factors in changes.items():
            origin = f"{where}, scale.{table}.{name}"
            position = _row_position(frame, table, name, origin)
            for column, factor in factors.items():
                spec_column = TABLES[table].columns.get(column)
                if spec_column is None or spec_column.kind == "text":
                    raise InputError(origin, "not a numeric column", field=column)
                current = frame.iloc[position][column] if column in frame.columns else ""
                if as_text(current) == "":
                    raise InputError(origin, "has no value to scale", field=column)
                try:
                    scaled = float(current) * factor
                except ValueError:
                    raise InputError(origin, f"not a number: {current!r}", field=column) from None
                _set(frame, position, column, repr(scaled), origin)
        raw.tables[table] = frame


def _add_zones(raw: RawSystem, settings: dict[str, Any], zones: list[str], where: str) -> None:
    """New zones start with no demand: a column of zeros in demand.csv."""
    known = list(settings.get("zones") or [])
    for zone in zones:
        if zone in known or zones.count(zone) > 1:
            raise InputError(where, f"zone {zone!r} already exists", field="add_zones")
    settings["zones"] = [*known, *zones]
    demand = raw.timeseries["demand"]
    if demand is not None:
        raw.timeseries["demand"] = demand.assign(**dict.fromkeys(zones, 0.0))


def _add_profiles(raw: RawSystem, name: str, where: str, folder: Path) -> None:
    path = folder / name
    if not is_file(path):
        raise InputError(where, f"file not found: {path}", field="add_profiles_csv")
    extra = read_timeseries(path, "timestamp", hourly=True)
    profiles = raw.timeseries["profiles"]
    if profiles is None:
        raw.timeseries["profiles"] = extra
        return
    if not extra.index.equals(profiles.index):
        raise InputError(str(path), "timestamps must be those of the base profiles.csv")
    for column in extra.columns:
        if column in profiles.columns:
            raise InputError(str(path), "is already a column of profiles.csv", field=column)
    raw.timeseries["profiles"] = pd.concat([profiles, extra], axis=1)


def _apply_demand(raw: RawSystem, change: DemandChange, where: str, folder: Path) -> None:
    demand = raw.timeseries["demand"]
    if demand is None:
        return
    demand = demand.copy()
    zones = list(demand.columns)
    scale = change.scale if isinstance(change.scale, dict) else dict.fromkeys(zones, change.scale)
    for zone in {**scale, **change.add_mw}:
        if zone not in zones:
            raise InputError(f"{where}, demand", f"unknown zone {zone!r}", field=zone)
    for zone, factor in scale.items():
        demand[zone] *= factor
    for zone, extra_mw in change.add_mw.items():
        demand[zone] += extra_mw
    if change.add_profile_csv:
        path = folder / change.add_profile_csv
        if not is_file(path):
            raise InputError(f"{where}, demand.add_profile_csv", f"file not found: {path}")
        extra = read_timeseries(path, "timestamp", hourly=True)
        if not extra.index.equals(demand.index):
            raise InputError(str(path), "timestamps must be those of the base demand.csv")
        for zone in extra.columns:
            if zone not in zones:
                raise InputError(str(path), "not a zone of the base system", field=zone)
            demand[zone] += extra[zone]
    _check_edited_demand(raw.timeseries["demand"], demand, f"{where}, demand")
    raw.timeseries["demand"] = demand


def _check_edited_demand(base: pd.DataFrame, edited: pd.DataFrame, where: str) -> None:
    """Demand the scenario made negative or implausible is the scenario's fault, not demand.csv's.

    Hours already out of range in the base are left for the base file's own message.
    """

    def outside(frame: pd.DataFrame) -> np.ndarray:
        values = frame.to_numpy()
        return (values < 0) | (values > MAX_POWER_MW)

    caused = np.argwhere(outside(edited) & ~outside(base))
    if len(caused):
        row, col = caused[0]
        raise InputError(
            where,
            f"makes demand {edited.iat[row, col]:g} MW at {edited.index[row]}; it must be "
            f"between 0 and {MAX_POWER_MW:g} MW",
            field=str(edited.columns[col]),
        )


def apply_overlay(raw: RawSystem, spec: ScenarioSpec, where: str, folder: Path) -> RawSystem:
    """The raw base system with the overlay's edits; the base is left as it was.

    `where` names the overlay in error messages (its file, or the variant); files it names
    (demand.add_profile_csv) are read from `folder`.
    """
    settings = _merge(raw.settings, spec.settings) if spec.settings else raw.settings
    # One carbon price everywhere or prices by zone (system/carbon.py): the overlay that names
    # `carbon` without `co2_price_eur_per_t` chooses prices by zone, whatever the base set.
    if "carbon" in spec.settings and "co2_price_eur_per_t" not in spec.settings:
        settings = {k: v for k, v in settings.items() if k != "co2_price_eur_per_t"}
    edited = dataclasses.replace(
        raw,
        settings=settings,
        settings_where=f"{where} (settings on {raw.settings_where})"
        if spec.settings
        else raw.settings_where,
        tables=dict(raw.tables),
        timeseries=dict(raw.timeseries),
        hashes=dict(raw.hashes),
    )
    if spec.add_zones:
        edited.settings = dict(edited.settings)
        _add_zones(edited, edited.settings, spec.add_zones, where)
    if spec.add_profiles_csv:
        _add_profiles(edited, spec.add_profiles_csv, where, folder)
    _apply_rows(edited, spec, where)
    _apply_demand(edited, spec.demand, where, folder)
    # Outage indices in messages count in the combined list, named by the last overlay.
    edited.outages = (*edited.outages, *spec.outages)
    edited.outages_where = where
    return edited
