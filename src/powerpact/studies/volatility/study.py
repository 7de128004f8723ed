"""`volatility(option)`: the distribution of the focus zone's annual energy bill over climate
years × correlated gas, carbon and neighbour-price paths, with named stress paths beside it.

See docs/volatility.md. Per climate year and gas regime, full dispatches at a few of its paths
(where they are dense, and the guard's: any path far from all others); every path takes the
cheapest of them re-priced to its prices (surrogate.py).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from powerpact import dispatch
from powerpact.adequacy.climate import ClimateYear, climate_table, driest_year
from powerpact.economics.price_model import stress_2022
from powerpact.progress import progress_bar
from powerpact.studies.volatility.bill import contract_thresholds, gas_price
from powerpact.studies.volatility.design import (
    DesignResult,
    DesignTask,
    FamilyTask,
    OptionSpec,
    option_system,
    reduced,
)
from powerpact.studies.volatility.execute import run_families, run_tasks
from powerpact.studies.volatility.paths import (
    climate_years,
    design_paths,
    draws,
    gas_regime,
    nearest_earlier,
    price_draws,
    scaled_logs,
    tree_order,
)
from powerpact.studies.volatility.risk import cvar, with_fixed_price
from powerpact.studies.volatility.surrogate import PathValues, evaluate, picked
from powerpact.system import InputError, System
from powerpact.system.figures import Figures
from powerpact.system.time import per_year

DEFAULT_PATHS = 1000
DEFAULT_SEED = 2025
DEFAULT_CLIMATE_YEARS = 6
DEFAULT_DESIGNS = 8
# Paths farther than this (in one-year volatilities of the log prices, `paths.scaled_logs`) from
# every design of their group get a design dispatch of their own. A trade of cost for accuracy:
# re-pricing misses by tens of per cent far from every design and by about a per cent within
# one volatility, and a smaller radius costs many more dispatches (docs/volatility.md has both,
# written by scripts/volatility_doc.py).
DEFAULT_COVER_RADIUS_SIGMA = 1.0
# "exact": every path dispatched in full; "surrogate": full dispatches at the designs and the
# guard's paths, every other path re-priced from them. Both run their dispatches in families
# warm-started one from the other (`dispatch.run_family`). On the regional year the surrogate
# misses single held-out paths by up to 11 %: a dispatch re-priced 0.8 volatilities from its
# prices already costs the system several per cent more than the optimum there, and Serbia's
# trade moves with it (docs/volatility.md, "Why every path is dispatched"). So "exact" is the
# default; the surrogate is a quick look.
METHODS = ("exact", "surrogate")
DEFAULT_METHOD = "exact"
# Dispatches per family: consecutive paths of the tree order (`paths.tree_order`) of one
# climate year and gas regime, each starting from its nearest earlier member. Fixed by the path
# set, not by the workers, so results do not depend on them; a family's first member starts
# cold (a few times a warm member's work, so longer families pay less for it).
FAMILY_SIZE = 40


@dataclass(frozen=True)
class VolatilityOptions:
    paths: int = DEFAULT_PATHS
    seed: int = DEFAULT_SEED
    zone: str | None = None  # focus zone; default RS when the system has it, else its first zone
    climate_years: int | None = DEFAULT_CLIMATE_YEARS  # None: every year of the record
    designs: int = DEFAULT_DESIGNS  # design dispatches per climate year where paths are dense
    cover_radius_sigma: float | None = DEFAULT_COVER_RADIUS_SIGMA  # None: no guard dispatches
    hours: int | None = None  # first N hours only (tests, quick looks); bills are annualised
    horizon_years: int = 1  # prices this many years ahead of the system's own
    stress: bool = True
    method: str = DEFAULT_METHOD  # METHODS
    workers: int = 1
    scheduler: str | None = None


@dataclass(frozen=True)
class VolatilityFigures(Figures):
    """An option's bill distribution (EUR a year) and exposure; `volatility --json` per option."""

    option: str
    zone: str
    paths: int
    climate_years: int
    design_dispatches: int
    # Of the design dispatches, those of paths far from every other design (the guard).
    guard_dispatches: int
    bill_eur_mean: float
    bill_eur_std: float
    bill_eur_p5: float
    bill_eur_p95: float
    bill_eur_cvar95: float
    # The part of the mean bill that values unserved electricity and undelivered non-power gas
    # (at the value of lost load and twice it): unreliability, not money spent.
    lost_load_eur_mean: float
    electricity_import_dependency_mean: float
    gas_import_share_mean: float
    no_own_price_share_mean: float
    # Gas under spot-indexed contracts bought at a price fixed at today's gas price instead:
    # the mean saving (negative: the fixed price costs more on average) and the bill's spread.
    hedge_value_eur_mean: float
    bill_eur_std_fixed_contract: float
    stress_bill_eur: dict[str, float]


