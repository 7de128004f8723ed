"""Unit commitment added to the dispatch LP: units on or off, start-ups, minimum up and down
times and ramp limits.

A generator row is committable when its `min_stable_fraction` is given. A row of `units`
identical units gets one integer variable per hour, the number of units online (0..units), with
the number starting up and shutting down (the aggregated "three-variable" formulation; exact for
identical units). Minimum up and down times use the start/stop sums of Rajan and Takriti (2005),
which are the convex hull of the min up/down polytope of one unit, so the LP relaxation
(`commitment="lp"`) is tight. Ramps follow the standard start-up/shut-down ramp form (a starting
unit may reach max(minimum stable output, ramp) in its first hour; a stopping one may leave from at
most that level).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from powerpact.dispatch.inputs import DispatchInputs, heat_led_min_mw
from powerpact.dispatch.lp import SparseLp
from powerpact.system import System, variant

# Start-up costs, minimum times, ramps and minimum loads of the default's thermal units, derived
# from the Dispa-SET PP_2015 plant list by scripts/derive_serbia_data.py.
DEFAULT_COMMITMENT = Path(__file__).resolve().parents[1] / "data" / "derived" / "commitment.csv"


@dataclass(frozen=True)
class CommitmentData:
    """Committable generator rows (in generator order) and their per-unit parameters."""

    units: np.ndarray  # positions in the generators table
    count: np.ndarray  # identical units per row
    unit_mw: np.ndarray  # capacity of one unit
    min_stable: np.ndarray  # fraction of a unit's capacity while it is on
    start_cost_eur: np.ndarray  # per start of one unit
    min_up_h: np.ndarray  # whole hours, at least 1
    min_down_h: np.ndarray
    ramp_up: np.ndarray  # fraction of a unit's capacity per hour
    ramp_down: np.ndarray

    @property
    def memory_h(self) -> int:
        """Hours of start/stop history that the min up/down rows of a later window look back."""
        return int(max(self.min_up_h.max(initial=1), self.min_down_h.max(initial=1)))


@dataclass(frozen=True)
class CommitmentState:
    """Where the committable units stand before the first hour of a problem."""

    online: np.ndarray  # units online in the hour before, per row
    starts: np.ndarray  # history hours × rows, most recent last
    stops: np.ndarray
    output_mw: np.ndarray | None  # output in the hour before; None: unknown, no ramp limit then


@dataclass(frozen=True)
class CommitmentBlocks:
    online: np.ndarray  # hours × committable rows: units online
    start: np.ndarray  # units starting up in the hour
    stop: np.ndarray  # units shutting down in the hour


def commitment_data(system: System) -> CommitmentData:
    gens = system.generators
    committable = gens["min_stable_fraction"].notna().to_numpy()
    rows = gens[committable]
    count = rows["units"].to_numpy(dtype=float)
    unit_mw = rows["capacity_mw"].to_numpy(dtype=float) / count
    return CommitmentData(
        units=np.flatnonzero(committable),
        count=count,
        unit_mw=unit_mw,
        min_stable=rows["min_stable_fraction"].to_numpy(dtype=float),
        start_cost_eur=rows["start_cost_eur_per_mw"].to_numpy(dtype=float) * unit_mw,
        # Hourly steps: a 1.5 h minimum down time keeps the unit off for 2 hours.
        min_up_h=np.maximum(np.ceil(rows["min_up_h"].to_numpy(dtype=float)), 1).astype(int),
        min_down_h=np.maximum(np.ceil(rows["min_down_h"].to_numpy(dtype=float)), 1).astype(int),
        ramp_up=rows["ramp_up_fraction_per_h"].to_numpy(dtype=float),
        ramp_down=rows["ramp_down_fraction_per_h"].to_numpy(dtype=float),
    )


def with_commitment(system: System, table: Path = DEFAULT_COMMITMENT) -> System:
    """`system` with the commitment data of `table` (rows named by generator) on its generators.

    The minimum stable output is the unit's own `min_stable_mw` where it has one (the default's
    50 % for lignite: PP_2015's 5-20 % minimum loads for Serbian lignite are far below the 40-60 %
    such units hold), otherwise PP_2015's minimum load. Generators with commitment data of their
    own keep them. Dispatch with commitment on applies it (`DispatchOptions.commitment_data`);
    with commitment off the data change nothing.
    """
    data = pd.read_csv(table).set_index("generator")
    gens = system.generators
    # A generator's own commitment data (a user's, a scenario's) win over the table.
    names = data.index.intersection(gens.index[gens["min_stable_fraction"].isna()])
    if names.empty:
        return system
    rows = data.loc[names]
    own = gens.loc[names, "min_stable_mw"] / gens.loc[names, "capacity_mw"]
    fraction = own.where(own > 0, rows["part_load_min_2015"])
    columns = (
        "start_cost_eur_per_mw",
        "min_up_h",
        "min_down_h",
        "ramp_up_fraction_per_h",
        "ramp_down_fraction_per_h",
    )
    edits = {
        str(name): {
            "min_stable_fraction": float(fraction[name]),
            **{column: float(rows.at[name, column]) for column in columns},
        }
        for name in names
    }
    # Through an overlay, so the data are checked like a scenario's (bounds, columns).
    return variant(system, {"modify": {"generators": edits}}, origin=str(table))


def initial_state(data: CommitmentData) -> CommitmentState:
    """All units online long enough that no minimum time binds, output unknown: the state PyPSA
    assumes by default (`up_time_before` > 0), so the two models start alike."""
    empty = np.zeros((0, len(data.units)))
    return CommitmentState(online=data.count.copy(), starts=empty, stops=empty, output_mw=None)


def without_must_run(inp: DispatchInputs, data: CommitmentData) -> DispatchInputs:
    """Committable units have no always-on lower bound: their minimum stable output applies
    only while they are on. The spill allowance grows by that output, because a unit held on by
    its minimum up time may produce more than the zone can use."""
    lower = inp.gen_lower_mw.copy()
    # A heat-led CHP keeps its heat-led minimum: it must then stay online to give it.
    lower[:, data.units] = np.minimum(heat_led_min_mw(inp.system), inp.gen_upper_mw)[:, data.units]
    committed = np.zeros_like(lower)
    committed[:, data.units] = np.minimum(
        inp.gen_upper_mw[:, data.units], data.min_stable * data.unit_mw * data.count
    )
    spill = np.zeros_like(inp.spill_upper_mw)
    for zone in range(spill.shape[1]):
        spill[:, zone] = (lower + committed)[:, inp.gen_zone == zone].sum(axis=1)
    return replace(inp, gen_lower_mw=lower, spill_upper_mw=spill)


def add_commitment(
    lp: SparseLp,
    inp: DispatchInputs,
    data: CommitmentData,
    gen: np.ndarray,
    state: CommitmentState,
    integer: bool,
) -> CommitmentBlocks:
    """Add the commitment variables and rows of `data`'s units to `lp` (built from `inp`)."""
    available = inp.gen_upper_mw[:, data.units]
    out = available <= 0.0  # out of service (or no output possible): no unit may be online
    count = np.broadcast_to(data.count, available.shape)
    online = lp.add_cols(0.0, np.where(out, 0.0, count), 0.0, available.shape)
    start = lp.add_cols(0.0, count, data.start_cost_eur, available.shape)
    stop = lp.add_cols(0.0, count, 0.0, available.shape)
    if integer:
        # Only the units online need to be integer: starts and stops then take the positive and
        # negative parts of its changes, since any excess could only cost more or tighten the
        # minimum-time rows (Morales-España et al. 2013). Declaring them integer too made HiGHS
        # 6× slower on two weeks of the default for the same gap.
        lp.mark_integer(online)
    p = gen[:, data.units]

    # online[t] − online[t−1] = start[t] − stop[t]
    rhs = np.zeros(available.shape)
    rhs[0] = state.online
    rows = lp.add_rows(rhs, rhs, available.shape)
    lp.add_terms(rows, online)
    lp.add_terms(rows[1:], online[:-1], -1.0)
    lp.add_terms(rows, start, -1.0)
    lp.add_terms(rows, stop)

    # Output between the minimum stable and the available output of the units online.
    per_unit = available / data.count
    minimum = np.minimum(data.min_stable * data.unit_mw, per_unit)
    rows = lp.add_rows(-np.inf, 0.0, available.shape)
    lp.add_terms(rows, p)
    lp.add_terms(rows, online, -per_unit)
    rows = lp.add_rows(0.0, np.inf, available.shape)
    lp.add_terms(rows, p)
    lp.add_terms(rows, online, -minimum)

    # Units started in the last min_up_h hours are still on; those stopped in the last
    # min_down_h hours are still off. An outage forces units off whatever their minimum up time.
    _recent_sum_rows(lp, start, state.starts, data.min_up_h, online, -1.0, count * out)
    _recent_sum_rows(lp, stop, state.stops, data.min_down_h, online, 1.0, count)

    _ramp_rows(lp, data, p, online, start, stop, state)
    return CommitmentBlocks(online=online, start=start, stop=stop)


