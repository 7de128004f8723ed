"""``demand.csv``: hourly electricity demand, driven by the weather year shared with gas."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import ZONE, Context, write_csv


@dataclass(frozen=True)
class Weather:
    """Synthetic daily mean temperature and its seasonal normal (deg C)."""

    temperature_c: np.ndarray
    normal_c: np.ndarray


def synth_weather(ctx: Context) -> Weather:
    mean_c = ctx.figures.value("weather.mean_temperature_c")
    temperature, normal = syn.synth_temperature(ctx.days, ctx.seed, mean_temp_c=mean_c)
    return Weather(temperature, normal)


def _monthly_ratios(ctx: Context) -> np.ndarray:
    f = ctx.figures
    cooling_index = [f.value(f"demand.cooling_index_m{m:02d}") for m in range(1, 13)]
    return syn.monthly_demand_ratios(
        ctx.derived,
        f.value("demand.heating_damping"),
        f.value("demand.cooling_uplift"),
        cooling_index,
    )


def synth_demand_mw(ctx: Context, weather: Weather) -> np.ndarray:
    """Hourly demand (MW, rounded as written) summing to the 2024 consumption."""
    f = ctx.figures
    weather_factor = syn.weather_factor(
        weather.temperature_c,
        weather.normal_c,
        f.value("demand.heating_per_degree"),
        f.value("demand.cooling_per_degree"),
    )
    demand = syn.synth_demand(
        ctx.hours,
        ctx.derived,
        f.value("demand.annual_energy_mwh"),
        _monthly_ratios(ctx),
        ctx.seed,
        noise_scale=f.value("demand.noise_scale"),
        daily_factor=weather_factor,
    )
    return np.round(demand, 1)


def demand_totals(ctx: Context, demand_mw: np.ndarray) -> dict[str, float]:
    """Annual energy, peak, trough and the largest summer and winter days, for the build log."""
    daily_gwh = syn.daily_energy(ctx.hours, demand_mw) / 1e3
    month = daily_gwh.index.month
    return {
        "demand_twh": demand_mw.sum() / 1e6,
        "peak_mw": float(demand_mw.max()),
        "min_mw": float(demand_mw.min()),
        "max_summer_day_gwh": float(daily_gwh[(month >= 6) & (month <= 8)].max()),
        "max_winter_day_gwh": float(daily_gwh[(month <= 2) | (month == 12)].max()),
    }


def build_demand(ctx: Context, weather: Weather) -> tuple[np.ndarray, dict[str, float]]:
    """Write ``demand.csv``; return the hourly demand and its headline totals."""
    demand_mw = synth_demand_mw(ctx, weather)
    write_csv(pd.DataFrame({"timestamp": ctx.timestamps, ZONE: demand_mw}), ctx.out / "demand.csv")
    totals = demand_totals(ctx, demand_mw)
    f, log = ctx.figures, ctx.log
    log.add("demand.csv:RS:annual_energy", f["demand.annual_energy_mwh"])
    log.add("demand.csv:RS:heating_damping", f["demand.heating_damping"])
    heating = f["demand.heating_per_degree"]
    log.add(
        "demand.csv:RS:weather_sensitivity",
        heating.with_note(
            heating=heating.number,
            cooling=f.value("demand.cooling_per_degree"),
            noise=f.value("demand.noise_scale"),
        ),
    )
    log.add("demand.csv:RS:cooling_uplift", f["demand.cooling_uplift"])
    log.add(
        "demand.csv:RS:summer_daily_record",
        f["demand.summer_daily_record_gwh"].with_note(
            summer_gwh=totals["max_summer_day_gwh"],
            winter_gwh=totals["max_winter_day_gwh"],
        ),
    )
    return demand_mw, totals
