"""The compiled sequential Monte Carlo kernel.

Random numbers come from SplitMix64 streams, one per (seed, sample, component): the stream of a
component in a sample starts at mix(mix(seed ^ key) + sample), where `key` is a hash of the
component's name. A sample's result therefore depends only on the seed, its own index and the
system, never on the thread that ran it or the chunk it was in; and adding a component leaves
every other component's outages unchanged (common random numbers across variants of a system).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_UNIT = 1.0 / 9007199254740992.0  # 2**-53
SHORTFALL_TOLERANCE_MW = 1e-6
CELLS = 288  # 12 months × 24 hours of day
BLOCK_HOURS = 64  # hours whose firm margin is checked at once before any hour is looked at


@njit(cache=True, inline="always")
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * _MIX_1
    z = (z ^ (z >> np.uint64(27))) * _MIX_2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, inline="always")
def _start(state: np.ndarray, seed_key: np.uint64, key: np.uint64, sample: np.int64) -> None:
    state[0] = _mix(_mix(seed_key ^ key) + np.uint64(sample))


@njit(cache=True, inline="always")
def _uniform(state: np.ndarray) -> float:
    state[0] += _GOLDEN
    return float(_mix(state[0]) >> np.uint64(11)) * _UNIT


@njit(cache=True, inline="always")
def _exponential(state: np.ndarray, mean: float) -> float:
    return -math.log(1.0 - _uniform(state)) * mean


@njit(cache=True, inline="always")
def _lose(
    lost: np.ndarray, blocks: np.ndarray, slot: np.int64, first: int, last: int, amount: float
) -> None:
    """Record `amount` MW lost over hours [first, last) in the difference array `lost`; for
    slot 0 also in `blocks` (rows: exact block sums of the differences, upper bound on the loss
    within each block as a difference array, and whether the block was written)."""
    lost[slot, first] += amount
    lost[slot, last] -= amount
    if slot == 0 and blocks.shape[0] == 3:
        blocks[0, first // BLOCK_HOURS] += amount
        blocks[0, last // BLOCK_HOURS] -= amount
        blocks[1, first // BLOCK_HOURS] += amount
        blocks[1, (last - 1) // BLOCK_HOURS + 1] -= amount
        blocks[2, first // BLOCK_HOURS] = 1.0
        blocks[2, last // BLOCK_HOURS] = 1.0


@njit(cache=True, inline="always")
def _two_state_outages(
    state: np.ndarray,
    capacity: float,
    rate: float,
    mttf: float,
    mttr: float,
    row: np.int64,
    slot: np.int64,
    in_service: np.ndarray,
    always_in_service: bool,
    lost: np.ndarray,
    blocks: np.ndarray,
) -> None:
    """Record the capacity a unit loses in the hours it is on forced outage.

    The unit starts in its stationary state (down with probability `rate`), then alternates
    exponential up (mean mttf) and down (mean mttr) times; it is counted at the start of each
    hour, so every hour is down with probability exactly `rate`, as in the COPT. A unit never
    taken out by a scenario writes only the start and end of each outage; others write every
    hour, weighted by being in service.
    """
    if rate <= 0.0:
        return
    hours = lost.shape[1] - 1
    down = _uniform(state) < rate
    time = 0.0
    while time < hours:
        if down:
            end = time + _exponential(state, mttr)
            first = math.ceil(time)
            last = hours if end >= hours else math.ceil(end)
            if always_in_service:
                if first < last:
                    _lose(lost, blocks, slot, first, last, capacity)
            else:
                for hour in range(first, last):
                    if in_service[row, hour] > 0.0:
                        _lose(lost, blocks, slot, hour, hour + 1, capacity * in_service[row, hour])
            time = end
        else:
            time += _exponential(state, mttf)
        down = not down


@njit(cache=True, inline="always")
def _available(base: np.ndarray, lost: np.ndarray, out: np.ndarray, first_slot: int) -> None:
    """Capacity with every unit up, less the running sum of the difference array of losses,
    for slots from `first_slot` on; clears `lost` for the next sample as it goes."""
    for slot in range(first_slot, base.shape[0]):
        running = 0.0
        for hour in range(base.shape[1]):
            running += lost[slot, hour]
            lost[slot, hour] = 0.0
            out[slot, hour] = base[slot, hour] - running
        lost[slot, base.shape[1]] = 0.0


@njit(cache=True, inline="always")
def _gas_supply_mcm(
    state: np.ndarray,
    seed_key: np.uint64,
    sample: np.int64,
    entry_mcm: np.ndarray,
    rate_per_day: np.ndarray,
    duration_days: np.ndarray,
    entry_key: np.ndarray,
    other_mcm: np.ndarray,
    fixed_durations: bool,
) -> np.ndarray:
    """Gas for power each day: entries not on a route outage + `other_mcm` (storage withdrawal
    capacity minus non-power demand). Outages arrive as a Poisson process and last an
    exponential (or fixed) time; a day is lost when an outage covers its midpoint."""
    days = other_mcm.shape[0]
    supply = other_mcm.copy()
    for entry in range(entry_mcm.shape[0]):
        out = np.zeros(days, np.bool_)
        if rate_per_day[entry] > 0.0:
            _start(state, seed_key, entry_key[entry], sample)
            mean = duration_days[entry]
            # Start early enough that an outage already under way on day 0 is represented.
            time = -(mean if fixed_durations else 10.0 * mean)
            while True:
                time += _exponential(state, 1.0 / rate_per_day[entry])
                if time >= days:
                    break
                length = mean if fixed_durations else _exponential(state, mean)
                first = max(0, math.ceil(time - 0.5))
                last = min(days, math.ceil(time + length - 0.5))
                for day in range(first, last):
                    out[day] = True
        for day in range(days):
            if not out[day]:
                supply[day] += entry_mcm[entry, day]
    return supply


@njit(cache=True, inline="always")
def _unit_outages(
    state,
    seed_key,
    sample,
    unit_capacity,
    unit_rate,
    unit_mttf,
    unit_mttr,
    unit_row,
    unit_slot,
    unit_key,
    row_in_service,
    row_always_in_service,
    lost,
    blocks,
):
    """Sample every unit's outages into the difference array `lost` of its slot (and `blocks`,
    when it has rows: the pooled kernel's firm-margin blocks). Shared by both kernels, so a
    unit's outages are the same in each."""
    for unit in range(unit_capacity.shape[0]):
        _start(state, seed_key, unit_key[unit], sample)
        row = unit_row[unit]
        _two_state_outages(
            state,
            unit_capacity[unit],
            unit_rate[unit],
            unit_mttf[unit],
            unit_mttr[unit],
            row,
            unit_slot[unit],
            row_in_service,
            row_always_in_service[row],
            lost,
            blocks,
        )


