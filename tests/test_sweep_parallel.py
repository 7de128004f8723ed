"""The same sweep serially, in local worker processes and on a Dask cluster: identical numbers."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
import pytest

from powerpact.studies.sweep.executors import start_worker
from powerpact.studies.sweep.point import run_point
from powerpact.studies.sweep.run import _stop_workers, run_sweep
from powerpact.studies.sweep.spec import SweepSpec, parse_spec
from powerpact.studies.sweep.store import read_results

TINY = Path(__file__).parent / "data" / "tiny"


def seeded_spec(seed: int = 5) -> SweepSpec:
    """Monte Carlo on every point, so equal results need equal per-point seeds everywhere."""
    data = {
        "name": "parallel",
        "base": str(TINY),
        "seed": seed,
        "overlay": {
            "add": {
                "generators": [
                    {
                        "name": "gas-new",
                        "zone": "B",
                        "technology": "gas",
                        "fuel": "gas",
                        "capacity_mw": 0,
                        "efficiency": 0.5,
                        "forced_outage_rate": 0.1,
                    }
                ]
            }
        },
        "parameters": {
            "new_mw": {"target": "generators.gas-new.capacity_mw", "values": [0, 150]},
            "demand": {"target": "demand.scale", "values": [1.0, 1.15, 1.3]},
        },
        "engines": {"adequacy.monte_carlo": {"samples": 40}, "overview": {}},
        "outputs": ["lole_hours", "eens_mwh", "firm_capacity_mw"],
    }
    return parse_spec(data, "parallel.yaml", TINY)


def comparable(results: pd.DataFrame) -> pd.DataFrame:
    return results.drop(columns="elapsed_s")


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("serial") / "out"
    done = run_sweep(seeded_spec(), out)
    assert done.ok == 6
    return comparable(read_results(out))


def test_points_depend_on_their_seed(serial: pd.DataFrame) -> None:
    # Otherwise the equalities below would not show that seeds travel with the points.
    other = run_point(seeded_spec(seed=6), 5)
    assert other["lole_hours"] != serial.loc[5, "lole_hours"]
    assert serial["lole_hours"].iloc[-1] > serial["lole_hours"].iloc[0]


def test_local_processes_match_the_serial_run(serial: pd.DataFrame, tmp_path: Path) -> None:
    done = run_sweep(seeded_spec(), tmp_path / "out", workers=2)
    assert (done.ok, done.failed) == (6, 0)
    pd.testing.assert_frame_equal(comparable(read_results(tmp_path / "out")), serial)


def test_stopping_ends_running_points_at_once() -> None:
    # What Ctrl-C does to local workers: a point still running is ended, not waited for.
    pool = ProcessPoolExecutor(
        1, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
    )
    worker_pid = pool.submit(os.getpid).result()  # the worker is up
    pool.submit(time.sleep, 60)
    time.sleep(0.5)  # and has taken the long task
    processes = list(pool._processes.values())
    assert [process.pid for process in processes] == [worker_pid]
    started = time.perf_counter()
    _stop_workers(pool)
    # Ended within seconds, not after the 60 s task (a loaded machine may take a moment to reap).
    while any(p.is_alive() for p in processes) and time.perf_counter() - started < 10:
        time.sleep(0.1)
    assert not any(process.is_alive() for process in processes)
    assert time.perf_counter() - started < 10


def test_dask_cluster_matches_the_serial_run(
    serial: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import LocalCluster

    from powerpact import cli

    spec_path = tmp_path / "parallel.yaml"
    spec_path.write_text(seeded_spec().model_dump_json(), encoding="utf-8")  # JSON is YAML
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        monkeypatch.setattr(
            sys,
            "argv",
            [
                "powerpact",
                "sweep",
                str(spec_path),
                "--out",
                str(tmp_path / "out"),
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
        cli.main()
    pd.testing.assert_frame_equal(comparable(read_results(tmp_path / "out")), serial)
