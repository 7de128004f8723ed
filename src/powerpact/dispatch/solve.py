"""Solve the dispatch LP with HiGHS (through highspy, no modelling layer in between)."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from powerpact.dispatch.lp import SparseLp


@dataclass(frozen=True)
class DispatchOptions:
    """How to solve.

    `method`: "simplex" (HiGHS dual simplex; measured fastest on the year-long Serbian default,
    see benchmarks/dispatch.md), "ipm" (interior point) or "pdlp".
    `crossover`: with "ipm", run crossover to reach a vertex; without it prices (row duals) and the
    optimal cost are still accurate to the tolerances.
    `threads`: 0 lets HiGHS choose.
    """

    method: str = "simplex"
    crossover: bool = False
    threads: int = 0
    time_limit_s: float = float("inf")
    tolerance: float = 1e-8


@dataclass(frozen=True)
class Solution:
    x: np.ndarray
    row_dual: np.ndarray
    objective: float
    status: str
    solver: str
    solver_version: str
    setup_time_s: float  # matrix conversion and handing the model to HiGHS
    solve_time_s: float


class SolveError(RuntimeError):
    """The solver stopped without an optimal solution (the LP is always feasible by design)."""


@contextlib.contextmanager
def _silent_stdout() -> Iterator[None]:
    """HiGHS prints its banner on C-level stdout when created, which would break --json output
    and clutter reports; the solver and its version are recorded in the results instead."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def solve(lp: SparseLp, options: DispatchOptions) -> Solution:
    import highspy

    started = time.perf_counter()
    arrays = lp.arrays()
    with _silent_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("solver", options.method)
    highs.setOptionValue("run_crossover", "on" if options.crossover else "off")
    if options.threads:
        highs.setOptionValue("threads", options.threads)
    if np.isfinite(options.time_limit_s):
        highs.setOptionValue("time_limit", float(options.time_limit_s))
    for name in (
        "primal_feasibility_tolerance",
        "dual_feasibility_tolerance",
        "ipm_optimality_tolerance",
    ):
        highs.setOptionValue(name, options.tolerance)
    # The array form of passModel wants one integrality flag per column (all continuous here).
    status = highs.passModel(
        lp.n_cols,
        lp.n_rows,
        len(arrays["value"]),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        arrays["cost"],
        arrays["col_lower"],
        arrays["col_upper"],
        arrays["row_lower"],
        arrays["row_upper"],
        arrays["start"],
        arrays["index"],
        arrays["value"],
        np.zeros(lp.n_cols, dtype=np.int32),
    )
    if status != highspy.HighsStatus.kOk:
        raise SolveError(f"HiGHS refused the model ({status})")
    passed = time.perf_counter()
    highs.run()
    elapsed = time.perf_counter() - passed
    model_status = highs.modelStatusToString(highs.getModelStatus())
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SolveError(f"HiGHS stopped with status {model_status!r}")
    solution = highs.getSolution()
    return Solution(
        x=np.asarray(solution.col_value),
        row_dual=np.asarray(solution.row_dual),
        objective=float(highs.getInfo().objective_function_value),
        status=model_status,
        solver=f"HiGHS {options.method}"
        + (", crossover" if options.crossover and options.method == "ipm" else ""),
        solver_version=highs.version(),
        setup_time_s=passed - started,
        solve_time_s=elapsed,
    )