@njit(cache=True, inline="always")
def _component_outages(
    state, seed_key, sample, rate, mttf, mttr, key, in_service, lost, available, no_blocks
):
    """Sample the outages of single components (a storage plant, a line: row and slot are its
    own index) and write their availability (0-1, weighted by being in service) into
    `available`. Shared by both kernels, so a component's outages are the same in each."""
    for c in range(rate.shape[0]):
        _start(state, seed_key, key[c], sample)
        _two_state_outages(
            state, 1.0, rate[c], mttf[c], mttr[c], c, c, in_service, False, lost, no_blocks
        )
    _available(in_service, lost, available, 0)


@njit(cache=True, inline="always")
def _gas_fuel_per_hour(
    state: np.ndarray,
    seed_key: np.uint64,
    sample: np.int64,
    entry_mcm: np.ndarray,
    rate_per_day: np.ndarray,
    duration_days: np.ndarray,
    entry_key: np.ndarray,
    other_mcm: np.ndarray,
    fixed_durations: bool,
    mwh_per_mcm: float,
) -> np.ndarray:
    """Gas for power each day (`_gas_supply_mcm`) as MWh_th per hour: floored at zero and spread
    evenly over the day's 24 hours."""
    fuel = _gas_supply_mcm(
        state,
        seed_key,
        sample,
        entry_mcm,
        rate_per_day,
        duration_days,
        entry_key,
        other_mcm,
        fixed_durations,
    )
    for day in range(fuel.shape[0]):
        fuel[day] = max(fuel[day], 0.0) * mwh_per_mcm / 24
    return fuel


