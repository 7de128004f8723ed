"""Capacity credit of one resource: its effective load-carrying capability (ELCC) and equivalent
firm capacity (EFC), by bisection over Monte Carlo runs with common random numbers.

As in NREL's PRAS (`ELCC`, `EFC` in its CapacityCredit module), both compare two systems, the
*base* (without the resource) and the *augmented* (with it), at one load level:

- **ELCC**: the constant load x that can be added to the augmented system so that its risk equals
  the base's: EENS(augmented, load + x) = EENS(base, load).
- **EFC**: the perfectly reliable capacity c that, added to the base instead of the resource,
  gives the augmented system's risk: EENS(base + c firm) = EENS(augmented).

Every run has the same seed, and the engines key each component's random stream by its name, so
the runs differ only by the change (common random numbers): the sample averages are then
deterministic, monotone functions of x and c, and bisection on them is exact up to its bracket.

**Risk level.** At a risk near zero (Serbia's default: no loss of load in thousands of years)
the equations have no informative root: every x up to the point where risk first appears is a
solution. Then the study runs *at the reliability standard*: a flat load, spread like the added
load, is first added to the base system until its LOLE equals
`settings.reliability_standard_lole_hours` (per year), and both comparisons are made at that
load. A base system already at or beyond the standard is used as it is. The output says which.

**Error.** The root x̂ of the sample-average equation is a sample-average-approximation
estimator; to first order x̂ − x* = D / s, where D is the mean over samples of the per-sample
difference d_k = y_k(augmented, x̂) − y_k(base) and s the slope of the risk curve at the root.
With common random numbers d_k has a small variance, so
`stderr = sqrt((sd(d) / sqrt(n) / s)² + (bracket width)² / 12)`: the propagated Monte Carlo
error plus the bisection's resolution (uniform over the final bracket). d_k is interpolated
between the runs at the ends of the final bracket, s is the slope between them (or over the
narrowest wider bracket when those two give the same risk).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from powerpact.adequacy import MonteCarloOptions, monte_carlo, monte_carlo_areas
from powerpact.adequacy.multiarea import is_multi_area
from powerpact.system import InputError, System, variant, without
from powerpact.system.figures import Figures, optional
from powerpact.system.time import horizon_share_of_year

Metric = Literal["eens", "lole"]
# The perfectly reliable unit that stands in for the resource when its EFC is searched.
FIRM_UNIT = "efc-firm-capacity"
_COLUMN = {"eens": "unserved_mwh", "lole": "lol_hours"}


@dataclass(frozen=True)
class CapacityCreditFigures(Figures):
    """`adequacy --elcc NAME --json`: capacity credit of one resource with its error."""

    system: str
    resource: str
    resource_table: str  # generators, interconnectors or paths
    resource_zone: str  # where it delivers: the EFC's firm unit is placed there
    resource_capacity_mw: float  # upper bound of the search (an import: × import_availability)
    metric: str  # the risk index held equal: eens (default) or lole
    engine: str  # montecarlo (pooled, one zone) or montecarlo_areas
    risk_level: str  # "system": the base system's own risk; "standard": raised to the standard
    reliability_standard_lole_hours: float  # per year
    load_added_mw: float  # flat load added to reach the standard (0 at the system's own level)
    base_lole_hours: float  # base = without the resource, at the study load
    base_eens_mwh: float
    augmented_lole_hours: float  # with the resource, at the study load
    augmented_eens_mwh: float
    elcc_mw: float
    elcc_mw_stderr: float
    samples: int
    seed: int
    runs: int  # Monte Carlo runs made
    note: str
    efc_mw: float | None = optional()
    efc_mw_stderr: float | None = optional()


@dataclass(frozen=True)
class Point:
    x: float
    per_sample: np.ndarray  # the metric of each sample

    @property
    def mean(self) -> float:
        return float(self.per_sample.mean())


@dataclass(frozen=True)
class Root:
    value: float
    stderr: float
    # Each sample's first-order share of the error, d_k / s (module docstring), and the
    # bisection's resolution: two roots found with common random numbers combine through these.
    influence: np.ndarray | None = None
    resolution: float = 0.0


def resource_of(system: System, name: str) -> tuple[str, str, float]:
    """(table, zone it delivers to, largest MW it can add) of a generator, an interconnector or
    a transmission path (`settings.paths`: it delivers to its last zone, up to its right)."""
    zones = set(system.settings.zones)
    if name in system.settings.paths:
        path = system.settings.paths[name]
        return "paths", path.zones[-1], float(path.capacity_mw)
    if name in system.generators.index:
        row = system.generators.loc[name]
        return "generators", str(row["zone"]), float(row["capacity_mw"])
    if name in system.interconnectors.index:
        row = system.interconnectors.loc[name]
        start, end = str(row["from_zone"]), str(row["to_zone"])
        if start in zones and end in zones:
            # A line between zones moves capacity either way: the larger direction bounds it.
            return (
                "interconnectors",
                end,
                float(max(row["capacity_mw"], row["capacity_reverse_mw"])),
            )
        market, zone = (start, end) if end in zones else (end, start)
        availability = system.settings.markets[market].import_availability
        capacity = row["capacity_mw"] if zone == end else row["capacity_reverse_mw"]
        return "interconnectors", zone, float(capacity) * availability
    raise InputError(
        system.name, f"no generator, interconnector or path named {name!r}", field="elcc"
    )


def without_resource(system: System, table: str, name: str) -> System:
    """The base system: `system` without the resource."""
    return without_path(system, name) if table == "paths" else without(system, table, [name])


def without_path(system: System, name: str) -> System:
    """`system` with the path's right set to 0 MW while its capacity stays reserved on every leg
    (the legs are cut down by the right, as the path itself cuts them). The base then differs
    from the system only by the delivery route from the path's first zone to its last, so the
    path's credit is that of a dedicated one-way interconnector of the right's size (tested).
    Releasing the capacity to other trade instead (a right of 0 MW is the system without the
    path) would measure the right against open access to the same legs, which the multi-area
    engine's sharing policy (zones served in system.yaml order) makes worth about nothing for
    the first zone."""
    path = system.settings.paths[name]
    links = system.interconnectors
    cut: dict[str, dict[str, float]] = {}
    for leg in system.path_legs[name]:
        column = "capacity_mw" if leg.forward else "capacity_reverse_mw"
        cut[leg.link] = {column: float(links.at[leg.link, column]) - path.capacity_mw}
    unused = {"zones": list(path.zones), "capacity_mw": 0.0}
    return variant(
        system, {"settings": {"paths": {name: unused}}, "modify": {"interconnectors": cut}}
    )


def load_shares(system: System, zone: str | None) -> dict[str, float]:
    """How added load is spread over zones: all in `zone`, else by the zones' mean demand (the
    system's load grows as a whole)."""
    if zone is not None:
        if zone not in system.settings.zones:
            raise InputError(system.name, f"no zone {zone!r}", field="zone")
        return {zone: 1.0}
    mean = system.demand[list(system.settings.zones)].mean()
    total = float(mean.sum())
    if total <= 0:
        return {z: 1.0 / len(mean) for z in mean.index}
    return {str(z): float(v) / total for z, v in mean.items()}


