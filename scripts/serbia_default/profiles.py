"""``profiles.csv``: hourly capacity factors of wind, solar and the run-of-river groups."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import Context, write_csv
from .hydro import HydroPlant

# profiles.csv column -> run-of-river group of the derived AF_2015 tables; the position is the
# random-stream key of the series, so the order is fixed.
RUN_OF_RIVER = {
    "ror_djerdap1": "djerdap1",
    "ror_djerdap2": "djerdap2",
    "ror_drina": "drina",
    "ror_lim": "lim",
    "ror_small": "small",
}


def hours_in_year(year: int) -> int:
    return pd.Timestamp(year=year, month=12, day=31).day_of_year * 24


def wind_capacity_factor(ctx: Context) -> float:
    """2024 wind output over the 2024 average operating fleet."""
    f = ctx.figures
    fleet_mw = f.value("wind.fleet_2024_average_mw")
    cf = f.value("wind.generation_2024_gwh") * 1e3 / (fleet_mw * hours_in_year(2024))
    ctx.log.add(
        "profiles.csv:wind:mean", f["profiles.wind.mean"].derive(round(cf, 5), fleet_mw=fleet_mw)
    )
    ctx.log.add("profiles.csv:wind:2024_fleet", f["wind.fleet_2024_average_mw"])
    return cf


def run_of_river_profiles(
    ctx: Context, plants: list[HydroPlant], energy_mwh: dict[str, float]
) -> dict[str, np.ndarray]:
    """One availability series per run-of-river group, at the group's annual energy."""
    series = {}
    cite = ctx.figures["profiles.run_of_river.mean"]
    for key, (column, group) in enumerate(RUN_OF_RIVER.items()):
        members = [p for p in plants if p.layout.profile == column]
        capacity_mw = sum(p.capacity_mw for p in members)
        group_mwh = sum(energy_mwh[p.name] for p in members)
        availability = group_mwh / (capacity_mw * 8760)
        series[column] = syn.synth_run_of_river(
            ctx.hours, ctx.derived, group, availability, ctx.seed, key=key
        )
        ctx.log.add(
            f"profiles.csv:{column}:mean",
            cite.derive(
                round(availability, 5),
                energy_gwh=group_mwh / 1e3,
                plants=", ".join(p.name for p in members),
            ),
        )
    return series


def build_profiles(
    ctx: Context, plants: list[HydroPlant], energy_mwh: dict[str, float]
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Write ``profiles.csv``; return it (rounded as written) and the unrounded series.

    Market prices are built from the unrounded wind and solar series.
    """
    wind = syn.synth_wind(ctx.hours, ctx.derived, wind_capacity_factor(ctx), ctx.seed)
    solar_mean = ctx.figures["solar.mean_capacity_factor"]
    solar = syn.synth_solar(ctx.hours, ctx.derived, solar_mean.number, ctx.seed)
    ctx.log.add("profiles.csv:solar:mean", solar_mean)
    series = {"wind": wind, "solar": solar, **run_of_river_profiles(ctx, plants, energy_mwh)}
    profiles = pd.DataFrame({"timestamp": ctx.timestamps})
    for column, values in series.items():
        profiles[column] = np.round(values, 4)
    write_csv(profiles, ctx.out / "profiles.csv")
    return profiles, series
