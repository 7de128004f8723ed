"""The compiled multi-area sequential Monte Carlo kernel (see `multiarea` for the model).

Random streams are those of the pooled kernel (`kernel._start`, keyed by (seed, sample,
component)), so a unit's outages in sample k are the same in both engines, whatever the thread
count or chunking.

The transfer graph has one node per area plus a source node S (last). Arcs come in pairs
(2k, 2k + 1) whose residual capacities move together: pushing x along 2k adds x to 2k + 1.
Pair a < n_areas is S → area a (area a's supply offered to the network, reverse unused); then
one pair per interconnector between areas (from → to with capacity_mw, to → from with
capacity_reverse_mw, both zero while the line is out). Each area has a sink arc to T whose
residual is its unserved load (`deficit`). Served load is raised by shortest augmenting paths
(Edmonds–Karp), one sink at a time in priority order (see `_serve`).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from powerpact.adequacy.kernel import (
    CELLS,
    SHORTFALL_TOLERANCE_MW,
    _available,
    _component_outages,
    _gas_fuel_per_hour,
    _unit_outages,
)

FLOW_TOLERANCE_MW = 1e-9  # residuals below this are exhausted (float round-off of augmentations)
KIND_GAS, KIND_HYDRO, KIND_STORAGE = 1, 2, 3  # 1 and 2 as `slot_kind`
TRACE_FIELDS = 6  # per area: net load, firm, gas offer, hydro offer, storage offer, unserved


@njit(cache=True)
def _path_to(target, residual, arc_head, node_first, node_arcs, parent_arc, queue, n_nodes):
    """Breadth-first search from S over arcs with residual capacity; True if `target` is
    reached (its path is in parent_arc, followed back by arc ^ 1 heads)."""
    source = n_nodes - 1
    for node in range(n_nodes):
        parent_arc[node] = -2
    parent_arc[source] = -1
    head, tail = 0, 1
    queue[0] = source
    while head < tail:
        node = queue[head]
        head += 1
        for k in range(node_first[node], node_first[node + 1]):
            arc = node_arcs[k]
            nxt = arc_head[arc]
            if parent_arc[nxt] == -2 and residual[arc] > FLOW_TOLERANCE_MW:
                parent_arc[nxt] = arc
                if nxt == target:
                    return True
                queue[tail] = nxt
                tail += 1
    return False


@njit(cache=True)
def _serve(deficit, residual, arc_head, node_first, node_arcs, parent_arc, queue):
    """Raise served load to the maximum flow, sinks in priority order (area 0 first).

    Serving area a as much as possible before area a + 1 is looked at is lexicographic: a later
    augmentation only uses arcs among nodes still reachable from S, so it never reopens a path
    to an earlier area, and once every area is done no augmenting path is left: the total is
    the maximum flow."""
    n_nodes = node_first.shape[0] - 1
    for area in range(deficit.shape[0]):
        while deficit[area] > FLOW_TOLERANCE_MW:
            if not _path_to(
                area, residual, arc_head, node_first, node_arcs, parent_arc, queue, n_nodes
            ):
                break
            push = deficit[area]
            node = area
            while parent_arc[node] >= 0:
                arc = parent_arc[node]
                push = min(push, residual[arc])
                node = arc_head[arc ^ 1]
            node = area
            while parent_arc[node] >= 0:
                arc = parent_arc[node]
                residual[arc] -= push
                residual[arc ^ 1] += push
                node = arc_head[arc ^ 1]
            deficit[area] -= push


@njit(cache=True)
def _offer(area, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited):
    """What area's gas plants can give this hour within the hour's fuel left."""
    total = 0.0
    for slot in range(slot_area.shape[0]):
        if slot_area[slot] != area or slot_kind[slot] != KIND_GAS or left[slot] <= 0.0:
            continue
        power = left[slot]
        if gas_limited:
            power = min(power, max(fuel, 0.0) * slot_efficiency[slot])
            fuel -= power / slot_efficiency[slot]
        total += power
    return total


@njit(cache=True)
def _take(area, amount, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited):
    """Run area's gas plants for `amount` MW, most efficient first; return the fuel left."""
    for slot in range(slot_area.shape[0]):
        if amount <= 0.0:
            break
        if slot_area[slot] != area or slot_kind[slot] != KIND_GAS or left[slot] <= 0.0:
            continue
        power = min(left[slot], amount)
        if gas_limited:
            power = min(power, max(fuel, 0.0) * slot_efficiency[slot])
            fuel -= power / slot_efficiency[slot]
        left[slot] -= power
        amount -= power
    return fuel


