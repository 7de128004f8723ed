"""Write the figures of docs/volatility.md from runs of the volatility study.

    python scripts/volatility_doc.py [--workers 2]    # run; rewrite the page's blocks
    python scripts/volatility_doc.py --check          # run; exit 1 if the page disagrees

Five blocks between marker comments are rewritten; nothing in them is typed by hand:

- `volatility-dispatches`: what the default study of the regional default costs in dispatches,
  with each method;
- `volatility-regimes`: the fixed-price contract's break-even and what a dispatch from the other
  side of it gets wrong (two full-year dispatches at stated points);
- `volatility-checks`: the surrogate against full dispatch at held-out paths of another seed,
  never seen by the placement, with the parameters the tests and the benchmark use;
- `volatility-radius`: design dispatches by `--cover-radius`;
- `volatility-repricing`: why the surrogate misses on the regional year (what the nearest
  design's dispatch, re-priced, costs the system and Serbia at the held-out paths).

Every figure is read from what `volatility()` returns (its figures, `repriced`,
`design_distance`) and from full dispatches by `full_bills_at`/`run_design`, so the page follows
whichever method the study uses. The design counts do not depend on the horizon (the placement
sees only the paths, the climate years and the contracts), so they are taken from studies of
the first day, which are cheap. The whole run took 465 CPU-seconds (16.5 minutes on the shared
2 cores under load average 6-10, 30 Nov 2026), most of it the regional year's held-out check
(34 full-year dispatches of `see-2025`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from docblock import write_or_check

import powerpact
from powerpact.studies.volatility import (
    OptionSpec,
    VolatilityOptions,
    VolatilityResult,
    option_spec,
    volatility,
)
from powerpact.studies.volatility.bill import contract_thresholds, gas_price, indexed_contracts
from powerpact.studies.volatility.design import DesignTask, option_system, run_design
from powerpact.studies.volatility.paths import climate_years, draws, scaled_logs
from powerpact.studies.volatility.study import (
    DEFAULT_COVER_RADIUS_SIGMA,
    focus_zone,
    full_dispatches_at,
)
from powerpact.system import window

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "volatility.md"
REGIONAL = "see-2025/nis-ccgt"
# The study's default paths and seed (VolatilityOptions), on the regional default.
DEFAULT_RUN = VolatilityOptions()
SURROGATE = "surrogate"
# Placement does not look at the horizon: one day gives the year's design counts.
COUNT_HOURS = 24
RADII: tuple[float | None, ...] = (None, 1.25, 1.0, 0.75)
# The regime example: a dispatch just below the contract's break-even, re-priced to a path just
# below today's gas price; carbon and power at today's.
REGIME_DESIGN_GAS, REGIME_PATH_GAS = 0.76, 0.97
# 1 % of the bill: the study's goal for a held-out path.
GOAL = 0.01


@dataclass(frozen=True)
class Check:
    """A held-out check: the study's parameters and the held-out paths' seed and count."""

    label: str
    options: VolatilityOptions
    held_out: int
    held_out_seed: int


# As tests/test_volatility.py and benchmarks/volatility_regional.py run them.
WEEK = Check(
    "`serbia-2025` (`nis-ccgt`), its first week",
    VolatilityOptions(paths=200, seed=5, climate_years=2, designs=8, hours=168, method=SURROGATE),
    12,
    6,
)
YEAR = Check(
    f"the regional default (`{REGIONAL}`) over its whole year, at the default study's paths per "
    "climate year",
    VolatilityOptions(paths=167, seed=2025, climate_years=1, stress=False, method=SURROGATE),
    12,
    77,
)
FORTNIGHT = Check(
    "the regional default (`see-2025`) over a fortnight of March, hours 2016–2352",
    VolatilityOptions(paths=40, seed=3, climate_years=1, designs=4, stress=False, method=SURROGATE),
    6,
    6,
)


@dataclass(frozen=True)
class Repricing:
    """Per held-out path: the nearest design's distance (volatilities), its dispatch re-priced
    to the path over the path's own dispatch, less 1, in system cost and in the focus zone's
    bill, and the distance of the design the surrogate chose (least re-priced system cost)."""

    nearest: np.ndarray
    system_excess: np.ndarray
    bill_gap: np.ndarray
    chosen: np.ndarray


@dataclass(frozen=True)
class HeldOut:
    check: Check
    design_dispatches: int
    guard_dispatches: int
    gap: np.ndarray  # surrogate's bill over the full dispatch's, less 1, per held-out path
    inside: np.ndarray  # within the guard's radius of a design the path may take
    repricing: Repricing | None = None

    def within(self) -> np.ndarray:
        return np.abs(self.gap[self.inside])


@dataclass(frozen=True)
class Counts:
    radius: float | None
    design_dispatches: int
    guard_dispatches: int
    stress_dispatches: int


@dataclass(frozen=True)
class Regime:
    contract: str
    contract_eur_per_mwh: float
    spot_eur_per_mwh: float
    threshold: float
    design_at_gas_bcm: float  # gas bought at the gas price by the dispatch from below
    full_at_gas_bcm: float  # ... and by the full dispatch at the path
    gap: float  # the re-priced dispatch's bill over the full dispatch's, less 1


def held_out(option: OptionSpec, check: Check, workers: int) -> HeldOut:
    """The study, then full dispatches at paths of another seed in the study's climate years."""
    options = replace(check.options, workers=workers)
    result = volatility(option, options)
    system = option_system(option, options.hours)
    climates = climate_years(system, focus_zone(system, options.zone), options.climate_years)
    sample = draws(check.held_out, check.held_out_seed, climates, options.horizon_years)
    multipliers, climate = sample.prices.stacked(), sample.climate_of_path
    repriced = result.repriced(multipliers, climate)
    surrogate = result.annual(repriced.bill_eur)
    dispatched = full_dispatches_at(option, options, multipliers, climate)
    full = result.annual(np.array([r.bill.own_eur() for r in dispatched]))
    radius = options.cover_radius_sigma
    nearest, distance = result.nearest_design(multipliers, climate)
    figures = result.figures()
    chosen_distance = np.array(
        [_distance(result, multipliers[k], int(c)) for k, c in enumerate(repriced.chosen)]
    )
    return HeldOut(
        check,
        figures.design_dispatches,
        figures.guard_dispatches,
        (surrogate - full) / np.abs(full),
        distance <= (radius if radius is not None else np.inf),
        Repricing(
            distance,
            np.array(
                [
                    result.designs[j].system_cost.at_point(r.system_cost.design)
                    / r.system_cost.own_eur()
                    - 1
                    for j, r in zip(nearest, dispatched, strict=True)
                ]
            ),
            np.array(
                [
                    (result.designs[j].bill.at_point(r.bill.design) - r.bill.own_eur())
                    / abs(r.bill.own_eur())
                    for j, r in zip(nearest, dispatched, strict=True)
                ]
            ),
            chosen_distance,
        ),
    )


