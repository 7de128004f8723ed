"""A sparse linear program assembled from whole blocks of variables and constraints at once.

Every block is a numpy array of column (or row) indices shaped like the data it stands for (hours ×
units, days × zones, ...), so coefficients are added by broadcasting index arrays, never by looping
over variables in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp


@dataclass
class SparseLp:
    """Minimise cost · x subject to row_lower ≤ A x ≤ row_upper and col_lower ≤ x ≤ col_upper."""

    _cost: list[np.ndarray] = field(default_factory=list)
    _col_lower: list[np.ndarray] = field(default_factory=list)
    _col_upper: list[np.ndarray] = field(default_factory=list)
    _row_lower: list[np.ndarray] = field(default_factory=list)
    _row_upper: list[np.ndarray] = field(default_factory=list)
    _entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    _integer: list[np.ndarray] = field(default_factory=list)
    _cost_scales: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    n_cols: int = 0
    n_rows: int = 0

    def add_cols(
        self,
        lower: np.ndarray | float,
        upper: np.ndarray | float,
        cost: np.ndarray | float,
        shape: tuple[int, ...],
    ) -> np.ndarray:
        """A block of variables; returns their column indices with the given shape."""
        size = int(np.prod(shape))
        for store, values in (
            (self._col_lower, lower),
            (self._col_upper, upper),
            (self._cost, cost),
        ):
            store.append(np.broadcast_to(np.asarray(values, dtype=float), shape).ravel())
        index = np.arange(self.n_cols, self.n_cols + size).reshape(shape)
        self.n_cols += size
        return index

    def add_rows(
        self, lower: np.ndarray | float, upper: np.ndarray | float, shape: tuple[int, ...]
    ) -> np.ndarray:
        """A block of constraints lower ≤ row ≤ upper; returns their row indices."""
        size = int(np.prod(shape))
        self._row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), shape).ravel())
        self._row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), shape).ravel())
        index = np.arange(self.n_rows, self.n_rows + size).reshape(shape)
        self.n_rows += size
        return index

    def add_terms(
        self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray | float = 1.0
    ) -> None:
        """Coefficients A[rows, cols] += values, all three broadcast to one shape."""
        rows, cols, values = np.broadcast_arrays(rows, cols, np.asarray(values, dtype=float))
        self._entries.append((rows.ravel(), cols.ravel(), values.ravel()))

    def mark_integer(self, cols: np.ndarray) -> None:
        """Declare the columns `cols` integer (a MILP); all others stay continuous."""
        self._integer.append(np.asarray(cols, dtype=np.int64).ravel())

    @property
    def has_integers(self) -> bool:
        return any(len(cols) for cols in self._integer)

    def scale_costs(self, cols: np.ndarray, factors: np.ndarray | float) -> None:
        """Cost of the columns `cols` multiplied by `factors` (broadcast): the weight of the
        hour or day a variable stands for when the horizon is a set of representative periods."""
        cols, factors = np.broadcast_arrays(cols, np.asarray(factors, dtype=float))
        self._cost_scales.append((cols.ravel(), factors.ravel()))

    @property
    def cost(self) -> np.ndarray:
        cost = _cat(self._cost)
        for cols, factors in self._cost_scales:
            cost[cols] *= factors
        return cost

    def arrays(self) -> dict[str, np.ndarray]:
        """Column-wise (CSC) matrix and bounds as HiGHS takes them."""
        if self._entries:
            rows, cols, values = (np.concatenate(part) for part in zip(*self._entries, strict=True))
        else:
            rows = cols = np.zeros(0, dtype=np.int64)
            values = np.zeros(0)
        # Duplicate (row, col) pairs are summed by the conversion, as the algebra requires.
        matrix = sp.csc_matrix((values, (rows, cols)), shape=(self.n_rows, self.n_cols))
        matrix.sum_duplicates()
        integrality = np.zeros(self.n_cols, dtype=np.int32)
        if self._integer:
            integrality[np.concatenate(self._integer)] = 1
        return {
            "cost": self.cost,
            "integrality": integrality,
            "col_lower": _cat(self._col_lower),
            "col_upper": _cat(self._col_upper),
            "row_lower": _cat(self._row_lower),
            "row_upper": _cat(self._row_upper),
            "start": matrix.indptr.astype(np.int32),
            "index": matrix.indices.astype(np.int32),
            "value": matrix.data.astype(float),
        }


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0)