class Runner:
    """Monte Carlo runs of variants of one system with one seed (common random numbers)."""

    def __init__(
        self,
        samples: int,
        seed: int,
        shares: dict[str, float],
        metric: Metric,
        options: MonteCarloOptions | None = None,
    ) -> None:
        self.samples, self.seed, self.shares, self.metric = samples, seed, shares, metric
        self.runs = 0
        self.options = replace(options or MonteCarloOptions(), progress=False)

    def with_load(self, system: System, added_mw: float) -> System:
        if added_mw <= 0:
            return system
        add = {zone: share * added_mw for zone, share in self.shares.items() if share > 0}
        return variant(system, {"demand": {"add_mw": add}})

    def per_sample(self, system: System) -> tuple[np.ndarray, np.ndarray]:
        """(unserved MWh, loss-of-load hours) of each sample."""
        self.runs += 1
        if is_multi_area(system):
            result = monte_carlo_areas(system, self.samples, self.seed, self.options).system
        else:
            result = monte_carlo(system, self.samples, self.seed, self.options)
        frame = result.per_sample
        return frame["unserved_mwh"].to_numpy(float), frame["lol_hours"].to_numpy(float)

    def pick(self, unserved: np.ndarray, lol_hours: np.ndarray) -> np.ndarray:
        return unserved if self.metric == "eens" else lol_hours

    def point(self, system: System, x: float) -> Point:
        return Point(x, self.pick(*self.per_sample(system)))