@njit(cache=True)
def _storage_offer(area, hour, storage_area, storage_power, storage_available, soc, discharged):
    """Discharge power area's storage can still give this hour (`discharged`: MW given)."""
    total = 0.0
    for s in range(storage_area.shape[0]):
        if storage_area[s] == area:
            total += min(storage_power[s] * storage_available[s, hour] - discharged[s], soc[s])
    return total


@njit(cache=True)
def _charge(
    area,
    surplus,
    hour,
    storage_area,
    storage_charge,
    storage_energy,
    storage_efficiency,
    storage_available,
    soc,
    discharged,
):
    """Recharge area's storage greedily from its own `surplus` MW."""
    for s in range(storage_area.shape[0]):
        if surplus <= 0.0:
            break
        if storage_area[s] != area or discharged[s] > 0.0:
            continue
        charge = min(
            storage_charge[s] * storage_available[s, hour],
            surplus,
            (storage_energy[s] - soc[s]) / storage_efficiency[s],
        )
        if charge > 0.0:
            soc[s] += charge * storage_efficiency[s]
            surplus -= charge


@njit(cache=True)
def _offer_and_serve(
    area, offer, deficit, residual, arc_head, node_first, node_arcs, parent_arc, queue
):
    """Offer `offer` MW more at `area` to the network and serve what it can reach; returns the
    MW of the offer used.

    The firm supply left on the area's source arc (`before`) has no path to any short area: the
    nodes reachable from S hold no shortfall, and augmenting paths from the newly offered supply
    never enter them. So all that the source arc lost is this offer."""
    before = residual[2 * area]
    residual[2 * area] = before + offer
    _serve(deficit, residual, arc_head, node_first, node_arcs, parent_arc, queue)
    used = min(offer, max(before + offer - residual[2 * area], 0.0))
    residual[2 * area] = min(residual[2 * area], before)
    return used


@njit(cache=True)
def _gas_stage(
    deficit,
    residual,
    arc_head,
    node_first,
    node_arcs,
    parent_arc,
    queue,
    slot_area,
    slot_kind,
    slot_efficiency,
    left,
    fuel,
    gas_limited,
):
    """The gas stage: each short area first runs its own gas plants for its own shortfall,
    then every area offers what is left to the network, one area at a time (so the hour's gas
    fuel, shared by all areas, is counted exactly). Gas has no energy carried between hours, so
    which area burns it changes nothing later. Returns the fuel left."""
    n_areas = deficit.shape[0]
    for area in range(n_areas):
        if deficit[area] <= FLOW_TOLERANCE_MW:
            continue
        own = min(
            deficit[area],
            _offer(area, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited),
        )
        fuel = _take(area, own, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited)
        deficit[area] -= own
    for area in range(n_areas):
        if _total_short(deficit) <= 0.0:
            break
        if residual[2 * area] > FLOW_TOLERANCE_MW:
            continue  # firm supply left unused here: no short area is reachable from it
        offer = _offer(area, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited)
        if offer <= FLOW_TOLERANCE_MW:
            continue
        used = _offer_and_serve(
            area, offer, deficit, residual, arc_head, node_first, node_arcs, parent_arc, queue
        )
        fuel = _take(area, used, slot_area, slot_kind, slot_efficiency, left, fuel, gas_limited)
    return fuel


@njit(cache=True)
def _total_short(deficit):
    short = 0.0
    for area in range(deficit.shape[0]):
        short += max(deficit[area] - FLOW_TOLERANCE_MW, 0.0)
    return short


