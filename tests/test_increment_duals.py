"""Gas prices as the cost of one more MWh_th (`solve`'s `increment_rows`): where a source is used
up exactly, the LP has many optimal duals and the simplex may end at any of them; the price read
back is the slope of the optimal cost as that row's demand grows. Checked against finite
differences of scipy's linprog over random LPs (hypothesis), and on dispatches where a gas
contract takes exactly what the days need."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from powerpact.dispatch import DispatchOptions, run
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.solve import INCREMENT, solve
from powerpact.system.time import horizon_share_of_year

MWH_PER_MCM = 10550.0


def _covering(
    seed: int, n_rows: int, n_cols: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A x ≥ demand, 0 ≤ x ≤ upper, on a scale of thousands so that the optimal cost's kinks
    lie far more than INCREMENT apart; demand at a vertex of the capacities half the time, where
    the duals are not unique."""
    rng = np.random.default_rng(seed)
    matrix = rng.integers(0, 3, (n_rows, n_cols)).astype(float)
    matrix[rng.integers(0, n_rows, n_cols), np.arange(n_cols)] += 1.0
    cost = rng.integers(1, 9, n_cols).astype(float)
    upper = 1000.0 * rng.integers(1, 4, n_cols)
    used_up = rng.random(n_cols) < 0.5
    demand = matrix @ (upper * used_up) if used_up.any() and seed % 2 else 0.4 * matrix @ upper
    return matrix, cost, np.column_stack([np.zeros(n_cols), upper]), demand


def _optimum(matrix: np.ndarray, cost: np.ndarray, bounds: np.ndarray, demand: np.ndarray) -> float:
    reference = linprog(cost, A_ub=-matrix, b_ub=-demand, bounds=bounds, method="highs")
    return float(reference.fun) if reference.status == 0 else np.inf


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n_rows=st.integers(1, 4), n_cols=st.integers(1, 6))
def test_an_increment_rows_dual_is_the_slope_of_the_optimal_cost(
    seed: int, n_rows: int, n_cols: int
) -> None:
    matrix, cost, bounds, demand = _covering(seed, n_rows, n_cols)
    row = seed % n_rows
    step = np.zeros(n_rows)
    step[row] = 1.0
    # The slope just beyond the increment, by central differences of an independent solver.
    below, above = (
        _optimum(matrix, cost, bounds, demand + step * INCREMENT * f) for f in (0.75, 1.25)
    )
    if not np.isfinite(above) or not np.isfinite(_optimum(matrix, cost, bounds, demand)):
        return  # no optimum with one more unit: the duals stay as solved
    lp = SparseLp()
    rows = lp.add_rows(demand, np.inf, (n_rows,))
    cols = lp.add_cols(bounds[:, 0], bounds[:, 1], cost, (n_cols,))
    r, c = np.nonzero(matrix)
    lp.add_terms(rows[r], cols[c], matrix[r, c])
    solution = solve(lp, DispatchOptions(), increment_rows=np.array([row]))
    assert np.isclose(solution.row_dual[row], (above - below) / (0.5 * INCREMENT), atol=1e-6)
    # The primal solution and the cost are the LP's as written, not the raised one's.
    assert np.isclose(solution.objective, _optimum(matrix, cost, bounds, demand), rtol=1e-9)


def test_a_used_up_contract_gives_the_next_sources_price() -> None:
    """Demand 100 met by a contract of exactly 100 at 30 beside spot gas at 60: any dual from 30
    to 60 is optimal; one more unit costs 60. With room in the contract, 30."""
    for contract_mwh, price in ((100.0, 60.0), (150.0, 30.0)):
        lp = SparseLp()
        balance = lp.add_rows(100.0, 100.0, (1,))
        gas = lp.add_cols(0.0, np.array([contract_mwh, 1e4]), np.array([30.0, 60.0]), (2,))
        lp.add_terms(balance[[0, 0]], gas)
        solution = solve(lp, DispatchOptions(), increment_rows=balance)
        assert solution.row_dual[0] == pytest.approx(price)
        np.testing.assert_allclose(solution.x, [100.0, 0.0], atol=1e-9)


@pytest.mark.parametrize("horizon", ["weeks", "year"])
@pytest.mark.parametrize("twins", [True, False])
def test_a_contract_taking_exactly_the_demand_prices_gas_at_the_spot_price(
    make_system, horizon: str, twins: bool
) -> None:
    """Non-power gas only, a contract at 30 whose maximum over the horizon is exactly the demand,
    spot gas at 60 through another entry: the contract takes everything and every day's gas
    price is the spot price, the cost of one more MWh_th, whatever the solver's path."""
    days = 21
    power = {
        "generators": [
            {
                "name": "coal",
                "zone": "A",
                "technology": "coal",
                "capacity_mw": 500,
                "marginal_cost_eur_per_mwh": 40,
            }
        ],
        "demand": {"A": [300.0] * (24 * days)},
    }
    annual_max_mcm = 0.1 * days / horizon_share_of_year(make_system(**power))
    system = make_system(
        **power,
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 60.0}}},
        gas_demand={"A": [0.1] * days},
        gas_entries=[
            {"name": "pipe", "zone": "A", "capacity_mcm_per_day": 5.0},
            {"name": "lng", "zone": "A", "capacity_mcm_per_day": 5.0},
        ],
        gas_contracts=[
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": annual_max_mcm,
                "annual_min_mcm": 0.0,
                "price_eur_per_mwh_th": 30.0,
            },
        ],
    )
    result = run(system, DispatchOptions(horizon=horizon, twins=twins))
    assert result.gas_contract_mcm["deal"].sum() == pytest.approx(0.1 * days, rel=1e-9)
    np.testing.assert_allclose(result.gas_price_eur_per_mwh_th["A"].to_numpy(), 60.0, atol=1e-6)
