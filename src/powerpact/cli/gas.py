"""`powerpact gas SYSTEM_OR_SCENARIO`: N-1, supply standard, winter drill and indicators."""

from __future__ import annotations

from typing import Annotated

import typer

from powerpact.system import DEFAULT_SYSTEM


def gas_command(
    system: Annotated[
        str, typer.Argument(help="System folder, scenario YAML file or embedded name.")
    ] = DEFAULT_SYSTEM,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    route: Annotated[
        list[str] | None,
        typer.Option(
            help="Gas entry or storage site out in the drill (repeat for several); "
            "default: the scenario's gas outages, else the largest entry."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="First day of the drill's outage, YYYY-MM-DD; default: the scenario's "
            "outage, else the start of winter."
        ),
    ] = None,
    days: Annotated[int, typer.Option(help="Days the route is out.")] = 30,
    power: Annotated[
        bool, typer.Option("--power", help="Also run dispatch with the route out (slower).")
    ] = False,
    without: Annotated[
        list[str] | None,
        typer.Option(help="With --power: also run without these generators (e.g. nis-ccgt)."),
    ] = None,
) -> None:
    """Gas security of supply: N-1, the supply standard, a winter drill, diversity."""
    from powerpact.io import to_json
    from powerpact.report.gas_tables import gas_report, print_report
    from powerpact.system import load

    report = gas_report(load(system), route or None, start, days, power, tuple(without or ()))
    if as_json:
        print(to_json(report))
        return
    print_report(report)