@njit(cache=True)
def _energy_stage(
    kind,
    deficit,
    hour,
    month,
    residual,
    arc_head,
    node_first,
    node_arcs,
    parent_arc,
    queue,
    slot_area,
    slot_kind,
    left,
    hydro_left,
    storage_area,
    storage_power,
    storage_available,
    soc,
    discharged,
    work,
):
    """A stage of energy carried between hours (reservoir hydro within its month's energy, or
    storage within its state of charge): the plants of every area are taken one at a time, the
    one with the most hours of full output left first, wherever it is; each serves its own
    area's shortfall first (own load first) and offers the rest to the network.

    Which plant's energy serves a shortfall matters later: an hour's shortfall served from a
    small reservoir or a short storage leaves it empty for a later hour in which it alone can
    reach a short area. Drawing on the longest-lasting energy first keeps the scarce energy
    for later, whatever the lines: by zone order and own plants first, a new line could shift
    a shortfall from a zone with a large reservoir onto a neighbour with a small storage and
    so raise unserved energy later (seen on backcast-2016 with the BG–RS line)."""
    hours_left, power, order, blocked = work  # buffers of the sample: no allocation per hour
    n = slot_area.shape[0] if kind == KIND_HYDRO else storage_area.shape[0]
    count = 0
    for k in range(n):
        if kind == KIND_HYDRO:
            if slot_kind[k] != KIND_HYDRO or left[k] <= FLOW_TOLERANCE_MW:
                continue
            power[k] = left[k]
            hours_left[k] = hydro_left[k, month] / left[k]
        else:
            power[k] = min(storage_power[k] * storage_available[k, hour] - discharged[k], soc[k])
            if power[k] <= FLOW_TOLERANCE_MW:
                continue
            hours_left[k] = soc[k] / power[k]
        # Insertion into order[:count], longest-lasting first; ties keep index order.
        at = count
        while at > 0 and hours_left[order[at - 1]] < hours_left[k]:
            order[at] = order[at - 1]
            at -= 1
        order[at] = k
        count += 1
    # An area from which no short area can be reached stays so for the rest of the hour (the
    # nodes it reaches form a closed set that later augmenting paths never enter): its plants
    # are skipped, which saves a search each and changes nothing. Firm supply left unused at
    # an area marks it so from the start (see `_offer_and_serve`).
    blocked[:] = False
    for j in range(count):
        if _total_short(deficit) <= 0.0:
            break
        k = order[j]
        area = slot_area[k] if kind == KIND_HYDRO else storage_area[k]
        # Own load first: the plant serves its own area's shortfall, then offers the rest.
        used = min(deficit[area], power[k])
        deficit[area] -= used
        if used < power[k] and not blocked[area] and residual[2 * area] <= FLOW_TOLERANCE_MW:
            exported = _offer_and_serve(
                area,
                power[k] - used,
                deficit,
                residual,
                arc_head,
                node_first,
                node_arcs,
                parent_arc,
                queue,
            )
            blocked[area] = exported <= FLOW_TOLERANCE_MW
            used += exported
        if used <= 0.0:
            continue
        if kind == KIND_HYDRO:
            left[k] -= used
            hydro_left[k, month] -= used
        else:
            soc[k] -= used
            discharged[k] += used


