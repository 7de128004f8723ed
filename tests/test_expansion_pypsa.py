"""PyPSA, given the expansion as extendable components on the same weighted representative days,
finds the same optimum as powerpact's expansion LP (issue 20)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import powerpact
from powerpact.dispatch.candidates import default_candidates
from powerpact.dispatch.expansion import expand
from powerpact.dispatch.periods import choose_days

pypsa = pytest.importorskip("pypsa")
TINY = Path(__file__).parent / "data" / "tiny"


@pytest.mark.parametrize("days", [1, 2])
def test_tiny_expansion_matches_pypsa(days: int) -> None:
    from powerpact.interop.pypsa_expansion import to_pypsa_expansion

    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    system = powerpact.load(TINY)
    candidates = default_candidates(system)
    periods = choose_days(system, days)
    ours = expand(system, candidates, periods)
    network, extra = to_pypsa_expansion(system, candidates, periods)
    status = network.optimize(
        solver_name="highs",
        extra_functionality=extra,
        log_to_console=False,
        include_objective_constant=False,
    )
    assert status == ("ok", "optimal")
    assert ours.built_mw.sum() > 0  # something is built, so the investment part is exercised
    scale = max(abs(ours.total_cost_eur), 1.0)
    assert abs(float(network.objective) - ours.total_cost_eur) <= 1e-6 * scale, (
        network.objective,
        ours.total_cost_eur,
    )


def test_monthly_reservoir_budgets_match_pypsa() -> None:
    """75 days of serbia-2025's coal exit on 6 representative days that stand for days of three
    months: the reservoirs' monthly budgets (a day counted as often as it stands for that month)
    as extra constraints in PyPSA give the same optimum."""
    from powerpact.interop.pypsa_expansion import to_pypsa_expansion
    from powerpact.system import first_hours

    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    system = first_hours(powerpact.load("serbia-2025/coal-exit-2032"), 24 * 75)
    candidates = default_candidates(system)
    periods = choose_days(system, 6)
    ours = expand(system, candidates, periods)
    network, extra = to_pypsa_expansion(system, candidates, periods)
    status = network.optimize(
        solver_name="highs",
        extra_functionality=extra,
        log_to_console=False,
        include_objective_constant=False,
    )
    assert status == ("ok", "optimal")
    assert abs(float(network.objective) - ours.total_cost_eur) <= 1e-6 * abs(ours.total_cost_eur)
