"""`powerpact volatility [OPTION ...]`: the annual energy bill's distribution per option."""

from __future__ import annotations

from typing import Annotated

import typer


def volatility_command(
    options: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[OPTION]...",
            help="Options: a built-in one (baseline-2025, socar-1bcm, nis-ccgt, ...) or any "
            "scenario file, system folder or embedded name; default: every built-in option.",
        ),
    ] = None,
    paths: Annotated[int, typer.Option(help="Price and climate paths per option.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the paths.")] = 2025,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    zone: Annotated[
        str | None, typer.Option(help="Focus zone whose bill is counted; default RS.")
    ] = None,
    climate_years: Annotated[
        int, typer.Option(help="Climate years standing for 1980-2023 (0: all 44).")
    ] = 6,
    designs: Annotated[
        int,
        typer.Option(
            help="With --method surrogate: full dispatches per climate year where paths are dense."
        ),
    ] = 8,
    cover_radius: Annotated[
        float,
        typer.Option(
            help="With --method surrogate: paths farther than this (in one-year volatilities "
            "of the log prices) from every design get a full dispatch of their own; 0: none."
        ),
    ] = 1.0,
    hours: Annotated[
        int | None, typer.Option(help="Only the first N hours (quick looks); bills annualised.")
    ] = None,
    stress: Annotated[bool, typer.Option(help="Run the named stress paths.")] = True,
    method: Annotated[
        str,
        typer.Option(
            help="exact: every path dispatched in full (warm-started families); surrogate: full "
            "dispatches at design paths only, the rest re-priced (faster, a quick look: "
            "see docs/volatility.md for its gaps)."
        ),
    ] = "exact",
    workers: Annotated[int, typer.Option(help="Local worker processes for the dispatches.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")
    ] = None,
) -> None:
    """How volatile the annual energy bill is under each option, across weather and prices."""
    from powerpact.io import to_json
    from powerpact.limits import check_samples
    from powerpact.report.volatility import print_table
    from powerpact.studies.volatility import (
        DEFAULT_OPTIONS,
        VolatilityOptions,
        option_spec,
        volatility,
    )

    check_samples(paths, "--paths")
    settings = VolatilityOptions(
        paths=paths,
        seed=seed,
        zone=zone,
        climate_years=climate_years or None,
        designs=designs,
        cover_radius_sigma=cover_radius or None,
        hours=hours,
        stress=stress,
        method=method,
        workers=workers,
        scheduler=scheduler,
    )
    chosen = [option_spec(name) for name in options] if options else list(DEFAULT_OPTIONS)
    results = [volatility(option, settings, plain_progress=True) for option in chosen]
    if as_json:
        print(to_json({r.option.name: r.headline() for r in results}))
        return
    print_table(results)
