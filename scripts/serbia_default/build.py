"""Build the embedded default system ``src/powerpact/data/serbia-2025``, file by file.

The builders run in a fixed order: later files use earlier ones (prices use demand and the
wind and solar series, the lignite mine limit uses the fleet), and the rows of ``sources.csv``
keep the order in which the builders log them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import COSTS_CSV, SEED, Context, make_context, write_csv
from .costs import build_technology_costs
from .demand import build_demand, synth_weather
from .figures import Figures, SourceLog, load_citations, load_figures
from .fleet import build_generators, build_storage
from .gas import build_gas_contracts, build_gas_demand, build_gas_entries, build_gas_storage
from .gas_network import build_gas_network
from .hydro import (
    HydroPlant,
    build_hydro_inflows,
    energy_targets_mwh,
    hydro_plants,
    hydro_target_gwh,
    log_hydro_totals,
)
from .markets import build_interconnectors, build_market_prices, import_availability
from .profiles import build_profiles
from .scenarios import build_scenarios
from .system import build_system, log_calibration, log_price_base


def build_sources(ctx: Context) -> None:
    """Write ``sources.csv``: every number logged by the other builders, with its citation."""
    write_csv(ctx.log.frame(), ctx.out / "sources.csv")


def supply_totals(
    gens: pd.DataFrame, profiles: pd.DataFrame, hydro: list[HydroPlant], inflows: pd.DataFrame
) -> dict[str, float]:
    """Annual wind, solar and hydro energy (GWh) of the written files, for the build log."""
    capacity = gens.set_index("name")["capacity_mw"]
    solar_mw = capacity[gens["profile"].eq("solar").to_numpy()].sum()
    ror_mwh = sum(
        profiles[p.layout.profile].sum() * p.capacity_mw for p in hydro if p.layout.profile
    )
    return {
        "wind_gwh": float(profiles["wind"].sum() * capacity["wind-farms"] / 1e3),
        "solar_gwh": float(profiles["solar"].sum() * solar_mw / 1e3),
        "hydro_gwh": float(ror_mwh + inflows["energy_mwh"].sum()) / 1e3,
    }


def capacity_totals(gens: pd.DataFrame) -> dict[str, float]:
    by = gens.groupby("technology")["capacity_mw"].sum()
    out = {f"capacity_{k}_mw": float(v) for k, v in by.items()}
    out["capacity_hydro_conventional_mw"] = float(
        by.get("run_of_river", 0.0) + by.get("hydro_reservoir", 0.0)
    )
    return out


def build(
    out: Path,
    seed: int = SEED,
    costs_path: Path | None = COSTS_CSV,
    figures: Figures | None = None,
) -> dict[str, float]:
    """Write the system folder (and the technology cost table); return headline totals.

    ``figures`` defaults to ``figures.csv``; pass a :class:`Figures` to see which keys the build
    used afterwards.
    """
    figures = load_figures() if figures is None else figures
    out.mkdir(parents=True, exist_ok=True)
    ctx = make_context(out, seed, figures, SourceLog(load_citations()))

    hydro = hydro_plants(figures)
    energy_mwh = energy_targets_mwh(figures, hydro)
    gens = build_generators(ctx, hydro)
    weather = synth_weather(ctx)
    demand_mw, totals = build_demand(ctx, weather)
    profiles, series = build_profiles(ctx, hydro, energy_mwh)
    inflows = build_hydro_inflows(ctx, hydro, energy_mwh)
    log_hydro_totals(ctx)
    log_calibration(ctx)
    build_storage(ctx)
    build_interconnectors(ctx)
    build_market_prices(ctx, demand_mw, series["solar"], series["wind"])
    availability = import_availability(ctx)
    build_gas_entries(ctx)
    build_gas_contracts(ctx)
    build_gas_storage(ctx)
    gas_demand = build_gas_demand(ctx, weather)
    build_gas_network(ctx)
    system = build_system(ctx, gens, availability)
    log_price_base(ctx)
    lignite_limit = system["fuels"]["lignite"]["annual_limit_mwh_th"]
    build_scenarios(ctx, demand_mw, gens, hydro_target_gwh(figures), lignite_limit)
    build_sources(ctx)
    if costs_path is not None:
        build_technology_costs(figures, costs_path)

    totals.update(supply_totals(gens, profiles, hydro, inflows))
    totals["gas_non_power_mcm"] = float(gas_demand.sum())
    totals["gas_peak_day_non_power_mcm"] = float(gas_demand.max())
    totals.update(capacity_totals(gens))
    return totals
