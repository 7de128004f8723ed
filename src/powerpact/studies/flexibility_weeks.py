"""Representative weeks of a horizon, on which the flexibility study's quick form dispatches.

**Method.** The horizon is cut into whole weeks from its first hour (168 h each; the hours left
after the last whole week belong to it). Each week is one point whose coordinates are its 168
hourly values of the series dispatch/periods.py clusters days on (each zone's demand, available
wind, solar and run-of-river output, neighbouring markets' prices, reservoir energy by month; each
series scaled to a largest absolute value of 1), so that the weeks chosen are typical in the
same sense as the expansion's representative days.

- The week of the highest net load (total demand less the output of plants with a profile) is
  kept for itself (weight 1): a peaking plant's starts are made there, and averaging would lose
  them.
- The other weeks are grouped by meteorological season (December–February, March–May,
  June–August, September–November, by the month of the week's middle hour). Each season is
  represented by its *medoid*, the member week nearest the season's mean week, so that a
  representative week is one that happened; its weight is the season's hours over 168.

The weights add up to the horizon's hours over 168: figures summed over the representative
weeks with these weights are figures for the horizon. A horizon with no more whole weeks than
representative weeks is one period of weight 1, itself (the quick form is then the full one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.dispatch import DispatchResult
from powerpact.dispatch.periods import features, net_load_mw
from powerpact.system import System, variant, window, with_series
from powerpact.system.time import horizon_share_of_year

WEEK_H = 168
# Season (0 winter, 1 spring, 2 summer, 3 autumn) of each calendar month, January first.
SEASON_OF_MONTH = np.array([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0])


@dataclass(frozen=True)
class Weeks:
    """Periods of a horizon dispatched apart: first hour, hours, and the number of periods of
    their own length each stands for."""

    begin_h: np.ndarray
    hours: np.ndarray
    weight: np.ndarray

    def __len__(self) -> int:
        return len(self.begin_h)


def whole_horizon(n_hours: int) -> Weeks:
    """The horizon as its own single period, weight 1 (the full form)."""
    return Weeks(np.array([0]), np.array([n_hours]), np.array([1.0]))


def representative_weeks(system: System) -> Weeks:
    """The representative weeks of `system`'s horizon (module docstring), in calendar order."""
    n_weeks = system.n_hours // WEEK_H
    if n_weeks <= 5:  # a peak week and four seasons: no fewer weeks to run than the horizon has
        return whole_horizon(system.n_hours)
    hours = n_weeks * WEEK_H
    points = features(system).to_numpy()[:hours].reshape(n_weeks, -1)
    peak = int(np.argmax(net_load_mw(system)[:hours].reshape(n_weeks, WEEK_H).max(axis=1)))
    # Hours each week stands for: the last takes the horizon's remainder.
    own_h = np.full(n_weeks, WEEK_H)
    own_h[-1] += system.n_hours - hours
    middle = system.snapshots[np.arange(n_weeks) * WEEK_H + WEEK_H // 2]
    season = SEASON_OF_MONTH[middle.month.to_numpy() - 1]
    season[peak] = -1
    chosen = {peak: own_h[peak] / WEEK_H}
    for group in np.unique(season[season >= 0]):
        members = np.flatnonzero(season == group)
        distance = ((points[members] - points[members].mean(axis=0)) ** 2).sum(axis=1)
        chosen[int(members[np.argmin(distance)])] = own_h[members].sum() / WEEK_H
    order = sorted(chosen)
    return Weeks(
        begin_h=np.array(order) * WEEK_H,
        hours=np.full(len(order), WEEK_H),
        weight=np.array([chosen[w] for w in order], dtype=float),
    )


def with_storage_plan(system: System, plan: DispatchResult) -> System:
    """`system` with each day's net gas storage injection of the year's dispatch `plan` added to
    its zone's non-power gas demand (a withdrawal taken off it). A week dispatched alone keeps
    its storage cyclic: in summer it would not inject for winter and would find gas as free as
    if winter did not need it (the open-cycle plant then ran at 68 % in a July week the year
    leaves it off), in winter it would not draw on the storage."""
    if not len(system.gas_storage):
        return system
    level = plan.gas_storage_level_mcm
    stores = system.gas_storage.loc[level.columns]
    start = stores["working_volume_mcm"] * stores["initial_fill_fraction"]
    injection = level.diff()
    injection.iloc[0] = level.iloc[0] - start
    by_zone = injection.T.groupby(stores["zone"].to_numpy()).sum().T
    extra = by_zone.reindex(index=system.gas_demand.index, columns=system.gas_demand.columns)
    demand = (system.gas_demand + extra.fillna(0.0)).clip(lower=0.0)
    return with_series(system, gas_demand=demand, note="gas storage use of the year's dispatch")


def week_of(system: System, plan: DispatchResult, begin_h: int, end_h: int) -> System:
    """`system` (as `with_storage_plan` leaves it) on hours begin_h..end_h − 1, each gas contract
    limited to what the year's dispatch `plan` took over those days rather than its annual
    quantities prorated to them, as dispatch/weeks.py allocates a week's contract gas (the daily
    cap, a swing on the annual quantity, scales with it)."""
    week = window(system, begin_h, end_h)
    if not len(system.gas_contracts):
        return week
    days = plan.gas_contract_mcm.index
    first, last = (system.snapshots[h].floor("D") for h in (begin_h, end_h - 1))
    taken_mcm = plan.gas_contract_mcm.loc[(days >= first) & (days <= last)].sum()
    share = horizon_share_of_year(week)
    contracts = week.gas_contracts
    modify = {
        name: {
            "annual_max_mcm": float(taken_mcm[name] / share),
            "annual_min_mcm": float(
                min(contracts.at[name, "annual_min_mcm"], taken_mcm[name] / share)
            ),
        }
        for name in taken_mcm.index
    }
    return variant(week, {"modify": {"gas_contracts": modify}})
