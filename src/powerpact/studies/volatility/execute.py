"""Running design dispatches here, in local worker processes or on a Dask cluster, through the
sweep's executors (`studies/sweep/executors.py`: a checked scheduler connection, workers that die
with this process). Results come back in task order, so a study's numbers do not depend on where
its dispatches ran."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from powerpact.studies.sweep.executors import connect, start_worker
from powerpact.studies.volatility.design import DesignResult, DesignTask, run_design
from powerpact.system import InputError


def run_tasks(
    tasks: Sequence[DesignTask], workers: int = 1, scheduler: str | None = None
) -> list[DesignResult]:
    if workers < 1:
        raise InputError("--workers", f"must be at least 1, got {workers}")
    if scheduler:
        client = connect(scheduler)
        try:
            futures = client.map(run_design, list(tasks), pure=False)
            return list(client.gather(futures))
        finally:
            client.close()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(
            workers, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(run_design, tasks))
    return [run_design(task) for task in tasks]
