"""Energy-limited resources in the COPT by load modification (peak shaving).

Billinton & Allan, *Reliability Evaluation of Power Systems* (2nd ed., ch. 2, energy-limited
units): a unit whose energy over a period is limited is not convolved into the capacity outage
probability table; instead it is dispatched against the load curve of the period to shave the
highest loads, and the table is evaluated on the modified load. Here:

- reservoir hydro, each calendar month of the horizon: output h_t = min(c_t, max(L_t − λ, 0))
  with λ ≥ 0 chosen so that Σ h_t equals the month's energy (the horizon's share of
  `hydro_inflows`, as in Monte Carlo), or h_t = min(c_t, max(L_t, 0)) when the energy covers
  that (output beyond the load would change no risk index). Plants in turn from the largest;
- storage, each local day: the same shaving with the day's usable energy
  E = min(energy_mwh, η × Σ_t min(charge power, surplus_t)), where surplus_t is the expected
  firm capacity (non-gas, non-hydro units and imports, each × (1 − forced outage rate)) less
  the net load: as in Monte Carlo, storage recharges only from firm surplus, so charging adds
  no load. Each day is energy-neutral (the store ends the day as it began; carry-over between
  days is not modelled). Units in turn from the most powerful.

Outages of energy-limited plants: their capacity c_t is derated by (1 − forced outage rate)
(the expected available capacity) and set to zero during scenario outages; Monte Carlo samples
these outages instead.
"""

from __future__ import annotations

import numpy as np

from powerpact.adequacy.inputs import Prepared

BISECTION_STEPS = 100


def shave(load_mw: np.ndarray, capacity_mw: np.ndarray, energy_mwh: np.ndarray) -> np.ndarray:
    """Output of energy-limited units that shave the highest loads, one unit per row.

    Row g of `load_mw` and `capacity_mw` (groups × hours) is one period; the output is
    h = min(c, max(L − λ_g, 0)) with λ_g ≥ 0 such that Σ h = `energy_mwh[g]`, found by
    bisection (then exact interpolation, the total being linear in λ between breakpoints);
    rows whose energy covers min(c, max(L, 0)) get exactly that.
    """
    load = np.asarray(load_mw, float)
    capacity = np.broadcast_to(np.asarray(capacity_mw, float), load.shape)
    energy = np.maximum(np.asarray(energy_mwh, float), 0.0)

    def total(level: np.ndarray) -> np.ndarray:
        return np.minimum(capacity, np.maximum(load - level[:, None], 0.0)).sum(axis=1)

    low = np.zeros(len(load))
    high = np.maximum(load.max(axis=1, initial=0.0), 0.0)
    limited = total(low) > energy
    for _ in range(BISECTION_STEPS):
        middle = (low + high) / 2
        above = total(middle) > energy
        low, high = np.where(above, middle, low), np.where(above, high, middle)
    at_low, at_high = total(low), total(high)
    span = at_low - at_high
    fraction = np.divide(at_low - energy, span, out=np.ones_like(span), where=span > 0)
    level = np.where(limited, low + np.clip(fraction, 0.0, 1.0) * (high - low), 0.0)
    return np.minimum(capacity, np.maximum(load - level[:, None], 0.0))


def _grouped(group_of_hour: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hours arranged as groups × positions (padding −1) and the mask of real entries."""
    counts = np.bincount(group_of_hour)
    order = np.argsort(group_of_hour, kind="stable")
    position = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    index = np.full((len(counts), counts.max(initial=0)), -1)
    index[group_of_hour[order], position] = order
    return index, index >= 0


def _shave_by_group(
    load_mw: np.ndarray, capacity_mw: np.ndarray, energy_mwh: np.ndarray, group_of_hour: np.ndarray
) -> np.ndarray:
    """Hourly output of one unit shaving `load_mw` with `energy_mwh[g]` in each group g."""
    index, real = _grouped(group_of_hour)
    load = np.where(real, load_mw[index], 0.0)
    capacity = np.where(real, capacity_mw[index], 0.0)
    grouped = shave(load, capacity, energy_mwh)
    output = np.zeros(len(load_mw))
    output[index[real]] = grouped[real]
    return output


def _row_totals(prep: Prepared, values: np.ndarray) -> np.ndarray:
    return np.bincount(prep.units.row, weights=values, minlength=len(prep.row_slot))


def hydro_output_mw(prep: Prepared, load_mw: np.ndarray) -> np.ndarray:
    """Hourly output of all reservoir hydro, shaving `load_mw` month by month."""
    units = prep.units
    row_capacity = _row_totals(prep, units.capacity_mw)
    row_rate = np.zeros(len(prep.row_slot))
    row_rate[units.row] = units.forced_outage_rate
    rows = np.flatnonzero(prep.slot_kind[prep.row_slot] == 2)
    load = load_mw.copy()
    for row in rows[np.argsort(-row_capacity[rows], kind="stable")]:
        capacity = row_capacity[row] * (1 - row_rate[row]) * prep.row_in_service[row]
        energy = prep.hydro_budget_mwh[prep.row_slot[row]]
        load -= _shave_by_group(load, capacity, energy, prep.month_of_hour)
    return load_mw - load


def expected_firm_mw(prep: Prepared) -> np.ndarray:
    """Expected available capacity of firm units and imports (slot 0) each hour."""
    units = prep.units
    firm = prep.row_slot[units.row] == 0
    expected = units.capacity_mw * (1 - units.forced_outage_rate) * firm
    return expected @ prep.row_in_service[units.row]


def storage_output_mw(prep: Prepared, load_mw: np.ndarray, surplus_mw: np.ndarray) -> np.ndarray:
    """Hourly discharge of all storage, shaving `load_mw` day by day with the energy each unit
    can recharge that day from `surplus_mw` (the recharge used is taken from the surplus)."""
    storage = prep.storage
    rate = prep.storage_units.forced_outage_rate
    days = prep.local_day_of_hour
    load, surplus = load_mw.copy(), np.maximum(surplus_mw, 0.0)
    power = storage["power_mw"].to_numpy(float)
    for s in np.argsort(-power, kind="stable"):
        derate = (1 - rate[s]) * prep.storage_in_service[s]
        efficiency = float(storage["round_trip_efficiency"].iloc[s])
        charge = np.minimum(storage["charge_power_mw"].iloc[s] * derate, surplus)
        charge_mwh = np.bincount(days, weights=charge)
        energy = np.minimum(float(storage["energy_mwh"].iloc[s]), efficiency * charge_mwh)
        output = _shave_by_group(load, power[s] * derate, energy, days)
        # Take from the surplus only the share of the day's charging the discharge needed.
        used = np.divide(
            np.bincount(days, weights=output) / efficiency,
            charge_mwh,
            out=np.zeros_like(charge_mwh),
            where=charge_mwh > 0,
        )
        surplus -= charge * np.minimum(used, 1.0)[days]
        load -= output
    return load_mw - load


def modified_load_mw(prep: Prepared) -> np.ndarray:
    """Net load after reservoir hydro and storage have shaved its peaks."""
    hydro = hydro_output_mw(prep, prep.net_load_mw)
    storage = storage_output_mw(
        prep, prep.net_load_mw - hydro, expected_firm_mw(prep) - prep.net_load_mw
    )
    return prep.net_load_mw - hydro - storage