def bisect_root(
    evaluate: Callable[[float], Point],
    low: Point,
    high: Point,
    target: np.ndarray,
    tolerance_mw: float,
    guess: Callable[[Point, Point], float] | None = None,
) -> Root:
    """Root of mean(evaluate(x)) = mean(target) on [low.x, high.x], the curve monotone (either
    way) and the root bracketed; the estimate and its error as in the module docstring.
    `guess(low, high)` picks the next point inside the bracket (default: its middle)."""
    goal = float(target.mean())
    rising = high.mean >= low.mean
    points = [low, high]
    while high.x - low.x > tolerance_mw:
        middle = evaluate(0.5 * (low.x + high.x) if guess is None else guess(low, high))
        points.append(middle)
        if (middle.mean < goal) == rising:
            low = middle
        else:
            high = middle
    span = high.mean - low.mean
    weight = 0.5 if span == 0 else min(1.0, max(0.0, (goal - low.mean) / span))
    value = low.x + weight * (high.x - low.x)
    difference = (1 - weight) * low.per_sample + weight * high.per_sample - target
    slope = _slope(points, low, high)
    noise = (
        float(difference.std(ddof=1)) / math.sqrt(len(difference)) / abs(slope)
        if slope != 0 and len(difference) > 1
        else 0.0
    )
    resolution = (high.x - low.x) / math.sqrt(12)
    influence = difference / slope if slope != 0 else np.zeros_like(difference)
    return Root(value, math.hypot(noise, resolution), influence, resolution)


def _slope(points: list[Point], low: Point, high: Point) -> float:
    """Risk per MW at the root: over the final bracket, or, if the risk is equal at its ends,
    over the narrowest pair of evaluated points around it whose risks differ."""
    pairs = sorted(
        (b.x - a.x, (b.mean - a.mean) / (b.x - a.x))
        for a in points
        for b in points
        if a.x <= low.x and b.x >= high.x and b.x > a.x and b.mean != a.mean
    )
    return pairs[0][1] if pairs else 0.0


def _standard_load(
    runner: Runner, base: System, standard_per_horizon: float, tolerance_mw: float
) -> float:
    """The flat load (≥ 0) at which the base system's LOLE reaches the standard (per horizon)."""
    peak = float(base.demand[list(runner.shares)].max().sum())
    # The level need not be exact (both comparisons use the same load): 0.25 % of the peak.
    tolerance_mw = max(tolerance_mw, 0.0025 * peak)
    low, high = 0.0, max(0.05 * peak, 10 * tolerance_mw)
    for _ in range(12):  # 4 096 × 5 % of the peak: any real system reaches the standard
        if runner.per_sample(runner.with_load(base, high))[1].mean() >= standard_per_horizon:
            break
        low, high = high, 2 * high
    else:
        raise InputError(base.name, "no added load brings LOLE to the standard", field="elcc")
    while high - low > tolerance_mw:
        middle = 0.5 * (low + high)
        if runner.per_sample(runner.with_load(base, middle))[1].mean() < standard_per_horizon:
            low = middle
        else:
            high = middle
    # The upper end: the study load is then at (not below) the standard.
    return high


