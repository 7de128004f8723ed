"""`powerpact adequacy`: loss-of-load risk of a system, scenario or PyPSA network."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from powerpact.cli.operations import MaintenanceFlag, ReservesFlag, with_operations
from powerpact.system import InputError, System


class Method(StrEnum):
    copt = "copt"
    montecarlo = "montecarlo"


def adequacy_command(
    system: Annotated[
        str | None,
        typer.Argument(help="System folder, scenario YAML or embedded name (omit with --pypsa)."),
    ] = None,
    method: Annotated[Method, typer.Option(help="Exact COPT or sequential Monte Carlo.")] = (
        Method.montecarlo
    ),
    samples: Annotated[
        int, typer.Option(min=1, help="Monte Carlo sample years (up to 100,000).")
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).")] = 1,
    pypsa: Annotated[
        Path | None, typer.Option("--pypsa", help="Read a PyPSA network (.nc) instead.")
    ] = None,
    outage_rates: Annotated[
        Path | None,
        typer.Option(help="CSV generator,forced_outage_rate,mttr_h for --pypsa generators."),
    ] = None,
    copper_plate: Annotated[
        bool,
        typer.Option(
            "--copper-plate",
            help="Pool a multi-zone system's zones into one (interconnectors unlimited).",
        ),
    ] = False,
    climate_years: Annotated[
        str | None,
        typer.Option(
            help="Monte Carlo over climate years: 'all' (1980–2023), or a comma list of years "
            "and stress cases 'dry', 'cold-2012' (docs/adequacy.md, Climate years).",
        ),
    ] = None,
    demand_band: Annotated[
        float,
        typer.Option(
            help="Monte Carlo demand forecast band: standard deviation of the annual demand "
            "level as a fraction (0.03 = 3 %), drawn per sample-year (docs/adequacy.md).",
        ),
    ] = 0.0,
    elcc: Annotated[
        str | None,
        typer.Option(
            "--elcc",
            help="Capacity credit (ELCC, EFC) of this generator, interconnector or path instead.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    reserves: ReservesFlag = "system",
    maintenance: MaintenanceFlag = False,
) -> None:
    """Loss-of-load expectation (LOLE), unserved energy (EENS) and probability (LOLP)."""
    from rich.console import Console
    from rich.table import Table

    from powerpact.adequacy import MonteCarloOptions, copt, monte_carlo
    from powerpact.adequacy.multiarea import (
        ZONE_KEYS,
        MultiAreaResult,
        is_multi_area,
        monte_carlo_areas,
        require_single_area,
    )
    from powerpact.adequacy.results import AdequacyResult, format_significant
    from powerpact.io import to_json
    from powerpact.limits import check_samples
    from powerpact.system import load

    if pypsa is not None and system is not None:
        # Reading one and ignoring the other would report on a system the user did not mean.
        raise InputError(
            "adequacy", f"give either a system ({system}) or --pypsa {pypsa}, not both"
        )
    check_samples(samples, "--samples")
    if pypsa is not None:
        from powerpact.cli.dispatch import quiet_pypsa
        from powerpact.interop.pypsa_import import system_from_pypsa

        with quiet_pypsa():
            model = system_from_pypsa(pypsa, outage_rates)
        _warn_defaults(model, outage_rates)
    elif system is None:
        raise InputError("adequacy", "give a system, scenario or --pypsa network.nc")
    else:
        model = load(system)
    if outage_rates is not None and pypsa is None:
        raise InputError("--outage-rates", "only applies with --pypsa")
    model = with_operations(model, reserves, maintenance, heat=False)
    if elcc is not None:
        _capacity_credit(model, elcc, samples, seed, method, copper_plate, as_json)
        return
    # A system of several zones is solved area by area (zones joined by their lines); pooling
    # it, as COPT must, is done only when asked for.
    result: AdequacyResult | MultiAreaResult
    if climate_years is not None and method is Method.copt:
        raise InputError("--climate-years", "applies to --method montecarlo only")
    if demand_band and method is Method.copt:
        raise InputError("--demand-band", "applies to --method montecarlo only")
    options = MonteCarloOptions(
        climate_years=None
        if climate_years is None
        else [item.strip() for item in climate_years.split(",") if item.strip()],
        demand_band=demand_band,
    )
    if method is Method.copt:
        if not copper_plate:
            require_single_area(model, "adequacy --method copt")
        result = copt(model)
    elif is_multi_area(model) and not copper_plate:
        result = monte_carlo_areas(model, samples=samples, seed=seed, options=options)
    else:
        result = monte_carlo(model, samples=samples, seed=seed, options=options)
    headline = result.headline()
    if as_json:
        print(to_json(headline))
        return
    table = Table(title=f"Adequacy of {model.name} ({method.value})")
    table.add_column("")
    table.add_column("value", justify="right")
    for key, value in headline.items():
        if isinstance(value, dict | list):
            continue  # zones and climate years: printed as their own tables below
        table.add_row(key, format_significant(value) if isinstance(value, float) else str(value))
    Console().print(table)
    if isinstance(result, MultiAreaResult):
        zones = Table(title="By zone (own load first, zones served in system.yaml order)")
        zones.add_column("zone")
        for key in ZONE_KEYS:
            zones.add_column(f"{key} ± stderr", justify="right")
        for zone, values in result.zone_indices().items():
            zones.add_row(
                zone,
                *(
                    f"{format_significant(values[key])} ± "
                    f"{format_significant(values[f'{key}_stderr'], 2)}"
                    for key in ZONE_KEYS
                ),
            )
        Console().print(zones)
    system_result = result.system if isinstance(result, MultiAreaResult) else result
    if system_result.climate_years:
        from powerpact.cli.climate_tables import climate_tables

        for table in climate_tables(system_result):
            Console().print(table)


def defaulted_generators(model: Any, outage_rates: Path | None) -> list[str]:
    """Generators of an imported PyPSA network that got the default outage rate and repair
    time of their carrier: dispatchable ones (no profile) that the rates file does not list."""
    import pandas as pd

    listed: set[str] = set()
    if outage_rates is not None:
        listed = set(pd.read_csv(outage_rates, dtype=str)["generator"].str.strip())
    gens = model.generators
    return [str(n) for n in gens.index[gens["profile"] == ""] if n not in listed]


def _warn_defaults(model: Any, outage_rates: Path | None) -> None:
    missing = defaulted_generators(model, outage_rates)
    if not missing:
        return
    where = "without --outage-rates" if outage_rates is None else f"not in {outage_rates}"
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    print(
        f"warning: {len(missing)} generator(s) {where} use the default forced outage rate and "
        f"repair time of their carrier (docs/adequacy.md): {shown}",
        file=sys.stderr,
    )


def _capacity_credit(
    model: System,
    resource: str,
    samples: int,
    seed: int,
    method: Method,
    pooled: bool,
    as_json: bool,
) -> None:
    """`--elcc NAME`: the capacity credit study, printed as JSON or a table."""
    from rich.console import Console
    from rich.table import Table

    from powerpact.adequacy.results import format_significant
    from powerpact.io import to_json
    from powerpact.studies.capacity_credit import capacity_credit

    if method is Method.copt:
        # Bisection relies on common random numbers between Monte Carlo runs.
        raise InputError("--elcc", "runs on the Monte Carlo engines (--method montecarlo)")
    if pooled:
        raise InputError("--elcc", "uses the multi-area engine on several zones: no --copper-plate")
    figures = capacity_credit(model, resource, samples, seed).to_dict()
    if as_json:
        print(to_json(figures))
        return
    table = Table(title=f"Capacity credit of {resource} in {model.name}")
    table.add_column("")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, format_significant(value) if isinstance(value, float) else str(value))
    Console().print(table)
