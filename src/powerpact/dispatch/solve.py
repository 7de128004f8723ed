"""Solve the dispatch LP with HiGHS (through highspy, no modelling layer in between)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from powerpact.dispatch import twins as twin_columns
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.twins import Twins


@dataclass(frozen=True)
class DispatchOptions:
    """How to solve.

    `method`: "simplex" (HiGHS dual simplex; measured fastest on the year-long Serbian default,
    see benchmarks/dispatch.md), "ipm" (interior point) or "pdlp".
    `crossover`: with "ipm", run crossover to reach a vertex; without it prices (row duals) and the
    optimal cost are still accurate to the tolerances.
    `threads`: 0 lets HiGHS choose.
    `commitment`: "off" (every unit's `min_stable_mw` is an always-on must-run, one LP), "milp"
    (units with `min_stable_fraction` are committed on/off with integers: exact) or "lp" (the same
    model with the integers relaxed: a tight lower bound, faster). See docs/dispatch.md.
    `mip_gap`: relative gap at which the MILP stops.
    `relaxation_first`: with commitment "milp", solve the LP relaxation first and stop there when
    its commitment, rounded, is within `mip_gap` of it; otherwise branch and bound starts from
    that commitment. False: branch and bound from scratch (the earlier method, kept for
    benchmarks/commitment_regional.py to compare). Both reach `mip_gap`.
    `horizon`: None (the system's `dispatch_horizon` setting, "year" unless it says otherwise),
    "year" (one LP over the whole horizon: the exact optimum) or "weeks" (weeks solved
    apart and in parallel after a coarse plan of the whole horizon, as Antares and ERAA run;
    faster, slightly dearer: dispatch/weeks.py, benchmarks/dispatch_regional.md). Commitment
    "off" only: unit commitment has its own rolling windows.
    `start`: with horizon "year", "cold" (simplex from scratch) or "weeks": solve the weeks first
    and start the whole-year simplex from their solution (crossover to a basis, then simplex):
    the same optimum, far fewer iterations on regional systems (dispatch/warm.py).
    `commitment_data`: with commitment on, give generators named in the derived table
    (data/derived/commitment.csv: the default's thermal units) that have no commitment data of
    their own its start costs, minimum times and minimum loads (`commitment.with_commitment`).
    `reserves`: hold the operating reserves of the system's reserves.csv (docs/dispatch.md);
    False ignores them.
    `twins`: solve twin columns (identical units of one zone) as one column, shared out pro rata
    (dispatch/twins.py); False solves the LP as written (benchmarks/volatility_family.py
    compares the two).
    `window_h`, `keep_h`: with commitment on, solve windows of `window_h` hours and keep the first
    `keep_h` of each (rolling horizon, no perfect foresight); `window_h=None` solves the whole
    horizon at once. Both are ignored with commitment "off".
    """

    method: str = "simplex"
    crossover: bool = False
    threads: int = 0
    time_limit_s: float = float("inf")
    tolerance: float = 1e-8
    commitment: Literal["off", "milp", "lp"] = "off"
    horizon: Literal["year", "weeks"] | None = None  # None: the system's dispatch_horizon
    start: Literal["cold", "weeks"] = "cold"
    mip_gap: float = 0.005
    relaxation_first: bool = True
    window_h: int | None = 48
    keep_h: int = 24
    reserves: bool = True
    commitment_data: bool = True
    twins: bool = True


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
    mip_gap: float = 0.0  # relative gap reached by a MILP (0 for an LP)
    basis: Start | None = None  # an LP's optimal basis, to warm-start one of the same shape


@dataclass(frozen=True)
class Start:
    """HiGHS' optimal basis of an LP with its twin columns merged (dispatch/twins.py), and those
    twins: an LP of the same shape whose twins are the same starts from it."""

    basis: Any
    twins: Twins


class SolveError(RuntimeError):
    """The solver stopped without an optimal solution (the LP is always feasible by design)."""


# File descriptor 1 is the process's: threads solving at once (dispatch/weeks.py) take turns.
_STDOUT_LOCK = threading.Lock()


@contextlib.contextmanager
def _silent_stdout() -> Iterator[None]:
    """HiGHS prints its banner on C-level stdout when created, which would break --json output
    and clutter reports; the solver and its version are recorded in the results instead."""
    with _STDOUT_LOCK:
        yield from _stdout_to_devnull()


def _stdout_to_devnull() -> Iterator[None]:
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


def solve(
    lp: SparseLp,
    options: DispatchOptions,
    warm: Start | None = None,
    keep_basis: bool = False,
    point: tuple[np.ndarray, np.ndarray] | None = None,
    increment_rows: np.ndarray | None = None,
) -> Solution:
    """Twin columns (dispatch/twins.py) are solved as one and shared out pro rata.

    `warm`: the `basis` of a solved LP of the same shape (the previous week of dispatch/
    weeks.py) to start the simplex from, without presolve, which would discard it (ignored
    when the two LPs' twins differ);
    `keep_basis`: return this LP's optimal basis; `point`: column values and row duals near
    the optimum, from which crossover finds a basis to start the simplex from;
    `increment_rows`: rows whose duals are read as the cost of one more unit of each
    (`_increment_duals`), not as whichever of their optimal duals the simplex ends at."""
    import highspy

    started = time.perf_counter()
    original = lp.arrays()
    twins, warm = _twins(original, warm, options.twins)
    arrays = twin_columns.merged(original, twins) if twins.any else original
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
    # The array form of passModel takes one integrality flag per column (1 = integer).
    n_cols = len(arrays["cost"])
    status = highs.passModel(
        n_cols,
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
        arrays["integrality"],
    )
    if status != highspy.HighsStatus.kOk:
        raise SolveError(f"HiGHS refused the model ({status})")
    if warm is not None:
        highs.setOptionValue("presolve", "off")
        highs.setBasis(warm.basis)
    passed = time.perf_counter()
    if point is not None:  # counted as solving: crossover is the first part of the solve
        x, row_dual = point
        _crossover(highs, highspy, arrays, twin_columns.summed(x, twins), row_dual)
    gap = 0.0
    integer = np.flatnonzero(arrays["integrality"]).astype(np.int32)
    if len(integer):
        gap = _solve_milp(highs, highspy, arrays, integer, options)
    else:
        highs.run()
        _check(highs, highspy)
    solution = highs.getSolution()
    info = highs.getInfo()
    status_name = highs.modelStatusToString(highs.getModelStatus())
    basis = highs.getBasis() if keep_basis and not len(integer) else None
    x = np.asarray(solution.col_value)
    row_dual = np.asarray(solution.row_dual)
    if increment_rows is not None and len(increment_rows):
        optimum = (x, np.asarray(solution.row_value), row_dual)
        row_dual = _increment_duals(highs, highspy, arrays, increment_rows, optimum, options)
    elapsed = time.perf_counter() - passed
    if twins.any:
        x = twin_columns.shared(x, original["col_lower"], original["col_upper"], twins)
    # The simplex meets bounds to its tolerance; results (a flow, a contract's intake) that
    # must not be negative are read back within them exactly.
    x = np.clip(x, original["col_lower"], original["col_upper"])
    return Solution(
        x=x,
        row_dual=row_dual,
        # With integers: the cost of the MILP's commitment with the rest re-optimised (equal to
        # the MILP's incumbent up to tolerances), so that it matches x.
        objective=float(info.objective_function_value),
        status=status_name,
        solver=("HiGHS MILP, then " if len(integer) else "HiGHS ")
        + options.method
        + (", crossover" if options.crossover and options.method == "ipm" else ""),
        solver_version=highs.version(),
        setup_time_s=passed - started,
        solve_time_s=elapsed,
        mip_gap=gap,
        basis=Start(basis, twins) if basis is not None else None,
    )


# One more unit (MWh, MWh_th) on each increment row: far below any quantity of the dispatch, far
# above the solver's feasibility tolerance.
INCREMENT = 1.0


def _increment_duals(
    highs: Any,
    highspy: Any,
    arrays: dict[str, np.ndarray],
    rows: np.ndarray,
    optimum: tuple[np.ndarray, np.ndarray, np.ndarray],
    options: DispatchOptions,
) -> np.ndarray:
    """The row duals of `optimum` (column values, row values, row duals of the LP solved in
    `highs`) with the duals of `rows` taken from that LP re-solved, from its
    optimal basis, with each of those rows' bounds raised by INCREMENT: the cost of one more
    unit there. Where a quantity is exactly used up (a week's gas contract taking precisely what
    the week needs), the LP as solved has many optimal duals, from the price of the used-up
    source to that of the next one, and the simplex ends at any of them depending on its path;
    one more unit must come from the next source, whose price is the one a buyer faces. If the
    raised LP has no optimum (no source can give one more unit), the duals stay as solved."""
    rows = np.asarray(rows, dtype=np.int32)
    row_dual = optimum[2]
    if not highs.getBasis().valid:  # an interior point without crossover: no basis to go on from
        return row_dual
    # A MILP's integers are fixed by bounds `arrays` does not hold: re-solve to be sure.
    fixed = bool(arrays["integrality"].any())
    if not fixed and _basis_stays_feasible(
        highs, highspy, arrays, rows, optimum, options.tolerance
    ):
        return row_dual  # the same basis is optimal with one more unit: the same duals
    highs.setOptionValue("solver", "simplex")
    highs.changeRowsBounds(
        len(rows),
        rows,
        arrays["row_lower"][rows] + INCREMENT,
        arrays["row_upper"][rows] + INCREMENT,
    )
    highs.run()
    highs.setOptionValue("solver", options.method)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return row_dual
    raised = row_dual.copy()
    raised[rows] = np.asarray(highs.getSolution().row_dual)[rows]
    return raised


def _basis_stays_feasible(
    highs: Any,
    highspy: Any,
    arrays: dict[str, np.ndarray],
    rows: np.ndarray,
    optimum: tuple[np.ndarray, np.ndarray, np.ndarray],
    tolerance: float,
) -> bool:
    """Whether the optimal basis in `highs` stays feasible with `rows`' bounds raised by
    INCREMENT. The duals depend only on the basis and the costs, so then they are already the
    raised LP's, and the re-solve (about 4 ms a week of the regional default even at 0
    iterations) is saved. The basic values move by the basis matrix solved against the raise;
    HiGHS' basis matrix holds a basic row as minus its activity."""
    raise_by = np.zeros(len(arrays["row_lower"]))
    raise_by[rows] = INCREMENT
    status, basic = highs.getBasicVariables()
    solved, change = highs.getBasisSolve(raise_by)
    if status != highspy.HighsStatus.kOk or solved != highspy.HighsStatus.kOk:
        return False
    is_col = basic >= 0
    col, row = basic[is_col], -1 - basic[~is_col]
    col_value = optimum[0][col] + change[is_col]
    row_value = optimum[1][row] - change[~is_col]
    return bool(
        np.all(col_value >= arrays["col_lower"][col] - tolerance)
        and np.all(col_value <= arrays["col_upper"][col] + tolerance)
        and np.all(row_value >= arrays["row_lower"][row] + raise_by[row] - tolerance)
        and np.all(row_value <= arrays["row_upper"][row] + raise_by[row] + tolerance)
    )


def _twins(
    arrays: dict[str, np.ndarray], warm: Start | None, merge: bool
) -> tuple[Twins, Start | None]:
    """The twin columns to merge, and the start to use: `warm` when its basis is one of this
    LP with the same twins merged, else none. A MILP merges nothing: its integer columns are
    addressed by their original indices."""
    if merge and not arrays["integrality"].any():
        if warm is not None and twin_columns.holds(warm.twins, arrays):
            return warm.twins, warm
        twins = twin_columns.find(arrays)
    else:
        twins = twin_columns.none(len(arrays["cost"]))
    same = warm is not None and np.array_equal(warm.twins.group, twins.group)
    return twins, warm if same else None


def _solve_milp(
    highs: Any,
    highspy: Any,
    arrays: dict[str, np.ndarray],
    integer: np.ndarray,
    options: DispatchOptions,
) -> float:
    """Solve the MILP passed to `highs` to `options.mip_gap`; return the gap reached.

    The LP relaxation first: its optimum is a lower bound, and its integers rounded and fixed give
    a commitment whose LP, when feasible, is an upper bound. When the two are within the gap, that
    commitment is a MILP answer with the same guarantee as branch and bound's, and no branch and
    bound is run (the commitment relaxation is tight: benchmarks/commitment.md). Otherwise
    HiGHS' branch and bound runs from the rounded commitment as a start. Either way `highs` ends
    with the integers fixed at the answer and the remaining LP solved: a MILP has no duals, and
    that LP's are the prices given the commitment (the usual market-clearing convention)."""
    count = len(integer)
    if options.relaxation_first:
        start, gap = _rounded_relaxation(highs, highspy, integer)
        if gap <= options.mip_gap:
            return gap
        highs.changeColsBounds(
            count, integer, arrays["col_lower"][integer], arrays["col_upper"][integer]
        )
        highs.changeColsIntegrality(count, integer, np.ones(count, dtype=np.uint8))
        if start is not None:
            highs.setSolution(start)
    # Branch and bound needs HiGHS' MIP solver ("choose"); "simplex" would solve the relaxation.
    highs.setOptionValue("solver", "choose")
    highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    highs.run()
    _check(highs, highspy)
    gap = float(highs.getInfo().mip_gap)
    answer = np.round(np.asarray(highs.getSolution().col_value)[integer])
    highs.changeColsIntegrality(count, integer, np.zeros(count, dtype=np.uint8))
    _fix(highs, integer, answer)
    highs.setOptionValue("solver", options.method)
    highs.run()
    _check(highs, highspy)
    return gap


def _rounded_relaxation(highs: Any, highspy: Any, integer: np.ndarray) -> tuple[Any, float]:
    """Solve the relaxation of the MILP in `highs`, then its LP with the integers fixed at the
    relaxation's values rounded: that LP's solution (None if infeasible) and its gap to the
    relaxation's optimum, a lower bound on the MILP's."""
    count = len(integer)
    highs.changeColsIntegrality(count, integer, np.zeros(count, dtype=np.uint8))
    highs.run()
    _check(highs, highspy)
    lower_eur = float(highs.getInfo().objective_function_value)
    # Warm from the relaxation's basis: only the integer columns' bounds move.
    _fix(highs, integer, np.round(np.asarray(highs.getSolution().col_value)[integer]))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, float("inf")
    upper_eur = float(highs.getInfo().objective_function_value)
    return highs.getSolution(), _relative_gap(upper_eur, lower_eur)


def _fix(highs: Any, cols: np.ndarray, values: np.ndarray) -> None:
    highs.changeColsBounds(len(cols), cols, values, values)


def _relative_gap(upper_eur: float, lower_eur: float) -> float:
    """HiGHS' relative MIP gap: (upper − lower) / |upper|, infinite for a zero upper bound above
    the lower."""
    distance = max(upper_eur - lower_eur, 0.0)
    if distance == 0.0:
        return 0.0
    return distance / abs(upper_eur) if upper_eur else float("inf")


def _crossover(
    highs: Any, highspy: Any, arrays: dict[str, np.ndarray], x: np.ndarray, row_dual: np.ndarray
) -> None:
    """Crossover (HiGHS' IPX) from the point (x, row_dual) to a basis the simplex then starts
    from, without presolve, which would discard it. A failed crossover leaves a cold start."""
    import scipy.sparse as sp

    matrix = sp.csc_matrix(
        (arrays["value"], arrays["index"], arrays["start"]),
        shape=(len(arrays["row_lower"]), len(arrays["cost"])),
    )
    x = np.clip(x, arrays["col_lower"], arrays["col_upper"])
    point = highspy.HighsSolution()
    point.col_value = x
    point.row_value = matrix @ x
    point.row_dual = row_dual
    point.col_dual = arrays["cost"] - matrix.T @ row_dual
    point.value_valid = point.dual_valid = True
    highs.setOptionValue("presolve", "off")
    if highs.crossover(point) == highspy.HighsStatus.kError:
        highs.clearSolver()
        highs.setOptionValue("presolve", "choose")


def _check(highs: Any, highspy: Any) -> None:
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = highs.modelStatusToString(highs.getModelStatus())
        raise SolveError(f"HiGHS stopped with status {status!r}")