def capacity_credit(
    system: System,
    resource: str,
    samples: int = 1000,
    seed: int = 1,
    *,
    metric: Metric = "eens",
    efc: bool = True,
    at_standard: bool = True,
    zone: str | None = None,
    tolerance_mw: float | None = None,
) -> CapacityCreditFigures:
    """ELCC (and EFC) of `resource`, a generator, interconnector or path of `system`.

    `metric`: the index held equal (EENS, the default, varies smoothly with load; LOLE counts
    hours and moves in steps). `at_standard`: when the system without the resource is more
    reliable than `settings.reliability_standard_lole_hours`, first add flat load until it is at
    the standard (False: keep the system's own risk level, which may leave ELCC undefined).
    `zone`: where added load goes (default: spread over zones by mean demand). `tolerance_mw`:
    width of the bisection's final bracket (default 0.5 % of the resource's capacity, ≥ 0.1 MW).
    """
    table, resource_zone, capacity = resource_of(system, resource)
    shares = load_shares(system, zone)
    runner = Runner(samples, seed, shares, metric)
    tolerance = tolerance_mw if tolerance_mw is not None else max(0.1, 0.005 * capacity)
    base = without_resource(system, table, resource)
    standard = system.settings.reliability_standard_lole_hours
    # The standard is per year; the runs' figures are per horizon.
    standard_per_horizon = standard * horizon_share_of_year(system)
    engine = "montecarlo_areas" if is_multi_area(system) else "montecarlo"

    added = 0.0
    base_unserved, base_lol = runner.per_sample(base)
    if at_standard and base_lol.mean() < standard_per_horizon:
        added = _standard_load(runner, base, standard_per_horizon, tolerance)
        base_unserved, base_lol = runner.per_sample(runner.with_load(base, added))
    target = runner.pick(base_unserved, base_lol)
    aug_unserved, aug_lol = runner.per_sample(runner.with_load(system, added))
    augmented = Point(0.0, runner.pick(aug_unserved, aug_lol))
    level = "standard" if added > 0 else "system"
    note = (
        f"risk held equal: {metric.upper()}; "
        + (
            f"{added:,.0f} MW of flat load added so that the system without {resource} is at "
            f"the reliability standard of {standard:g} h/yr LOLE"
            if added > 0
            else "at the system's own risk level"
        )
        + f"; common random numbers, seed {seed}, {samples} samples per run"
    )
    efc_root: Root | None = None
    if float(target.mean()) == 0:
        # No loss of load without the resource: any load up to where risk appears keeps it
        # equal, so the capacity credit is undefined rather than zero or the full capacity.
        elcc = Root(math.nan, math.nan)
        efc_root = elcc if efc else None
        note += "; no loss of load in any sample without the resource: ELCC is undefined"
    else:
        elcc = _elcc(runner, system, added, augmented, target, capacity, tolerance)
        if efc:
            efc_root = _efc(
                runner, base, resource_zone, added, augmented, target, capacity, tolerance
            )
        if elcc.value >= capacity - tolerance:
            note += "; ELCC at the resource's capacity (the search's upper bound)"
        if augmented.mean > float(target.mean()):
            # Possible in the multi-area engine: hydro or storage energy spent helping a
            # neighbour early is missing later (docs/adequacy.md, Multi-area).
            note += (
                f"; the system is riskier with {resource} than without, so its credit is 0 "
                "(energy-limited plants spent earlier through it can be missing later)"
            )
    return CapacityCreditFigures(
        system=system.name,
        resource=resource,
        resource_table=table,
        resource_zone=resource_zone,
        resource_capacity_mw=capacity,
        metric=metric,
        engine=engine,
        risk_level=level,
        reliability_standard_lole_hours=standard,
        load_added_mw=added,
        base_lole_hours=float(base_lol.mean()),
        base_eens_mwh=float(base_unserved.mean()),
        augmented_lole_hours=float(aug_lol.mean()),
        augmented_eens_mwh=float(aug_unserved.mean()),
        elcc_mw=elcc.value,
        elcc_mw_stderr=elcc.stderr,
        samples=samples,
        seed=seed,
        runs=runner.runs,
        note=note,
        efc_mw=efc_root.value if efc_root is not None else None,
        efc_mw_stderr=efc_root.stderr if efc_root is not None else None,
    )


def _elcc(
    runner: Runner,
    system: System,
    added: float,
    augmented: Point,
    target: np.ndarray,
    capacity: float,
    tolerance: float,
) -> Root:
    """Load x on top of `added` with EENS(with the resource, x) = EENS(base)."""
    if augmented.mean >= target.mean():
        return Root(0.0, 0.0)  # the resource lowers no risk: nothing can be added
    top = runner.point(runner.with_load(system, added + capacity), capacity)
    if top.mean <= target.mean():
        return Root(capacity, 0.0)  # the bound holds sample by sample (see module docs)
    return bisect_root(
        lambda x: runner.point(runner.with_load(system, added + x), x),
        augmented,
        top,
        target,
        tolerance,
    )


def _efc(
    runner: Runner,
    base: System,
    zone: str,
    added: float,
    augmented: Point,
    base_risk: np.ndarray,
    capacity: float,
    tolerance: float,
) -> Root:
    """Perfectly reliable capacity c in the resource's zone with EENS(base + c) = EENS(with)."""

    def firm(c: float) -> Point:
        unit = {
            "name": FIRM_UNIT,
            "zone": zone,
            "technology": "other",
            "capacity_mw": c,
            "units": 1,
            "forced_outage_rate": 0.0,
        }
        with_unit = variant(base, {"add": {"generators": [unit]}})
        return runner.point(runner.with_load(with_unit, added), c)

    bottom = Point(0.0, base_risk)  # no firm capacity: the base run itself
    if bottom.mean <= augmented.mean:
        return Root(0.0, 0.0)
    top = firm(capacity)
    if top.mean >= augmented.mean:
        return Root(capacity, 0.0)
    return bisect_root(firm, bottom, top, augmented.per_sample, tolerance)
