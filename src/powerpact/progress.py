"""One look for long work: a rich progress bar on a terminal, plain lines when piped.

On a terminal (stderr a TTY) the bar redraws in place. Piped or redirected (a log file, CI), a
redrawn bar would be noise: the top-level jobs (`assess`, sweeps, the robustness study; they ask
with `plain=True`) write plain lines to stderr instead, when a task starts, at most every
`PLAIN_EVERY_S` seconds while it runs, and when it completes; an engine's own bar inside them
stays quiet.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

PLAIN_EVERY_S = 10.0


@dataclass
class _Task:
    description: str
    total: float | None
    completed: float
    started: float
    last_line: float
    finished: bool = False


class PlainProgress:
    """The part of rich's `Progress` that powerpact uses, written as plain lines."""

    def __init__(self, stream: IO[str] | None = None, every_s: float = PLAIN_EVERY_S) -> None:
        self._stream = stream
        self._every = every_s
        self._tasks: dict[TaskID, _Task] = {}

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _write(self, task: _Task) -> None:
        stream = self._stream or sys.stderr
        label = Text.from_markup(task.description).plain
        count = f"{task.completed:g}/{task.total:g}" if task.total is not None else ""
        state = "done" if task.finished else "…"
        elapsed = time.perf_counter() - task.started
        print(f"{label}: {count} {state} ({elapsed:.1f} s)".replace("  ", " "), file=stream)
        stream.flush()
        task.last_line = time.perf_counter()

    def add_task(
        self, description: str, total: float | None = 100.0, completed: float = 0, **_: Any
    ) -> TaskID:
        now = time.perf_counter()
        key = TaskID(len(self._tasks))
        task = _Task(description, total, completed, now, now)
        self._tasks[key] = task
        self._check(task, force=True)
        return key

    def _check(self, task: _Task, force: bool = False) -> None:
        if task.finished:
            return
        if task.total is not None and task.completed >= task.total:
            task.finished = True
            self._write(task)
        elif force or time.perf_counter() - task.last_line >= self._every:
            self._write(task)

    def update(
        self,
        task_id: TaskID,
        advance: float | None = None,
        completed: float | None = None,
        description: str | None = None,
        total: float | None = None,
        **_: Any,
    ) -> None:
        task = self._tasks[task_id]
        if description is not None:
            task.description = description
        if total is not None:
            task.total = total
        if completed is not None:
            task.completed = completed
        if advance is not None:
            task.completed += advance
        self._check(task)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        self.update(task_id, advance=advance)


def progress_bar(disable: bool | None = None, plain: bool = False) -> Progress | PlainProgress:
    """Use as `with progress_bar() as bar: task = bar.add_task("label", total=n)`.

    `disable=None`: a bar on a terminal, else plain lines if `plain`, else nothing; True:
    silent; False: a bar."""
    console = Console(stderr=True)
    if disable is None and not sys.stderr.isatty():
        if plain:
            return PlainProgress()
        disable = True
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=bool(disable),
    )