@njit(cache=True, parallel=True)
def simulate(
    first_sample,
    n_samples,
    seed_key,
    net_load,
    base_available,
    slot_area,
    slot_kind,
    slot_efficiency,
    unit_capacity,
    unit_rate,
    unit_mttf,
    unit_mttr,
    unit_row,
    unit_slot,
    unit_key,
    row_in_service,
    row_always_in_service,
    hydro_budget,
    month_of_hour,
    line_capacity,
    line_rate,
    line_mttf,
    line_mttr,
    line_key,
    line_in_service,
    arc_head,
    node_first,
    node_arcs,
    storage_area,
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
    trace,
):
    """Simulate samples first_sample .. first_sample + n_samples − 1.

    Returns per sample: system loss-of-load hours, local days and unserved MWh; the same per
    sample × area; and per sample × month-hour cell the system's loss-of-load hours and
    unserved MWh. `trace` (hours × (6 areas + 2 lines), or no rows) receives, for a one-sample
    call, each hour's states (see `TRACE_FIELDS`; then each line's available capacity forward
    and reverse). `net_load` (climate years × areas × hours) and `hydro_budget` (climate years
    × slots × months) hold one entry per climate year; sample k uses climate year
    k mod (number of years), so one year reproduces the single-year run. `demand` (climate
    years × areas × hours) and `demand_shift` (per sample of the call, or no entries) give the
    demand forecast band: sample i's net load is raised by demand_shift[i] × demand."""
    n_years, n_areas = net_load.shape[0], net_load.shape[1]
    lol_hours = np.zeros(n_samples, np.int64)
    lol_days = np.zeros(n_samples, np.int64)
    unserved = np.zeros(n_samples)
    area_hours = np.zeros((n_samples, n_areas), np.int64)
    area_days = np.zeros((n_samples, n_areas), np.int64)
    area_unserved = np.zeros((n_samples, n_areas))
    cell_hours = np.zeros((n_samples, CELLS), np.int32)
    cell_unserved = np.zeros((n_samples, CELLS))
    # Blocks of samples share work buffers; a sample's numbers never depend on its block.
    n_blocks = min(int(n_samples), 256)
    for block in prange(n_blocks):
        hours = net_load.shape[2]
        buffers = (
            np.zeros(1, np.uint64),
            np.zeros((base_available.shape[0], hours + 1)),
            np.empty((base_available.shape[0], hours)),
            np.zeros((line_capacity.shape[0], hours + 1)),
            np.empty((line_capacity.shape[0], hours)),
            np.zeros((storage_power.shape[0], hours + 1)),
            np.empty((storage_power.shape[0], hours)),
        )
        banded_load = np.empty((n_areas, hours))
        for i in range(block * n_samples // n_blocks, (block + 1) * n_samples // n_blocks):
            year = (first_sample + i) % n_years
            sample_load = net_load[year]
            if demand_shift.shape[0] > 0:
                # Demand × (1 + e), floored at zero; must-take output is not scaled.
                shift = max(demand_shift[i], -1.0)
                for area in range(n_areas):
                    for hour in range(hours):
                        banded_load[area, hour] = (
                            net_load[year, area, hour] + shift * demand[year, area, hour]
                        )
                sample_load = banded_load
            _sample(
                first_sample + i,
                i,
                seed_key,
                sample_load,
                base_available,
                slot_area,
                slot_kind,
                slot_efficiency,
                unit_capacity,
                unit_rate,
                unit_mttf,
                unit_mttr,
                unit_row,
                unit_slot,
                unit_key,
                row_in_service,
                row_always_in_service,
                hydro_budget[year],
                month_of_hour,
                line_capacity,
                line_rate,
                line_mttf,
                line_mttr,
                line_key,
                line_in_service,
                arc_head,
                node_first,
                node_arcs,
                storage_area,
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
                trace,
                buffers,
                lol_hours,
                lol_days,
                unserved,
                area_hours,
                area_days,
                area_unserved,
                cell_hours,
                cell_unserved,
            )
    return (
        lol_hours,
        lol_days,
        unserved,
        area_hours,
        area_days,
        area_unserved,
        cell_hours,
        cell_unserved,
    )


@njit(cache=True)
def _sample(
    sample,
    i,
    seed_key,
    net_load,
    base_available,
    slot_area,
    slot_kind,
    slot_efficiency,
    unit_capacity,
    unit_rate,
    unit_mttf,
    unit_mttr,
    unit_row,
    unit_slot,
    unit_key,
    row_in_service,
    row_always_in_service,
    hydro_budget,
    month_of_hour,
    line_capacity,
    line_rate,
    line_mttf,
    line_mttr,
    line_key,
    line_in_service,
    arc_head,
    node_first,
    node_arcs,
    storage_area,
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
    trace,
    buffers,
    lol_hours,
    lol_days,
    unserved,
    area_hours,
    area_days,
    area_unserved,
    cell_hours,
    cell_unserved,
):
    """One sample: outages of units, lines and storage, then the hour-by-hour transfers."""
    state, lost, available, line_lost, line_available, storage_lost, storage_available = buffers
    n_areas, hours = net_load.shape
    n_lines = line_capacity.shape[0]
    n_storage = storage_power.shape[0]
    no_blocks = np.zeros((0, 1))
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
        no_blocks,
    )
    _available(base_available, lost, available, 0)
    _component_outages(
        state,
        seed_key,
        sample,
        line_rate,
        line_mttf,
        line_mttr,
        line_key,
        line_in_service,
        line_lost,
        line_available,
        no_blocks,
    )
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
    fuel_per_hour = _gas_fuel_per_hour(
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
    margin = np.empty(n_areas)
    deficit = np.empty(n_areas)
    residual = np.zeros(arc_head.shape[0])
    parent_arc = np.empty(n_areas + 1, np.int64)
    queue = np.empty(n_areas + 1, np.int64)
    left = np.zeros(base_available.shape[0])
    discharged = np.zeros(n_storage)
    n_energy = max(left.shape[0], n_storage)
    energy_work = (
        np.empty(n_energy),
        np.empty(n_energy),
        np.empty(n_energy, np.int64),
        np.zeros(n_areas, np.bool_),
    )
    last_day = np.full(n_areas + 1, -1, np.int64)
    tracing = trace.shape[0] > 0
    for hour in range(hours):
        short = False
        for area in range(n_areas):
            margin[area] = available[area, hour] - net_load[area, hour]
            if margin[area] < 0.0:
                short = True
        month = month_of_hour[hour]
        discharged[:] = 0.0
        if tracing:
            _trace_hour(
                trace,
                hour,
                month,
                net_load,
                available,
                slot_area,
                slot_kind,
                hydro_left,
                storage_area,
                storage_power,
                storage_available,
                soc,
                discharged,
                line_capacity,
                line_available,
            )
        if not short:
            # The copper-plate check: every area covers its own load with firm capacity, so no
            # transfer is needed; storage recharges from its area's surplus.
            if n_storage > 0:
                for area in range(n_areas):
                    _charge(
                        area,
                        margin[area],
                        hour,
                        storage_area,
                        storage_charge,
                        storage_energy,
                        storage_efficiency,
                        storage_available,
                        soc,
                        discharged,
                    )
            continue
        for area in range(n_areas):
            residual[2 * area] = max(margin[area], 0.0)
            residual[2 * area + 1] = 0.0
            deficit[area] = max(-margin[area], 0.0)
        for line in range(n_lines):
            residual[2 * (n_areas + line)] = line_capacity[line, 0] * line_available[line, hour]
            residual[2 * (n_areas + line) + 1] = line_capacity[line, 1] * line_available[line, hour]
        _serve(deficit, residual, arc_head, node_first, node_arcs, parent_arc, queue)
        total = 0.0
        for area in range(n_areas):
            total += deficit[area]
        if total > FLOW_TOLERANCE_MW:
            for slot in range(n_areas, left.shape[0]):
                left[slot] = available[slot, hour]
                if slot_kind[slot] == KIND_HYDRO:
                    left[slot] = min(left[slot], hydro_left[slot, month])
            fuel = fuel_per_hour[day_of_hour[hour]]
            fuel = _gas_stage(
                deficit,
                residual,
                arc_head,
                node_first,
                node_arcs,
                parent_arc,
                queue,
                slot_area,
                slot_kind,
                slot_efficiency,
                left,
                fuel,
                gas_limited,
            )
            for kind in (KIND_HYDRO, KIND_STORAGE):
                _energy_stage(
                    kind,
                    deficit,
                    hour,
                    month,
                    residual,
                    arc_head,
                    node_first,
                    node_arcs,
                    parent_arc,
                    queue,
                    slot_area,
                    slot_kind,
                    left,
                    hydro_left,
                    storage_area,
                    storage_power,
                    storage_available,
                    soc,
                    discharged,
                    energy_work,
                )
        lost_mw = 0.0
        for area in range(n_areas):
            if deficit[area] > SHORTFALL_TOLERANCE_MW:
                lost_mw += deficit[area]
                area_hours[i, area] += 1
                area_unserved[i, area] += deficit[area]
                if local_day_of_hour[hour] != last_day[area]:
                    area_days[i, area] += 1
                    last_day[area] = local_day_of_hour[hour]
            elif n_storage > 0:
                # Firm supply the network could not use recharges the area's own storage.
                _charge(
                    area,
                    residual[2 * area],
                    hour,
                    storage_area,
                    storage_charge,
                    storage_energy,
                    storage_efficiency,
                    storage_available,
                    soc,
                    discharged,
                )
        if tracing:
            for area in range(n_areas):
                if deficit[area] > SHORTFALL_TOLERANCE_MW:
                    trace[hour, TRACE_FIELDS * area + 5] = deficit[area]
        if lost_mw > 0.0:
            lol_hours[i] += 1
            unserved[i] += lost_mw
            cell_hours[i, cell_of_hour[hour]] += 1
            cell_unserved[i, cell_of_hour[hour]] += lost_mw
            if local_day_of_hour[hour] != last_day[n_areas]:
                lol_days[i] += 1
                last_day[n_areas] = local_day_of_hour[hour]


@njit(cache=True)
def _trace_hour(
    trace,
    hour,
    month,
    net_load,
    available,
    slot_area,
    slot_kind,
    hydro_left,
    storage_area,
    storage_power,
    storage_available,
    soc,
    discharged,
    line_capacity,
    line_available,
):
    """Record the hour's states before any dispatch (offers of energy-limited plants as the
    hour starts; gas without its fuel limit)."""
    n_areas = net_load.shape[0]
    for area in range(n_areas):
        base = TRACE_FIELDS * area
        trace[hour, base] = net_load[area, hour]
        trace[hour, base + 1] = available[area, hour]
        trace[hour, base + 4] = _storage_offer(
            area, hour, storage_area, storage_power, storage_available, soc, discharged
        )
    for slot in range(n_areas, slot_area.shape[0]):
        base = TRACE_FIELDS * slot_area[slot]
        if slot_kind[slot] == KIND_GAS:
            trace[hour, base + 2] += available[slot, hour]
        else:
            trace[hour, base + 3] += min(available[slot, hour], hydro_left[slot, month])
    for line in range(line_capacity.shape[0]):
        column = TRACE_FIELDS * n_areas + 2 * line
        trace[hour, column] = line_capacity[line, 0] * line_available[line, hour]
        trace[hour, column + 1] = line_capacity[line, 1] * line_available[line, hour]