def path_groups(
    climate_of_path: np.ndarray, gas_multipliers: np.ndarray, thresholds: tuple[float, ...]
) -> np.ndarray:
    """Per path, its group: climate year × gas regime. A path takes only designs of its group:
    another climate year's weather, or another side of a contract's price, is another LP."""
    return climate_of_path * (len(thresholds) + 1) + gas_regime(gas_multipliers, thresholds)


@dataclass(frozen=True)
class VolatilityResult:
    option: OptionSpec
    system: System  # the option's system (horizon cut when asked)
    zone: str
    bill_eur: np.ndarray  # per path, a year
    values: PathValues
    designs: tuple[DesignResult, ...]
    stress: dict[str, DesignResult]
    stress_bill_eur: dict[str, float]
    design_group: np.ndarray = field(default_factory=lambda: np.zeros(1, int))
    gas_thresholds: tuple[float, ...] = ()
    guard_dispatches: int = 0
    # What fixes the paths (seed, count, climate years): two results with equal sets have the
    # same paths, path by path, so their bills can be compared in pairs.
    path_set: tuple[Any, ...] = ()
    seconds: float = field(default=0.0, compare=False)

    def repriced(self, multipliers: np.ndarray, climate_of_path: np.ndarray) -> PathValues:
        """The surrogate at other paths (rows of gas, carbon, power multipliers; indices of the
        study's climate years): held-out paths to check against full dispatches."""
        group = path_groups(climate_of_path, multipliers[:, 0], self.gas_thresholds)
        base = gas_price(self.system)
        return evaluate(self.designs, self.design_group, group, base, multipliers)

    def design_distance(self, multipliers: np.ndarray, climate_of_path: np.ndarray) -> np.ndarray:
        """Per path, its distance (`paths.scaled_logs`) to the nearest design it may take
        (infinite when its group has none): the guard dispatches study paths farther than the
        radius in full."""
        return self.nearest_design(multipliers, climate_of_path)[1]

    def nearest_design(
        self, multipliers: np.ndarray, climate_of_path: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per path, the nearest design it may take (index into `designs`) and its distance."""
        group = path_groups(climate_of_path, multipliers[:, 0], self.gas_thresholds)
        tasks = [d.task for d in self.designs]
        points = np.array([[t.gas_multiplier, t.co2_multiplier, t.power_multiplier] for t in tasks])
        apart = np.sqrt(
            ((scaled_logs(multipliers)[:, None] - scaled_logs(points)[None]) ** 2).sum(axis=2)
        )
        apart[group[:, None] != self.design_group[None, :]] = np.inf
        nearest = apart.argmin(axis=1)
        return nearest, apart[np.arange(len(apart)), nearest]

    def figures(self) -> VolatilityFigures:
        bill = self.bill_eur
        share = self.values.net_import_mwh / np.where(
            self.values.demand_mwh > 0, self.values.demand_mwh, np.nan
        )
        fixed = self.annual(
            with_fixed_price(
                self.values.bill_eur,
                self.values.gas_eur_per_mwh_th,
                self.values.indexed_gas_mwh_th,
                gas_price(self.system),
            )
        )
        return VolatilityFigures(
            option=self.option.name,
            zone=self.zone,
            paths=len(bill),
            climate_years=len({d.task.climate for d in self.designs}),
            design_dispatches=len(self.designs),
            guard_dispatches=self.guard_dispatches,
            bill_eur_mean=float(bill.mean()),
            bill_eur_std=float(bill.std()),
            bill_eur_p5=float(np.percentile(bill, 5)),
            bill_eur_p95=float(np.percentile(bill, 95)),
            bill_eur_cvar95=cvar(bill),
            lost_load_eur_mean=float(self.annual(self.values.lost_load_eur).mean()),
            electricity_import_dependency_mean=float(np.nanmean(share)),
            gas_import_share_mean=float(self.values.gas_import_share.mean()),
            no_own_price_share_mean=float(self.values.no_own_price_share.mean()),
            hedge_value_eur_mean=float((bill - fixed).mean()),
            bill_eur_std_fixed_contract=float(fixed.std()),
            stress_bill_eur=dict(self.stress_bill_eur),
        )

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()

    def annual(self, horizon_eur: np.ndarray) -> np.ndarray:
        """Horizon totals annualised to the study year."""
        return np.asarray(horizon_eur, dtype=float) * per_year(self.system, 1.0)

    def percentile_of(self, value: float) -> float:
        """Share of paths (0–100) whose bill is below `value`."""
        return float(100.0 * (self.bill_eur < value).mean())


def focus_zone(system: System, zone: str | None) -> str:
    zones = system.settings.zones
    chosen = zone or ("RS" if "RS" in zones else zones[0])
    if chosen not in zones:
        raise InputError(
            system.name, f"no zone {chosen!r} (zones: {', '.join(zones)})", field="zone"
        )
    return chosen


def largest_entry(system: System, zone: str) -> str | None:
    """The focus zone's largest pipeline gas entry (TurkStream's Balkan Stream for Serbia)."""
    entries = system.gas_entries
    pipelines = entries[(entries["zone"] == zone) & (entries["kind"] == "pipeline")]
    if pipelines.empty:
        return None
    return str(pipelines["capacity_mcm_per_day"].idxmax())


def _task(
    option: OptionSpec,
    zone: str,
    opts: VolatilityOptions,
    climate: ClimateYear | None,
    multipliers: tuple[float, float, float] | np.ndarray,
    outage_entry: str | None = None,
) -> DesignTask:
    gas, co2, power = (float(m) for m in multipliers)
    return DesignTask(
        option,
        zone,
        opts.hours,
        climate,
        opts.seed,
        gas,
        co2,
        power,
        outage_entry,
        reprice=opts.method != "exact",
    )


def stress_tasks(
    option: OptionSpec, system: System, zone: str, opts: VolatilityOptions
) -> dict[str, DesignTask]:
    """The named stress paths, each a full dispatch: a 2022-like price year in the system's own
    weather; the driest year of the record with the February 2012 cold spell at today's prices;
    the largest pipeline gas entry out all year at today's prices."""
    today = (1.0, 1.0, 1.0)
    dry = driest_year(system, climate_table())
    tasks = {
        "gas-2022": _task(option, zone, opts, None, stress_2022()),
        "dry-cold": _task(
            option, zone, opts, ClimateYear(f"dry-cold-{dry}", dry, cold_spell=True), today
        ),
    }
    entry = largest_entry(system, zone)
    if entry is not None:
        tasks["turkstream-stop"] = _task(option, zone, opts, None, today, entry)
    return tasks


