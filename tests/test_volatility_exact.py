"""`--method exact` (the default): every path of the volatility study dispatched in full, in
warm-started families. Its bills must equal independent cold dispatches of the same paths
(full_bills, one `dispatch.run` each; on the one-zone system, where a dispatch is one LP), and
its numbers must not depend on the workers."""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pytest

import powerpact
from powerpact.studies.volatility import (
    OptionSpec,
    VolatilityOptions,
    VolatilityResult,
    full_bills,
    volatility,
)
from powerpact.studies.volatility.bill import gas_price
from powerpact.studies.volatility.design import DesignTask, run_design
from powerpact.system import InputError, window

NIS = OptionSpec("nis-ccgt", "serbia-2025/nis-ccgt", "", "baseline-2025")
OPTIONS = VolatilityOptions(
    paths=30, seed=4, climate_years=2, hours=72, stress=False, method="exact"
)


@cache
def exact() -> VolatilityResult:
    return volatility(NIS, OPTIONS)


def test_every_path_is_its_own_dispatch() -> None:
    result = exact()
    figures = result.figures()
    assert figures.design_dispatches == OPTIONS.paths
    assert figures.guard_dispatches == 0
    assert np.array_equal(np.sort(result.values.chosen), np.arange(OPTIONS.paths))


def test_exact_bills_equal_cold_dispatches_of_the_same_paths() -> None:
    result = exact()
    paths = np.array([0, 7, 13, 21, 29])
    cold = full_bills(NIS, OPTIONS, paths)
    np.testing.assert_allclose(result.bill_eur[paths], cold, rtol=1e-6)


def test_exact_numbers_do_not_depend_on_the_workers() -> None:
    parallel = volatility(NIS, dataclasses.replace(OPTIONS, workers=2))
    np.testing.assert_array_equal(exact().bill_eur, parallel.bill_eur)


def test_no_other_dispatch_repriced_costs_less_than_a_paths_own() -> None:
    """Re-pricing any dispatch of the same weather is an upper bound on a path's optimal system
    cost (surrogate.py); each path's own dispatch, warm-started or not, is that optimum, so no
    other dispatch re-priced to its prices costs less (to the solver's tolerance)."""
    result = exact()
    base = gas_price(result.system)
    points = np.array(
        [
            [d.task.gas_multiplier, d.task.co2_multiplier, d.task.power_multiplier]
            for d in result.designs
        ]
    )
    gas, co2, power = base * points[:, 0], points[:, 1], points[:, 2]
    cost = np.vstack([d.system_cost.at(gas, co2, power) for d in result.designs])
    climate = np.array([d.task.climate.year if d.task.climate else -1 for d in result.designs])
    cost[climate[:, None] != climate[None, :]] = np.inf
    own = np.diag(cost)
    assert (cost.min(axis=0) >= own * (1 - 1e-7)).all()
    assert len(set(climate)) == 2


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(InputError, match="method"):
        volatility(NIS, dataclasses.replace(OPTIONS, method="guess"))


def test_an_exact_bill_read_without_price_moves_is_the_same_money() -> None:
    """An exact study reads each bill at its own path only, so it skips the other zones' price
    moves (`zone_terms` without `ZoneMoves`): on the regional default, where Serbia trades with
    zones whose prices are LP duals, the bill at its own prices must be the one read with
    them, and re-pricing it elsewhere must be refused rather than silently wrong."""
    see = OptionSpec(
        "see-2025-march", "see-2025", system=window(powerpact.load("see-2025"), 2016, 2064)
    )
    task = DesignTask(see, "RS", None, None, 1, 1.4, 0.8, 1.2)
    with_moves = run_design(task).bill
    own_only = run_design(dataclasses.replace(task, reprice=False)).bill
    assert not own_only.repriceable
    assert own_only.own_eur() == pytest.approx(with_moves.own_eur(), rel=1e-9)
    assert own_only.fixed_eur != pytest.approx(with_moves.fixed_eur, rel=1e-6)  # trade moved
    elsewhere = dataclasses.replace(with_moves.design, co2_multiplier=1.0)
    with pytest.raises(ValueError, match="own prices"):
        own_only.at_point(elsewhere)


def test_the_exact_study_reads_bills_without_price_moves() -> None:
    assert not any(d.bill.repriceable for d in exact().designs)
