"""The `powerpact` command line."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.exceptions import TyperException

from powerpact import __version__
from powerpact.cli.adequacy import adequacy_command
from powerpact.cli.appraise import appraise_command
from powerpact.cli.dispatch import dispatch_command, export_pypsa_command
from powerpact.cli.expand import expand_command
from powerpact.cli.flags import FlagCommand, FlagGroup
from powerpact.cli.gas import gas_command
from powerpact.cli.sweep import sweep_command
from powerpact.cli.volatility import volatility_command
from powerpact.outputs_guard import write_errors
from powerpact.system import (
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
    cls=FlagGroup,
)
data_app = typer.Typer(
    help="The embedded systems and scenarios.", no_args_is_help=True, cls=FlagGroup
)
console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    # escape: paths and user-written names may contain [brackets] that rich reads as markup
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
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


def validate(
    paths: Annotated[
        list[str], typer.Argument(help="System folders, scenario YAML files or embedded names.")
    ],
) -> None:
    """Check systems or scenarios; print one line per input, exit 2 at the first bad one."""
    for path in paths:
        system = load(path)
        console.print(
            f"[green]ok[/] {escape(path)}: {len(system.generators)} generators, "
            f"{system.n_hours} hours, zones {', '.join(system.settings.zones)}",
            soft_wrap=True,
        )


@data_app.command("list", cls=FlagCommand)
def data_list() -> None:
    """List the embedded systems and their scenarios."""
    for system in embedded_systems():
        console.print(f"[bold]{system}[/] (system)")
        for scenario in embedded_scenarios(system):
            console.print(f"  {scenario}")


@data_app.command("copy", cls=FlagCommand)
def data_copy(
    name: Annotated[str, typer.Argument(help="Embedded system name, e.g. serbia-2025.")],
    directory: Annotated[Path, typer.Argument(help="New folder to create.")],
) -> None:
    """Copy an embedded system (with its scenarios) to a new DIRECTORY to start your own."""
    if name not in embedded_systems():
        fail(f"{name}: no embedded system of that name (see 'powerpact data list')")
    if directory.exists():
        fail(f"{directory}: already exists; choose a new folder (nothing was overwritten)")
    staging = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    with write_errors(directory):
        shutil.copytree(DATA_DIR / name, staging)
        rename_system(staging / "system.yaml", directory.name)
        staging.rename(directory)
    console.print(f"copied {name} to {directory} (system name {directory.name!r})")


def rename_system(path: Path, name: str) -> None:
    """Set the `name:` of a system.yaml, keeping its comments and layout."""
    import re

    import yaml

    text = path.read_text(encoding="utf-8")
    line = yaml.safe_dump({"name": name}, default_flow_style=False).strip()
    renamed, count = re.subn(r"(?m)^name:.*$", lambda _: line, text, count=1)
    if not count:
        renamed = f"{line}\n{text}"
    path.write_text(renamed, encoding="utf-8")


def assess(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(
            help="Scenario files or names; default: every scenario of --system, or "
            "every shipped scenario of the embedded default."
        ),
    ] = None,
    system: Annotated[
        Path | None,
        typer.Option("--system", help="System folder; runs its scenarios/*.yaml, or itself."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output folder: new, empty or an earlier assess's; only powerpact's own files "
            "in it are replaced, once the run completes.",
        ),
    ] = Path("powerpact-out"),
    samples: Annotated[
        int,
        typer.Option("--samples", min=1, help="Monte Carlo years per scenario (up to 100,000)."),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of every random draw.")] = 2025,
    hours: Annotated[
        int | None,
        typer.Option("--hours", min=1, help="Cut each scenario to its first N hours (quick look)."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            help="Scenario the others are compared with (those that edit "
            "another scenario of the run are compared with it); default: baseline*, or "
            "first.",
        ),
    ] = None,
    robustness: Annotated[
        str,
        typer.Option(
            "--robustness",
            help="Where each conclusion would flip: off, quick (gas, carbon and neighbour "
            "prices on a short horizon) or full (every uncertain input, full horizon).",
        ),
    ] = "quick",
    volatility_paths: Annotated[
        int,
        typer.Option(
            "--volatility-paths",
            min=0,
            help="Paths of the volatility section (0: skip it).",
        ),
    ] = 1000,
    volatility: Annotated[
        str,
        typer.Option(
            "--volatility",
            help="quick: each scenario's own dispatch re-priced to price paths (its exposure "
            "to prices, no extra dispatch); exact: every path of climate years and prices a "
            "full dispatch (paths x scenarios dispatches: use fewer --volatility-paths).",
        ),
    ] = "quick",
    climate_years: Annotated[
        str | None,
        typer.Option(
            "--climate-years",
            help="Adequacy over climate years: 'all' (1980–2023), a comma list of years, or "
            "with stress cases, e.g. 'all,dry,cold-2012' (docs/adequacy.md).",
        ),
    ] = None,
    expansion: Annotated[
        bool,
        typer.Option(
            "--expansion",
            help="Add the least-cost expansion of the latest year's scenarios and the cost of "
            "forcing the new plant in or out (minutes per scenario: docs/expansion.md).",
        ),
    ] = False,
    demand_band: Annotated[
        float,
        typer.Option(
            "--demand-band",
            help="Adequacy demand forecast band: standard deviation of the annual demand "
            "level as a fraction (0.03 = 3 %), drawn per sample-year.",
        ),
    ] = 0.0,
    flexibility: Annotated[
        str,
        typer.Option(
            "--flexibility",
            help="Each new plant with unit commitment (rolling 48/24 h, LP relaxation): starts, "
            "ramps and its value of flexibility, on representative weeks scaled to the year "
            "(quick), on the whole year (full: tens of minutes a plant), or off.",
        ),
    ] = "quick",
    credit_samples: Annotated[
        int,
        typer.Option(
            "--credit-samples",
            min=0,
            help="Monte Carlo years per run of the headroom and capacity-credit searches "
            "(many runs a scenario, so fewer than --samples); 0 skips them.",
        ),
    ] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results.json to stdout instead of the table.")
    ] = False,
) -> None:
    """Assess scenarios with every engine; write report.html, results.json and Parquet tables."""
    from powerpact.io import to_json
    from powerpact.limits import check_samples
    from powerpact.report.outputs import results_document, write_all
    from powerpact.report.summary import terminal_tables
    from powerpact.report.verdict import verdict
    from powerpact.studies import assess as run

    check_samples(samples, "--samples")
    systems = run.load_inputs(run.select_inputs(scenarios or [], system))
    run.check_out_dir(out, systems)
    if robustness not in ("off", "quick", "full"):
        fail(f"--robustness: must be off, quick or full, got {robustness!r}")
    if flexibility not in ("off", "quick", "full"):
        fail(f"--flexibility: must be off, quick or full, got {flexibility!r}")
    if volatility not in run.VOLATILITY_FORMS:
        fail(f"--volatility: must be quick or exact, got {volatility!r}")
    options = run.AssessOptions(
        samples=samples,
        seed=seed,
        hours=hours,
        robustness=robustness,
        volatility_paths=volatility_paths,
        volatility=volatility,
        climate_years=climate_years,
        demand_band=demand_band,
        credit_samples=credit_samples,
        expansion=expansion,
        flexibility=flexibility,
    )
    assessment = run.assess(systems, options, baseline=baseline)
    folder = run.write_outputs(assessment, out, write_all)
    if as_json:
        print(to_json(results_document(assessment, run.provenance(assessment))))
        return
    headlines = assessment.headlines()
    for table in terminal_tables(headlines, assessment.baseline, assessment.references):
        console.print(table)
    from powerpact.report.summary import horizon_hours, units_note

    units = units_note(horizon_hours(headlines) or assessment.scenarios[0].system.n_hours)
    console.print(f"{units} ± is a 95 % interval.", highlight=False)
    from powerpact.report.robustness import entries

    text = verdict(headlines, assessment.baseline, assessment.references, entries(assessment))
    console.print(text, highlight=False)
    console.print(f"report: {folder / 'report.html'}", highlight=False, soft_wrap=True)


# Registered here so that `powerpact --help` lists the main job first.
app.command("assess", cls=FlagCommand)(assess)
app.command("dispatch", cls=FlagCommand)(dispatch_command)
app.command("adequacy", cls=FlagCommand)(adequacy_command)
app.command("gas", cls=FlagCommand)(gas_command)
app.command("appraise", cls=FlagCommand)(appraise_command)
app.command("sweep", cls=FlagCommand)(sweep_command)
app.command("volatility", cls=FlagCommand)(volatility_command)
app.command("expand", cls=FlagCommand)(expand_command)
app.command("export-pypsa", cls=FlagCommand)(export_pypsa_command)
app.command("validate", cls=FlagCommand)(validate)
app.add_typer(data_app, name="data")


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except InputError as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except (KeyboardInterrupt, click.exceptions.Abort, typer.Abort):
        # click (and typer's own copy of it, from typer 0.22) turns Ctrl-C into Abort outside
        # standalone mode
        errors.print("interrupted; nothing was left half-written")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (click.exceptions.ClickException, TyperException) as exc:
        # A bad option value or usage: one line, as for bad input files.
        message = exc.format_message()
        hint = " (see --help)" if exc.exit_code == 2 else ""
        errors.print(
            f"[bold red]error:[/] {escape(message + hint)}", highlight=False, soft_wrap=True
        )
        sys.exit(exc.exit_code)
    # Outside standalone mode click returns the code of a typer.Exit instead of exiting with it;
    # typer 0.22+ turns Ctrl-C into such an exit with code 130.
    if code == 130:
        errors.print("interrupted; nothing was left half-written")
    if isinstance(code, int) and code:
        sys.exit(code)
