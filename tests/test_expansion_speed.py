"""The expansion's speed measures (issue 20) must not change its answer: the interior point with
crossover that solves the investment LP against the dual simplex, the cap on the automatic count
of representative days, and the full-year check solved once per portfolio."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pandas as pd
import pytest
from conftest import TINY

import powerpact
import powerpact.studies.expand as study_module
from powerpact.dispatch import run as dispatch_run
from powerpact.dispatch.candidates import candidates_from_rows, default_candidates
from powerpact.dispatch.expansion import INVESTMENT_SOLVE, expand
from powerpact.dispatch.periods import choose_days
from powerpact.dispatch.solve import DispatchOptions
from powerpact.system import System


def test_interior_point_with_crossover_equals_the_dual_simplex() -> None:
    """Same LP, two algorithms: the same optimum on a scenario with every default candidate."""
    system = powerpact.load("serbia-2025/coal-exit-2032")
    candidates, days = default_candidates(system), choose_days(system, 4)
    assert INVESTMENT_SOLVE.method == "ipm" and INVESTMENT_SOLVE.crossover
    interior = expand(system, candidates, days)
    simplex = expand(system, candidates, days, options=DispatchOptions())
    assert interior.solver != simplex.solver
    assert interior.total_cost_eur == pytest.approx(simplex.total_cost_eur, rel=1e-7)
    assert interior.investment_eur == pytest.approx(simplex.investment_eur, rel=1e-4, abs=1.0)


def _eight_days(make_system: Callable[..., System]) -> System:
    """Eight days of 60 MW for 18 hours and a 6-hour peak of 100 − 2k MW on day k, no plant of
    its own: the peak day is always kept, and demand above 60 MW lasts 48 hours of the horizon,
    below the 96 hours at which base and peak cost the same, so every count of representative
    days gives 60 MW of base and 40 MW of peak (the screening curve of test_expansion.py)."""
    demand = [x for k in range(8) for x in [100.0 - 2 * k] * 6 + [60.0] * 18]
    return make_system(
        generators=[{"name": "none", "zone": "Z", "technology": "other", "capacity_mw": 0.0}],
        demand={"Z": demand},
        settings={"value_of_lost_load_eur_per_mwh": 10_000.0},
    )


def test_auto_days_stop_at_the_cap_and_each_portfolio_is_dispatched_once(
    make_system: Callable[..., System], monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _eight_days(make_system)
    rows = pd.DataFrame(
        [
            ["base", "Z", "firm", "200", str(8760 * 50.0), "20"],
            ["peak", "Z", "firm", "200", str(8760 * 10.0), "100"],
        ],
        columns=[
            "name",
            "zone",
            "technology",
            "max_mw",
            "annual_cost_eur_per_mw",
            "marginal_cost_eur_per_mwh",
        ],
    )
    calls: list[float] = []

    def counted(expanded: System):  # type: ignore[no-untyped-def]
        result = dispatch_run(expanded)
        calls.append(result.total_cost_eur)
        return result

    # A goal no gap can meet, so that only the cap stops the doubling: 2, then 4 of 8 days.
    monkeypatch.setattr(study_module, "GAP_GOAL", -1.0)
    monkeypatch.setattr(study_module, "AUTO_FIRST_DAYS", 2)
    monkeypatch.setattr(study_module, "dispatch_run", counted)
    study = study_module.run_expansion(
        system, candidates_from_rows(system, rows, "test"), samples=20, max_days=4
    )
    headline = study.headline()
    assert [t["days"] for t in headline["representative_days_tried"]] == [2, 4]
    assert headline["representative_days_cap"] == 4
    assert len(calls) == 1  # the same portfolio at 2 and 4 days: one full-year dispatch
    # The reused figure is the expanded system's own full-year dispatch.
    fresh = dispatch_run(study.expanded).total_cost_eur + study.result.investment_eur
    assert study.full_horizon_cost_eur == pytest.approx(fresh, rel=1e-9)
    assert study.result.built_mw["base"] == pytest.approx(60.0, abs=1e-6)
    assert study.result.built_mw["peak"] == pytest.approx(40.0, abs=1e-6)


def test_expand_cli_refuses_a_cap_below_one_day() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "powerpact", "expand", str(TINY), "--max-days", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--max-days" in done.stderr
    assert "Traceback" not in done.stderr
