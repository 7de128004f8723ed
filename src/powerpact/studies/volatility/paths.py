"""The joint draws of the study: climate years and price multipliers per path, and the design
points at which full dispatches are run. All pure functions of the seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.adequacy.climate import ClimateYear, climate_table, resolve
from powerpact.economics.price_model import FACTORS, PricePaths, calibrated_parameters, draw
from powerpact.system import InputError, System

# Independent streams of the seed: prices, climate years.
_PRICE_STREAM, _CLIMATE_STREAM = 0, 1
# Lloyd iterations of the design clustering (it settles in far fewer on the study's paths).
KMEANS_ROUNDS = 50


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


def gas_regime(gas_multipliers: np.ndarray, thresholds: tuple[float, ...]) -> np.ndarray:
    """Per path, how many fixed-price contracts are cheaper than spot gas (`contract_thresholds`):
    paths of one regime buy gas from the same sources."""
    return np.searchsorted(np.asarray(thresholds, dtype=float), gas_multipliers)


def scaled_logs(multipliers: np.ndarray) -> np.ndarray:
    """Log multipliers (paths × gas, carbon, power) in units of each factor's one-year volatility
    of the price model: the space in which a path's distance to a design is measured."""
    params = calibrated_parameters()
    sigma = np.array([params[f"{factor}_volatility"] for factor in FACTORS])
    return np.log(multipliers) / sigma


def _medoids(z: np.ndarray, count: int) -> list[int]:
    """Indices of `count` rows of `z` at the centres of its clusters: k-means (Lloyd) from a
    farthest-point start at the row nearest the mean, each cluster then represented by its
    member nearest its centroid. Deterministic: no random start."""
    chosen = [int(np.argmin(((z - z.mean(axis=0)) ** 2).sum(axis=1)))]
    while len(chosen) < min(count, len(z)):
        chosen.append(int(np.argmax(_distance_to(z, z[chosen]))))
    centres = z[chosen]
    for _ in range(KMEANS_ROUNDS):
        label = np.argmin(((z[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        moved = np.array(
            [
                z[label == k].mean(axis=0) if (label == k).any() else centres[k]
                for k in range(len(centres))
            ]
        )
        if np.allclose(moved, centres):
            break
        centres = moved
    label = np.argmin(((z[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    members = [np.flatnonzero(label == k) for k in range(len(centres))]
    return sorted(
        {
            int(m[np.argmin(((z[m] - centres[k]) ** 2).sum(axis=1))])
            for k, m in enumerate(members)
            if len(m)
        }
    )


def _distance_to(z: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Each row's distance to the nearest of `points`."""
    return np.sqrt(((z[:, None, :] - points[None]) ** 2).sum(axis=2).min(axis=1))


def design_paths(z: np.ndarray, count: int, radius: float | None) -> tuple[list[int], int]:
    """The paths (rows of `z`, one climate year's, from `scaled_logs`) dispatched in full: the
    medoids of `count` clusters where the paths are dense, then, while a path lies farther than
    `radius` from every design, the farthest such path (the guard: a path in the tails has no
    design near it, and re-pricing a distant dispatch misses its bill by tens of per cent,
    benchmarks/volatility.md). Returns the indices and how many the guard added."""
    if count < 1:
        raise InputError("volatility", "needs at least one design point", field="designs")
    if not len(z):
        return [], 0
    chosen = _medoids(z, count)
    core = len(chosen)
    while radius is not None:
        distance = _distance_to(z, z[chosen])
        if distance.max() <= radius:
            break
        chosen.append(int(np.argmax(distance)))
    return chosen, len(chosen) - core


def tree_order(z: np.ndarray) -> list[int]:
    """Rows of `z` in the order Prim's algorithm adds them to a minimum spanning tree: from the
    row nearest the mean, each next the row nearest to any already taken (ties to the lower
    index). Dispatched in this order, each path can start from a near one already solved
    (`nearest_earlier`): the tree's edges are about a quarter shorter in sum than a chain of
    nearest neighbours, and a warm start's simplex iterations grow with the step. Deterministic."""
    if not len(z):
        return []
    taken = np.zeros(len(z), dtype=bool)
    order = [int(np.argmin(((z - z.mean(axis=0)) ** 2).sum(axis=1)))]
    taken[order[0]] = True
    nearest = ((z - z[order[0]]) ** 2).sum(axis=1)
    while len(order) < len(z):
        nxt = int(np.argmin(np.where(taken, np.inf, nearest)))
        order.append(nxt)
        taken[nxt] = True
        nearest = np.minimum(nearest, ((z - z[nxt]) ** 2).sum(axis=1))
    return order


def nearest_earlier(z: np.ndarray) -> list[int]:
    """For each row of `z` but the first, the nearest row before it (ties to the lower index);
    −1 for the first: the member a family's dispatch starts from (`dispatch.run_family`)."""
    starts = [-1]
    for k in range(1, len(z)):
        starts.append(int(np.argmin(((z[:k] - z[k]) ** 2).sum(axis=1))))
    return starts
