"""Write a `System` back out as a system folder that every command reads.

A System keeps the raw tables it was built from (scenario overlays and variants applied), so the
folder holds exactly what was validated: each table's text cells (without the origin column),
the time series it was given, and its settings. Scenario outages, which a system folder cannot
hold, go into `scenarios/outages.yaml` (base: ..) so that they are not lost.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from powerpact.system.errors import InputError
from powerpact.system.model import System
from powerpact.system.raw import READ_TABLES, TIMESERIES_FILES
from powerpact.system.tables import ORIGIN, TABLES


def _series_text(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Hourly series as ISO UTC timestamps, daily gas demand as dates, as the reader expects."""
    out = frame.copy()
    index = pd.DatetimeIndex(out.index)
    if key == "gas_demand":
        out.index = pd.Index(index.strftime("%Y-%m-%d"), name="date")
    else:
        out.index = pd.Index(
            index.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ"), name="timestamp"
        )
    return out


def write_system(system: System, folder: Path, name: str | None = None) -> None:
    """Write `system` into the new or empty `folder` (named `name`, default the system's)."""
    raw = system._raw
    if raw is None:
        raise InputError(system.name, "was not built from input tables, so cannot be written")
    folder.mkdir(parents=True, exist_ok=True)
    settings = {**raw.settings, "name": name or system.name}
    header = f"# Written by powerpact from {system.name}.\n"
    (folder / "system.yaml").write_text(
        header + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for table in READ_TABLES:
        frame = raw.tables.get(table)
        if frame is None or frame.empty:
            continue
        frame.drop(columns=[ORIGIN], errors="ignore").to_csv(
            folder / TABLES[table].file, index=False, lineterminator="\n"
        )
    for key, file in TIMESERIES_FILES.items():
        series = raw.timeseries.get(key)
        if series is not None:
            _series_text(series, key).to_csv(
                folder / file, lineterminator="\n", float_format="%.10g"
            )
    if raw.outages:
        (folder / "scenarios").mkdir(exist_ok=True)
        outages = [outage.model_dump(mode="json") for outage in raw.outages]
        (folder / "scenarios" / "outages.yaml").write_text(
            yaml.safe_dump({"name": "outages", "base": "..", "outages": outages}, sort_keys=False),
            encoding="utf-8",
        )