def _distance(result: VolatilityResult, multipliers: np.ndarray, design: int) -> float:
    """Distance in volatilities (`scaled_logs`) from a path to one design."""
    task = result.designs[design].task
    point = [task.gas_multiplier, task.co2_multiplier, task.power_multiplier]
    z = scaled_logs(np.vstack([multipliers, point]))
    return float(np.linalg.norm(z[0] - z[1]))


def design_counts(workers: int) -> list[Counts]:
    counts = []
    for radius in RADII:
        options = VolatilityOptions(
            hours=COUNT_HOURS,
            cover_radius_sigma=radius,
            stress=radius is None,
            method=SURROGATE,
            workers=workers,
        )
        result = volatility(option_spec(REGIONAL), options)
        figures = result.figures()
        counts.append(
            Counts(radius, figures.design_dispatches, figures.guard_dispatches, len(result.stress))
        )
    return counts


def regime_example() -> Regime:
    option = option_spec(REGIONAL)
    system = option_system(option, None)
    zone = focus_zone(system, None)
    (threshold,) = contract_thresholds(system)
    fixed = system.gas_contracts.drop(index=indexed_contracts(system))
    contract = str(fixed.index[0])
    bcm = system.settings.gas.energy_mwh_per_mcm * 1e3
    below, at = (
        run_design(DesignTask(option, zone, None, None, DEFAULT_RUN.seed, gas, 1.0, 1.0))
        for gas in (REGIME_DESIGN_GAS, REGIME_PATH_GAS)
    )
    full = at.bill.own_eur()
    return Regime(
        contract,
        float(fixed.at[contract, "price_eur_per_mwh_th"]),
        gas_price(system),
        threshold,
        below.bill.gas_mwh_th / bcm,
        at.bill.gas_mwh_th / bcm,
        (below.bill.at_point(at.bill.design) - full) / abs(full),
    )


# --- the page's blocks --------------------------------------------------------------------


def _pct(share: float) -> str:
    return f"{100.0 * share:.2f} %"


def _radius(radius: float | None) -> str:
    if radius is None:
        return "none"
    return f"{radius:.2f}" + (" (default)" if radius == DEFAULT_COVER_RADIUS_SIGMA else "")


def dispatches_block(counts: Sequence[Counts]) -> str:
    default = next(c for c in counts if c.radius == DEFAULT_COVER_RADIUS_SIGMA)
    stress = next(c.stress_dispatches for c in counts if c.radius is None)
    core = default.design_dispatches - default.guard_dispatches
    return (
        f"On the regional default (`{REGIONAL}`, {DEFAULT_RUN.paths:,} paths, seed "
        f"{DEFAULT_RUN.seed}) the default method dispatches every path: {DEFAULT_RUN.paths:,} + "
        f"{stress} full dispatches of a year ({stress} stress paths). `--method surrogate` "
        f"dispatches {core} + {default.guard_dispatches} + {stress}: {core} where the paths are "
        f"dense, {default.guard_dispatches} by the guard, {stress} stress paths."
    )


