"""Sweep throughput with 1 and 2 workers, and the scaling efficiency (goal >= 0.85 on 2 cores).

    .venv/bin/python benchmarks/sweep_scaling.py [--points 32] [--scheduler tcp://HOST:8786]

Each point is one scenario of the Serbian default (Niš plant size × demand in 2032) with the
exact adequacy table (COPT) and the system overview: about a second of single-threaded work.
Local workers are spawned processes, as `powerpact sweep --workers N` uses; the 1-worker run
uses a pool of one, so both pay the same overheads. With --scheduler the many-worker figure is
the whole Dask cluster, and the efficiency is its rate / (its workers × the 1-worker rate).

Two rates per run: end to end (worker start-up included: what a user waits for) and steady
(from the first finished point to the last: what a long sweep sees).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator

from powerpact.studies.sweep.point import run_point
from powerpact.studies.sweep.run import in_processes, on_dask
from powerpact.studies.sweep.spec import SweepSpec, parse_spec
from powerpact.system.load import DATA_DIR


def scaling_spec(points: int) -> SweepSpec:
    data = {
        "name": "scaling",
        "base": "../scenarios/demand-2032.yaml",
        "overlay": {
            "add": {
                "generators": [
                    {
                        "name": "nis-ccgt",
                        "zone": "RS",
                        "technology": "gas",
                        "fuel": "gas",
                        "capacity_mw": 500,
                        "efficiency": 0.57,
                        "forced_outage_rate": 0.05,
                    }
                ]
            }
        },
        "parameters": {
            "nis_capacity_mw": {
                "target": "generators.nis-ccgt.capacity_mw",
                "range": [0, 1000],
                "steps": max(points // 2, 2),
            },
            "demand_scale": {"target": "demand.scale", "values": [1.0, 1.1]},
        },
        "engines": {"adequacy.copt": {}, "overview": {}},
    }
    return parse_spec(data, "scaling", DATA_DIR / "serbia-2025" / "sweeps")


def rates(stream: Iterator[dict], points: int) -> tuple[float, float]:
    """(end-to-end, steady) points per second of a stream of point records."""
    start = time.perf_counter()
    finished = []
    for record in stream:
        assert record["status"] == "ok", record["error"]
        finished.append(time.perf_counter())
    assert len(finished) == points
    return points / (finished[-1] - start), (points - 1) / (finished[-1] - finished[0])


def cluster_workers(address: str) -> int:
    from distributed import Client

    with Client(address) as client:
        return len(client.scheduler_info()["workers"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=32)
    parser.add_argument(
        "--scheduler",
        help="a Dask scheduler to measure instead of 2 local "
        "workers, e.g. tcp://scheduler-host:8786",
    )
    args = parser.parse_args()
    spec = scaling_spec(args.points)
    indices = list(range(2 * max(args.points // 2, 2)))
    run_point(spec, 0)  # fill the on-disk caches (numba, file system) before timing
    one = rates(in_processes(spec, indices, 1), len(indices))
    if args.scheduler:
        workers = cluster_workers(args.scheduler)
        many = rates(on_dask(spec, indices, args.scheduler), len(indices))
        label = f"{workers} Dask workers"
    else:
        workers = 2
        many = rates(in_processes(spec, indices, workers), len(indices))
        label = "2 workers"
    print(f"{len(indices)} points of overlay + load + COPT + overview (Serbia 2032)")
    for name, (end, steady) in (("1 worker", one), (label, many)):
        print(f"{name:>16}: {end:6.2f} points/s end to end, {steady:6.2f} points/s steady")
    print(
        f"scaling efficiency: end to end {many[0] / (workers * one[0]):.2f}, "
        f"steady {many[1] / (workers * one[1]):.2f} (goal >= 0.85)"
    )


if __name__ == "__main__":
    main()
