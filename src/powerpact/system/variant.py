"""Variants of a `System`, made in memory and validated by the same rules as files.

A `System` keeps the raw tables it was built from. A variant edits those (with a scenario overlay:
the keys of a scenario's YAML) and builds a new `System` through `build_system`, so a variant is
checked exactly like a scenario file, and its error messages name the variant
(`variant of nis-ccgt, remove.generators: ...`). Removing a component removes every row that
refers to it: a plant's hydro inflows, a gas entry's contracts, outages of either.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from powerpact.system.build import build_system
from powerpact.system.errors import InputError
from powerpact.system.model import ScenarioInfo, System
from powerpact.system.raw import RawSystem
from powerpact.system.scenario import apply_overlay
from powerpact.system.settings import Outage, parse_scenario

# Keys that describe a scenario rather than edit it: given, the variant is a new scenario.
_IDENTITY_KEYS = ("name", "description", "assumptions")


def variant(
    system: System,
    overlay: Mapping[str, Any],
    *,
    origin: str | None = None,
    folder: Path | None = None,
) -> System:
    """`system` with `overlay` applied: a mapping with the keys of a scenario YAML (settings, add,
    remove, modify, scale, demand, outages; optionally name, description, assumptions).

    `origin` names the variant in error messages (default `variant of <system name>`); files the
    overlay names (demand.add_profile_csv) are read relative to `folder` (default: the current
    directory). Without a name the variant keeps the system's name and scenario description.
    """
    raw, scenario = _overlaid(system, overlay, origin, folder)
    return build_system(raw, scenario)


def _overlaid(
    system: System, overlay: Mapping[str, Any], origin: str | None, folder: Path | None
) -> tuple[RawSystem, ScenarioInfo | None]:
    """`system`'s input tables with `overlay` applied, and the variant's scenario."""
    where = origin or f"variant of {system.name}"
    if "base" in overlay:
        raise InputError(where, "a variant's base is the System it is made from", field="base")
    spec = parse_scenario({"name": system.name, **overlay}, where)
    raw = apply_overlay(_raw_of(system), spec, where, folder or Path())
    raw.hashes[where] = _overlay_hash(overlay)
    scenario = system.scenario
    if any(key in overlay for key in _IDENTITY_KEYS):
        scenario = ScenarioInfo(
            spec.name, spec.description, tuple(spec.assumptions), where, system.name
        )
    return raw, scenario


def without(system: System, table: str, names: Iterable[str]) -> System:
    """`system` less the named rows of `table` and every row that refers to them."""
    return variant(system, {"remove": {table: list(names)}})


def with_outages(system: System, outages: Iterable[Mapping[str, Any]]) -> System:
    """`system` with more scenario outages, each a mapping of component, start and days."""
    return variant(system, {"outages": [dict(o) for o in outages]})


def without_outages(system: System, tables: Iterable[str] | None = None) -> System:
    """`system` with its scenario outages of components in `tables` (default: all) removed;
    `system` itself when it has none."""
    chosen = (
        system.outages if tables is None else system.outages[system.outages["table"].isin(tables)]
    )
    dropped = set(chosen["component"])
    if not dropped:
        return system
    raw = _raw_of(system)
    kept = tuple(o for o in raw.outages if o.component not in dropped)
    return _rebuilt(system, dataclasses.replace(raw, outages=kept))


def first_hours(system: System, hours: int) -> System:
    """`system` on its first `hours` hours (and the gas days they touch). Outages that start after
    the cut are dropped: they would change nothing."""
    if hours < 1:
        raise InputError(f"variant of {system.name}", "must be at least 1 hour", field="hours")
    return window(system, 0, hours)


def window(system: System, begin: int, end: int) -> System:
    """`system` on its hours `begin` .. `end` − 1 (and the gas days they touch), as a rolling
    horizon solves it. Outages wholly outside the window are dropped: they would change nothing."""
    if not 0 <= begin < end:
        raise InputError(f"variant of {system.name}", "needs 0 <= begin < end", field="hours")
    if begin == 0 and end >= system.n_hours:
        return system
    raw = _raw_of(system)
    first, last = system.snapshots[begin], system.snapshots[min(end, system.n_hours) - 1]
    series = {
        key: frame.iloc[begin:end] if frame is not None and key != "gas_demand" else frame
        for key, frame in raw.timeseries.items()
    }
    kept = tuple(o for o in raw.outages if _overlaps(o, first, last))
    return _rebuilt(system, dataclasses.replace(raw, timeseries=series, outages=kept))


def _overlaps(outage: Outage, first: pd.Timestamp, last: pd.Timestamp) -> bool:
    start = _utc(outage.start)
    return start <= last and start + pd.Timedelta(days=outage.days) > first


def scaled(
    system: System,
    *,
    market_prices: float = 1.0,
    hydro_energy: float = 1.0,
    settings: Mapping[str, Any] | None = None,
) -> System:
    """`system` with every neighbour market's hourly price and every reservoir plant's monthly
    energy multiplied by a factor: sensitivities no overlay key reaches, validated again.
    `settings` as `with_series` takes them."""
    # A factor of 1 leaves its series as it is (rewriting the inflow table costs time).
    return with_series(
        system,
        market_prices=system.market_prices * market_prices if market_prices != 1.0 else None,
        hydro_inflows=system.hydro_inflows * hydro_energy if hydro_energy != 1.0 else None,
        note=f"market_prices x{market_prices:g}, hydro_energy x{hydro_energy:g}",
        settings=settings,
    )


def with_series(
    system: System,
    *,
    demand: pd.DataFrame | None = None,
    profiles: pd.DataFrame | None = None,
    market_prices: pd.DataFrame | None = None,
    hydro_inflows: pd.DataFrame | None = None,
    gas_demand: pd.DataFrame | None = None,
    note: str = "series replaced",
    settings: Mapping[str, Any] | None = None,
) -> System:
    """`system` with whole series replaced (hourly frames as the System holds them; daily gas
    demand by zone; hydro inflows as its generator × month table), validated again like the
    files they replace. `settings` (an overlay's settings, which touch no series) are applied in
    the same rebuild: a price sensitivity's member validated once instead of twice."""
    raw, scenario = (
        _overlaid(system, {"settings": settings}, None, None)
        if settings
        else (_raw_of(system), system.scenario)
    )
    series = dict(raw.timeseries)
    for key, frame in (
        ("demand", demand),
        ("profiles", profiles),
        ("market_prices", market_prices),
        ("gas_demand", gas_demand),
    ):
        if frame is not None:
            series[key] = frame.copy()
    tables = dict(raw.tables)
    if hydro_inflows is not None:
        rows = tables["hydro_inflows"].copy()
        rows["energy_mwh"] = [
            "" if text == "" else repr(float(hydro_inflows.at[name, int(month)]))
            for name, month, text in zip(
                rows["generator"], rows["month"], rows["energy_mwh"], strict=True
            )
        ]
        tables["hydro_inflows"] = rows
    hashes = {**raw.hashes, f"series variant of {system.name}": note}
    return build_system(
        dataclasses.replace(raw, timeseries=series, tables=tables, hashes=hashes), scenario
    )


def _rebuilt(system: System, raw: RawSystem) -> System:
    return build_system(raw, system.scenario)


def _raw_of(system: System) -> RawSystem:
    if system._raw is None:
        raise InputError(
            system.name, "was not built from input tables (powerpact.load), so has no variants"
        )
    return system._raw


def _utc(value: object) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _overlay_hash(overlay: Mapping[str, Any]) -> str:
    """Recorded with the input files' hashes, so a variant's outputs say what made them."""
    text = json.dumps(overlay, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
