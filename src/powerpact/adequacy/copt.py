"""Analytical adequacy: the capacity outage probability table (COPT).

Every dispatchable unit is a two-state unit (available with probability 1 − forced outage rate)
and units fail independently, so the distribution of capacity on outage is the convolution of
the units' two-point distributions (Billinton & Allan, *Reliability Evaluation of Power Systems*,
ch. 2). Each hour's net load (demand minus must-take renewables and run-of-river) is compared
with that distribution: LOLP_h = P(outage > C − L_h), EENS_h = E[max(0, L_h − (C − outage))].

What COPT models and what it leaves to Monte Carlo:
- reservoir hydro and storage are energy-limited: they are not in the table but shave the net
  load's peaks first (load modification, `energy_limited`), hydro with each month's energy,
  storage with each day's recharge;
- imports: a unit of `capacity × import_availability` with the interconnector's outage rate;
- scenario outages: the units out of service in an hour are left out of that hour's table
  (one table per distinct pattern of hourly capacities);
- gas supply limits are not modelled (gas plants are unconstrained units): the joint gas–power
  risk needs the chronological Monte Carlo.

Capacities are placed on a grid of `step_mw` (the greatest common divisor of the unit sizes
when these are whole megawatts, so the table is exact, as for RTS-79; otherwise 0.1 MW or
coarser to keep at most `max_states` states, each unit rounded to the nearest step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.adequacy.energy_limited import modified_load_mw
from powerpact.adequacy.inputs import Prepared, prepare, reserves_withheld
from powerpact.adequacy.results import AdequacyResult, cell_frame
from powerpact.system import System


@dataclass(frozen=True)
class CoptOptions:
    step_mw: float | None = None  # grid of the table; None chooses it (see module docstring)
    max_states: int = 2_000_000
    # Withhold each zone's upward operating reserve (reserves.csv) from available capacity.
    withhold_reserves: bool = True


@dataclass(frozen=True)
class OutageTable:
    """P(capacity on outage = k × step_mw) for k = 0..len-1, and the installed capacity."""

    probability: np.ndarray
    step_mw: float
    installed_mw: float

    @property
    def outage_mw(self) -> np.ndarray:
        return np.arange(len(self.probability)) * self.step_mw

    def risk(self, load_mw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """LOLP and expected unserved power (MW) at each load level."""
        outage = self.outage_mw
        tail_p = np.cumsum(self.probability[::-1])[::-1]
        tail_px = np.cumsum((self.probability * outage)[::-1])[::-1]
        tail_p, tail_px = np.append(tail_p, 0.0), np.append(tail_px, 0.0)
        threshold = self.installed_mw - np.asarray(load_mw, float)
        # Loss of load needs outage strictly above C − L (available capacity below load).
        first = np.searchsorted(outage, threshold, side="right")
        lolp = tail_p[first]
        unserved = np.maximum(tail_px[first] - threshold * tail_p[first], 0.0)
        return lolp, np.where(lolp > 0, unserved, 0.0)


def outage_table(
    capacity_mw: np.ndarray, forced_outage_rate: np.ndarray, step_mw: float
) -> OutageTable:
    """Convolve two-state units into a capacity outage probability table."""
    steps = np.rint(np.asarray(capacity_mw, float) / step_mw).astype(np.int64)
    rates = np.asarray(forced_outage_rate, float)
    keep = steps > 0
    steps, rates = steps[keep], rates[keep]
    probability = np.zeros(int(steps.sum()) + 1)
    probability[0] = 1.0
    filled = 0  # largest outage (in steps) reachable so far
    for size, rate in zip(steps, rates, strict=True):
        if rate == 0:
            continue  # a unit that never fails adds capacity but no outage states
        shifted = probability[: filled + 1].copy()
        probability[: filled + 1] *= 1 - rate
        probability[size : size + filled + 1] += rate * shifted
        filled += size
    return OutageTable(probability[: filled + 1], step_mw, float(steps.sum() * step_mw))


def choose_step_mw(capacity_mw: np.ndarray, max_states: int) -> float:
    """Grid step for unit sizes `capacity_mw`: their greatest common divisor when they are whole
    megawatts, else 0.1 MW; coarser if the table would exceed `max_states` states."""
    sizes = np.asarray(capacity_mw, float)
    sizes = sizes[sizes > 0]
    if len(sizes) == 0:
        return 1.0
    total = float(sizes.sum())
    if np.allclose(sizes, np.rint(sizes), atol=1e-9):
        step = float(math.gcd(*np.rint(sizes).astype(int).tolist()))
    else:
        step = 0.1
    return max(step, total / max_states)


def _cells(prep: Prepared, hourly: np.ndarray) -> np.ndarray:
    return np.bincount(prep.cell_of_hour, weights=hourly, minlength=288)


def copt(system: System, options: CoptOptions | None = None) -> AdequacyResult:
    """Exact LOLE, LOLP and EENS of `system` by the capacity outage probability table."""
    options = options or CoptOptions()
    system = reserves_withheld(system, options.withhold_reserves)
    prep = prepare(system)
    units = prep.units
    in_table = prep.slot_kind[prep.row_slot[units.row]] != 2  # all but reservoir hydro
    # Per-unit capacity each hour: rated size, zero while on a scenario outage.
    unit_hourly = units.capacity_mw[in_table, None] * prep.row_in_service[units.row[in_table]]
    step = options.step_mw or choose_step_mw(units.capacity_mw[in_table], options.max_states)
    patterns, pattern_of_hour = np.unique(unit_hourly.T, axis=0, return_inverse=True)
    pattern_of_hour = np.asarray(pattern_of_hour).ravel()
    load_mw = modified_load_mw(prep)
    lolp = np.zeros(len(prep.hours))
    unserved_mw = np.zeros(len(prep.hours))
    for index, capacities in enumerate(patterns):
        hours = np.flatnonzero(pattern_of_hour == index)
        table = outage_table(capacities, units.forced_outage_rate[in_table], step)
        lolp[hours], unserved_mw[hours] = table.risk(load_mw[hours])
    daily_peak_lolp = pd.Series(lolp).groupby(prep.local_day_of_hour).max()
    zero = float(0)
    return AdequacyResult(
        method="copt",
        system=system.name,
        horizon_hours=len(prep.hours),
        samples=0,
        seed=None,
        sample_offset=0,
        lole_hours=float(lolp.sum()),
        lole_hours_stderr=zero,
        lold_days=float(daily_peak_lolp.sum()),
        lold_days_stderr=zero,
        eens_mwh=float(unserved_mw.sum()),
        eens_mwh_stderr=zero,
        cell_hours=cell_frame(_cells(prep, np.ones(len(prep.hours)))),
        cell_lole_hours=cell_frame(_cells(prep, lolp)),
        cell_eens_mwh=cell_frame(_cells(prep, unserved_mw)),
        per_sample=pd.DataFrame(columns=["lol_hours", "lol_days", "unserved_mwh"]),
    )
