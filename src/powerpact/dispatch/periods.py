"""Representative days: a year's dispatch problem on a few weighted typical days.

**Method** (time-series aggregation by hierarchical clustering, as in Kotzur et al. 2018 and the
`tsam` package PyPSA uses): every whole day of the horizon is one point whose coordinates are the
24 hourly values of each zone's demand, each zone's available wind, solar and run-of-river output
(the generators with a profile) and each neighbouring market's price, every series divided by its
largest absolute value so that none dominates by its units. Days are grouped by Ward's
agglomerative clustering (deterministic: no seed); each group is represented by its *medoid*, the
member day nearest the group's mean, so that a representative day is a day that happened and its
series stay mutually consistent. The day of the highest total demand net of that output is always
kept as a group of its own (weight 1): averaging would smooth away the peak the system must meet.
A representative day's weight is the number of days of its group, so the weights add up to the
horizon's days.

**Rescaling** (as tsam's `rescaleClusterPeriods`, Kotzur et al. 2018): every clustered series on
the representative days (each zone's demand, each profile plant's available output, each
market's price) is multiplied by the factor that makes its weighted total equal the horizon's,
with the values kept within the series' own range over the horizon (an availability cannot pass
its capacity), the factor found exactly (`_factor`). The peak day, standing for itself, is left
as it happened and the other days make up the rest of the total (tsam's extreme periods). A
medoid is a typical day, and for a skewed series such as wind (most days calm, a few stormy) the
typical day lies below the mean: unscaled, 24 medoid days of `see-2025` carried 36 % less wind
in three zones and 2 % more demand than the year, and the days overstated the year's dispatch
cost by 8.6 % with nothing built. The rescaled days keep the medoids' hourly shapes and the
year's energy.

**Storage.** Candidate stores (dispatch/expansion.py) are cyclic within each representative day.
Stores already in the system (pumped hydro, gas storage) keep the dispatch model's chain through
the representative days in calendar order, cyclic over the sequence, which bounds their level;
the expansion adds that over the weighted days each puts back what it takes out (Σ weight ×
(efficiency × charge − discharge) = 0), so that a day standing for fifty cannot be fed by a day
standing for one. Seasonal use is then possible in energy but its timing is approximate.

**Hydro.** A reservoir plant keeps one budget per calendar month: a representative day counts in
a month's budget as many times as it stands for days of that month (`Periods.members`, the day
each day of the horizon is represented by), so that the representative days of winter spend
winter's water. (Without `members` the budgets become one for the horizon.)

The error of the aggregation against the full horizon is measured by `aggregation_error`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from powerpact.dispatch.inputs import DispatchInputs
from powerpact.system import InputError, System


@dataclass(frozen=True)
class Periods:
    """Representative days of a horizon: positions (in the horizon's whole days), weights."""

    days: np.ndarray  # day positions, calendar order
    weight_days: np.ndarray  # days of the horizon each stands for
    hours_per_day: int = 24
    # For every whole day of the horizon, the position in `days` of the day standing for it
    # (None: unknown, and the reservoirs' monthly budgets become one for the horizon).
    members: np.ndarray | None = None
    # Positions in `days` of the days kept as they happened (the peak net-load day standing for
    # itself alone): the rescaling leaves them out, so the peak the system must meet stays whole.
    extreme: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def hours(self) -> np.ndarray:
        """Hour positions of the representative days, in order."""
        first = self.days * self.hours_per_day
        return (first[:, None] + np.arange(self.hours_per_day)[None, :]).ravel()

    @property
    def weight_h(self) -> np.ndarray:
        return np.repeat(self.weight_days, self.hours_per_day).astype(float)

    @property
    def first_hour(self) -> np.ndarray:
        """Position, within the representative hours, of each period's first hour."""
        return np.arange(len(self.days)) * self.hours_per_day


def features(system: System) -> pd.DataFrame:
    """Hourly series the days are clustered on, each scaled to a largest absolute value of 1."""
    zones = list(system.settings.zones)
    gens = system.generators
    available = system.available_mw()
    columns = {f"demand:{z}": system.demand[z] for z in zones}
    variable = gens.index[gens["profile"].astype(str) != ""]
    for zone in zones:
        mine = variable[gens.loc[variable, "zone"] == zone]
        for tech in sorted(set(gens.loc[mine, "technology"])):
            names = mine[gens.loc[mine, "technology"] == tech]
            columns[f"{tech}:{zone}"] = available[names].sum(axis=1)
    for market in system.settings.markets:
        if market in system.market_prices:
            columns[f"price:{market}"] = system.market_prices[market]
    columns.update(_reservoir_energy(system))
    frame = pd.DataFrame(columns, index=system.demand.index)
    scale = frame.abs().max().replace(0.0, 1.0)
    return frame / scale


def _reservoir_energy(system: System) -> dict[str, pd.Series]:
    """Each zone's reservoir budget per hour of its calendar month (MWh per hour): the season's
    water, so that a group of days does not mix a wet month with a dry one."""
    names = system.reservoir_generators
    if not len(names):
        return {}
    month = system.snapshots.tz_convert("UTC").month.to_numpy()
    days_in = system.snapshots.tz_convert("UTC").days_in_month.to_numpy()
    inflows = system.hydro_inflows.loc[names]
    zones = system.generators.loc[names, "zone"]
    energy = {}
    for zone in sorted(set(zones)):
        monthly = inflows[zones == zone].sum(axis=0)
        per_hour = monthly.reindex(month).to_numpy(float) / (24.0 * days_in)
        energy[f"reservoir:{zone}"] = pd.Series(per_hour, index=system.demand.index)
    return energy


def net_load_mw(system: System) -> np.ndarray:
    """Total demand less the available output of plants with a profile, per hour."""
    gens = system.generators
    variable = gens.index[gens["profile"].astype(str) != ""]
    demand = system.demand[list(system.settings.zones)].sum(axis=1).to_numpy(float)
    return demand - system.available_mw()[variable].sum(axis=1).to_numpy(float)


def choose_days(system: System, n_days: int) -> Periods:
    """`n_days` representative days of `system`'s horizon (its whole days), by the method in the
    module docstring. `n_days` at or above the horizon's whole days keeps every day."""
    from scipy.cluster.hierarchy import fcluster, linkage

    whole_days = system.n_hours // 24
    if n_days < 1:
        raise InputError(system.name, "needs at least 1 representative day", field="periods")
    if whole_days < 1:
        raise InputError(system.name, "needs a horizon of at least one whole day", field="periods")
    if n_days >= whole_days:
        every = np.arange(whole_days)
        return Periods(every, np.ones(whole_days, dtype=int), members=every)
    hours = whole_days * 24
    points = features(system).to_numpy()[:hours].reshape(whole_days, -1)
    peak = int(np.argmax(net_load_mw(system)[:hours].reshape(whole_days, 24).max(axis=1)))
    rest = np.delete(np.arange(whole_days), peak)
    representative = np.full(whole_days, peak)
    if n_days > 1:
        groups = fcluster(linkage(points[rest], method="ward"), n_days - 1, criterion="maxclust")
        for group in np.unique(groups):
            members = rest[groups == group]
            centre = points[members].mean(axis=0)
            distance = ((points[members] - centre) ** 2).sum(axis=1)
            representative[members] = members[np.argmin(distance)]
    chosen, members = np.unique(representative, return_inverse=True)
    weights = np.bincount(members)
    peak_position = int(np.searchsorted(chosen, peak))
    extreme = np.array([peak_position] if weights[peak_position] == 1 else [], dtype=int)
    return Periods(chosen, weights, members=members, extreme=extreme)


def aggregation_error(system: System, periods: Periods) -> dict[str, float]:
    """How well the weighted days reproduce the horizon: for each clustering series, rescaled as
    the model uses it (`rescaled`), the error of its total (energy) and the root-mean-square
    error of its duration curve, both relative to the series' full-horizon mean absolute value;
    the largest of each over the series (reservoir water too, which the model spends by exact
    monthly budgets)."""
    frame = features(system)
    hours = (system.n_hours // 24) * 24
    full = frame.to_numpy()[:hours]
    reduced = rescaled(frame.to_numpy(), periods)
    weight = periods.weight_h
    mean_abs = np.maximum(np.abs(full).mean(axis=0), 1e-12)
    total_error = np.abs((reduced * weight[:, None]).sum(axis=0) - full.sum(axis=0)) / hours
    curve_error = np.array(
        [_duration_rmse(full[:, k], reduced[:, k], weight) for k in range(full.shape[1])]
    )
    return {
        "energy_error_max": float((total_error / mean_abs).max()),
        "duration_curve_rmse_max": float((curve_error / mean_abs).max()),
    }


def _duration_rmse(full: np.ndarray, reduced: np.ndarray, weight: np.ndarray) -> float:
    """RMSE between the full duration curve and the weighted days' one, on the full hours."""
    order = np.argsort(-reduced)
    steps = np.repeat(reduced[order], weight[order].astype(int))
    return float(np.sqrt(((np.sort(full)[::-1] - steps[: len(full)]) ** 2).mean()))


# Relative error of a series' total at which the rescaling stops.
RESCALE_TOLERANCE = 1e-12


def rescaled(full: np.ndarray, periods: Periods) -> np.ndarray:
    """The representative hours of the hourly series `full` (hours × series over the horizon),
    each multiplied by the factor that makes its weighted total equal its total over the
    horizon's whole days, and kept within its own range over the horizon (module docstring,
    Rescaling). The extreme days (`periods.extreme`) stay as they happened and the others make
    up the rest of the total, as tsam treats its extreme periods. A series of both signs is left
    as it is (no single factor is sure to exist)."""
    whole_hours = int(periods.weight_h.sum())
    year = np.asarray(full, dtype=float)[:whole_hours]
    sign = np.where(year.max(axis=0) <= 0.0, -1.0, 1.0)  # a negative series is scaled as its mirror
    year = year * sign
    days = np.asarray(full, dtype=float)[periods.hours] * sign
    kept = np.isin(np.repeat(np.arange(len(periods.days)), periods.hours_per_day), periods.extreme)
    weight = periods.weight_h.reshape((-1,) + (1,) * (days.ndim - 1))
    target = year.sum(axis=0) - (days[kept] * weight[kept]).sum(axis=0)
    low, high = year.min(axis=0), year.max(axis=0)
    factor = _factor(days[~kept], periods.weight_h[~kept], target, low, high)
    factor = np.where(low >= 0.0, factor, 1.0)
    with np.errstate(over="ignore"):  # see _factor: overflowing hours clip to `high`
        days[~kept] = np.clip(days[~kept] * factor, low, high)
    return days * sign


def _factor(
    days: np.ndarray, weight_h: np.ndarray, target: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Per series of non-negative `days` (hours × series), the factor f at which the weighted
    total of clip(days × f, low, high) is `target`, or as near as the range allows. That total
    is piecewise linear and rising in f: Newton's steps, with the slope of the hours that move in
    the direction of the miss, land on the root after crossing a few kinks (the hours bound the
    steps; tests/test_expansion_rescale.py checks the totals on random series). tsam instead
    repeats a plain rescaling, which converges slowly when many hours are clipped."""
    weight = weight_h.reshape((-1,) + (1,) * (days.ndim - 1))
    factor = np.ones(days.shape[1:])
    for _ in range(len(days) + 1):
        with np.errstate(over="ignore"):
            raw = days * factor
        miss = target - (np.clip(raw, low, high) * weight).sum(axis=0)
        # Hours that move when f rises (miss > 0) or falls (miss < 0).
        moving = np.where(miss > 0.0, (raw >= low) & (raw < high), (raw > low) & (raw <= high))
        slope = (days * weight * (moving & (days > 0.0))).sum(axis=0)
        open_ = (np.abs(miss) > RESCALE_TOLERANCE * np.abs(target)) & (slope > 0.0)
        if not open_.any():
            break
        with np.errstate(over="ignore"):
            step = np.where(open_, miss / np.where(open_, slope, 1.0), 0.0)
        # A slope of a few tiny hours can ask for a step beyond any float: the factor stays
        # finite, and the hours it overflows are clipped to the series' largest value.
        factor = np.minimum(factor + step, np.finfo(float).max)
    return factor


# Fields of DispatchInputs that are hours × ... or days × ... (the rest are per component).
_HOURLY = (
    "gen_upper_mw",
    "gen_lower_mw",
    "sto_discharge_mw",
    "sto_charge_mw",
    "link_forward_mw",
    "link_reverse_mw",
    "link_export_price",
    "demand_mw",
    "spill_upper_mw",
    "path_upper_mw",
)
_DAILY = (
    "gas_demand_mwh",
    "entry_capacity_mwh",
    "contract_daily_max_mwh",
    "gstore_withdrawal_mwh",
    "gstore_injection_mwh",
)


def aggregate(inp: DispatchInputs, periods: Periods) -> DispatchInputs:
    """The dispatch inputs of the representative days, weighted (see the module docstring)."""
    hours = periods.hours
    day_of_hour = np.repeat(np.arange(len(periods.days)), periods.hours_per_day)
    hourly = {name: getattr(inp, name)[hours] for name in _HOURLY}
    hourly.update(_rescaled_series(inp, periods, hourly))
    # Gas days are local calendar days, offset from these 24-hour blocks: a block takes the gas
    # day of its middle hour.
    gas_days = inp.day_of_hour[hours.reshape(len(periods.days), -1)[:, 12]]
    daily = {name: getattr(inp, name)[gas_days] for name in _DAILY}
    budget = inp.hydro_budget_mwh.sum(axis=0, keepdims=True)
    # A must-run level above the horizon's average hydro output would break the budget.
    average = budget / max(float(inp.weight_h.sum()), 1.0)
    lower = hourly["gen_lower_mw"].copy()
    lower[:, inp.reservoir] = np.minimum(lower[:, inp.reservoir], average)
    hourly["gen_lower_mw"] = lower
    return dataclasses.replace(
        inp,
        **hourly,
        **daily,
        month_of_hour=np.zeros(len(hours), dtype=np.int64),
        months=inp.months[:1],
        hydro_budget_mwh=budget,
        day_of_hour=day_of_hour,
        hours_per_day=np.full(len(periods.days), periods.hours_per_day),
        hour_weight=periods.weight_h,
        day_weight=periods.weight_days.astype(float),
    )


def _rescaled_series(
    inp: DispatchInputs, periods: Periods, hourly: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Demand, the profile plants' availability and the market prices on the days, rescaled to
    the horizon's totals (module docstring); a profile plant's must-run output moves with its
    availability, and with it the most its zone may have to spill."""
    gens = inp.system.generators
    profiled = np.flatnonzero((gens["profile"].astype(str) != "").to_numpy())
    upper, lower = hourly["gen_upper_mw"].copy(), hourly["gen_lower_mw"].copy()
    upper[:, profiled] = rescaled(inp.gen_upper_mw[:, profiled], periods)
    before = hourly["gen_upper_mw"][:, profiled]
    share = np.divide(upper[:, profiled], before, out=np.ones_like(before), where=before > 0.0)
    lower[:, profiled] = np.minimum(lower[:, profiled] * share, upper[:, profiled])
    spill = hourly["spill_upper_mw"].copy()
    added = lower[:, profiled] - hourly["gen_lower_mw"][:, profiled]
    for column, zone in enumerate(inp.gen_zone[profiled]):
        spill[:, zone] += added[:, column]
    return {
        "gen_upper_mw": upper,
        "gen_lower_mw": lower,
        "spill_upper_mw": np.maximum(spill, 0.0),
        "demand_mw": rescaled(inp.demand_mw, periods),
        "link_export_price": rescaled(inp.link_export_price, periods),
    }
