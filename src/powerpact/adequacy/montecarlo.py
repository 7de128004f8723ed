"""Sequential Monte Carlo adequacy with joint gas–power risk.

Each sample is one pass over the study horizon (one year for a year of demand.csv, with the one
weather year of its profiles):

1. Every dispatchable unit and import interconnector is a two-state Markov chain (exponential
   up and down times with means mttf_h and mttr_h), started in its stationary state. Derated
   states and planned maintenance are not modelled. Scenario outages (`system.outages`) remove
   components in the same hours of every sample.
2. Gas routes fail as a Poisson process (`outage_rate_per_year`) for an exponential (or, with
   `fixed_gas_durations`, a fixed) time of mean `outage_duration_days`. Each day the gas
   available for power is: what the entries in service (scenario and random outages) can
   deliver, capacity capped by their contracts (system/gas_supply.py, the definition every
   engine uses) + withdrawal capacity of gas storage − non-power gas demand (`gas_demand`),
   floored at zero, times the net calorific value (`GasSettings.plant_mwh_per_mcm`, the basis
   of plant efficiencies). It flows evenly over the day (no intraday linepack), so each hour
   gas plants may burn 1/24 of it; the most efficient plants get it first, a plant's fuel use
   being output / efficiency. Storage's working volume is not tracked. A system without gas
   entries has no gas balance (as in the dispatch), so its gas plants are not gas-limited.
3. Each hour, net load (demand − wind, solar, run-of-river) is met by firm units and imports,
   then gas plants within the hour's gas, then reservoir hydro from what is left of its month's
   energy (the horizon's share of `hydro_inflows`), then storage from its state of charge.
   Storage recharges greedily from surplus firm capacity and must-take output. Load still
   unserved is loss of load.

Zones are pooled into one (copper plate); see `inputs`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from powerpact.adequacy.climate import (
    WeatherSeries,
    climate_table,
    resolve,
    weather_series,
    weather_system,
)
from powerpact.adequacy.demand_band import check_band, demand_shifts
from powerpact.adequacy.inputs import (
    Prepared,
    UnitTable,
    prepare,
    reserves_withheld,
    stream_key,
)
from powerpact.adequacy.results import AdequacyResult, cell_frame, from_samples
from powerpact.limits import check_samples
from powerpact.progress import progress_bar
from powerpact.system import InputError, System


@dataclass(frozen=True)
class MonteCarloOptions:
    chunk_samples: int = 1000  # samples per compiled call (progress updates, Ctrl-C points)
    fixed_gas_durations: bool = False  # gas route outages last exactly outage_duration_days
    gas_limited: bool = True  # False ignores the gas balance (gas plants unconstrained)
    progress: bool | None = None  # None: show a bar when stderr is a terminal
    # None: the system's own weather year. "all" or years/stress cases ("dry", "cold-2012"):
    # sample k uses climate year k mod (their number), see `adequacy.climate`.
    climate_years: str | Sequence[int | str] | None = None
    # Withhold each zone's upward operating reserve (reserves.csv) from available capacity.
    withhold_reserves: bool = True
    # Demand forecast band: standard deviation of the annual demand level's error, as a
    # fraction (0.03 = 3 %), drawn per sample-year; 0 keeps demand as given (`demand_band`).
    demand_band: float = 0.0


def climate_systems(
    system: System, options: MonteCarloOptions, seed: int
) -> tuple[tuple[str, ...], list[System]]:
    """Labels and weather systems of the run's climate years (none: the system's own year)."""
    if options.climate_years is None:
        return (), [system]
    years = resolve(options.climate_years, system)
    return tuple(c.label for c in years), [weather_system(system, c, seed) for c in years]


def climate_series(
    system: System, options: MonteCarloOptions, seed: int
) -> tuple[tuple[str, ...], list[WeatherSeries]]:
    """Labels and series of the run's climate years (none: the system's own series)."""
    if options.climate_years is None:
        own = WeatherSeries(system.demand, system.profiles, system.hydro_inflows)
        return (), [own]
    table = climate_table()
    years = resolve(options.climate_years, system, table)
    return tuple(c.label for c in years), [weather_series(system, c, seed, table) for c in years]


def base_available(
    units: UnitTable, row_in_service: np.ndarray, row_slot: np.ndarray, n_slots: int
) -> np.ndarray:
    """Capacity of each slot each hour with every unit up (scenario outages applied), from the
    rows' in-service fractions (rows × hours) and slots; for the pooled and multi-area engine."""
    hourly = units.capacity_mw[:, None] * row_in_service[units.row]
    base = np.zeros((n_slots, row_in_service.shape[1]))
    np.add.at(base, row_slot[units.row], hourly)
    return base


