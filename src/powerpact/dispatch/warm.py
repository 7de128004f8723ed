"""The whole-horizon LP started from the weeks' solution (`DispatchOptions(start="weeks")`).

The weeks' stitched solution (dispatch/weeks.py) is feasible for the whole-horizon LP and close
to its optimum, and its hourly prices are close to the optimal duals. Crossover turns that point
into a basis and the dual simplex finishes from there: the same LP and the same optimum as a cold
start, in far fewer iterations (benchmarks/dispatch_regional.md). Rows the weeks do not share
with the whole horizon (storage, monthly budgets, fuel and contract rows) start with dual 0.
"""

from __future__ import annotations

import time

import numpy as np

from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.model import Blocks, build, supplied_gas_rows
from powerpact.dispatch.readback import DAILY, HOURLY, Run, read_values, result
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import DispatchOptions, solve
from powerpact.dispatch.weeks import Stitched, plan_block_h, solve_weeks
from powerpact.system import System


def run_from_weeks(system: System, options: DispatchOptions) -> DispatchResult:
    """Without blocks longer than an hour the weeks' plan would be this very LP: then the LP is
    solved once, from scratch."""
    started = time.perf_counter()
    full = prepare(system)
    weeks = solve_weeks(full, options) if plan_block_h(full) > 1 else None
    lp, blocks = build(full)
    point = _point(blocks, weeks, (lp.n_cols, lp.n_rows)) if weeks else None
    weeks_time = weeks.solve_time_s if weeks else 0.0
    built = time.perf_counter() - started - weeks_time
    solution = solve(lp, options, point=point, increment_rows=supplied_gas_rows(full, blocks))
    return result(
        full,
        read_values(blocks, solution),
        Run(
            objective_eur=solution.objective,
            solver=solution.solver + (f", started from {weeks.solver}" if weeks else ""),
            solver_version=solution.solver_version,
            solve_time_s=weeks_time + solution.solve_time_s,
            build_time_s=built + solution.setup_time_s,
        ),
    )


def _point(
    blocks: Blocks, weeks: Stitched, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The weeks' values as columns of the whole-horizon LP, their prices as its balance duals."""
    x = np.zeros(shape[0])
    for name in (*HOURLY, *DAILY, "unused"):
        x[getattr(blocks, name)] = weeks.values[name]
    row_dual = np.zeros(shape[1])
    row_dual[blocks.balance] = weeks.values["price"]
    row_dual[blocks.gas_balance] = weeks.values["gas_price"]
    return x, row_dual
