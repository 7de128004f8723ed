"""The `powerpact` command line."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from powerpact import __version__
from powerpact.system import (
    DEFAULT_SYSTEM,
    InputError,
    embedded_scenarios,
    embedded_systems,
    load,
)
from powerpact.system.load import DATA_DIR

app = typer.Typer(
    help="Does a new plant, gas deal or interconnector make energy supply more secure, and at "
    "what cost and carbon?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="The embedded systems and scenarios.", no_args_is_help=True)
app.add_typer(data_app, name="data")
console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        console.print(f"powerpact {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """powerpact command line."""


@app.command()
def validate(
    paths: Annotated[
        list[str], typer.Argument(help="System folders, scenario YAML files or embedded names.")
    ],
) -> None:
    """Check systems or scenarios; print one line per input, exit 2 at the first bad one."""
    for path in paths:
        system = load(path)
        console.print(
            f"[green]ok[/] {path}: {len(system.generators)} generators, "
            f"{system.n_hours} hours, zones {', '.join(system.settings.zones)}"
        )


@data_app.command("list")
def data_list() -> None:
    """List the embedded systems and their scenarios."""
    for system in embedded_systems():
        console.print(f"[bold]{system}[/] (system)")
        for scenario in embedded_scenarios(system):
            console.print(f"  {scenario}")


@data_app.command("copy")
def data_copy(
    name: Annotated[str, typer.Argument(help="Embedded system name, e.g. serbia-2025.")],
    directory: Annotated[Path, typer.Argument(help="New folder to create.")],
) -> None:
    """Copy an embedded system (with its scenarios) to DIR to start your own."""
    if name not in embedded_systems():
        fail(f"{name}: no embedded system of that name (see 'powerpact data list')")
    if directory.exists():
        fail(f"{directory}: already exists; choose a new folder (nothing was overwritten)")
    staging = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(DATA_DIR / name, staging)
    staging.rename(directory)
    console.print(f"copied {name} to {directory}")


@app.command()
def assess(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(help="Scenario files or embedded names; default: every shipped scenario."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Compare scenarios side by side."""
    from powerpact.report.overview import overview, overview_table

    names = scenarios or embedded_scenarios(DEFAULT_SYSTEM)
    overviews = [overview(load(name)) for name in names]
    if as_json:
        print(json.dumps({o.scenario: o.to_dict() for o in overviews}, indent=2))
        return
    frame = overview_table(overviews)
    table = Table(title="System overview by scenario")
    table.add_column("")
    for column in frame.columns:
        table.add_column(str(column), justify="right")
    for label, row in frame.iterrows():
        table.add_row(str(label), *(f"{v:,.1f}" for v in row))
    console.print(table)


def main() -> None:
    try:
        app(standalone_mode=False)
    except InputError as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        errors.print("interrupted; nothing was left half-written")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        raise
