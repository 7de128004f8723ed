"""Running design dispatches (one by one, or in families warm-started in order) here, in local
worker processes or on a Dask cluster, through the sweep's executors (`studies/sweep/
executors.py`: a checked scheduler connection, workers that die with this process). Results come
back in task order, so a study's numbers do not depend on where its dispatches ran."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

from powerpact.studies.sweep.executors import connect, start_worker
from powerpact.studies.volatility.design import (
    DesignResult,
    DesignTask,
    FamilyTask,
    run_design,
    run_family_task,
)
from powerpact.system import InputError

_Task = TypeVar("_Task")
_Result = TypeVar("_Result")


def run_tasks(
    tasks: Sequence[DesignTask], workers: int = 1, scheduler: str | None = None
) -> list[DesignResult]:
    """Each task a full dispatch from scratch."""
    return _map(run_design, tasks, workers, scheduler)


def run_families(
    families: Sequence[FamilyTask], workers: int = 1, scheduler: str | None = None
) -> list[DesignResult]:
    """Every member of every family, families in order and members in order within each: one
    family runs in one place, so its warm starts do not depend on the workers."""
    done = _map(run_family_task, families, workers, scheduler)
    return [member for family in done for member in family]


def _map(
    run: Callable[[_Task], _Result],
    tasks: Sequence[_Task],
    workers: int,
    scheduler: str | None,
) -> list[_Result]:
    if workers < 1:
        raise InputError("--workers", f"must be at least 1, got {workers}")
    if scheduler:
        client = connect(scheduler)
        try:
            futures = client.map(run, list(tasks), pure=False)
            return list(client.gather(futures))
        finally:
            client.close()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(
            workers, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(run, tasks))
    return [run(task) for task in tasks]
