"""Twin columns (dispatch/twins.py): continuous columns with one cost and one set of entries are
solved as one and shared out pro rata. Checked against scipy's linprog on the LP as written
(no merging), over random LPs with random twin sets (hypothesis), and on a dispatch with two
identical units."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from test_dispatch import unit

from powerpact import dispatch
from powerpact.dispatch import twins
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.solve import DispatchOptions, solve


def _lp(seed: int, n_rows: int, n_distinct: int, copies: list[int]) -> tuple[SparseLp, np.ndarray]:
    """Covering rows (A x ≥ demand) over `n_distinct` columns, column k repeated `copies[k]`
    times with bounds of its own; returns the LP and each column's distinct column."""
    rng = np.random.default_rng(seed)
    matrix = rng.integers(0, 3, (n_rows, n_distinct)).astype(float)
    matrix[rng.integers(0, n_rows, n_distinct), np.arange(n_distinct)] += 1.0
    cost = rng.integers(1, 6, n_distinct).astype(float)
    of_col = np.repeat(np.arange(n_distinct), copies)
    lower = rng.integers(0, 2, len(of_col)).astype(float)
    upper = lower + rng.integers(0, 4, len(of_col))
    demand = 0.4 * (matrix[:, of_col] @ upper)
    lp = SparseLp()
    rows = lp.add_rows(demand, np.inf, (n_rows,))
    cols = lp.add_cols(lower, upper, cost[of_col], (len(of_col),))
    r, c = np.nonzero(matrix[:, of_col])
    lp.add_terms(rows[r], cols[c], matrix[:, of_col][r, c])
    return lp, of_col


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_rows=st.integers(1, 6),
    copies=st.lists(st.integers(1, 4), min_size=1, max_size=6),
)
def test_merged_lp_has_the_optimum_of_the_lp_as_written(
    seed: int, n_rows: int, copies: list[int]
) -> None:
    lp, of_col = _lp(seed, n_rows, len(copies), copies)
    arrays = lp.arrays()
    found = twins.find(arrays)
    # Columns made from one distinct column share a merged column, unless their costs or
    # entries happen to equal another's too (then more merge, never fewer).
    assert (found.group[:, None] == found.group[None, :])[of_col[:, None] == of_col[None, :]].all()
    reference = linprog(
        arrays["cost"],
        A_ub=-_dense(arrays, lp.n_rows),
        b_ub=-arrays["row_lower"],
        bounds=list(zip(arrays["col_lower"], arrays["col_upper"], strict=True)),
        method="highs",
    )
    solution = solve(lp, DispatchOptions())
    assert reference.status == 0 and solution.status == "Optimal"
    assert np.isclose(solution.objective, reference.fun, rtol=1e-9, atol=1e-9)
    x = solution.x
    assert np.isclose(arrays["cost"] @ x, reference.fun, rtol=1e-9, atol=1e-9)
    # Within the bounds exactly, not to the simplex's tolerance.
    assert (x >= arrays["col_lower"]).all() and (x <= arrays["col_upper"]).all()
    assert (_dense(arrays, lp.n_rows) @ x >= arrays["row_lower"] - 1e-7).all()
    # Pro rata: twins with a range sit at one relative position within it.
    span = arrays["col_upper"] - arrays["col_lower"]
    position = np.divide(
        x - arrays["col_lower"], span, out=np.full_like(span, np.nan), where=span > 0
    )
    for group in np.unique(found.group):
        ranged = position[(found.group == group) & (span > 0)]
        if len(ranged):
            assert np.ptp(ranged) < 1e-9


def _dense(arrays: dict[str, np.ndarray], n_rows: int) -> np.ndarray:
    import scipy.sparse as sp

    return sp.csc_matrix(
        (arrays["value"], arrays["index"], arrays["start"]), shape=(n_rows, len(arrays["cost"]))
    ).toarray()


def test_only_true_twins_merge() -> None:
    """Another cost, another entry, an integer or an unbounded column keeps a column alone."""
    lp = SparseLp()
    rows = lp.add_rows(1.0, np.inf, (2,))
    cols = lp.add_cols(0.0, [5, 5, 5, 5, 5, np.inf, 5], [1, 1, 2, 1, 1, 1, 1], (7,))
    lp.add_terms(rows[[0, 0, 0, 0, 1, 0, 0]], cols, [1, 1, 1, 2, 1, 1, 1])
    lp.mark_integer(cols[[6]])
    found = twins.find(lp.arrays())
    assert found.group.tolist() == [0, 0, 1, 2, 3, 4, 5]
    assert twins.none(3).group.tolist() == [0, 1, 2]


def test_twins_hold_on_the_same_lp_at_other_costs_only() -> None:
    lp, _ = _lp(1, 3, 3, [2, 3, 1])
    arrays = lp.arrays()
    found = twins.find(arrays)
    other_bounds = {**arrays, "col_upper": arrays["col_upper"] + 1.0}
    assert twins.holds(found, other_bounds)
    first_twin = int(np.flatnonzero(np.bincount(found.group)[found.group] > 1)[0])
    split = arrays["cost"].copy()
    split[first_twin] += 1.0
    assert not twins.holds(found, {**arrays, "cost": split})
    assert not twins.holds(found, {**arrays, "cost": arrays["cost"][:-1]})
    # A column without twins may have an infinite bound; the twins still hold.
    alone = int(np.flatnonzero(np.bincount(found.group)[found.group] == 1)[0])
    unbounded = arrays["col_upper"].copy()
    unbounded[alone] = np.inf
    assert twins.holds(found, {**arrays, "col_upper": unbounded})


def test_identical_units_run_at_one_loading(make_system) -> None:
    """Two units of one zone and one cost: of the many optimal splits, each hour's output is
    shared in proportion to their capacities (a cheaper unit runs first)."""
    system = make_system(
        generators=[unit("base", 200, 10), unit("big", 100, 30), unit("small", 50, 30)],
        demand={"A": [150.0, 250.0, 320.0]},
    )
    result = dispatch.run(system, DispatchOptions(horizon="year"))
    gen = result.generation_mw
    assert gen["base"].tolist() == pytest.approx([150, 200, 200])
    assert gen["big"].tolist() == pytest.approx([0, 100 / 3, 80])
    assert gen["small"].tolist() == pytest.approx([0, 50 / 3, 40])