def regimes_block(regime: Regime) -> str:
    return (
        f"On `{REGIONAL}`: the `{regime.contract}` contract, {regime.contract_eur_per_mwh:.2f} "
        f"EUR/MWh against {regime.spot_eur_per_mwh:g} spot, flips at a gas multiplier of "
        f"{regime.threshold:.2f}. A full-year dispatch at gas × {REGIME_DESIGN_GAS:.2f} (carbon "
        f"and power at today's), re-priced to gas × {REGIME_PATH_GAS:.2f}, buys "
        f"{regime.design_at_gas_bcm:.2f} bcm at the gas price where the full dispatch there buys "
        f"{regime.full_at_gas_bcm:.2f}, and its bill for Serbia is {100.0 * regime.gap:+.1f} % "
        "off the full dispatch's."
    )


def _check_line(result: HeldOut) -> str:
    check, gap = result.check, result.within()
    options = check.options
    stress = "" if options.stress else ", no stress paths"
    head = (
        f"- {check.label} ({options.paths} paths, seed {options.seed}, {options.climate_years} "
        f"climate year{'s' if options.climate_years != 1 else ''}, {options.designs} designs a "
        f"climate year{stress}: {result.design_dispatches} design dispatches, "
        f"{result.guard_dispatches} by the guard; {check.held_out} held-out paths of seed "
        f"{check.held_out_seed}, {int(result.inside.sum())} within the radius): "
    )
    if not len(gap):
        return head + "no held-out path within the radius;"
    within_goal = int((gap <= GOAL).sum())
    return head + (
        f"median gap {_pct(float(np.median(gap)))}, 90th percentile "
        f"{_pct(float(np.percentile(gap, 90)))}, largest {_pct(float(gap.max()))}; "
        f"{within_goal} of {len(gap)} within {_pct(GOAL)};"
    )


def checks_block(results: Sequence[HeldOut]) -> str:
    lines = [_check_line(result) for result in results]
    lines[-1] = lines[-1].removesuffix(";") + "."
    return "\n".join(lines)


def radius_block(counts: Sequence[Counts]) -> str:
    rows = [
        f"Design dispatches of the default study of `{REGIONAL}` ({DEFAULT_RUN.paths:,} paths, "
        f"seed {DEFAULT_RUN.seed}, {DEFAULT_RUN.climate_years} climate years, "
        f"{DEFAULT_RUN.designs} designs a climate year where the paths are dense) by "
        "`--cover-radius`:",
        "",
        "| `--cover-radius` | design dispatches | of them the guard's |",
        "| --- | --- | --- |",
    ]
    for c in sorted(counts, key=lambda c: -np.inf if c.radius is None else -c.radius):
        rows.append(f"| {_radius(c.radius)} | {c.design_dispatches} | {c.guard_dispatches} |")
    return "\n".join(rows)


def _span(values: np.ndarray, scale: float = 1.0, signed: bool = False) -> str:
    sign = "+" if signed else ""
    low, high = (float(v) * scale for v in (values.min(), values.max()))
    return f"{low:{sign}.2f} to {high:{sign}.2f}"


def repricing_block(result: HeldOut) -> str:
    r = result.repricing
    assert r is not None
    return (
        f"At the {len(r.nearest)} held-out paths of the regional year's check (below), the "
        f"nearest design lies {_span(r.nearest)} volatilities away. Its dispatch, re-priced to "
        f"the path, costs the system {_span(r.system_excess, 100)} % more than the path's own "
        f"dispatch (median {100 * float(np.median(r.system_excess)):.2f} %), and Serbia's bill "
        f"from it is {_span(r.bill_gap, 100, signed=True)} % off the full dispatch's. The "
        "design the surrogate takes, the one whose re-priced system cost is least, lies "
        f"{_span(r.chosen)} volatilities away."
    )


def blocks(workers: int) -> dict[str, str]:
    counts = design_counts(workers)
    march = OptionSpec(
        "see-2025-march", "see-2025", system=window(powerpact.load("see-2025"), 2016, 2352)
    )
    checks = [
        held_out(OptionSpec("nis-ccgt", "serbia-2025/nis-ccgt"), WEEK, workers),
        held_out(option_spec(REGIONAL), YEAR, workers),
        # an option carrying its System in memory: its dispatches run in this process
        held_out(march, FORTNIGHT, 1),
    ]
    return {
        "volatility-dispatches": dispatches_block(counts),
        "volatility-regimes": regimes_block(regime_example()),
        "volatility-checks": checks_block(checks),
        "volatility-radius": radius_block(counts),
        "volatility-repricing": repricing_block(checks[1]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="processes for the dispatches")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if differ")
    args = parser.parse_args(argv)
    stale = [
        name
        for name, body in blocks(args.workers).items()
        if write_or_check(DOC, name, body, args.check)
    ]
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
