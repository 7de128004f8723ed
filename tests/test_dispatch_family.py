"""`dispatch.run_family`: one system at several price points, each solve warm-started from the
one before. Every member must be an optimum of its own LP: checked against a cold `dispatch.run`
of the same system (objective to 1e-7), over random price multipliers (hypothesis) on the
Serbian default, on a week of the regional default, and with the regional default's weeks
horizon, whose weeks take their bounds from a plan at the member's own prices."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import powerpact
from powerpact import dispatch
from powerpact.studies.volatility.design import priced_system
from powerpact.system import InputError, System, first_hours, scaled, window

YEAR = dispatch.DispatchOptions(horizon="year")


@cache
def serbia_two_days() -> System:
    return first_hours(powerpact.load("serbia-2025"), 48)


@cache
def see_week() -> System:
    return window(powerpact.load("see-2025"), 2016, 2184)


def _cold_objectives(systems: list[System], options: dispatch.DispatchOptions) -> np.ndarray:
    return np.array([dispatch.run(s, options).objective_eur for s in systems])


multiplier = st.floats(min_value=0.3, max_value=3.0, allow_nan=False)


@settings(max_examples=6, deadline=None)
@given(st.lists(st.tuples(multiplier, multiplier, multiplier), min_size=2, max_size=4))
def test_each_member_is_the_optimum_of_its_own_lp(points: list[tuple[float, ...]]) -> None:
    systems = [priced_system(serbia_two_days(), *p) for p in points]
    family = dispatch.run_family(systems, YEAR)
    warm = np.array([r.objective_eur for r in family])
    np.testing.assert_allclose(warm, _cold_objectives(systems, YEAR), rtol=1e-7)
    # The members are solved at their own prices, not at the first member's.
    assert all(r.total_cost_eur == pytest.approx(r.objective_eur, rel=1e-6) for r in family)


@settings(max_examples=6, deadline=None)
@given(st.lists(st.tuples(multiplier, multiplier, multiplier), min_size=3, max_size=5), st.data())
def test_members_started_from_any_earlier_member_are_optima(
    points: list[tuple[float, ...]], data: st.DataObject
) -> None:
    """`starts`: each member from an earlier member's bases (a tree, as the volatility study
    runs it), kept only until the last member starting from them is solved."""
    starts = [-1] + [data.draw(st.integers(0, k - 1)) for k in range(1, len(points))]
    systems = [priced_system(serbia_two_days(), *p) for p in points]
    family = dispatch.run_family(systems, YEAR, starts=starts)
    warm = np.array([r.objective_eur for r in family])
    np.testing.assert_allclose(warm, _cold_objectives(systems, YEAR), rtol=1e-7)
    assert all("warm-started" in r.solver for r in family[1:])


def test_starts_must_name_earlier_members() -> None:
    systems = [serbia_two_days()] * 3
    for starts in ([-1, 0], [-1, 1, 0], [0, 0, 1]):
        with pytest.raises(ValueError, match="earlier member"):
            dispatch.run_family(systems, YEAR, starts=starts)


def test_a_regional_week_matches_cold_solves() -> None:
    points = [(1.0, 1.0, 1.0), (1.2, 0.9, 1.1), (0.7, 1.6, 0.8), (2.0, 1.0, 1.5)]
    systems = [priced_system(see_week(), *p) for p in points]
    family = dispatch.run_family(systems, YEAR)
    warm = np.array([r.objective_eur for r in family])
    np.testing.assert_allclose(warm, _cold_objectives(systems, YEAR), rtol=1e-7)
    assert len(set(np.round(warm, -3))) == len(points)
    assert "warm-started" in family[1].solver


def test_weeks_horizon_members_follow_their_cold_weeks() -> None:
    """With the weeks horizon each member's plan is an optimum at its prices (to 1e-7), but its
    weeks take bounds from that plan's solution, one of possibly several optima: the stitched
    cost may differ from a cold run's by the plan's choice among them, measured at 2e-5 of the
    full regional year."""
    weeks = dispatch.DispatchOptions(horizon="weeks")
    two_weeks = window(powerpact.load("see-2025"), 2016, 2352)
    systems = [priced_system(two_weeks, *p) for p in [(1.0, 1.0, 1.0), (1.3, 1.1, 0.9)]]
    family = dispatch.run_family(systems, weeks)
    cold = [dispatch.run(s, weeks) for s in systems]
    for warm_result, cold_result in zip(family, cold, strict=True):
        assert warm_result.total_cost_eur == pytest.approx(cold_result.total_cost_eur, rel=1e-4)
    assert family[0].total_cost_eur == cold[0].total_cost_eur


def test_members_differing_in_more_than_prices_are_refused() -> None:
    base = serbia_two_days()
    more_demand = powerpact.system.with_series(base, demand=base.demand * 1.05)
    with pytest.raises(InputError, match=r"differ only in prices.*demand_mw"):
        dispatch.run_family([base, more_demand], YEAR)
    # Market prices are prices: accepted.
    assert len(dispatch.run_family([base, scaled(base, market_prices=1.5)], YEAR)) == 2
