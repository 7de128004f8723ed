"""Climate years: the system's one weather year turned into one of many historical years.

Only annual hydro and heating indices exist for many years (`data/derived/climate_years.csv`,
from EIA generation and ERA5 runoff/HDD, see `scripts/derive_climate_years.py`); there is no
multi-year hourly demand, wind or solar. So a climate year y is a documented stochastic
transform of the base year (docs/adequacy.md, "Climate years"):

- **hydro**: each zone's reservoir monthly energy (`hydro_inflows`) and run-of-river profiles
  are scaled by the zone's hydro index of y (run-of-river capped at a capacity factor of 1);
- **demand**: each zone's heating-sensitive part of demand (October–April, the load above the
  lowest monthly mean of the same hour of day) is scaled by the zone's HDD index of y, i.e. an
  elasticity of 1 of heating load to degree days (the degree-day method; assumed, not fitted);
- **wind and solar**: the base year's hourly profiles are resampled in whole weeks (a circular
  block bootstrap) from source weeks within ±14 days of the target week and shifted by whole
  days, keeping the diurnal cycle, the season and the synoptic autocorrelation inside each week.
  Every wind and solar column (all zones) uses the same block sequence, so cross-zone and
  wind–solar correlation stay as in the base year. The sequence is drawn from the run's seed
  and the climate year, so a run is reproducible and variants of a system see the same weather.

Named stress cases: "dry" is the year with the lowest hydro index over the record, weighted
by each zone's hydro energy; "cold-2012" is 2012 (whose indices already include the cold
winter) with the heating part of demand raised by `COLD_SPELL_FACTOR` over 1–14 February,
standing in for the February 2012 cold spell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import numpy as np
import pandas as pd

from powerpact.system import InputError, System, with_series

CLIMATE_FILE = "derived/climate_years.csv"
STRESS_CASES = ("dry", "cold-2012")
BLOCK_HOURS = 168  # one week: keeps the diurnal cycle and a synoptic spell inside each block
SHIFT_DAYS = 14  # source weeks come from within ±14 days of the target: the season is kept
HEATING_MONTHS = (10, 11, 12, 1, 2, 3, 4)
# Heating degree days of the spell relative to a normal February day, base 18 °C: Belgrade's
# normal February mean is about +2 °C, the 2012 spell averaged about −6 °C, (18 + 6) / (18 − 2)
# = 1.5. Approximate (assumed, not taken from a stored source).
COLD_SPELL_FACTOR = 1.5
COLD_SPELL_DAYS = (2, 1, 14)  # month, first day, last day (local time)
WEATHER_TECHNOLOGIES = ("wind", "solar")
HYDRO_TECHNOLOGIES = ("run_of_river",)


@dataclass(frozen=True)
class ClimateYear:
    """One climate year of a run: its label in the results, the historical year of its
    indices, and whether the February cold spell is added."""

    label: str
    year: int
    cold_spell: bool = False


def climate_table() -> pd.DataFrame:
    """The shipped indices: (zone, year) → hydro_index, hdd_index (NaN where unknown)."""
    path = files("powerpact.data").joinpath(CLIMATE_FILE)
    with path.open() as handle:
        frame = pd.read_csv(handle, comment="#")
    return frame.set_index(["zone", "year"])[["hydro_index", "hdd_index"]]


def _zone_indices(system: System, table: pd.DataFrame) -> pd.DataFrame:
    """The indices of the system's zones. A zone the table lacks is refused, unless it has
    nothing the indices scale (no demand, no hydro: the green corridor's export zone AZ); that
    zone keeps its series (indices left unknown, read as a normal year's)."""
    zones = list(system.settings.zones)
    missing = sorted(set(zones) - set(table.index.get_level_values("zone")))
    if not missing:
        return table.loc[zones]
    scaled = _hydro_energy_by_zone(system).gt(0) | system.demand.sum().gt(0)
    refused = [zone for zone in missing if scaled.get(zone, False)]
    if refused:
        raise InputError(
            "climate_years",
            f"no climate-year indices for zone(s) {', '.join(refused)}",
            field="climate_years",
        )
    years = sorted(set(table.index.get_level_values("year")))
    unknown = pd.DataFrame(
        np.nan,
        index=pd.MultiIndex.from_product([missing, years], names=table.index.names),
        columns=table.columns,
    )
    present = [zone for zone in zones if zone not in missing]
    return pd.concat([table.loc[present], unknown]).loc[zones]


def _hydro_energy_by_zone(system: System) -> pd.Series:
    """Annual reservoir inflow plus run-of-river energy of each zone (weights for "dry")."""
    gens = system.generators
    reservoir = system.hydro_inflows.sum(axis=1).groupby(
        gens.loc[system.hydro_inflows.index, "zone"]
    )
    ror = gens[gens["technology"].isin(HYDRO_TECHNOLOGIES)]
    ror_energy = ror["capacity_mw"] * system.profiles[ror["profile"]].sum().to_numpy()
    total = reservoir.sum().add(ror_energy.groupby(ror["zone"]).sum(), fill_value=0.0)
    return total.reindex(list(system.settings.zones), fill_value=0.0)


def driest_year(system: System, table: pd.DataFrame) -> int:
    """The year whose hydro index, weighted by each zone's hydro energy, is lowest."""
    hydro = _zone_indices(system, table)["hydro_index"].unstack("zone")
    weights = _hydro_energy_by_zone(system).reindex(hydro.columns)
    if weights.sum() <= 0:  # no hydro at all: every zone counts alike
        weights = pd.Series(1.0, index=hydro.columns)
    return int((hydro * weights).sum(axis=1).div(weights.sum()).idxmin())


def resolve(
    spec: str | Sequence[int | str], system: System, table: pd.DataFrame | None = None
) -> tuple[ClimateYear, ...]:
    """Climate years of `spec`: "all" (every year of the record), or years and stress cases."""
    table = climate_table() if table is None else table
    years = sorted(set(_zone_indices(system, table).index.get_level_values("year")))
    given: Sequence[int | str] = [spec] if isinstance(spec, str) else spec
    # "all" expands to every year of the record, so "all, dry, cold-2012" adds the stress cases.
    items = [y for item in given for y in (years if item == "all" else [item])]
    out = []
    for item in items:
        if item == "dry":
            dry = driest_year(system, table)
            out.append(ClimateYear(f"dry-{dry}", dry))
        elif item == "cold-2012":
            out.append(ClimateYear("cold-2012", 2012, cold_spell=True))
        elif str(item).isdigit() and int(item) in years:
            out.append(ClimateYear(str(int(item)), int(item)))
        else:
            raise InputError(
                "climate_years",
                f"unknown climate year {item!r}: give years {years[0]}–{years[-1]}, "
                f"{' or '.join(STRESS_CASES)}, or all",
                field="climate_years",
            )
    if not out:
        raise InputError("climate_years", "give at least one climate year", field="climate_years")
    return tuple(out)


def block_order(n_hours: int, rng: np.random.Generator) -> np.ndarray:
    """Source hour of each hour: weeks taken from within ±SHIFT_DAYS of their own place,
    shifted by whole days, wrapping around the year (circular block bootstrap)."""
    order = np.empty(n_hours, np.int64)
    for start in range(0, n_hours, BLOCK_HOURS):
        length = min(BLOCK_HOURS, n_hours - start)
        shift = 24 * int(rng.integers(-SHIFT_DAYS, SHIFT_DAYS + 1))
        order[start : start + length] = (start + shift + np.arange(length)) % n_hours
    return order


def heating_part(demand: pd.DataFrame, local: pd.DatetimeIndex) -> pd.DataFrame:
    """Heating-sensitive demand: in heating months, the load above the lowest monthly mean of
    the same local hour of day (that month's load has the least heating in it)."""
    hour = local.hour.to_numpy()
    month = local.month.to_numpy()
    means = demand.groupby([month, hour]).mean()
    floor = means.groupby(level=1).min()
    base = floor.loc[hour].to_numpy()
    excess = np.maximum(demand.to_numpy(float) - base, 0.0)
    excess[~np.isin(month, HEATING_MONTHS)] = 0.0
    return pd.DataFrame(excess, index=demand.index, columns=demand.columns)


@dataclass(frozen=True)
class WeatherSeries:
    """The series a climate year changes: demand, profiles and monthly hydro inflows."""

    demand: pd.DataFrame
    profiles: pd.DataFrame
    hydro_inflows: pd.DataFrame


def weather_system(
    system: System, climate: ClimateYear, seed: int, table: pd.DataFrame | None = None
) -> System:
    """The system with demand, profiles and hydro energy of `climate` (see the module)."""
    series = weather_series(system, climate, seed, table)
    return with_series(
        system,
        demand=series.demand,
        profiles=series.profiles,
        hydro_inflows=series.hydro_inflows,
        note=f"climate year {climate.label}",
    )


def weather_series(
    system: System, climate: ClimateYear, seed: int, table: pd.DataFrame | None = None
) -> WeatherSeries:
    """Demand, profiles and hydro inflows of `climate` (see the module), without building a
    System (the multi-area engine reads them directly: rebuilding and validating an 11-zone
    system for each of 46 climate years took most of a run's time)."""
    table = climate_table() if table is None else table
    indices = _zone_indices(system, table).xs(climate.year, level="year")
    hdd = indices["hdd_index"].fillna(1.0)  # unknown (2022): a normal year's heating
    hydro = indices["hydro_index"].fillna(1.0)
    local = system.snapshots.tz_convert(system.settings.timezone)

    demand = system.demand.copy()
    heating = heating_part(demand, local)
    scale = (hdd.reindex(demand.columns).to_numpy() - 1.0)[None, :] * np.ones(len(demand))[:, None]
    if climate.cold_spell:
        month, first, last = COLD_SPELL_DAYS
        spell = (local.month == month) & (local.day >= first) & (local.day <= last)
        scale[spell] = (1.0 + scale[spell]) * COLD_SPELL_FACTOR - 1.0
    demand = demand + heating * scale

    gens = system.generators
    profiles = system.profiles.copy()
    weather = gens[gens["technology"].isin(WEATHER_TECHNOLOGIES) & (gens["profile"] != "")]
    columns = sorted(set(weather["profile"]))
    if columns:
        rng = np.random.default_rng([int(seed), climate.year])
        order = block_order(len(profiles), rng)
        profiles[columns] = profiles[columns].to_numpy()[order]
    ror = gens[gens["technology"].isin(HYDRO_TECHNOLOGIES) & (gens["profile"] != "")]
    # A profile shared by plants of several zones takes the index of its first plant's zone.
    ror_zone = ror.drop_duplicates("profile").set_index("profile")["zone"]
    for column, zone in ror_zone.items():
        profiles[column] = np.minimum(profiles[column].to_numpy() * hydro[zone], 1.0)

    inflows = system.hydro_inflows.mul(
        hydro.reindex(gens.loc[system.hydro_inflows.index, "zone"]).to_numpy(), axis=0
    )
    return WeatherSeries(demand, profiles, inflows)
