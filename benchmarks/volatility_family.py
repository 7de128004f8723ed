"""Warm-started families against cold dispatches: `dispatch.run_family` on ~20 price points of
one climate year of the regional default over its whole year, beside a cold `dispatch.run` of
each point, measured in the same run (docs/volatility.md, "Full dispatches in families").

    .venv/bin/python benchmarks/volatility_family.py [--option see-2025/nis-ccgt]
        [--points 20] [--seed 2025] [--pool N] [--compare-orders | --compare-twins | --breakdown]

The points are the study's own: the first `--points` paths of the seed in its first climate
year, in the tree order the study dispatches a family in, each started from the nearest point
before it (`paths.tree_order`, `paths.nearest_earlier`). Prints each point's
seconds cold and warm (dispatch only: the systems are built beforehand), the ratio, the CPU
time of each side (all threads: robust to other jobs' load), and the
largest relative gap between the two total costs (0 up to the solver's tolerance for a horizon
"year"; with the weeks horizon the weeks take bounds from a plan that may be another optimum).
`--breakdown` runs the points as the study runs a family (`run_family_task`: systems, dispatch,
reduction to cost terms) and prints the part of its CPU time spent inside HiGHS' simplex, and
the time 1,000 paths would take on 2 cores if nothing but that were left.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from powerpact import dispatch
from powerpact.dispatch import twins
from powerpact.dispatch.coarse import coarse
from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.model import build
from powerpact.dispatch.weeks import plan, plan_block_h, spans, week_inputs
from powerpact.studies.volatility import option_spec
from powerpact.studies.volatility.design import (
    DesignTask,
    FamilyTask,
    option_system,
    priced_system,
    run_family_task,
    weather_base,
)
from powerpact.studies.volatility.paths import (
    climate_years,
    draws,
    nearest_earlier,
    scaled_logs,
    tree_order,
)
from powerpact.studies.volatility.study import focus_zone
from powerpact.system import System


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", default="see-2025/nis-ccgt")
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--pool",
        type=int,
        default=None,
        help="draw this many paths and take the first --points of their tree order (as dense "
        "as a study's paths per climate year: 167 for 1,000 paths over 6 climate years)",
    )
    parser.add_argument(
        "--compare-orders",
        action="store_true",
        help="no cold solves: the family in tree order against a nearest-neighbour chain",
    )
    parser.add_argument(
        "--compare-twins",
        action="store_true",
        help="no cold solves: the family in tree order with twin columns merged and as written",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="no cold solves: the study's work per member and its part inside HiGHS' simplex",
    )
    args = parser.parse_args()
    spec = option_spec(args.option)
    base_system = option_system(spec, None)
    zone = focus_zone(base_system, None)
    climate = climate_years(base_system, zone, 1)[0]
    prices = draws(args.pool or args.points, args.seed, (climate,)).prices.stacked()
    prices = prices[tree_order(scaled_logs(prices))][: args.points]
    starts = nearest_earlier(scaled_logs(prices))
    first = DesignTask(spec, zone, None, climate, args.seed, 1.0, 1.0, 1.0)
    if args.breakdown:
        points = tuple((float(g), float(c), float(p)) for g, c, p in prices)
        breakdown(FamilyTask(first, points, tuple(starts)))
        return
    base = weather_base(first)
    if args.compare_orders:
        compare_orders(base, prices)
        return
    if args.compare_twins:
        compare_twins(base, prices, starts)
        return
    systems = [priced_system(base, *map(float, p)) for p in prices]
    load = os.getloadavg()
    cold_s, cold = [], []
    cpu = time.process_time()
    for system in systems:
        started = time.perf_counter()
        cold.append(dispatch.run(system))
        cold_s.append(time.perf_counter() - started)
    cold_cpu_s = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    warm = dispatch.run_family(systems, starts=starts)
    family_s, family_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    # A member's own share: its solves and builds (the family's total is measured above).
    warm_s = [r.solve_time_s + r.build_time_s for r in warm]
    print(
        f"{args.option}, whole year, {len(systems)} price points of climate year "
        f"{climate.label}; load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} "
        "at the end (2 cores)"
    )
    for k, (p, c, w) in enumerate(zip(prices, cold_s, warm_s, strict=True)):
        print(
            f"  {k:2d} gas {p[0]:.2f} carbon {p[1]:.2f} power {p[2]:.2f}: "
            f"cold {c:5.2f} s, warm {w:5.2f} s ({w / c:.2f}x)"
        )
    gap = np.array(
        [abs(w.total_cost_eur / c.total_cost_eur - 1) for w, c in zip(warm, cold, strict=True)]
    )
    print(
        f"  all: cold {sum(cold_s):.1f} s, family {family_s:.1f} s: "
        f"{family_s / sum(cold_s):.2f}x the cold time; per point after the first "
        f"{np.mean(warm_s[1:]):.2f} s warm against {np.mean(cold_s[1:]):.2f} s cold"
    )
    print(
        f"  CPU time (all threads, robust to load): cold {cold_cpu_s:.1f} s, family "
        f"{family_cpu_s:.1f} s ({family_cpu_s / cold_cpu_s:.2f}x): "
        f"{family_cpu_s / len(systems):.2f} CPU-s per point warm, "
        f"{cold_cpu_s / len(systems):.2f} cold"
    )
    print(f"  total cost, warm against cold: largest relative gap {gap.max():.1e}")


def _chain(z: np.ndarray) -> list[int]:
    """The previous order: from the row nearest the mean, each next the nearest not taken."""
    left = list(range(len(z)))
    order = [left.pop(int(np.argmin(((z - z.mean(axis=0)) ** 2).sum(axis=1))))]
    while left:
        order.append(left.pop(int(np.argmin(((z[left] - z[order[-1]]) ** 2).sum(axis=1)))))
    return order


def compare_orders(base: System, prices: np.ndarray) -> None:
    """The same points as one family in tree order (each from its nearest earlier member) and
    in a nearest-neighbour chain (each from the one before): CPU time per member."""
    z = scaled_logs(prices)
    chain = _chain(z)
    for label, order, starts in (
        ("chain", chain, None),
        ("tree", list(range(len(z))), nearest_earlier(z)),
    ):
        systems = [priced_system(base, *map(float, p)) for p in prices[order]]
        zz = z[order]
        steps = [
            float(np.linalg.norm(zz[k] - zz[k - 1 if starts is None else starts[k]]))
            for k in range(1, len(zz))
        ]
        cpu, started = time.process_time(), time.perf_counter()
        dispatch.run_family(systems, starts=starts)
        cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - started
        print(
            f"  {label}: {len(systems)} members, mean step {np.mean(steps):.3f} volatilities, "
            f"CPU {cpu_s:.1f} s ({cpu_s / len(systems):.2f} per member, the cold first "
            f"included), wall {wall_s:.1f} s, load average {os.getloadavg()[0]:.1f}"
        )


def _plan_and_first_week(system: System) -> list[tuple[str, SparseLp]]:
    """The LPs of a weeks dispatch: its plan's and its first week's (with that plan's bounds)."""
    full = prepare(system)
    blocks_inp, _ = coarse(full, plan_block_h(full))
    first, _ = plan(full, dispatch.DispatchOptions())
    week = week_inputs(full, first, spans(full.day_of_hour)[0])
    return [("plan", build(blocks_inp)[0]), ("first week", build(week)[0])]


def compare_twins(base: System, prices: np.ndarray, starts: list[int]) -> None:
    """The same family in tree order with twin columns merged (the default) and with the LP
    as written: CPU time per member, and the gap between their total costs (each LP's optimum
    is the same; the stitched weeks can differ where the plan has several optima)."""
    systems = [priced_system(base, *map(float, p)) for p in prices]
    for label, lp in _plan_and_first_week(systems[0]):
        arrays = lp.arrays()
        print(
            f"  {label}: {lp.n_cols:,} columns, {twins.find(arrays).n_merged:,} with twins merged"
        )
    results = {}
    for label, merge in (("as written", False), ("twins merged", True)):
        cpu, started = time.process_time(), time.perf_counter()
        results[label] = dispatch.run_family(
            systems, dispatch.DispatchOptions(twins=merge), starts=starts
        )
        cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - started
        print(
            f"  {label}: {len(systems)} members, CPU {cpu_s:.1f} s ({cpu_s / len(systems):.2f} "
            f"per member, the cold first included), wall {wall_s:.1f} s, load average "
            f"{os.getloadavg()[0]:.1f}"
        )
    pairs = list(zip(results["as written"], results["twins merged"], strict=True))
    cost = max(abs(b.total_cost_eur / a.total_cost_eur - 1) for a, b in pairs)
    print(f"  total cost, merged against as written: largest relative gap {cost:.1e}")


class SimplexClock:
    """CPU seconds spent inside `highspy.Highs.run` (every solve and re-solve of the dispatch),
    summed over the threads that call it, while in a `with` block."""

    def __init__(self) -> None:
        self.cpu_s = 0.0
        self._lock = threading.Lock()
        self._original: Callable[[Any], Any] | None = None

    def __enter__(self) -> SimplexClock:
        import highspy

        original = self._original = highspy.Highs.run

        def timed(highs: Any) -> Any:
            begin = time.thread_time()
            try:
                return original(highs)
            finally:
                with self._lock:
                    self.cpu_s += time.thread_time() - begin

        highspy.Highs.run = timed
        return self

    def __exit__(self, *exc: object) -> None:
        import highspy

        highspy.Highs.run = self._original


def breakdown(family: FamilyTask) -> None:
    """The family as the study runs it, first member cold: CPU time per member in all and inside
    HiGHS' simplex (the thread time of `Highs.run`; any threads HiGHS starts itself are not in
    it, so the simplex's share is if anything understated)."""
    first = FamilyTask(family.first, family.points[:1], (-1,))
    run_family_task(first)  # the option's system loaded and cached outside the measurement
    for label, task in (("cold first member", first), ("whole family", family)):
        with SimplexClock() as clock:
            cpu, started = time.process_time(), time.perf_counter()
            run_family_task(task)
            cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - started
        members = len(task.points)
        print(
            f"  {label}: {members} members, CPU {cpu_s:.1f} s ({cpu_s / members:.2f} per "
            f"member), in HiGHS' simplex {clock.cpu_s:.1f} s ({clock.cpu_s / cpu_s:.0%}), wall "
            f"{wall_s:.1f} s, load average {os.getloadavg()[0]:.1f}"
        )
        if label == "cold first member":
            cold_cpu_s, cold_simplex_s = cpu_s, clock.cpu_s
    warm = members - 1
    warm_cpu_s, warm_simplex_s = (cpu_s - cold_cpu_s) / warm, (clock.cpu_s - cold_simplex_s) / warm
    print(
        f"  a warm member: CPU {warm_cpu_s:.2f} s, in HiGHS' simplex {warm_simplex_s:.2f} s; "
        f"1,003 dispatches at that simplex time alone: {1003 * warm_simplex_s / 2:.0f} s on 2 "
        "cores (goal 600 s)"
    )


if __name__ == "__main__":
    main()
