"""The MILP's relaxation-first path (`DispatchOptions.relaxation_first`, dispatch/solve.py)
reaches the same optimum within the gap as branch and bound from scratch: against a brute force
over every schedule, a hand-solved case where rounding the relaxation fails, and a short horizon
of the region."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_commitment import _brute_force, committable, unit

import powerpact
from powerpact.dispatch import DispatchOptions, run
from powerpact.system import System, window

GAP = 0.005


def _milp(system: System, relaxation_first: bool, gap: float = GAP) -> float:
    options = DispatchOptions(
        commitment="milp", mip_gap=gap, window_h=None, relaxation_first=relaxation_first
    )
    return run(system, options).total_cost_eur


def test_rounding_that_misses_the_gap_falls_back_to_branch_and_bound(make_system) -> None:
    # 30 MW of demand and one 100 MW unit that must give at least 90 MW while on: the relaxation
    # runs it 0.3-0.33 online at 10 EUR/MWh (300 EUR/h), which rounds to off (the dear unit,
    # 3,000 EUR/h), 90 % above the bound. On, with 60 MW spilled, costs 900 EUR/h: the optimum.
    system = make_system(
        generators=[committable("block", 100, 10, 0.9), unit("dear", 100, 100)],
        demand={"A": [30.0] * 4},
    )
    relaxed = run(system, DispatchOptions(commitment="lp", window_h=None)).total_cost_eur
    assert relaxed == pytest.approx(4 * 300)
    assert _milp(system, relaxation_first=True) == pytest.approx(4 * 900)
    assert _milp(system, relaxation_first=False) == pytest.approx(4 * 900)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    demand=st.lists(st.integers(10, 250), min_size=5, max_size=5),
    min_stable=st.sampled_from([0.3, 0.6, 0.9]),
    start_cost=st.sampled_from([0.0, 2.0, 20.0]),
)
def test_relaxation_first_is_within_the_gap_of_brute_force(
    make_system, demand: list[int], min_stable: float, start_cost: float
) -> None:
    system = make_system(
        generators=[
            committable("a", 100, 20, min_stable, start_cost_per_mw=start_cost, min_up_h=2),
            committable("b", 80, 35, 0.4, start_cost_per_mw=1, min_down_h=2),
            unit("dear", 300, 90),
        ],
        demand={"A": [float(d) for d in demand]},
    )
    best = _brute_force(system)
    for relaxation_first in (True, False):
        cost = _milp(system, relaxation_first)
        # Never below the optimum, at most the gap above it.
        assert best - 1e-6 <= cost <= best + GAP * abs(best) + 1e-6


def test_relaxation_first_matches_branch_and_bound_on_two_regional_days() -> None:
    from powerpact.dispatch.commitment import with_commitment

    # Two April days of the 11-zone region with Serbia's thermal units committable.
    first = 90 * 24
    system = window(with_commitment(powerpact.load("see-2025")), first, first + 48)
    fast = run(system, DispatchOptions(commitment="milp", mip_gap=GAP, window_h=None))
    before = _milp(system, relaxation_first=False)
    relaxed = run(system, DispatchOptions(commitment="lp", window_h=None)).total_cost_eur
    assert fast.mip_gap <= GAP
    # Both lie within the gap above the relaxation's bound, hence within the gap of each other.
    for cost in (fast.total_cost_eur, before):
        assert relaxed - 1e-6 * abs(relaxed) <= cost <= relaxed + GAP * abs(cost)
    assert abs(fast.total_cost_eur - before) <= GAP * abs(before)
    assert np.isfinite(fast.price_eur_per_mwh.to_numpy()).all()