def _recent_sum_rows(
    lp: SparseLp,
    var: np.ndarray,
    history: np.ndarray,
    length: np.ndarray,
    online: np.ndarray,
    online_sign: float,
    bound: np.ndarray,
) -> None:
    """Σ_{k < length} var[t−k] + online_sign × online[t] ≤ bound[t] for rows with length > 1;
    the hours before the problem come from `history` (constants moved to the right-hand side)."""
    rows_of = np.flatnonzero(length > 1)
    if not len(rows_of):
        return
    n_hours = var.shape[0]
    n_history = history.shape[0]
    longest = int(length[rows_of].max())
    rhs = np.array(bound[:, rows_of], dtype=float)
    for k in range(1, longest):
        use = rows_of[length[rows_of] > k]
        for t in range(min(k, n_hours)):
            if n_history + t - k >= 0:
                rhs[t, length[rows_of] > k] -= history[n_history + t - k, use]
    rows = lp.add_rows(-np.inf, rhs, rhs.shape)
    lp.add_terms(rows, online[:, rows_of], online_sign)
    for k in range(min(longest, n_hours)):
        use = np.flatnonzero(length[rows_of] > k)
        lp.add_terms(rows[k:, use], var[: n_hours - k, rows_of[use]])


def _ramp_rows(
    lp: SparseLp,
    data: CommitmentData,
    p: np.ndarray,
    online: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    state: CommitmentState,
) -> None:
    """p[t] − p[t−1] ≤ RU (online[t] − start[t]) + SU start[t] and
    p[t−1] − p[t] ≤ RD (online[t] − start[t]) + SD stop[t], in MW of one unit, where
    online[t] − start[t] counts the units on in both hours and SU = max(minimum stable, RU)."""
    n_hours = p.shape[0]
    for limit, up in ((data.ramp_up, True), (data.ramp_down, False)):
        which = np.flatnonzero(limit < 1.0)
        if not len(which):
            continue
        unit_mw = data.unit_mw[which]
        ramp = limit[which] * unit_mw
        edge = np.maximum(data.min_stable[which], limit[which]) * unit_mw
        sign = 1.0 if up else -1.0
        rhs = np.zeros((n_hours, len(which)))
        upper = rhs.copy()
        if state.output_mw is None:
            upper[0] = np.inf  # nothing known about the hour before: no limit
        else:
            upper[0] = sign * state.output_mw[which]
        rows = lp.add_rows(-np.inf, upper, rhs.shape)
        lp.add_terms(rows, p[:, which], sign)
        lp.add_terms(rows[1:], p[:-1, which], -sign)
        lp.add_terms(rows, online[:, which], -ramp)
        lp.add_terms(rows, start[:, which], ramp - (edge if up else 0.0))
        if not up:
            lp.add_terms(rows, stop[:, which], -edge)


def state_after(
    data: CommitmentData,
    state: CommitmentState,
    online: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    output_mw: np.ndarray,
) -> CommitmentState:
    """The state after the last of the given hours (hours × committable rows), for the next
    window."""
    keep = data.memory_h
    return CommitmentState(
        online=online[-1].copy(),
        starts=np.vstack([state.starts, start])[-keep:],
        stops=np.vstack([state.stops, stop])[-keep:],
        output_mw=output_mw[-1].copy(),
    )
