"""Representative days rescaled to the horizon's energy (issue 20's full-year gap): each clustered
series carries the year's total, within its own range, and the days' dispatch cost of the
regional default is within 2 % of the dispatch engine's full-year solve."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import powerpact
from powerpact.dispatch import run as dispatch_run
from powerpact.dispatch.expansion import expand
from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.periods import Periods, aggregate, aggregation_error, choose_days, rescaled
from powerpact.dispatch.solve import DispatchOptions
from powerpact.studies.expand import default_candidates_for
from powerpact.system import first_hours


def _weighted(values: np.ndarray, periods: Periods) -> np.ndarray:
    return (values * periods.weight_h[:, None]).sum(axis=0)


def test_every_clustered_series_carries_the_horizons_energy() -> None:
    """Two months of see-2025 on 6 days: each zone's demand, each profile plant's availability
    and each market price, weighted over the days, add up to the horizon's totals. The medoids
    alone do not (checked too, so that the test can fail). The peak day is kept as it was."""
    system = first_hours(powerpact.load("see-2025/demand-2032"), 24 * 60)
    full, days = prepare(system), choose_days(system, 6)
    on_days = aggregate(full, days)
    profiled = np.flatnonzero((system.generators["profile"] != "").to_numpy())
    series = {
        "demand_mw": np.s_[:],
        "gen_upper_mw": np.s_[:, profiled],
        "link_export_price": np.s_[:],
    }
    medoid_errors = []
    for name, columns in series.items():
        year = getattr(full, name)[: 24 * 60][columns].sum(axis=0)
        assert _weighted(getattr(on_days, name)[columns], days) == pytest.approx(
            year, rel=1e-9, abs=1e-6
        )
        medoids = _weighted(getattr(full, name)[days.hours][columns], days)
        medoid_errors.append(np.abs(medoids - year).max() / np.abs(year).max())
    assert max(medoid_errors) > 0.01
    assert aggregation_error(system, days)["energy_error_max"] < 1e-9
    # The peak net-load day stands for itself and stays as it happened.
    (peak,) = days.extreme
    hours = np.arange(24) + 24 * peak
    assert on_days.demand_mw[hours] == pytest.approx(full.demand_mw[days.hours[hours]], rel=1e-15)


@st.composite
def _series_and_days(draw: st.DrawFn) -> tuple[np.ndarray, Periods]:
    """Non-negative hourly series over a few days and a grouping of the days, each group
    represented by one of its members."""
    n_days = draw(st.integers(2, 6))
    values = draw(
        arrays(float, (24 * n_days, 3), elements=st.floats(0.0, 100.0, allow_subnormal=False))
    )
    # A positive value below 1e-300 is left out: scaling it up to matter (to a few MW) needs a
    # factor beyond the largest float, so no float result can match the total.
    values[values < 1e-300] = 0.0
    groups = np.array(draw(st.lists(st.integers(0, n_days - 1), min_size=n_days, max_size=n_days)))
    representative = np.array([np.flatnonzero(groups == g)[0] for g in groups])
    chosen, members = np.unique(representative, return_inverse=True)
    return values, Periods(chosen, np.bincount(members), members=members)


def _tiny_first_hour() -> tuple[np.ndarray, Periods]:
    """Hypothesis' counterexample: a series of zeros but for the smallest normal float in the
    first hour of a day standing for two and 8 MW on the other day it stands for. The factor
    that matches the total is beyond any float: its step overflowed to infinity and the day's
    zero hours became NaN; now the factor stops at the largest float."""
    values = np.zeros((24 * 3, 3))
    values[0, 0], values[48, 0] = np.finfo(float).tiny, 8.0
    return values, Periods(np.array([0, 1]), np.array([2, 1]), members=np.array([0, 1, 0]))


@given(_series_and_days())
@example(_tiny_first_hour())
def test_rescaled_days_keep_the_range_and_match_the_total_when_they_can(
    case: tuple[np.ndarray, Periods],
) -> None:
    """Within each series' range always; its total matched unless no scaling within that range
    can reach it (every positive hour of the days already at the series' largest value)."""
    values, periods = case
    days = rescaled(values, periods)
    low, high = values.min(axis=0), values.max(axis=0)
    assert np.all(days >= low - 1e-12) and np.all(days <= high + 1e-12)
    total, target = _weighted(days, periods), values.sum(axis=0)
    for k in range(values.shape[1]):
        column = days[:, k]
        if total[k] < target[k]:
            movable = (column > 0.0) & (column < high[k] - 1e-9)
        else:
            movable = column > low[k] + 1e-9
        if movable.any():
            assert total[k] == pytest.approx(target[k], rel=1e-9, abs=1e-9)


def test_every_day_rescales_to_itself() -> None:
    """Each day its own representative (weight 1): nothing to correct."""
    values = np.random.default_rng(1).uniform(0.0, 5.0, (24 * 3, 2))
    every = Periods(np.arange(3), np.ones(3, dtype=int), members=np.arange(3))
    assert rescaled(values, every) == pytest.approx(values, rel=1e-15)


def test_the_days_dispatch_cost_is_the_full_years_within_two_percent() -> None:
    """see-2025/demand-2032 with nothing built, on 24 days, against the dispatch engine's
    full-year solve (the medoids without rescaling overstated it by 8.6 %)."""
    system = powerpact.load("see-2025/demand-2032")
    candidates = default_candidates_for(system, 0.07)
    nothing = dataclasses.replace(candidates, table=candidates.table.assign(min_mw=0.0, max_mw=0.0))
    days = choose_days(system, 24)
    on_days = expand(system, nothing, days, options=DispatchOptions()).total_cost_eur
    full = dispatch_run(system).total_cost_eur
    assert abs(on_days - full) / full < 0.02
