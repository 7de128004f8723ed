"""The order the volatility study dispatches a family in: Prim's order of a minimum spanning
tree (each next path the one nearest to any taken), each path started from the nearest one
before it. Checked against scipy's minimum spanning tree and by brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import cdist

from powerpact.studies.volatility.paths import nearest_earlier, tree_order

points = arrays(
    float,
    st.tuples(st.integers(1, 40), st.just(3)),
    elements=st.integers(-300, 300).map(lambda i: i / 100),
    unique=False,
)


@settings(max_examples=40, deadline=None)
@given(points)
def test_tree_order_is_prims_and_starts_are_the_nearest_earlier(z: np.ndarray) -> None:
    # Distinct points: scipy reads a zero distance as no edge.
    z = np.unique(z, axis=0)
    order = tree_order(z)
    assert sorted(order) == list(range(len(z)))
    ordered = z[order]
    starts = nearest_earlier(ordered)
    assert starts[0] == -1
    distance = cdist(ordered, ordered)
    for k in range(1, len(z)):
        assert 0 <= starts[k] < k
        assert distance[k, starts[k]] == distance[k, :k].min()
    # In Prim's order each path's nearest earlier one is its tree edge: the steps add up to
    # the minimum spanning tree's length.
    steps = sum(distance[k, starts[k]] for k in range(1, len(z)))
    tree = minimum_spanning_tree(cdist(z, z)).sum()
    assert np.isclose(steps, tree, rtol=1e-9, atol=1e-9)


def test_tree_order_starts_at_the_path_nearest_the_mean() -> None:
    z = np.array([[0.0, 0.0, 0.0], [5.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    # The mean is (2, 0, 0): the path there first, then always the nearest to any taken.
    assert tree_order(z) == [3, 2, 0, 1]
    assert nearest_earlier(z[[3, 2, 0, 1]]) == [-1, 0, 1, 0]
    assert tree_order(np.zeros((0, 3))) == []
