"""The joint draws of the study: climate years and price multipliers per path, and the design
points at which full dispatches are run. All pure functions of the seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.adequacy.climate import ClimateYear, climate_table, resolve
from powerpact.economics.price_model import PricePaths, draw
from powerpact.system import InputError, System

# Independent streams of the seed: prices, climate years.
_PRICE_STREAM, _CLIMATE_STREAM = 0, 1


@dataclass(frozen=True)
class Draws:
    prices: PricePaths
    climates: tuple[ClimateYear, ...]  # the climate years the paths use
    climate_of_path: np.ndarray  # index into `climates`, one per path


def _stream(seed: int, key: int) -> int:
    state = np.random.SeedSequence(seed, spawn_key=(key,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def climate_years(system: System, zone: str, count: int | None) -> tuple[ClimateYear, ...]:
    """`count` climate years standing for the record in equal strata of the focus zone's hydro
    index (the median year of each stratum); every year of the record when `count` is None."""
    years = resolve("all", system)
    if count is None or count >= len(years):
        return years
    if count < 1:
        raise InputError("volatility", "needs at least one climate year", field="climate_years")
    hydro = climate_table().xs(zone, level="zone")["hydro_index"]
    ordered = sorted(years, key=lambda c: (float(hydro.get(c.year, 1.0)), c.year))
    strata = np.array_split(np.arange(len(ordered)), count)
    return tuple(ordered[int(s[len(s) // 2])] for s in strata)


def price_draws(paths: int, seed: int, horizon_years: int = 1) -> PricePaths:
    """The seed's price paths: the same with or without climate years drawn beside them."""
    return draw(paths, _stream(seed, _PRICE_STREAM), horizon_years)


def draws(
    paths: int, seed: int, climates: tuple[ClimateYear, ...], horizon_years: int = 1
) -> Draws:
    prices = price_draws(paths, seed, horizon_years)
    rng = np.random.default_rng(_stream(seed, _CLIMATE_STREAM))
    return Draws(prices, climates, rng.integers(0, len(climates), paths))


def design_points(prices: PricePaths, count: int) -> np.ndarray:
    """`count` points (rows of gas, carbon, power multipliers) spanning the paths. From 4 points
    on: the two paths at the ends of the main direction of the log multipliers (the dispatch
    changes most in the tails: gas below lignite, gas far above imports), and the rest strata of
    the paths along that direction, each cut in two along the second direction (which sets the
    gas-to-power spread that decides whether gas plants or imports run), each stratum's geometric
    mean. The dispatch at each point re-prices exactly to any path, and the cheapest of them is
    taken (studies/volatility/surrogate.py)."""
    if count < 1:
        raise InputError("volatility", "needs at least one design point", field="designs")
    logs = np.log(prices.stacked())
    centred = logs - logs.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    first = np.argsort(centred @ axes[0], kind="stable")
    if count < 4 or len(first) < count:
        strata = np.array_split(first, min(count, len(first)))
        return np.exp(np.array([logs[s].mean(axis=0) for s in strata]))
    ends = [logs[first[0]], logs[first[-1]]]
    inner = count - 2
    split = 2 if inner >= 2 else 1
    means = []
    for stratum in np.array_split(first, inner // split):
        second = stratum[np.argsort(centred[stratum] @ axes[1], kind="stable")]
        means += [logs[s].mean(axis=0) for s in np.array_split(second, split)]
    return np.exp(np.array([ends[0], *means, ends[1]]))