def volatility(
    option: OptionSpec, options: VolatilityOptions | None = None, plain_progress: bool = False
) -> VolatilityResult:
    """The bill distribution of one option (see the module). Progress shows on a terminal;
    `plain_progress`: as plain lines when piped too (the command's own run, not a sweep's)."""
    opts = options or VolatilityOptions()
    if opts.paths < 1:
        raise InputError("--paths", f"must be at least 1, got {opts.paths}")
    if opts.method not in METHODS:
        raise InputError(
            "--method", f"must be one of {', '.join(METHODS)}, got {opts.method!r}", "method"
        )
    started = time.perf_counter()
    system = option_system(option, opts.hours)
    zone = focus_zone(system, opts.zone)
    climates = climate_years(system, zone, opts.climate_years)
    sample = draws(opts.paths, opts.seed, climates, opts.horizon_years)
    multipliers = sample.prices.stacked()
    scaled = scaled_logs(multipliers)
    thresholds = contract_thresholds(system)
    group = path_groups(sample.climate_of_path, multipliers[:, 0], thresholds)
    families: list[FamilyTask] = []
    design_group: list[int] = []
    design_path: list[int] = []
    guard = 0
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        chosen, added = _dispatched(members, scaled, opts, len(climates))
        ordered = members[[chosen[i] for i in tree_order(scaled[members[chosen]])]]
        climate = climates[int(g) // (len(thresholds) + 1)]
        for begin in range(0, len(ordered), FAMILY_SIZE):
            chunk = ordered[begin : begin + FAMILY_SIZE]
            first = _task(option, zone, opts, climate, multipliers[chunk[0]])
            points = tuple(_point(multipliers[i]) for i in chunk)
            families.append(FamilyTask(first, points, tuple(nearest_earlier(scaled[chunk]))))
        design_path += [int(i) for i in ordered]
        design_group += [int(g)] * len(ordered)
        guard += added
    stress = stress_tasks(option, system, zone, opts) if opts.stress else {}
    alone = [FamilyTask(t, (_point(_multipliers(t)),)) for t in stress.values()]
    tasks = [*families, *alone]
    with progress_bar(plain=plain_progress) as bar:
        counted = bar.add_task(
            f"volatility {option.name}: dispatches", total=sum(len(t.points) for t in tasks)
        )
        results = run_families(
            tasks, opts.workers, opts.scheduler, lambda n: bar.advance(counted, n)
        )
    designs, stressed = results[: len(design_path)], results[len(design_path) :]
    if opts.method == "exact":
        own = np.empty(len(multipliers), dtype=int)
        own[design_path] = np.arange(len(design_path))
        values = picked(designs, own, gas_price(system), multipliers)
    else:
        values = evaluate(
            designs, np.array(design_group, dtype=int), group, gas_price(system), multipliers
        )
    to_year = per_year(system, 1.0)
    stress_results = dict(zip(stress, stressed, strict=True))
    return VolatilityResult(
        option=option,
        system=system,
        zone=zone,
        bill_eur=values.bill_eur * to_year,
        values=values,
        designs=tuple(designs),
        stress=stress_results,
        stress_bill_eur={k: r.bill.own_eur() * to_year for k, r in stress_results.items()},
        design_group=np.array(design_group, dtype=int),
        gas_thresholds=thresholds,
        guard_dispatches=guard,
        path_set=(opts.seed, opts.paths, opts.horizon_years, tuple(c.label for c in climates)),
        seconds=time.perf_counter() - started,
    )


def _dispatched(
    members: np.ndarray, scaled: np.ndarray, opts: VolatilityOptions, n_climates: int
) -> tuple[list[int], int]:
    """Which of a group's paths (positions in `members`) are dispatched in full, and how many
    of them the guard added: every one with method "exact", else the designs."""
    if opts.method == "exact":
        return list(range(len(members))), 0
    # Designs in proportion to the group's paths (at least one): the climate year's count.
    count = max(1, round(opts.designs * len(members) * n_climates / opts.paths))
    return design_paths(scaled[members], count, opts.cover_radius_sigma)


def _point(multipliers: np.ndarray | tuple[float, float, float]) -> tuple[float, float, float]:
    gas, co2, power = (float(m) for m in multipliers)
    return gas, co2, power


def _multipliers(task: DesignTask) -> tuple[float, float, float]:
    return task.gas_multiplier, task.co2_multiplier, task.power_multiplier


def of_system(
    system: System, seed: int, options: VolatilityOptions | None = None
) -> VolatilityResult:
    """The study of a System in memory, its design dispatches run in this process: the sweep
    engine `volatility` (each sweep point a study, the points spread over workers or Dask)."""
    opts = dataclasses.replace(options or VolatilityOptions(), seed=seed, workers=1, scheduler=None)
    return volatility(OptionSpec(system.name, system.name, system=system), opts)


def of_dispatch(
    system: System,
    result: dispatch.DispatchResult,
    options: VolatilityOptions,
    reference: str | None = None,
) -> VolatilityResult:
    """The quick study `assess` runs: `system`'s own dispatch at today's prices (one design,
    the system's own weather year) re-priced to every path, and the 2022-like price year
    re-priced too. No extra dispatch: its spread is the price paths' alone, at the dispatch the
    system chose for today's prices (an upper bound on each path's optimal system cost)."""
    started = time.perf_counter()
    option = OptionSpec(system.name, system.name, reference=reference, system=system)
    zone = focus_zone(system, options.zone)
    task = dataclasses.replace(_task(option, zone, options, None, (1.0, 1.0, 1.0)), reprice=True)
    design = reduced(task, system, system, result, started)
    prices = price_draws(options.paths, options.seed, options.horizon_years).stacked()
    values = evaluate(
        [design], np.zeros(1, int), np.zeros(len(prices), int), gas_price(system), prices
    )
    gas_2022, co2_2022, power_2022 = stress_2022()
    stress = design.bill.at(
        np.array([gas_price(system) * gas_2022]), np.array([co2_2022]), np.array([power_2022])
    )
    to_year = per_year(system, 1.0)
    return VolatilityResult(
        option=option,
        system=system,
        zone=zone,
        bill_eur=values.bill_eur * to_year,
        values=values,
        designs=(design,),
        stress={},
        stress_bill_eur={"gas-2022": float(stress[0]) * to_year},
        # Price paths only, in each system's own weather year (which the systems may not share).
        path_set=(options.seed, options.paths, options.horizon_years, ("own", system.year)),
        seconds=time.perf_counter() - started,
    )


def full_bills(option: OptionSpec, options: VolatilityOptions, paths: np.ndarray) -> np.ndarray:
    """Bills (a year) of the given path indices by full dispatch at each path's own prices and
    climate year: the reference the surrogate is checked against."""
    system = option_system(option, options.hours)
    climates = climate_years(system, focus_zone(system, options.zone), options.climate_years)
    sample = draws(options.paths, options.seed, climates, options.horizon_years)
    return full_bills_at(
        option, options, sample.prices.stacked()[paths], sample.climate_of_path[paths]
    )


def full_bills_at(
    option: OptionSpec, options: VolatilityOptions, multipliers: np.ndarray, climate: np.ndarray
) -> np.ndarray:
    """Bills (a year) by full dispatch at any prices (rows of gas, carbon, power multipliers) in
    the study's climate years (indices), weather drawn by the study's seed: held-out paths of
    another seed, never seen by the design placement."""
    results = full_dispatches_at(option, options, multipliers, climate)
    system = option_system(option, options.hours)
    return np.array([r.bill.own_eur() for r in results]) * per_year(system, 1.0)


def full_dispatches_at(
    option: OptionSpec, options: VolatilityOptions, multipliers: np.ndarray, climate: np.ndarray
) -> list[DesignResult]:
    """`full_bills_at`'s dispatches, reduced to cost terms (horizon totals)."""
    system = option_system(option, options.hours)
    zone = focus_zone(system, options.zone)
    climates = climate_years(system, zone, options.climate_years)
    tasks = [
        _task(option, zone, options, climates[int(c)], m)
        for m, c in zip(multipliers, climate, strict=True)
    ]
    return run_tasks(tasks, options.workers, options.scheduler)
