"""Twin columns: continuous variables with the same cost and the same coefficients in every row
(identical units of one zone, hour by hour), solved as one variable and shared back out.

Twins are interchangeable: only their sum enters any row or the objective, and the sum can take
any value between the sum of their lower bounds and the sum of their upper bounds. So the LP with
each set of twins replaced by one column bounded by those sums has the same optimal cost and the
same set of optimal row duals (twins repeat one dual constraint), and any split of an optimal
sum within the twins' bounds is optimal. Where several duals are optimal, which one the simplex
returns may differ from the LP as written, as it may between any two starts. The split
here is pro rata to each twin's range (identical units run at the same loading), which makes
their outputs unique where the simplex would pick one of many optima.

HiGHS' presolve merges such columns too, but presolve is off when the simplex starts from a
basis (`solve(warm=...)`), as in dispatch families and chained weeks: there the merged LP is
smaller and its simplex iterations cheaper (benchmarks/volatility_family.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Fixed row weights for the columns' fingerprints (any values work: equal fingerprints are
# checked entry by entry before columns are merged).
_WEIGHT_SEED = 20251130


@dataclass(frozen=True)
class Twins:
    """Each column's merged column (`group`), and the merged columns' first members."""

    group: np.ndarray  # per original column, its merged column
    first: np.ndarray  # per merged column, its first original column

    @property
    def n_merged(self) -> int:
        return len(self.first)

    @property
    def any(self) -> bool:
        return len(self.first) < len(self.group)


def none(n_cols: int) -> Twins:
    """No twins: every column stays its own."""
    return Twins(group=np.arange(n_cols), first=np.arange(n_cols))


def find(arrays: dict[str, np.ndarray]) -> Twins:
    """The twin sets of a column-wise LP (`SparseLp.arrays()`): continuous columns with finite
    bounds, equal costs and equal (row, value) entries."""
    start, index, value = arrays["start"], arrays["index"], arrays["value"]
    n_cols = len(arrays["cost"])
    nnz = np.diff(start)
    candidates = np.flatnonzero(
        (arrays["integrality"] == 0)
        & np.isfinite(arrays["col_lower"])
        & np.isfinite(arrays["col_upper"])
    )
    # One fingerprint per column: its entries weighted by fixed random row weights, plus its
    # cost and entry count; equal fingerprints are then checked exactly.
    weights = np.random.default_rng(_WEIGHT_SEED).random(len(arrays["row_lower"]) + 2)
    column = np.repeat(np.arange(n_cols), nnz)
    fingerprint = np.bincount(column, weights[index] * value, minlength=n_cols)
    fingerprint += weights[-2] * arrays["cost"] + weights[-1] * nnz
    order = candidates[np.argsort(fingerprint[candidates], kind="stable")]
    keys = fingerprint[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = keys[1:] != keys[:-1]
    leader = order[np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))]
    # A fingerprint collision (cost or entries differ) leaves the column on its own.
    same = (arrays["cost"][order] == arrays["cost"][leader]) & _same_entries(
        start, index, value, order, leader
    )
    leader_of = np.arange(n_cols)
    leader_of[order] = np.where(same, leader, order)
    return _numbered(leader_of)


def holds(twins: Twins, arrays: dict[str, np.ndarray]) -> bool:
    """Whether `twins`, found on another LP, are twins of this one too (the same LP at other
    costs and bounds: a week at other prices): every member is continuous with finite bounds
    and has its first member's cost and entries."""
    n_cols = len(arrays["cost"])
    if len(twins.group) != n_cols:
        return False
    members = np.flatnonzero(twins.first[twins.group] != np.arange(n_cols))
    if not len(members):
        return True
    leaders = twins.first[twins.group[members]]
    start, index, value = arrays["start"], arrays["index"], arrays["value"]
    # Only columns in a twin set need mergeable bounds: a column on its own may be unbounded.
    grouped = np.concatenate([members, leaders])
    return bool(
        (arrays["integrality"][grouped] == 0).all()
        and np.isfinite(arrays["col_lower"][grouped]).all()
        and np.isfinite(arrays["col_upper"][grouped]).all()
        and (arrays["cost"][members] == arrays["cost"][leaders]).all()
        and _same_entries(start, index, value, members, leaders).all()
    )


def _same_entries(
    start: np.ndarray, index: np.ndarray, value: np.ndarray, cols: np.ndarray, leaders: np.ndarray
) -> np.ndarray:
    """Whether each column in `cols` has exactly the entries of its leader."""
    counts = np.diff(start)
    same = counts[cols] == counts[leaders]
    cols, leaders = cols[same], leaders[same]
    n = counts[cols]
    owner = np.repeat(np.arange(len(cols)), n)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(n) - n, n)
    mine, theirs = start[cols][owner] + offset, start[leaders][owner] + offset
    differs = (index[mine] != index[theirs]) | (value[mine] != value[theirs])
    same[same] = np.bincount(owner, differs, minlength=len(cols)) == 0
    return same


def _numbered(leader_of: np.ndarray) -> Twins:
    """Merged columns numbered in the order of their first members (each column's leader is
    its set's smallest index: the stable sort keeps equal fingerprints in index order)."""
    first, group = np.unique(leader_of, return_inverse=True)
    return Twins(group=group.astype(np.int64), first=first.astype(np.int64))


def merged(arrays: dict[str, np.ndarray], twins: Twins) -> dict[str, np.ndarray]:
    """The LP with each twin set as one column bounded by the sums of its members' bounds."""
    first = twins.first
    counts = np.diff(arrays["start"])[first]
    start = np.zeros(len(first) + 1, dtype=arrays["start"].dtype)
    np.cumsum(counts, out=start[1:])
    entries = np.repeat(arrays["start"][first] - start[:-1], counts) + np.arange(start[-1])
    return {
        "cost": arrays["cost"][first],
        "integrality": arrays["integrality"][first],
        "col_lower": _summed(arrays["col_lower"], twins),
        "col_upper": _summed(arrays["col_upper"], twins),
        "row_lower": arrays["row_lower"],
        "row_upper": arrays["row_upper"],
        "start": start,
        "index": arrays["index"][entries],
        "value": arrays["value"][entries],
    }


def _summed(bound: np.ndarray, twins: Twins) -> np.ndarray:
    return np.bincount(twins.group, bound, minlength=twins.n_merged)


def shared(x_merged: np.ndarray, lower: np.ndarray, upper: np.ndarray, twins: Twins) -> np.ndarray:
    """Each merged value shared among its twins pro rata to their ranges: twin i gets
    lower_i + t × (upper_i − lower_i), t the merged value's position in the summed range. A
    column without twins (its bounds may be infinite) keeps its value."""
    x = x_merged[twins.group]
    twin = np.bincount(twins.group, minlength=twins.n_merged)[twins.group] > 1
    low, high = _summed(lower, twins), _summed(upper, twins)
    span = (high - low)[twins.group][twin]
    position = np.divide(
        x[twin] - low[twins.group][twin], span, out=np.zeros_like(span), where=span > 0
    )
    x[twin] = lower[twin] + np.clip(position, 0.0, 1.0) * (upper[twin] - lower[twin])
    return x


def summed(x: np.ndarray, twins: Twins) -> np.ndarray:
    """Values of the original columns added up per merged column (a point in the merged LP)."""
    return np.bincount(twins.group, x, minlength=twins.n_merged)
