"""Running a sweep's points in this process, in local worker processes, or on a Dask cluster.

Every way submits the same task, `run_point(spec, index)`, so a point's numbers do not depend on
where it ran. Records come back to this process, which alone writes the results folder.
"""

from __future__ import annotations

import signal
from collections.abc import Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import closing
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from powerpact.io import write_json_atomic
from powerpact.progress import progress_bar
from powerpact.studies.sweep.design import design
from powerpact.studies.sweep.point import run_point
from powerpact.studies.sweep.provenance import sweep_provenance
from powerpact.studies.sweep.spec import SweepSpec
from powerpact.studies.sweep.store import prepare, read_results, write_point, write_results
from powerpact.system import InputError

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


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group; only the parent handles it, by stopping workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
        process.join()


def in_processes(spec: SweepSpec, indices: list[int], workers: int) -> Records:
    # 'spawn' gives each worker a fresh interpreter: no locks inherited from this process's
    # threads (the progress bar's), and the same start-up on every platform.
    pool = ProcessPoolExecutor(workers, get_context("spawn"), initializer=_start_worker)
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


def on_dask(spec: SweepSpec, indices: list[int], address: str) -> Records:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="15s")
    except (OSError, TimeoutError) as exc:
        raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
    futures = [client.submit(run_point, spec, i, pure=False) for i in indices]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        client.close()


def records(
    spec: SweepSpec, indices: list[int], workers: int = 1, scheduler: str | None = None
) -> Records:
    """Point records in the order they finish."""
    if scheduler:
        return on_dask(spec, indices, scheduler)
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
    total = len(design(spec))
    done = prepare(out, spec, resume)
    todo = [i for i in range(total) if i not in done]
    previous = read_results(out)
    failed = int((previous.get("status") == "failed").sum()) if len(previous) else 0
    ok = len(done) - failed
    with progress_bar(
        disable=None if show_progress is None else not show_progress, plain=True
    ) as bar:
        task = bar.add_task(_label(spec, ok, failed, len(todo)), total=total, completed=len(done))
        with closing(records(spec, todo, workers, scheduler)) as stream:
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


def _label(spec: SweepSpec, ok: int, failed: int, left: int) -> str:
    return f"{spec.name}: {ok} ok, [red]{failed} failed[/], {left} left"
