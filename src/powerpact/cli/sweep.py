"""`powerpact sweep SPEC.yaml`: run a scenario sweep here, in local processes or on Dask."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def sweep_command(
    spec_path: Annotated[
        str,
        typer.Argument(metavar="SPEC.yaml", help="A sweep spec file, or a shipped one by name."),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Results folder; default: sweep-<name> in the current folder."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Local worker processes (1: run in this process).")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler, e.g. tcp://scheduler-host:8786.",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Finish a sweep in --out: run only missing points.")
    ] = False,
) -> None:
    """Run a scenario sweep; each point is written to --out as soon as it finishes."""
    from rich.console import Console

    from powerpact.outputs_guard import locked
    from powerpact.report.sweep_plot import write_plot
    from powerpact.studies.sweep.run import run_sweep
    from powerpact.studies.sweep.spec import load_spec
    from powerpact.studies.sweep.store import read_results

    spec = load_spec(spec_path)
    done = run_sweep(spec, out or Path(f"sweep-{spec.name}"), workers, scheduler, resume)
    console = Console()
    console.print(
        f"{spec.name}: {done.ok} ok, {done.failed} failed of {done.points} points "
        f"({done.ran} run now) in {done.out}"
    )
    if done.failed:
        console.print("failed points keep their error in the 'error' column of the results")
    if done.results_path:
        console.print(f"results: {done.results_path}")
    if done.ok:
        with locked(done.out):  # the folder's lock, as for the points: runs never interleave
            plot_path = write_plot(spec, read_results(done.out), done.out / f"{spec.name}.html")
        console.print(f"plot: {plot_path}")
