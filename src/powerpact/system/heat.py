"""Heat-led combined heat and power: each district-heating CHP's hourly heat demand, and the
minimum electric output that heat forces, as a `min_profile` of the generator.

Heat demand of a plant over a year = heat capacity × full-load hours × the climate year's
heating-degree-day index (the space-heating part; hot water is flat). Within the year space heat
follows heating degree days: each day of the heating season (15 October to 15 April) weighs
max(0, base temperature − its month's mean temperature), flat over the day's hours; the heat of an
hour is capped at the plant's heat capacity. Industrial steam (Pančevo's refinery) is flat.

The power-heat relation gives the minimum electric output per unit of heat, c_b:

- back-pressure units make power and heat in a fixed ratio: P = c_b × Q (the model holds the
  minimum, P ≥ c_b × Q; above it the unit would have to dump heat, which the model lets pass);
- extraction-condensing units may make more power than the back-pressure line: P ≥ c_b × Q.
  The power lost to extraction (c_v × Q below full output) is not modelled: capacity is not cut.

Figures (scripts/operations/figures.csv): the Niš option's 350 MWe + 150 MWth are sourced; the
other plants' heat capacities, full-load hours, c_b and the temperature normals are UNSOURCED.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from powerpact.system.errors import InputError
from powerpact.system.model import System
from powerpact.system.operations import figure, figure_list
from powerpact.system.variant import variant, with_series

CLIMATE_YEARS = Path(__file__).resolve().parents[1] / "data" / "derived" / "climate_years.csv"


@dataclass(frozen=True)
class HeatPlant:
    """A CHP's heat: capacity (MWth), annual full-load hours of heat in a normal year, whether
    it follows heating degree days (district heat) or is flat (industrial steam), and c_b."""

    heat_capacity_mw_th: float
    full_load_hours: float
    district: bool
    power_per_heat: float  # c_b, MWe per MWth


def default_plants() -> dict[str, HeatPlant]:
    """The default's heat-led CHPs: Novi Sad (district heat, back-pressure steam) and Pančevo
    (refinery steam, extraction CCGT). All UNSOURCED but the structure."""
    return {
        "novi-sad-chp": HeatPlant(
            figure("novi_sad_heat_capacity"),
            figure("district_heat_full_load_hours"),
            True,
            figure("power_to_heat_steam_backpressure"),
        ),
        "pancevo-ccgt": HeatPlant(
            figure("pancevo_heat_capacity"),
            figure("industrial_heat_full_load_hours"),
            False,
            figure("power_to_heat_ccgt_extraction"),
        ),
    }


def nis_plant() -> HeatPlant:
    """The Niš plant as 350 MWe + 150 MWth (sourced), extraction CCGT, district heat."""
    return HeatPlant(
        figure("nis_heat_capacity"),
        figure("district_heat_full_load_hours"),
        True,
        figure("power_to_heat_ccgt_extraction"),
    )


def hdd_index(zone: str, year: int | None) -> float:
    """The climate year's heating-degree-day index of `zone` (1: a normal year, or unknown)."""
    if year is None:
        return 1.0
    table = pd.read_csv(CLIMATE_YEARS, comment="#").set_index(["zone", "year"])
    value = table["hdd_index"].get((zone, year), np.nan)
    return 1.0 if pd.isna(value) else float(value)


def space_heat_weights(snapshots: pd.DatetimeIndex, timezone: str) -> np.ndarray:
    """Per hour: the heating degrees of its day (0 outside the heating season)."""
    local = snapshots.tz_convert(timezone)
    base = figure("heating_base_temperature")
    temperature = np.asarray(figure_list("belgrade_monthly_mean_temperature"))
    degrees = np.maximum(base - temperature[local.month - 1], 0.0)
    month, day = local.month, local.day
    season = (
        (month >= 11) | (month <= 3) | ((month == 10) & (day >= 15)) | ((month == 4) & (day < 15))
    )
    return np.where(season, degrees, 0.0)


def heat_demand_mw_th(
    system: System, plant: HeatPlant, zone: str, climate_year: int | None = None
) -> np.ndarray:
    """Hourly heat demand of `plant` over the system's horizon, MWth."""
    hours_per_year = 8760.0
    annual = plant.heat_capacity_mw_th * plant.full_load_hours
    if not plant.district:
        return np.full(system.n_hours, min(annual / hours_per_year, plant.heat_capacity_mw_th))
    hot_water = figure("hot_water_share") * annual / hours_per_year
    space = (1.0 - figure("hot_water_share")) * annual * hdd_index(zone, climate_year)
    weights = space_heat_weights(system.snapshots, system.settings.timezone)
    # The weights of a full year of the same calendar: a horizon shorter than a year takes its
    # own share of the year's heat.
    year = pd.date_range(f"{system.year}-01-01", periods=int(hours_per_year), freq="h", tz="UTC")
    per_weight = space / max(space_heat_weights(year, system.settings.timezone).sum(), 1e-9)
    return np.minimum(hot_water + weights * per_weight, plant.heat_capacity_mw_th)


def with_heat_led_chp(
    system: System,
    plants: Mapping[str, HeatPlant] | None = None,
    climate_year: int | None = None,
) -> System:
    """`system` with each plant's heat-led minimum electric output (c_b × heat demand, as a
    fraction of its capacity) as its `min_profile`, in a profile column "heat:<name>"."""
    plants = default_plants() if plants is None else plants
    gens = system.generators
    missing = sorted(set(plants) - set(gens.index))
    if missing:
        raise InputError(f"heat of {system.name}", f"no generator named {missing[0]!r}")
    profiles = system.profiles.copy()
    edits = {}
    for name, plant in plants.items():
        heat = heat_demand_mw_th(system, plant, str(gens.at[name, "zone"]), climate_year)
        capacity = float(gens.at[name, "capacity_mw"])
        column = f"heat:{name}"
        profiles[column] = np.minimum(plant.power_per_heat * heat / capacity, 1.0)
        edits[name] = {"min_profile": column}
    with_profiles = with_series(system, profiles=profiles, note="heat-led CHP minimum output")
    return variant(
        with_profiles, {"modify": {"generators": edits}}, origin=f"heat of {system.name}"
    )


def nis_with_heat(system: System, climate_year: int | None = None) -> System:
    """The Niš option with heat: the `nis-ccgt` plant as 350 MWe serving 150 MWth of district
    heat (heat-led), beside the default's heat-led CHPs."""
    if "nis-ccgt" not in system.generators.index:
        raise InputError(f"heat of {system.name}", "no generator named 'nis-ccgt'")
    resized = variant(
        system,
        {
            "modify": {
                "generators": {"nis-ccgt": {"capacity_mw": figure("nis_heat_electric_capacity")}}
            }
        },
        origin=f"Niš with heat on {system.name}",
    )
    plants = {**default_plants(), "nis-ccgt": nis_plant()}
    return with_heat_led_chp(resized, plants, climate_year)
