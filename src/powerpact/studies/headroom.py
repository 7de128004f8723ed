"""Headroom at the reliability standard, and the capacity credit of an option from two headrooms.

**Headroom** of a system: the flat load that can be added (spread over the zones by their mean
demand, as `capacity_credit` adds it) before the system's LOLE reaches
`settings.reliability_standard_lole_hours`. When a system loses no load in any sampled year its
LOLE says only "0"; the headroom says how far it is from the standard, in MW. It is found by the
bisection `capacity_credit` uses to reach the standard (common random numbers, so LOLE is a
deterministic, monotone function of the added load), with the root interpolated in the final
bracket and its error propagated from the samples (capacity_credit's module docstring). Only
the points tried inside the bracket differ: LOLE grows about exponentially with load, so the
next point is interpolated on log LOLE and kept at least 0.9 × the tolerance from either end,
which closes the bracket in a few runs where halving it takes about ten.

**Capacity credit of an option** (a plant or a path that a scenario adds to the scenario it is
compared with): the classic ELCC, the load the option lets the system carry at the standard,
is the difference of the two headrooms, ELCC = headroom(with) − headroom(without). With the same
seed both roots move together with the samples, so the error of the difference is taken sample
by sample: stderr² = var(e_with − e_without) / n + both bisections' resolutions², e_k being each
sample's first-order share of a root's error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from powerpact.adequacy import MonteCarloOptions
from powerpact.studies.capacity_credit import Point, Root, Runner, bisect_root, load_shares
from powerpact.system import InputError, System
from powerpact.system.time import horizon_share_of_year

# Doubling steps tried to bracket the standard: 2^12 × the first step reaches any real system.
_MAX_STEPS = 12


@dataclass(frozen=True)
class Headroom:
    mw: float | None  # None: LOLE is at or above the standard with no load added
    stderr_mw: float | None
    root: Root | None  # the bisection's root (None when there is no headroom)
    runs: int
    samples: int


def headroom(
    system: System,
    samples: int,
    seed: int,
    options: MonteCarloOptions,
    *,
    start_mw: float = 0.0,
    step_mw: float,
    tolerance_mw: float,
    zone: str | None = None,
) -> Headroom:
    """Load (MW, spread by mean demand) at which `system`'s LOLE reaches its standard.

    `zone`: put all the load there (default: spread over the zones by mean demand). The
    search starts at `start_mw` (a nearby system's headroom saves runs) and steps by
    `step_mw`, doubling, until the standard is bracketed; then bisects to `tolerance_mw`."""
    runner = Runner(samples, seed, load_shares(system, zone), "lole", options)
    goal = system.settings.reliability_standard_lole_hours * horizon_share_of_year(system)

    def evaluate(x: float) -> Point:
        return runner.point(runner.with_load(system, x), x)

    first = evaluate(max(0.0, start_mw))
    low, high = (first, None) if first.mean < goal else (None, first)
    step = step_mw
    for _ in range(_MAX_STEPS):
        if low is not None and high is not None:
            break
        if high is None:
            assert low is not None
            point = evaluate(low.x + step)
            low, high = (point, None) if point.mean < goal else (low, point)
        else:
            assert high is not None
            if high.x == 0:
                return Headroom(None, None, None, runner.runs, samples)
            point = evaluate(max(0.0, high.x - step))
            low, high = (point, high) if point.mean < goal else (None, point)
        step *= 2
    if low is None or high is None:
        raise InputError(system.name, "no added load brings LOLE to the standard", "headroom")
    guess = _LogGuess(goal, tolerance_mw)
    root = bisect_root(evaluate, low, high, np.full(samples, goal), tolerance_mw, guess)
    return Headroom(root.value, root.stderr, root, runner.runs, samples)


class _LogGuess:
    """The next load to try in [low.x, high.x]: where log LOLE, linear between the ends,
    reaches the goal, at least 0.9 × the tolerance inside either end (so that a root near one
    end closes the bracket next); the middle while the lower end has no loss of load, or when
    the same end has stayed twice (interpolation then creeps from one side)."""

    def __init__(self, goal: float, tolerance_mw: float) -> None:
        self.goal, self.margin = goal, 0.9 * tolerance_mw
        self.ends: tuple[float, float] | None = None
        self.kept = ""  # the end that stayed at the last step
        self.stayed = 0  # for how many steps in a row

    def __call__(self, low: Point, high: Point) -> float:
        if self.ends is not None:
            kept = "low" if self.ends[0] == low.x else "high"
            self.stayed = self.stayed + 1 if kept == self.kept else 1
            self.kept = kept
        self.ends = (low.x, high.x)
        middle = 0.5 * (low.x + high.x)
        if low.mean <= 0 or high.mean <= low.mean or self.stayed >= 2:
            self.stayed = 0
            return middle
        if high.x - low.x <= 2 * self.margin:
            return middle
        weight = math.log(self.goal / low.mean) / math.log(high.mean / low.mean)
        x = low.x + min(max(weight, 0.0), 1.0) * (high.x - low.x)
        return min(max(x, low.x + self.margin), high.x - self.margin)


def credit(with_option: Headroom, without: Headroom) -> tuple[float | None, float | None]:
    """(ELCC MW, its standard error): the difference of the two headrooms, or (None, None)
    when either system is already beyond the standard."""
    a, b = with_option.root, without.root
    if a is None or b is None or a.influence is None or b.influence is None:
        return None, None
    spread = a.influence - b.influence
    noise = float(spread.std(ddof=1)) / math.sqrt(len(spread)) if len(spread) > 1 else 0.0
    return a.value - b.value, math.sqrt(noise**2 + a.resolution**2 + b.resolution**2)
