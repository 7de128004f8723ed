"""Headroom at the reliability standard and the credit of an option from two headrooms
(studies/headroom.py), against references computed independently: the exact capacity outage
table (COPT) bisected to 0.1 MW, and a perfectly reliable unit, which carries its own capacity
sample by sample."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from powerpact.adequacy import MonteCarloOptions, copt
from powerpact.studies.headroom import credit, headroom
from powerpact.system import System, variant
from powerpact.system.time import horizon_share_of_year

MakeSystem = Callable[..., System]
HOURS = 168
LOAD = list(800 + 100 * np.sin(np.arange(HOURS) * 2 * np.pi / 24))
OPTIONS = MonteCarloOptions()


def fleet(*extra: dict[str, Any]) -> dict[str, Any]:
    units = {"name": "fleet", "zone": "A", "technology": "oil", "capacity_mw": 1500.0}
    units |= {"units": 30, "forced_outage_rate": 0.1, "mttr_h": 20}
    return dict(generators=[units, *extra], demand={"A": LOAD})


def exact_headroom(system: System) -> float:
    """Load at which COPT's exact LOLE reaches the standard, bisected to 0.1 MW."""
    goal = system.settings.reliability_standard_lole_hours * horizon_share_of_year(system)

    def lole(x: float) -> float:
        return copt(variant(system, {"demand": {"add_mw": {"A": x}}})).lole_hours

    low, high = 0.0, 1000.0
    assert lole(low) < goal <= lole(high)
    while high - low > 0.1:
        middle = 0.5 * (low + high)
        low, high = (middle, high) if lole(middle) < goal else (low, middle)
    return 0.5 * (low + high)


def test_headroom_matches_the_exact_outage_table(make_system: MakeSystem) -> None:
    system = make_system(**fleet())
    found = headroom(system, 2000, 5, OPTIONS, step_mw=100.0, tolerance_mw=5.0)
    exact = exact_headroom(system)
    assert found.mw is not None and found.stderr_mw is not None
    assert 0 < found.stderr_mw < 30
    assert found.mw == pytest.approx(exact, abs=3 * found.stderr_mw)
    # Started nearby, the search takes fewer runs and finds the same root.
    near = headroom(system, 2000, 5, OPTIONS, start_mw=exact, step_mw=50.0, tolerance_mw=5.0)
    assert near.runs < found.runs
    assert near.mw == pytest.approx(exact, abs=3 * near.stderr_mw)  # type: ignore[operator]


def test_a_perfectly_reliable_unit_adds_its_capacity(make_system: MakeSystem) -> None:
    firm = {"name": "firm", "zone": "A", "technology": "oil", "capacity_mw": 150.0}
    base, with_unit = make_system(**fleet()), make_system(**fleet(firm | {"units": 1}))
    without = headroom(base, 500, 3, OPTIONS, step_mw=100.0, tolerance_mw=5.0)
    added = headroom(with_unit, 500, 3, OPTIONS, start_mw=without.mw or 0.0, step_mw=150.0,
                     tolerance_mw=5.0)  # fmt: skip
    elcc, error = credit(added, without)
    assert elcc is not None and error is not None
    # Every sample with the unit and 150 MW more load is the base's: only the two bisections'
    # resolution separates the credit from 150 MW.
    assert elcc == pytest.approx(150.0, abs=max(3 * error, 1.0))
    assert error < 10


def test_a_system_beyond_the_standard_has_no_headroom(make_system: MakeSystem) -> None:
    short = fleet()
    short["generators"][0] |= {"capacity_mw": 900.0, "units": 18}
    found = headroom(make_system(**short), 200, 3, OPTIONS, step_mw=100.0, tolerance_mw=5.0)
    assert found.mw is None and found.root is None
    assert credit(found, found) == (None, None)