def _block_residual_max(net_load_mw: np.ndarray, firm_mw: np.ndarray) -> np.ndarray:
    """Largest load less firm capacity (all units up) in each block of the kernel's hours."""
    from powerpact.adequacy.kernel import BLOCK_HOURS

    residual = net_load_mw - firm_mw
    padded = np.full(-(-len(residual) // BLOCK_HOURS) * BLOCK_HOURS, -np.inf)
    padded[: len(residual)] = residual
    return padded.reshape(-1, BLOCK_HOURS).max(axis=1)


def _kernel_arguments(
    prep: Prepared, options: MonteCarloOptions, years: Sequence[Prepared] = ()
) -> tuple[Any, ...]:
    """The kernel's arguments; `years` (one `Prepared` per climate year, default `prep` alone)
    give the rows of net load, block residuals and hydro budgets the samples cycle through."""
    units = prep.units
    base = base_available(units, prep.row_in_service, prep.row_slot, len(prep.slot_kind))
    years = years or (prep,)
    f64 = np.float64
    return (
        np.ascontiguousarray(np.stack([y.net_load_mw for y in years]), f64),
        base,
        units.capacity_mw.astype(f64),
        units.forced_outage_rate.astype(f64),
        units.mttf_h.astype(f64),
        units.mttr_h.astype(f64),
        units.row,
        prep.row_slot[units.row].astype(np.int64),
        units.key,
        prep.row_in_service,
        (prep.row_in_service == 1.0).all(axis=1),
        np.stack([_block_residual_max(y.net_load_mw, base[0]) for y in years]),
        np.int64((prep.slot_kind == 1).sum()),
        prep.slot_efficiency,
        np.ascontiguousarray(np.stack([y.hydro_budget_mwh for y in years])),
        prep.month_of_hour,
        *storage_gas_calendar_arguments(prep, options),
    )


def storage_gas_calendar_arguments(prep: Prepared, options: MonteCarloOptions) -> tuple[Any, ...]:
    """The kernel arguments from storage power to the local day of each hour, the same in the
    pooled and the multi-area kernel."""
    storage, storage_units = prep.storage, prep.storage_units
    f64 = np.float64
    return (
        storage["power_mw"].to_numpy(f64),
        storage["charge_power_mw"].to_numpy(f64),
        storage["energy_mwh"].to_numpy(f64),
        storage["round_trip_efficiency"].to_numpy(f64),
        storage["initial_soc_fraction"].to_numpy(f64),
        storage_units.forced_outage_rate.astype(f64),
        storage_units.mttf_h.astype(f64),
        storage_units.mttr_h.astype(f64),
        storage_units.key,
        prep.storage_in_service,
        prep.gas_entry_mcm,
        prep.gas_entry_rate_per_day,
        prep.gas_entry_duration_days,
        prep.gas_entry_key,
        prep.gas_other_mcm,
        prep.gas_energy_mwh_per_mcm,
        options.fixed_gas_durations,
        # Without gas entries there is no gas balance (as in the dispatch): gas is bought at
        # the fuel price and gas plants are limited only by their outages.
        options.gas_limited and len(prep.gas_entry_mcm) > 0,
        prep.day_of_hour,
        prep.cell_of_hour,
        prep.local_day_of_hour,
    )


def monte_carlo(
    system: System,
    samples: int,
    seed: int,
    options: MonteCarloOptions | None = None,
    sample_offset: int = 0,
) -> AdequacyResult:
    """Run samples `sample_offset .. sample_offset + samples − 1` of the sequential Monte Carlo.

    Sample k is the same whatever the thread count, chunking or offset, so runs over disjoint
    ranges merge exactly with `powerpact.adequacy.merge`. Ctrl-C stops between chunks.
    """
    from powerpact.adequacy.kernel import simulate

    check_samples(samples, "monte_carlo samples")
    if sample_offset < 0:
        raise InputError("monte_carlo", "must be >= 0", field="sample_offset")
    options = options or MonteCarloOptions()
    system = reserves_withheld(system, options.withhold_reserves)
    band = check_band(options.demand_band)
    labels, weather = climate_systems(system, options, int(seed))
    prep = prepare(system)
    arguments = _kernel_arguments(prep, options, [prepare(w) for w in weather] if labels else ())
    demand = np.stack([w.demand.sum(axis=1).to_numpy(float) for w in weather])
    seed_key = np.uint64(stream_key("seed", int(seed)))
    parts = run_chunks(
        lambda first, count: simulate(
            first,
            count,
            seed_key,
            *(*arguments, demand, demand_shifts(seed_key, int(first), int(count), band)),
        ),
        f"adequacy {system.name}",
        samples,
        sample_offset,
        options,
    )
    result = system_result(
        system.name, len(prep.hours), int(seed), parts, sample_offset, labels, prep.cell_of_hour
    )
    return with_band(result, seed_key, band)


def with_band(result: AdequacyResult, seed_key: np.uint64, band: float) -> AdequacyResult:
    """The result with its demand band and each sample's draw (`demand_error` in per_sample,
    the fraction by which that sample-year's demand was raised); unchanged without a band."""
    if band == 0.0:
        return result
    index = result.per_sample.index
    first = int(index[0]) if len(index) else 0
    per_sample = result.per_sample.assign(
        demand_error=demand_shifts(seed_key, first, len(index), band)
    )
    return replace(result, demand_band=band, per_sample=per_sample)


def run_chunks(
    run: Callable[[np.int64, np.int64], tuple[np.ndarray, ...]],
    title: str,
    samples: int,
    sample_offset: int,
    options: MonteCarloOptions,
) -> list[tuple[np.ndarray, ...]]:
    """Samples `sample_offset .. sample_offset + samples − 1` in chunks of
    `options.chunk_samples`, one kernel call `run(first sample, count)` each, under a progress
    bar (Ctrl-C stops between chunks). The kernel's last two outputs (per sample × month-hour
    cell: loss-of-load hours and unserved MWh) are summed per chunk to bound memory; integer
    counts stay exact. Shared by the pooled and the multi-area engine."""
    parts = []
    with progress_bar(disable=None if options.progress is None else not options.progress) as bar:
        task = bar.add_task(title, total=samples)
        done = 0
        while done < samples:
            count = min(options.chunk_samples, samples - done)
            out = run(np.int64(sample_offset + done), np.int64(count))
            parts.append((*out[:-2], out[-2].sum(axis=0, dtype=np.int64), out[-1].sum(axis=0)))
            done += count
            bar.update(task, advance=count)
    return parts


def system_result(
    name: str,
    n_hours: int,
    seed: int,
    parts: list[tuple[np.ndarray, ...]],
    sample_offset: int,
    labels: tuple[str, ...],
    cell_of_hour: np.ndarray,
) -> AdequacyResult:
    """The system's result from `run_chunks` parts whose first three outputs are per sample
    loss-of-load hours, local days and unserved MWh (the last two: the cell sums)."""
    lol_hours, lol_days, unserved = (np.concatenate([p[k] for p in parts]) for k in range(3))
    per_sample = pd.DataFrame(
        {"lol_hours": lol_hours, "lol_days": lol_days, "unserved_mwh": unserved},
        index=pd.RangeIndex(sample_offset, sample_offset + len(lol_hours), name="sample"),
    )
    if labels:
        per_sample["climate_year"] = [labels[k % len(labels)] for k in per_sample.index]
    hours_in_cell = np.bincount(cell_of_hour, minlength=288).astype(float)
    return from_samples(
        name,
        n_hours,
        seed,
        per_sample,
        cell_frame(hours_in_cell),
        np.sum([p[-2] for p in parts], axis=0).astype(float),
        np.sum([p[-1] for p in parts], axis=0),
        climate_years=labels,
    )
