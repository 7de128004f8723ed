"""The volatility study's speed: 1,000 paths of an option of the regional default in full (goal:
within 10 minutes on 2 cores), against the full dispatch per path it stands in for; the scaling
of its design dispatches on a local Dask cluster of 1 and 2 workers; and the quick form `assess`
runs on each scenario (its dispatch re-priced, no extra dispatch).

    .venv/bin/python benchmarks/volatility.py [--option see-2025/nis-ccgt] [--paths 1000]
        [--workers 2] [--scaling-tasks 8] [--scaling-hours 2016] [--skip-study]
        [--skip-scaling] [--skip-quick]

The study runs with its defaults (6 climate years, 8 design dispatches each where the paths are
dense plus the guard's for paths far from them, 3 stress paths) on the option's whole year.
The peer is one full dispatch of the option's year, measured in the same run: a full dispatch
per path would cost `paths` of them. The scaling part times the same design
dispatches (a cut horizon, so it stays short) through `run_tasks` on a `distributed.LocalCluster`
with 1 and then 2 single-threaded worker processes; efficiency = t(1) / (2 × t(2)).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np

from powerpact import dispatch
from powerpact.economics.price_model import draw
from powerpact.studies.volatility import VolatilityOptions, of_dispatch, option_spec, volatility
from powerpact.studies.volatility.design import DesignTask, option_system, run_design
from powerpact.studies.volatility.execute import run_tasks
from powerpact.studies.volatility.paths import design_paths, scaled_logs
from powerpact.studies.volatility.study import DEFAULT_METHOD, METHODS


def study(option: str, paths: int, workers: int, method: str) -> None:
    spec = option_spec(option)
    started = time.perf_counter()
    one = run_design(DesignTask(spec, "RS", None, None, 2025, 1.0, 1.0, 1.0))
    dispatch_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), _cpu_s()
    result = volatility(spec, VolatilityOptions(paths=paths, workers=workers, method=method))
    study_s, study_cpu_s = time.perf_counter() - started, _cpu_s() - cpu
    dispatches = len(result.designs) + len(result.stress)
    figures = result.figures()
    load = os.getloadavg()[0]
    print(
        f"option {option}, {paths:,} paths, method {method}, {workers} worker processes "
        f"(load average {load:.1f} at the end)"
    )
    print(f"  one full dispatch of the year: {dispatch_s:.1f} s (load and build included)")
    print(
        f"  study: {study_s:.1f} s for {dispatches} full dispatches "
        f"({figures.climate_years} climate years, {figures.design_dispatches} designs of which "
        f"{figures.guard_dispatches} by the guard, + {len(result.stress)} stress paths); "
        "goal <= 600 s"
    )
    print(
        f"  CPU time of this process and its workers: {study_cpu_s:.0f} s, "
        f"{study_cpu_s / dispatches:.1f} s per dispatch: {study_cpu_s / 2:.0f} s on 2 free cores"
    )
    print(
        f"  a full dispatch per path would take about {paths * dispatch_s:,.0f} s on one core: "
        f"{paths * dispatch_s / study_s:.0f}x the study's time"
    )
    print(
        f"  bill: mean EUR {figures.bill_eur_mean / 1e6:,.0f} m, std EUR "
        f"{figures.bill_eur_std / 1e6:,.0f} m, P95 EUR {figures.bill_eur_p95 / 1e6:,.0f} m, "
        f"CVaR95 EUR {figures.bill_eur_cvar95 / 1e6:,.0f} m"
    )
    assert one.seconds > 0 and np.isfinite(figures.bill_eur_mean)


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished worker processes (robust to load)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def scaling(option: str, tasks_count: int, hours: int) -> None:
    from distributed import LocalCluster

    spec = option_spec(option)
    prices = draw(1000, 1).stacked()
    chosen, _ = design_paths(scaled_logs(prices), tasks_count, None)
    tasks = [DesignTask(spec, "RS", hours, None, 1, *map(float, prices[i])) for i in chosen]
    times = {}
    bills = {}
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            run_tasks(tasks[:workers], scheduler=cluster.scheduler_address)  # warm the workers
            started = time.perf_counter()
            results = run_tasks(tasks, scheduler=cluster.scheduler_address)
            times[workers] = time.perf_counter() - started
            bills[workers] = [r.bill.fixed_eur for r in results]
    assert bills[1] == bills[2], "the cluster's size changed a result"
    print(f"Dask LocalCluster, {len(tasks)} design dispatches of {hours} h")
    print(f"  1 worker: {times[1]:.1f} s, 2 workers: {times[2]:.1f} s")
    print(f"  scaling efficiency {times[1] / (2 * times[2]):.2f}; results identical")


def quick(option: str, paths: int) -> None:
    """The quick form's time beside the dispatch `assess` runs anyway."""
    spec = option_spec(option)
    system = option_system(spec, None)
    started = time.perf_counter()
    run = dispatch.run(system)
    dispatch_s = time.perf_counter() - started
    result = of_dispatch(system, run, VolatilityOptions(paths=paths, zone=system.focus_zone))
    figures = result.figures()
    print(f"assess's quick form, {option}, {paths:,} paths")
    print(f"  the scenario's dispatch (assess runs it anyway): {dispatch_s:.1f} s")
    print(f"  re-pricing it to the paths: {result.seconds:.1f} s")
    print(
        f"  bill: mean EUR {figures.bill_eur_mean / 1e6:,.0f} m, std EUR "
        f"{figures.bill_eur_std / 1e6:,.0f} m, CVaR95 EUR {figures.bill_eur_cvar95 / 1e6:,.0f} m"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", default="see-2025/nis-ccgt")
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--method", default=DEFAULT_METHOD, choices=METHODS)
    parser.add_argument("--scaling-tasks", type=int, default=8)
    parser.add_argument("--scaling-hours", type=int, default=2016)
    parser.add_argument("--skip-study", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-quick", action="store_true")
    args = parser.parse_args()
    if not args.skip_scaling:
        scaling(args.option, args.scaling_tasks, args.scaling_hours)
    if not args.skip_quick:
        quick(args.option, args.paths)
    if not args.skip_study:
        study(args.option, args.paths, args.workers, args.method)


if __name__ == "__main__":
    main()