@njit(cache=True, parallel=True)
def simulate(
    first_sample: np.int64,
    n_samples: np.int64,
    seed_key: np.uint64,
    net_load: np.ndarray,
    base_available: np.ndarray,
    unit_capacity: np.ndarray,
    unit_rate: np.ndarray,
    unit_mttf: np.ndarray,
    unit_mttr: np.ndarray,
    unit_row: np.ndarray,
    unit_slot: np.ndarray,
    unit_key: np.ndarray,
    row_in_service: np.ndarray,
    row_always_in_service: np.ndarray,
    block_residual_max: np.ndarray,
    n_gas_slots: np.int64,
    slot_efficiency: np.ndarray,
    hydro_budget: np.ndarray,
    month_of_hour: np.ndarray,
    storage_power: np.ndarray,
    storage_charge: np.ndarray,
    storage_energy: np.ndarray,
    storage_efficiency: np.ndarray,
    storage_soc0: np.ndarray,
    storage_rate: np.ndarray,
    storage_mttf: np.ndarray,
    storage_mttr: np.ndarray,
    storage_key: np.ndarray,
    storage_in_service: np.ndarray,
    gas_entry_mcm: np.ndarray,
    gas_rate_per_day: np.ndarray,
    gas_duration_days: np.ndarray,
    gas_entry_key: np.ndarray,
    gas_other_mcm: np.ndarray,
    gas_mwh_per_mcm: float,
    fixed_gas_durations: bool,
    gas_limited: bool,
    day_of_hour: np.ndarray,
    cell_of_hour: np.ndarray,
    local_day_of_hour: np.ndarray,
    demand: np.ndarray,
    demand_shift: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Simulate samples first_sample .. first_sample + n_samples − 1 of the horizon.

    `net_load` (climate years × hours), `block_residual_max` (climate years × blocks) and
    `hydro_budget` (climate years × slots × months) hold one row per climate year; sample k
    uses climate year k mod (number of years), so one year reproduces the single-year run.
    `demand` (climate years × hours) and `demand_shift` (per sample of the call, or no entries)
    give the demand forecast band: sample i's net load is raised by demand_shift[i] × demand
    (`demand_band`).

    Returns per sample: loss-of-load hours, loss-of-load local days, unserved MWh, and per
    month × hour-of-day cell: loss-of-load hours and unserved MWh.
    """
    lol_hours = np.zeros(n_samples, np.int64)
    lol_days = np.zeros(n_samples, np.int64)
    unserved = np.zeros(n_samples)
    cell_hours = np.zeros((n_samples, CELLS), np.int32)
    cell_unserved = np.zeros((n_samples, CELLS))
    # Samples run in blocks, one compiled call each, so that threads share no reference counts
    # in the inner loop; a sample's numbers never depend on its block.
    n_blocks = min(int(n_samples), 256)
    for block in prange(n_blocks):
        _run_block(
            block * n_samples // n_blocks,
            (block + 1) * n_samples // n_blocks,
            first_sample,
            seed_key,
            net_load,
            base_available,
            unit_capacity,
            unit_rate,
            unit_mttf,
            unit_mttr,
            unit_row,
            unit_slot,
            unit_key,
            row_in_service,
            row_always_in_service,
            block_residual_max,
            n_gas_slots,
            slot_efficiency,
            hydro_budget,
            month_of_hour,
            storage_power,
            storage_charge,
            storage_energy,
            storage_efficiency,
            storage_soc0,
            storage_rate,
            storage_mttf,
            storage_mttr,
            storage_key,
            storage_in_service,
            gas_entry_mcm,
            gas_rate_per_day,
            gas_duration_days,
            gas_entry_key,
            gas_other_mcm,
            gas_mwh_per_mcm,
            fixed_gas_durations,
            gas_limited,
            day_of_hour,
            cell_of_hour,
            local_day_of_hour,
            demand,
            demand_shift,
            lol_hours,
            lol_days,
            unserved,
            cell_hours,
            cell_unserved,
        )
    return lol_hours, lol_days, unserved, cell_hours, cell_unserved


@njit(cache=True)
def _run_block(
    low,
    high,
    first_sample,
    seed_key,
    net_load,
    base_available,
    unit_capacity,
    unit_rate,
    unit_mttf,
    unit_mttr,
    unit_row,
    unit_slot,
    unit_key,
    row_in_service,
    row_always_in_service,
    block_residual_max,
    n_gas_slots,
    slot_efficiency,
    hydro_budget,
    month_of_hour,
    storage_power,
    storage_charge,
    storage_energy,
    storage_efficiency,
    storage_soc0,
    storage_rate,
    storage_mttf,
    storage_mttr,
    storage_key,
    storage_in_service,
    gas_entry_mcm,
    gas_rate_per_day,
    gas_duration_days,
    gas_entry_key,
    gas_other_mcm,
    gas_mwh_per_mcm,
    fixed_gas_durations,
    gas_limited,
    day_of_hour,
    cell_of_hour,
    local_day_of_hour,
    demand,
    demand_shift,
    lol_hours,
    lol_days,
    unserved,
    cell_hours,
    cell_unserved,
):
    """Samples low .. high − 1 of the call, with work buffers shared between them."""
    n_years, hours = net_load.shape
    n_slots = base_available.shape[0]
    n_storage = storage_power.shape[0]
    state = np.zeros(1, np.uint64)
    lost = np.zeros((n_slots, hours + 1))
    available = np.empty((n_slots, hours))
    storage_lost = np.zeros((n_storage, hours + 1))
    storage_available = np.empty((n_storage, hours))
    blocks = np.zeros((3, block_residual_max.shape[1] + 1))
    no_blocks = np.zeros((0, 1))
    banded_load = np.empty(hours)
    banded_residual = np.empty(block_residual_max.shape[1])
    for i in range(low, high):
        year = (first_sample + i) % n_years
        sample_load, sample_residual = net_load[year], block_residual_max[year]
        if demand_shift.shape[0] > 0:
            _banded(net_load[year], demand[year], demand_shift[i], banded_load)
            _block_max(banded_load, base_available[0], banded_residual)
            sample_load, sample_residual = banded_load, banded_residual
        _sample(
            first_sample + i,
            i,
            seed_key,
            sample_load,
            base_available,
            unit_capacity,
            unit_rate,
            unit_mttf,
            unit_mttr,
            unit_row,
            unit_slot,
            unit_key,
            row_in_service,
            row_always_in_service,
            sample_residual,
            n_gas_slots,
            slot_efficiency,
            hydro_budget[year],
            month_of_hour,
            storage_power,
            storage_charge,
            storage_energy,
            storage_efficiency,
            storage_soc0,
            storage_rate,
            storage_mttf,
            storage_mttr,
            storage_key,
            storage_in_service,
            gas_entry_mcm,
            gas_rate_per_day,
            gas_duration_days,
            gas_entry_key,
            gas_other_mcm,
            gas_mwh_per_mcm,
            fixed_gas_durations,
            gas_limited,
            day_of_hour,
            cell_of_hour,
            local_day_of_hour,
            state,
            lost,
            available,
            storage_lost,
            storage_available,
            blocks,
            no_blocks,
            lol_hours,
            lol_days,
            unserved,
            cell_hours,
            cell_unserved,
        )


@njit(cache=True)
def _banded(net_load, demand, shift, out):
    """Net load with demand × (1 + shift), demand floored at zero (the forecast band)."""
    for hour in range(net_load.shape[0]):
        out[hour] = net_load[hour] + max(shift, -1.0) * demand[hour]


@njit(cache=True)
def _block_max(net_load, firm, out):
    """Largest net load less firm capacity (all units up) in each block of hours, as
    `montecarlo._block_residual_max` computes it for the unbanded years."""
    hours = net_load.shape[0]
    for block in range(out.shape[0]):
        largest = -np.inf
        for hour in range(block * BLOCK_HOURS, min(hours, (block + 1) * BLOCK_HOURS)):
            largest = max(largest, net_load[hour] - firm[hour])
        out[block] = largest


@njit(cache=True)
def _sample(
    sample,
    i,
    seed_key,
    net_load,
    base_available,
    unit_capacity,
    unit_rate,
    unit_mttf,
    unit_mttr,
    unit_row,
    unit_slot,
    unit_key,
    row_in_service,
    row_always_in_service,
    block_residual_max,
    n_gas_slots,
    slot_efficiency,
    hydro_budget,
    month_of_hour,
    storage_power,
    storage_charge,
    storage_energy,
    storage_efficiency,
    storage_soc0,
    storage_rate,
    storage_mttf,
    storage_mttr,
    storage_key,
    storage_in_service,
    gas_entry_mcm,
    gas_rate_per_day,
    gas_duration_days,
    gas_entry_key,
    gas_other_mcm,
    gas_mwh_per_mcm,
    fixed_gas_durations,
    gas_limited,
    day_of_hour,
    cell_of_hour,
    local_day_of_hour,
    state,
    lost,
    available,
    storage_lost,
    storage_available,
    blocks,
    no_blocks,
    lol_hours,
    lol_days,
    unserved,
    cell_hours,
    cell_unserved,
):
    """One sample: outages, then the hour-by-hour dispatch of scarce resources."""
    hours = net_load.shape[0]
    n_storage = storage_power.shape[0]
    _unit_outages(
        state,
        seed_key,
        sample,
        unit_capacity,
        unit_rate,
        unit_mttf,
        unit_mttr,
        unit_row,
        unit_slot,
        unit_key,
        row_in_service,
        row_always_in_service,
        lost,
        blocks,
    )
    # Slot 0 (firm units) is summed inside the hour loop; gas and hydro slots here.
    _available(base_available, lost, available, 1)
    _component_outages(
        state,
        seed_key,
        sample,
        storage_rate,
        storage_mttf,
        storage_mttr,
        storage_key,
        storage_in_service,
        storage_lost,
        storage_available,
        no_blocks,
    )
    fuel_mwh_th_per_hour = _gas_fuel_per_hour(
        state,
        seed_key,
        sample,
        gas_entry_mcm,
        gas_rate_per_day,
        gas_duration_days,
        gas_entry_key,
        gas_other_mcm,
        fixed_gas_durations,
        gas_mwh_per_mcm,
    )
    hydro_left = hydro_budget.copy()
    soc = storage_energy * storage_soc0
    last_lol_day = -1
    lost_firm_mw = 0.0
    bound_mw = 0.0
    for block in range(block_residual_max.shape[0]):
        bound_mw += blocks[1, block]
        first, last = block * BLOCK_HOURS, min(hours, (block + 1) * BLOCK_HOURS)
        if n_storage == 0 and block_residual_max[block] + bound_mw <= 0.0:
            # Firm capacity covers every hour of the block even with every outage touching it
            # at once, and without storage to charge nothing else happens: skip its hours.
            lost_firm_mw += blocks[0, block]
            if blocks[2, block] != 0.0:
                lost[0, first:last] = 0.0
        else:
            for hour in range(first, last):
                lost_firm_mw += lost[0, hour]
                lost[0, hour] = 0.0
                need = net_load[hour] - (base_available[0, hour] - lost_firm_mw)
                if need <= 0.0:
                    _charge(
                        -need,
                        hour,
                        storage_charge,
                        storage_energy,
                        storage_efficiency,
                        storage_available,
                        soc,
                    )
                    continue
                need = _cover(
                    need,
                    hour,
                    fuel_mwh_th_per_hour[day_of_hour[hour]],
                    n_gas_slots,
                    available,
                    slot_efficiency,
                    gas_limited,
                    month_of_hour[hour],
                    hydro_left,
                    storage_power,
                    storage_available,
                    soc,
                )
                if need > SHORTFALL_TOLERANCE_MW:
                    lol_hours[i] += 1
                    unserved[i] += need
                    cell_hours[i, cell_of_hour[hour]] += 1
                    cell_unserved[i, cell_of_hour[hour]] += need
                    if local_day_of_hour[hour] != last_lol_day:
                        lol_days[i] += 1
                        last_lol_day = local_day_of_hour[hour]
        blocks[0, block] = 0.0
        blocks[1, block] = 0.0
        blocks[2, block] = 0.0
    blocks[:, -1] = 0.0
    lost[0, hours] = 0.0


@njit(cache=True, inline="always")
def _charge(
    surplus, hour, storage_charge, storage_energy, storage_efficiency, storage_available, soc
):
    """Recharge storage greedily from `surplus` MW."""
    for s in range(storage_charge.shape[0]):
        charge = min(
            storage_charge[s] * storage_available[s, hour],
            surplus,
            (storage_energy[s] - soc[s]) / storage_efficiency[s],
        )
        if charge > 0.0:
            soc[s] += charge * storage_efficiency[s]
            surplus -= charge


@njit(cache=True, inline="always")
def _cover(
    need,
    hour,
    fuel,
    n_gas_slots,
    available,
    slot_efficiency,
    gas_limited,
    month,
    hydro_left,
    storage_power,
    storage_available,
    soc,
):
    """Cover `need` MW with gas, then reservoir hydro, then storage; return what is left."""
    # Gas plants, most efficient first, within the hour's share of the day's gas.
    for slot in range(1, 1 + n_gas_slots):
        if need <= 0.0:
            break
        power = min(available[slot, hour], need)
        if gas_limited:
            power = min(power, max(fuel, 0.0) * slot_efficiency[slot])
            fuel -= power / slot_efficiency[slot]
        need -= power
    # Reservoir hydro from its monthly energy, kept for hours of need.
    for slot in range(1 + n_gas_slots, available.shape[0]):
        if need <= 0.0:
            break
        power = min(available[slot, hour], need, hydro_left[slot, month])
        hydro_left[slot, month] -= power
        need -= power
    # Storage covers what is left from its state of charge.
    for s in range(storage_power.shape[0]):
        if need <= 0.0:
            break
        power = min(storage_power[s] * storage_available[s, hour], need, soc[s])
        soc[s] -= power
        need -= power
    return need
