"""Demand forecast band: exact expectation by convolution and quadrature, monotone in the
band's width, reproducible by seed, the same draws in both engines, bad input refused."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest
from scipy.stats import binom
from typer.testing import CliRunner

from powerpact.adequacy import MonteCarloOptions, monte_carlo
from powerpact.adequacy.multiarea import monte_carlo_areas
from powerpact.cli import app
from powerpact.system import InputError, System

MakeSystem = Callable[..., System]
UNITS, UNIT_MW, RATE = 30, 10.0, 0.05
HOURS = np.arange(24)
LOAD_MW = (231 + 45 * (0.5 + 0.5 * np.sin(2 * np.pi * (HOURS - 6) / 24))).round(1)


def fleet(make_system: MakeSystem) -> System:
    unit = {
        "name": "units",
        "zone": "A",
        "technology": "oil",
        "capacity_mw": UNITS * UNIT_MW,  # the row's total, split into `units`
        "units": UNITS,
        "forced_outage_rate": RATE,
        "mttr_h": 20,
    }
    return make_system(generators=[unit], demand={"A": LOAD_MW.tolist()})


def exact_lole_hours(band: float) -> float:
    """Σ_hours E_e[P(capacity < load × (1 + e))], e ~ Normal(0, band): the capacity outage
    table of 30 two-state units (a binomial convolution) and Gauss–Hermite quadrature in e."""
    count = np.arange(UNITS + 1)
    probability = binom.pmf(count, UNITS, 1 - RATE)
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    weights = weights / weights.sum()
    total = 0.0
    for load in LOAD_MW:
        loads = np.maximum(load * (1 + band * nodes), 0.0)
        short = np.array([probability[UNIT_MW * count < level].sum() for level in loads])
        total += float(weights @ short)
    return total


BANDS = (0.0, 0.03, 0.06, 0.1)


def test_widening_the_band_never_lowers_lole_in_expectation(make_system: MakeSystem) -> None:
    system = fleet(make_system)
    exact = [exact_lole_hours(b) for b in BANDS]
    # The exact expectation rises with the band on this fleet (the load sits in the convex
    # lower tail of the capacity distribution) ...
    assert all(b > a for a, b in pairwise(exact))
    runs = [
        monte_carlo(system, 4000, 3, MonteCarloOptions(progress=False, demand_band=b))
        for b in BANDS
    ]
    for band, run, value in zip(BANDS, runs, exact, strict=True):
        # ... the engine matches it at every width ...
        assert abs(run.lole_hours - value) <= 3 * run.lole_hours_stderr, band
    for narrow, wide in pairwise(runs):
        # ... and with common random numbers (e_k = band × z_k) never falls when it widens.
        difference = wide.per_sample["lol_hours"] - narrow.per_sample["lol_hours"]
        error = difference.std(ddof=1) / np.sqrt(len(difference))
        assert difference.mean() >= -3 * error


def test_band_draws_are_reproducible_and_shared_by_both_engines(make_system: MakeSystem) -> None:
    system = fleet(make_system)
    options = MonteCarloOptions(progress=False, demand_band=0.05)
    whole = monte_carlo(system, 300, 11, options)
    chunked = monte_carlo(
        system, 300, 11, MonteCarloOptions(progress=False, demand_band=0.05, chunk_samples=7)
    )
    assert whole.per_sample.equals(chunked.per_sample)
    draws = whole.per_sample["demand_error"]
    assert abs(draws.mean()) < 3 * 0.05 / np.sqrt(300)
    assert 0.04 < draws.std() < 0.06
    offset = monte_carlo(system, 100, 11, options, sample_offset=200)
    assert np.array_equal(offset.per_sample["demand_error"], draws.iloc[200:])
    # One zone: the multi-area engine draws the same errors and gives the same samples.
    areas = monte_carlo_areas(system, 300, 11, options).system
    assert np.array_equal(areas.per_sample["demand_error"], draws)
    assert areas.per_sample["lol_hours"].equals(whole.per_sample["lol_hours"])
    assert whole.headline()["demand_band"] == 0.05
    assert "demand_band" not in monte_carlo(system, 10, 11).headline()


def test_a_band_out_of_range_is_one_line_exit_2(make_system: MakeSystem) -> None:
    system = fleet(make_system)
    with pytest.raises(InputError, match="demand_band"):
        monte_carlo(system, 10, 1, MonteCarloOptions(demand_band=0.5))
    result = CliRunner().invoke(app, ["adequacy", "serbia-2025", "--demand-band", "-0.1"])
    assert result.exit_code != 0
