"""Running design dispatches (one by one, or in families warm-started in order) here, in local
worker processes or on a Dask cluster, through the sweep's executors (`studies/sweep/
executors.py`: a checked scheduler connection, workers that die with this process). Results come
back in task order, so a study's numbers do not depend on where its dispatches ran."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
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
    families: Sequence[FamilyTask],
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[DesignResult]:
    """Every member of every family, families in order and members in order within each: one
    family runs in one place, so its warm starts do not depend on the workers. `progress` is
    told each family's member count as its results arrive (in order)."""

    def arrived(family: list[DesignResult]) -> None:
        if progress is not None:
            progress(len(family))

    done = _map(run_family_task, families, workers, scheduler, arrived)
    return [member for family in done for member in family]


def _map(
    run: Callable[[_Task], _Result],
    tasks: Sequence[_Task],
    workers: int,
    scheduler: str | None,
    arrived: Callable[[_Result], None] = lambda _: None,
) -> list[_Result]:
    """`run` of every task, results in task order, each handed to `arrived` as it comes."""
    if workers < 1:
        raise InputError("--workers", f"must be at least 1, got {workers}")
    if scheduler:
        client = connect(scheduler)
        try:
            futures = client.map(run, list(tasks), pure=False)
            return _collect((future.result() for future in futures), arrived)
        finally:
            client.close()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(
            workers, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
        ) as pool:
            return _collect(pool.map(run, tasks), arrived)
    return _collect((run(task) for task in tasks), arrived)


def _collect(results: Iterable[_Result], arrived: Callable[[_Result], None]) -> list[_Result]:
    collected = []
    for result in results:
        arrived(result)
        collected.append(result)
    return collected
