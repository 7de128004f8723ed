"""The gas system: ``gas_entries.csv``, ``gas_contracts.csv``, ``gas_storage.csv``,
``gas_demand.csv``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import ZONE, Context, write_csv
from .demand import Weather
from .figures import Figure
from .gas_network import load_network_figures, per_day

DAYS_PER_YEAR = 365


# The one-node entries and Banatski Dvor take the same rows of scripts/gas_network/figures.csv
# as the network's pipelines into Serbia, so every engine sees one set of capacities
# (docs/gas-network-data.md, "Contradictions with the data the project ships").
NETWORK_KEYS = {
    # Gastrans' three domestic exits: what Balkan Stream can deliver into the Serbian grid (the
    # rest of its 34.76 mcm/d entry is transit to Hungary).
    "gas_entries:balkan-stream-zajecar": "pipe:Gastrans:exit_domestic_total",
    # 1.8 bcm/yr design / 365 (Bulgartransgaz); the former 5.5 was a ministry figure.
    "gas_entries:ibs-dimitrovgrad": "pipe:IBS:design_capacity",
    # What Serbia drew through Horgos from its gas stored in Hungary (6 mcm/d, Nov-Feb 2022/23):
    # access, not the 13.46 mcm/d pipe, limits it; the network's HUS node uses the same row.
    "gas_entries:horgos-reverse": "flow:Horgos:hu_storage_withdrawal_2022",
    # Working volume in 2025 (TASS, Apr 2025: 450 mcm; the 750 mcm expansion is due end-2026).
    "gas_storage:working_volume_mcm": "storage:RS:banatski_dvor_wgv_original",
    "gas_storage:withdrawal_mcm_per_day": "storage:RS:banatski_dvor_withdrawal",
}


def _network(ctx: Context, key: str) -> Figure:
    """A row of the network figures, a rate as mcm/day."""
    figure = load_network_figures(ctx)[key]
    return per_day(figure) if figure.unit in ("mcm/d", "bcm/yr", "mcm/yr") else figure


def _entry_capacity(ctx: Context, name: str) -> Figure:
    """Daily entry capacity; production sourced as an annual volume is spread over the year."""
    f = ctx.figures
    if name == "domestic-production":
        annual = f[f"gas_entries.{name}.annual_mcm"]
        return annual.derive(round(annual.number / DAYS_PER_YEAR, 3), unit="mcm/day")
    return _network(ctx, NETWORK_KEYS[f"gas_entries:{name}"])


def entry_capacity_mcm_per_day(ctx: Context, name: str) -> float:
    return float(_entry_capacity(ctx, name).number)


PEAK_DAY_CSV = Path(__file__).resolve().parent / "gas_peak_day.csv"


def peak_day_figure(ctx: Context) -> Figure:
    """N-1's 1-in-20 D_max, from the figures scripts/gas_peak_day.py derives (its CSV): the
    observed peak anchored at the mean winter minimum plus slope x the temperature gap."""
    with PEAK_DAY_CSV.open(encoding="utf-8", newline="") as handle:
        derived = {row["figure"]: row["value"] for row in csv.DictReader(handle)}
    return ctx.figures["system.gas.peak_day_demand_mcm"].derive(
        float(derived["dmax_1_in_20_mcm_per_day"]),
        observed=float(derived["observed_peak_mcm_per_day"]),
        slope=float(derived["build_slope_mcm_per_day_per_k"]),
        mean_min=float(derived["mean_winter_min_c"]),
        t20=float(derived["t20_c"]),
        low=float(derived["dmax_1_in_20_low_mcm_per_day"]),
        high=float(derived["dmax_1_in_20_high_mcm_per_day"]),
    )


def storage_figure(ctx: Context, column: str) -> float:
    """A column of Banatski Dvor's row, from the network figures where it has one."""
    key = NETWORK_KEYS.get(f"gas_storage:{column}")
    figure = _network(ctx, key) if key else ctx.figures[f"gas_storage.banatski-dvor.{column}"]
    return float(figure.number)


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
        key = NETWORK_KEYS.get(f"gas_storage:{column}")
        figure = _network(ctx, key) if key else ctx.figures[f"gas_storage.{name}.{column}"]
        row[column] = ctx.log.add(f"gas_storage.csv:{name}:{column}", figure)
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
