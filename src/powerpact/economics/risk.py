"""Price risk: correlated gas, CO2 and power price paths and the fast re-dispatch approximation.

A full dispatch per Monte Carlo path and year is too slow, so the plant's hours are re-derived
from the base dispatch (see docs/economics.md, "Price risk"): each hour's price moves with the cost
of the unit that set it, and the plant runs at its available output in hours where the moved price
is above its moved marginal cost, stays off where below, and keeps its base output where it is the
price setter. tests/test_economics_engine.py checks this against full dispatch re-runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.economics.options import RiskOptions


def price_multipliers(options: RiskOptions, years: int) -> np.ndarray:
    """Multipliers of the base prices, shape (paths, years, 3) for gas, CO2 and neighbour power.

    Mean-reverting lognormal: x_t = φ·x_{t−1} + σ·ε_t, ε correlated across the three factors,
    multiplier exp(x_t − Var(x_t)/2) so that each year's mean multiplier is exactly 1. All shocks
    are drawn at once from one seeded generator, so the paths depend on the seed only.
    """
    rng = np.random.default_rng(options.seed)
    chol = np.linalg.cholesky(np.asarray(options.correlation()) + 1e-12 * np.eye(3))
    shocks = rng.standard_normal((options.paths, years, 3)) @ chol.T
    sigma = np.array([options.gas_volatility, options.co2_volatility, options.power_volatility])
    phi = options.persistence
    x = np.zeros_like(shocks)
    state = np.zeros((options.paths, 3))
    for t in range(years):
        state = phi * state + sigma * shocks[:, t]
        x[:, t] = state
    # Var(x_t) = σ² (1 − φ^{2t}) / (1 − φ²) for t = 1, 2, …
    steps = np.arange(1, years + 1)[:, None]
    variance = sigma**2 * (1 - phi ** (2 * steps)) / (1 - phi**2)
    return np.exp(x - variance / 2)


@dataclass(frozen=True)
class PriceDrivers:
    """How each hour's price responds to the price factors, from the unit that set it (in any
    zone of the region: economics/setters.py).

    gas_mwh_th_per_mwh: gas the price-setting unit buys per MWh it generates, at
    `gas_price_eur_per_mwh_th` (0 if not gas); co2_t_per_mwh: its emissions per MWh, counted at
    `co2_price_eur_per_t` (scaled by its own zone's carbon price over that one); market_set: the
    share of the price that is an edge market's (1 where the price is the market's own, 0 where a
    unit or nothing set it): it moves with the power factor. Hours set by none of these
    (storage, water values, unserved energy) keep their price.
    """

    gas_mwh_th_per_mwh: np.ndarray
    co2_t_per_mwh: np.ndarray
    market_set: np.ndarray
    gas_price_eur_per_mwh_th: float
    co2_price_eur_per_t: float


@dataclass(frozen=True)
class PlantDispatchView:
    """What the fast approximation needs of the plant: hourly arrays over the horizon."""

    generation_mw: np.ndarray
    available_mw: np.ndarray
    price_eur_per_mwh: np.ndarray
    # Hourly cost as the dispatch LP saw it: gas units pay the day's gas price, not the spot price.
    marginal_cost_eur_per_mwh: float | np.ndarray
    fuel_mwh_th_per_mwh: float  # fuel as priced (gas: MWh GCV) per MWh electric
    co2_t_per_mwh: float  # per MWh electric


# Prices within this distance of a unit's marginal cost count as set by it: interior-point duals
# (no crossover) are off by up to about 1e-3 EUR/MWh, while the marginal costs of different units
# differ by far more in practice.
PRICE_TOLERANCE_EUR_PER_MWH = 0.02


def shifted_prices(
    price_eur_per_mwh: np.ndarray,
    drivers: PriceDrivers,
    gas_price_change_eur_per_mwh_th: np.ndarray | float,
    co2_price_change_eur_per_t: np.ndarray | float,
    power_multiplier: np.ndarray | float,
) -> np.ndarray:
    """Hourly prices after the fuel and CO2 prices change; broadcasts over leading axes."""
    return (
        price_eur_per_mwh
        + drivers.gas_mwh_th_per_mwh * np.asarray(gas_price_change_eur_per_mwh_th)[..., None]
        + drivers.co2_t_per_mwh * np.asarray(co2_price_change_eur_per_t)[..., None]
        + drivers.market_set * price_eur_per_mwh * (np.asarray(power_multiplier)[..., None] - 1)
    )


def approximate_generation(
    plant: PlantDispatchView,
    prices_eur_per_mwh: np.ndarray,
    gas_price_change_eur_per_mwh_th: np.ndarray | float,
    co2_price_change_eur_per_t: np.ndarray | float,
) -> np.ndarray:
    """The plant's hourly output under moved prices: full where the price is above its moved
    marginal cost, zero below, base output where it sets the price itself."""
    cost = (
        plant.marginal_cost_eur_per_mwh
        + (
            plant.fuel_mwh_th_per_mwh * np.asarray(gas_price_change_eur_per_mwh_th)
            + plant.co2_t_per_mwh * np.asarray(co2_price_change_eur_per_t)
        )[..., None]
    )
    margin = prices_eur_per_mwh - cost
    full = np.broadcast_to(plant.available_mw, margin.shape)
    base = np.broadcast_to(plant.generation_mw, margin.shape)
    out = np.where(margin > PRICE_TOLERANCE_EUR_PER_MWH, full, 0.0)
    return np.where(np.abs(margin) <= PRICE_TOLERANCE_EUR_PER_MWH, base, out)


def quantiles(values: np.ndarray) -> dict[str, float]:
    """P10, P50, P90, mean and 95 % value at risk (mean minus the 5th percentile)."""
    p5, p10, p50, p90 = np.percentile(values, [5, 10, 50, 90])
    mean = float(np.mean(values))
    return {
        "p10": float(p10),
        "p50": float(p50),
        "p90": float(p90),
        "mean": mean,
        "std": float(np.std(values)),
        "var95": mean - float(p5),
    }
