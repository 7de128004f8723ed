"""`powerpact dispatch` and `powerpact export-pypsa`."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from powerpact.cli.operations import HeatFlag, MaintenanceFlag, ReservesFlag, with_operations
from powerpact.system import DEFAULT_SYSTEM

if TYPE_CHECKING:
    from powerpact.dispatch import DispatchSummary


def dispatch_command(
    system: Annotated[
        str, typer.Argument(help="System folder, scenario YAML file or embedded name.")
    ] = DEFAULT_SYSTEM,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    method: Annotated[str, typer.Option(help="HiGHS method: simplex, ipm or pdlp.")] = "simplex",
    commitment: Annotated[
        str,
        typer.Option(
            help="Unit commitment of units with min_stable_fraction: off, milp or lp (relaxed)."
        ),
    ] = "off",
    window_h: Annotated[
        int, typer.Option(help="With commitment: hours per rolling window; 0 = whole horizon.")
    ] = 48,
    keep_h: Annotated[int, typer.Option(help="With commitment: hours kept per window.")] = 24,
    horizon: Annotated[
        str | None,
        typer.Option(
            help="year: one LP over the whole horizon (exact); weeks: weeks solved apart and in "
            "parallel after a coarse plan of the year (faster, slightly dearer). Default: the "
            "system's dispatch_horizon setting (year unless it says weeks)."
        ),
    ] = None,
    start: Annotated[
        str,
        typer.Option(
            help="With --horizon year: cold (simplex from scratch) or weeks (start from the "
            "weeks' solution; same optimum, faster on regional systems)."
        ),
    ] = "cold",
    reserves: ReservesFlag = "system",
    maintenance: MaintenanceFlag = False,
    heat: HeatFlag = False,
) -> None:
    """Least-cost hourly dispatch over the whole horizon, coupled with daily gas supply."""
    from powerpact.dispatch import DispatchOptions, run
    from powerpact.io import to_json
    from powerpact.system import InputError, load

    if commitment not in ("off", "milp", "lp"):
        raise InputError("--commitment", f"must be off, milp or lp, got {commitment!r}")
    if horizon not in (None, "year", "weeks"):
        raise InputError("--horizon", f"must be year or weeks, got {horizon!r}")
    if start not in ("cold", "weeks"):
        raise InputError("--start", f"must be cold or weeks, got {start!r}")
    options = DispatchOptions(
        method=method,
        commitment=cast(Literal["off", "milp", "lp"], commitment),
        window_h=window_h or None,
        keep_h=keep_h,
        horizon=cast(Literal["year", "weeks"] | None, horizon),
        start=cast(Literal["cold", "weeks"], start),
    )
    model = with_operations(load(system), reserves, maintenance, heat)
    summary = run(model, options).summary()
    if as_json:
        print(to_json(summary.to_dict()))
        return
    _print_summary(summary)


# Readable names of the cost breakdown; export revenue is shown positive and subtracted.
COST_LABELS = {
    "fuel_eur": "fuel (other than gas)",
    "co2_eur": "CO2",
    "variable_om_eur": "variable O&M",
    "imports_eur": "imports",
    "export_revenue_eur": "export revenue (subtracted)",
    "unserved_energy_eur": "unserved energy at VOLL",
    "gas_eur": "gas bought (contracts, spot, take-or-pay)",
    "gas_shortfall_eur": "non-power gas shortfall penalty",
    "hurdle_eur": "interconnector hurdle costs",
    "start_up_eur": "unit start-ups",
    "cbam_eur": "CBAM on flows into the EU",
}


def _print_summary(summary: DispatchSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Dispatch of {summary.system} ({summary.hours} hours)")
    table.add_column("")
    table.add_column("value", justify="right")
    rows = [
        ("total cost, M EUR", summary.total_cost_eur / 1e6),
        ("  without lost-load penalties, M EUR", summary.cost_without_lost_load_eur / 1e6),
        ("unserved energy, MWh", summary.unserved_mwh),
        ("CO2, kt", summary.co2_t / 1e3),
        ("gas burnt in power plants, mcm", summary.gas_burn_mcm),
        ("non-power gas not delivered, mcm", summary.gas_shortfall_mcm),
        ("net import (negative: net export), GWh", summary.net_import_mwh / 1e3),
        ("mean price, demand-weighted, EUR/MWh", summary.mean_price_eur_per_mwh),
    ]
    rows += [
        (f"mean price {zone}, hourly average, EUR/MWh", price)
        for zone, price in summary.mean_price_eur_per_mwh_by_zone.items()
    ]
    if len(summary.co2_t_by_zone) > 1:
        rows += [(f"CO2 {zone}, kt", co2 / 1e3) for zone, co2 in summary.co2_t_by_zone.items()]
        rows += [
            (f"net import {zone}, GWh", mwh / 1e3)
            for zone, mwh in summary.net_import_mwh_by_zone.items()
        ]
    focus = summary.focus_zone
    if "paths_delivered_mwh" in focus:
        zone = focus["zone"]
        rows += [
            (f"paths into {zone}: delivered, GWh", focus["paths_delivered_mwh"] / 1e3),
            (f"paths into {zone}: hours used", focus["paths_hours_used"]),
            (
                f"paths into {zone}: mean price {zone} less origin, EUR/MWh",
                focus["paths_mean_spread_eur_per_mwh"],
            ),
            (
                f"paths into {zone}: hours {zone} dearer than origin, %",
                100 * focus["paths_share_of_hours_dearer"],
            ),
        ]
    rows += [
        (f"  {COST_LABELS.get(name, name)}, M EUR", value / 1e6)
        for name, value in summary.cost_breakdown_eur.items()
    ]
    rows += [
        (f"{'storage discharge' if tech == 'storage' else 'generation ' + tech}, GWh", value / 1e3)
        for tech, value in summary.generation_mwh_by_technology.items()
    ]
    for label, value in rows:
        table.add_row(label, f"{value:,.1f}")
    console.print(table)
    console.print(
        f"[dim]{summary.solver} {summary.solver_version}: built in "
        f"{summary.build_time_s:.2f} s, solved in {summary.solve_time_s:.2f} s[/]"
    )


def export_pypsa_command(
    system: Annotated[
        str, typer.Argument(help="System folder, scenario YAML file or embedded name.")
    ],
    out: Annotated[Path, typer.Argument(help="netCDF file to write (e.g. network.nc).")],
    commitment: Annotated[
        bool,
        typer.Option(
            "--commitment",
            help="Export units with min_stable_fraction as committable (the MILP of "
            "dispatch --commitment milp --window-h 0).",
        ),
    ] = False,
) -> None:
    """Write the dispatch problem as a PyPSA network (needs: pip install "powerpact\\[pypsa]")."""
    from rich.console import Console

    from powerpact.interop.pypsa_export import export_pypsa, written_by_powerpact
    from powerpact.outputs_guard import check_output_file, write_errors
    from powerpact.system import load
    from powerpact.system.load import input_paths

    model = load(system)
    check_output_file(out, input_paths(system), written_by_powerpact)
    with quiet_pypsa(), write_errors(out):
        network = export_pypsa(model, out, commitment)
    Console().print(
        f"wrote {out}: {len(network.buses)} buses, {len(network.generators)} generators, "
        f"{len(network.links)} links, {len(network.snapshots)} snapshots"
    )


@contextmanager
def quiet_pypsa() -> Iterator[None]:
    """Keep PyPSA's INFO log lines and pandas-3 FutureWarnings off the terminal.

    pypsa.Network() calls logging.basicConfig(level=INFO), so every import and export would
    otherwise print a log line naming PyPSA's temporary file.
    """
    logger = logging.getLogger("pypsa")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, module="pypsa")
            yield
    finally:
        logger.setLevel(level)
