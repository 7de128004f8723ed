"""The gas system: ``gas_entries.csv``, ``gas_contracts.csv``, ``gas_storage.csv``,
``gas_demand.csv``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import ZONE, Context, write_csv
from .demand import Weather
from .figures import Figure

DAYS_PER_YEAR = 365


def _entry_capacity(ctx: Context, name: str) -> Figure:
    """Daily entry capacity; routes sourced as annual volumes are spread over the year."""
    f = ctx.figures
    if name == "balkan-stream-zajecar":
        annual = f[f"gas_entries.{name}.capacity_mcm_per_yr"]
        return annual.derive(round(annual.number / DAYS_PER_YEAR, 2), unit="mcm/day")
    if name == "domestic-production":
        annual = f[f"gas_entries.{name}.annual_mcm"]
        return annual.derive(round(annual.number / DAYS_PER_YEAR, 3), unit="mcm/day")
    return f[f"gas_entries.{name}.capacity_mcm_per_day"]


# (entry, kind, supplier, key of its outage rate)
ENTRIES = [
    (
        "balkan-stream-zajecar",
        "pipeline",
        "Gazprom",
        "gas_entries.balkan-stream-zajecar.outage_rate_per_year",
    ),
    ("ibs-dimitrovgrad", "pipeline", "SOCAR", "gas_entries.pipeline.outage_rate_per_year"),
    ("horgos-reverse", "pipeline", "spot (Hungary)", "gas_entries.pipeline.outage_rate_per_year"),
    (
        "domestic-production",
        "production",
        "NIS",
        "gas_entries.domestic-production.outage_rate_per_year",
    ),
]


def _entry_row(
    ctx: Context, name: str, kind: str, supplier: str, outage_key: str
) -> dict[str, Any]:
    def cell(column: str, figure: Figure) -> float:
        return ctx.log.add(f"gas_entries.csv:{name}:{column}", figure)

    return {
        "name": name,
        "zone": ZONE,
        "kind": kind,
        "capacity_mcm_per_day": cell("capacity_mcm_per_day", _entry_capacity(ctx, name)),
        "supplier": supplier,
        "outage_rate_per_year": cell("outage_rate_per_year", ctx.figures[outage_key]),
        "outage_duration_days": cell(
            "outage_duration_days", ctx.figures["gas_entries.outage_duration_days"]
        ),
    }


def build_gas_entries(ctx: Context) -> pd.DataFrame:
    """Write ``gas_entries.csv``: pipelines into Serbia and domestic production."""
    entries = pd.DataFrame([_entry_row(ctx, *entry) for entry in ENTRIES])
    write_csv(entries, ctx.out / "gas_entries.csv")
    return entries


def russian_price(ctx: Context) -> Figure:
    """Gazprom contract price: mean of the winter and summer 2025 prices, per MWh."""
    f = ctx.figures
    per_1000m3 = (
        f.value("gas.russian_price_winter_eur_per_1000m3")
        + f.value("gas.russian_price_summer_eur_per_1000m3")
    ) / 2
    eur_per_mwh = round(per_1000m3 / f.value("system.gas.energy_mwh_per_mcm") * 1000, 2)
    return f["gas_contracts.gazprom-srbijagas.price_eur_per_mwh_th"].derive(eur_per_mwh)


# (contract, supplier, entry)
CONTRACTS = [
    ("gazprom-srbijagas", "Gazprom", "balkan-stream-zajecar"),
    ("socar-srbijagas", "SOCAR", "ibs-dimitrovgrad"),
]


def build_gas_contracts(ctx: Context) -> pd.DataFrame:
    """Write ``gas_contracts.csv``. The SOCAR price is left empty (UNSOURCED): the gas fuel price
    applies."""
    rows = []
    for name, supplier, entry in CONTRACTS:
        price_key = f"gas_contracts.{name}.price_eur_per_mwh_th"
        price = russian_price(ctx) if name == "gazprom-srbijagas" else ctx.figures[price_key]
        row: dict[str, Any] = {"name": name, "supplier": supplier, "entry": entry}
        for column in ("annual_max_mcm", "annual_min_mcm"):
            row[column] = ctx.log.add(
                f"gas_contracts.csv:{name}:{column}", ctx.figures[f"gas_contracts.{name}.{column}"]
            )
        row["price_eur_per_mwh_th"] = ctx.log.add(
            f"gas_contracts.csv:{name}:price_eur_per_mwh_th", price
        )
        rows.append(row)
    contracts = pd.DataFrame(rows)
    write_csv(contracts, ctx.out / "gas_contracts.csv")
    return contracts


STORAGE_COLUMNS = [
    "working_volume_mcm",
    "withdrawal_mcm_per_day",
    "injection_mcm_per_day",
    "initial_fill_fraction",
]


def build_gas_storage(ctx: Context) -> pd.DataFrame:
    """Write ``gas_storage.csv``: Banatski Dvor."""
    name = "banatski-dvor"
    row: dict[str, Any] = {"name": name, "zone": ZONE}
    for column in STORAGE_COLUMNS:
        row[column] = ctx.log.add(
            f"gas_storage.csv:{name}:{column}", ctx.figures[f"gas_storage.{name}.{column}"]
        )
    storage = pd.DataFrame([row])
    write_csv(storage, ctx.out / "gas_storage.csv")
    return storage


def build_gas_demand(ctx: Context, weather: Weather) -> np.ndarray:
    """Write ``gas_demand.csv``: daily non-power demand following heating degree days.

    Gas power plants are modelled, so what they burn is taken out of the national total.
    """
    f, log = ctx.figures, ctx.log
    national = f["gas.national_demand_mcm"]
    power_burn_mcm = f.value("gas.power_burn_mcm")
    non_power_mcm = national.number - power_burn_mcm
    base = f["gas_demand.base_mcm_per_day"]
    daily = np.round(syn.synth_gas_demand(weather.temperature_c, non_power_mcm, base.number), 3)
    frame = pd.DataFrame({"date": ctx.days.strftime("%Y-%m-%d"), ZONE: daily})
    write_csv(frame, ctx.out / "gas_demand.csv")
    log.add(
        "gas_demand.csv:RS:annual",
        national.derive(non_power_mcm, power_burn_mcm=power_burn_mcm),
    )
    log.add("gas_demand.csv:RS:base", base)
    log.add("weather:temperature", f["weather.mean_temperature_c"])
    return daily
