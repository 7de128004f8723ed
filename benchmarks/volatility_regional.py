"""How close the volatility surrogate comes to full dispatch on the regional default: Serbia's
bill at held-out paths (another seed's, never seen by the design placement) of a `see-2025`
option over its whole year, by the study's design dispatches re-priced and by a full dispatch at
each path's own prices (docs/volatility.md, "The surrogate").

    .venv/bin/python benchmarks/volatility_regional.py [--option see-2025/nis-ccgt]
        [--paths 167] [--held-out 12] [--workers 2] [--hours N]

One climate year and 167 paths: the paths per climate year of the default study (1,000 paths
over 6 climate years), so the designs sit as densely as there. Held-out paths farther than the
guard's radius from every design are counted apart: in a study they get a full dispatch of
their own (exact), so the surrogate's gap is the one of the paths within the radius.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from powerpact.studies.volatility import VolatilityOptions, option_spec, volatility
from powerpact.studies.volatility.design import DesignTask, option_system
from powerpact.studies.volatility.execute import run_tasks
from powerpact.studies.volatility.paths import climate_years, draws
from powerpact.studies.volatility.study import DEFAULT_COVER_RADIUS_SIGMA, focus_zone

STUDY_SEED, HELD_OUT_SEED = 2025, 77


def study_options(paths: int, workers: int, hours: int | None = None) -> VolatilityOptions:
    """The surrogate study the held-out paths check (also volatility_estimators.py's)."""
    return VolatilityOptions(
        paths=paths,
        seed=STUDY_SEED,
        climate_years=1,
        stress=False,
        method="surrogate",  # the method checked against full dispatch here
        workers=workers,
        hours=hours,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", default="see-2025/nis-ccgt")
    parser.add_argument("--paths", type=int, default=167)
    parser.add_argument("--held-out", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hours", type=int, default=None)
    args = parser.parse_args()
    option = option_spec(args.option)
    options = study_options(args.paths, args.workers, args.hours)
    started = time.perf_counter()
    result = volatility(option, options)
    figures = result.figures()
    print(
        f"{args.option}, {args.paths} paths, 1 climate year: {figures.design_dispatches} design "
        f"dispatches ({figures.guard_dispatches} by the guard, radius "
        f"{DEFAULT_COVER_RADIUS_SIGMA} sigma), {time.perf_counter() - started:.0f} s"
    )
    system = option_system(option, args.hours)
    climates = climate_years(system, focus_zone(system, None), 1)
    held = draws(args.held_out, HELD_OUT_SEED, climates).prices.stacked()
    distance = result.design_distance(held, np.zeros(len(held), int))
    surrogate = result.annual(result.repriced(held, np.zeros(len(held), int)).bill_eur)
    tasks = [
        DesignTask(option, "RS", args.hours, climates[0], STUDY_SEED, *map(float, m)) for m in held
    ]
    full = (
        np.array([r.bill.own_eur() for r in run_tasks(tasks, args.workers)])
        * result.annual(np.ones(1))[0]
    )
    gap = (surrogate - full) / np.abs(full)
    for m, d, f, s, g in zip(held, distance, full, surrogate, gap, strict=True):
        print(
            f"  gas {m[0]:.2f} carbon {m[1]:.2f} power {m[2]:.2f} ({d:.2f} sigma from a design): "
            f"bill EUR {f / 1e6:,.1f} m full, {s / 1e6:,.1f} m surrogate, gap {100 * g:+.2f} %"
        )
    inside = distance <= DEFAULT_COVER_RADIUS_SIGMA
    gap = np.where(np.isfinite(distance), gap, np.nan)
    for label, mask in (("within the radius", inside), ("beyond it (guard)", ~inside)):
        if mask.any():
            g = np.abs(gap[mask & np.isfinite(gap)])
            if not len(g):
                continue
            print(
                f"  {label}: {mask.sum()} paths, |gap| median {100 * np.median(g):.2f} %, "
                f"90th {100 * np.percentile(g, 90):.2f} %, max {100 * g.max():.2f} %"
            )
    study = np.where(inside, np.abs(np.nan_to_num(gap)), 0.0)
    print(
        f"  as a study gives them (paths beyond the radius dispatched in full, exact): |gap| "
        f"median {100 * np.median(study):.2f} %, 90th {100 * np.percentile(study, 90):.2f} %, "
        f"max {100 * study.max():.2f} %"
    )


if __name__ == "__main__":
    main()
