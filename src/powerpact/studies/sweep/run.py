"""Running a sweep's points in this process, in local worker processes, or on a Dask cluster.

Every way submits the same task, `run_point(spec, index)`, so a point's numbers do not depend on
where it ran. Records come back to this process, which alone writes the results folder.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import closing
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from powerpact.io import write_json_atomic
from powerpact.outputs_guard import check_inputs_outside, check_writable, locked
from powerpact.progress import progress_bar
from powerpact.studies.sweep.design import design
from powerpact.studies.sweep.executors import connect, start_worker
from powerpact.studies.sweep.point import run_point
from powerpact.studies.sweep.provenance import sweep_provenance
from powerpact.studies.sweep.spec import SweepSpec, spec_inputs
from powerpact.studies.sweep.store import (
    check_folder,
    prepare,
    read_results,
    write_point,
    write_results,
)
from powerpact.system import InputError

if TYPE_CHECKING:
    from distributed import Client

Record = dict[str, Any]
# Generators, not plain iterators: the caller closes them to stop workers early.
Records = Generator[Record, None, None]


@dataclass(frozen=True)
class SweepRun:
    out: Path
    points: int
    ok: int
    failed: int
    ran: int
    results_path: Path | None


def _serial(spec: SweepSpec, indices: list[int]) -> Records:
    for index in indices:
        yield run_point(spec, index)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the running points now, not when they finish."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the only handle on the workers is this attribute; shutdown() clears it.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():  # SIGTERM not yet acted on (a busy, loaded machine): insist
            process.kill()
            process.join(timeout=5)


def in_processes(spec: SweepSpec, indices: list[int], workers: int) -> Records:
    # 'spawn' gives each worker a fresh interpreter: no locks inherited from this process's
    # threads (the progress bar's), and the same start-up on every platform.
    pool = ProcessPoolExecutor(
        workers, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
    )
    pending: set[Future[Record]] = {pool.submit(run_point, spec, i) for i in indices}
    try:
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
    finally:
        if pending:
            _stop_workers(pool)
        else:
            pool.shutdown(wait=True)


def on_dask(spec: SweepSpec, indices: list[int], client: Client) -> Records:
    """Points on the cluster of a connected client (`executors.connect`)."""
    from distributed import as_completed

    futures = [client.submit(run_point, spec, i, pure=False) for i in indices]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)


def records(
    spec: SweepSpec, indices: list[int], workers: int = 1, client: Client | None = None
) -> Records:
    """Point records in the order they finish."""
    if client is not None:
        return on_dask(spec, indices, client)
    if workers > 1:
        return in_processes(spec, indices, workers)
    return _serial(spec, indices)


def run_sweep(
    spec: SweepSpec,
    out: str | Path,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    show_progress: bool | None = None,
) -> SweepRun:
    """Run the points not yet in `out`, writing each as it finishes; then the results table.

    Ctrl-C (KeyboardInterrupt) stops the workers and propagates; finished points stay written.
    """
    if workers < 1:
        raise InputError("--workers", f"must be at least 1, got {workers}")
    out = Path(out)
    check_inputs_outside(out, spec_inputs(spec))
    check_writable(out)
    check_folder(out, spec, resume)
    # Connect before writing anything, so that an unreachable scheduler leaves no folder behind
    # to be refused as "already holds a sweep" on the retry.
    client = connect(scheduler) if scheduler else None
    try:
        with locked(out):
            return _run_locked(spec, out, workers, client, resume, show_progress)
    finally:
        if client is not None:
            client.close()


def _run_locked(
    spec: SweepSpec,
    out: Path,
    workers: int,
    client: Client | None,
    resume: bool,
    show_progress: bool | None,
) -> SweepRun:
    total = len(design(spec))
    done = prepare(out, spec, resume)
    todo = [i for i in range(total) if i not in done]
    ok, failed = _counts(out, done)
    with progress_bar(
        disable=None if show_progress is None else not show_progress, plain=True
    ) as bar:
        task = bar.add_task(_label(spec, ok, failed, len(todo)), total=total, completed=len(done))
        with closing(records(spec, todo, workers, client)) as stream:
            for record in stream:
                write_point(out, record)
                ok, failed = (ok + 1, failed) if record["status"] == "ok" else (ok, failed + 1)
                label = _label(spec, ok, failed, total - ok - failed)
                bar.update(task, advance=1, description=label)
    results = read_results(out)
    provenance = sweep_provenance(spec)
    results.attrs["provenance"] = provenance
    write_json_atomic(out / "provenance.json", provenance)
    results_path = write_results(out, results)
    return SweepRun(out, total, ok, failed, len(todo), results_path)


def _counts(out: Path, done: set[int]) -> tuple[int, int]:
    """(ok, failed) among the points already in `out`."""
    previous = read_results(out)
    failed = int((previous.get("status") == "failed").sum()) if len(previous) else 0
    return len(done) - failed, failed


def _label(spec: SweepSpec, ok: int, failed: int, left: int) -> str:
    return f"{spec.name}: {ok} ok, [red]{failed} failed[/], {left} left"
