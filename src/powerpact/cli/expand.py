"""`powerpact expand X [--candidates FILE] [--periods N] --json --out DIR`: least-cost capacity
expansion that meets the adequacy standard; the expanded system is written to DIR/system."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from powerpact.system import DEFAULT_SYSTEM


def expand_command(
    system: Annotated[
        str, typer.Argument(help="System folder, scenario YAML file or embedded name.")
    ] = DEFAULT_SYSTEM,
    candidates: Annotated[
        Path | None,
        typer.Option(help="Candidates CSV (docs/expansion.md); default: a set for every zone."),
    ] = None,
    periods: Annotated[
        str,
        typer.Option(
            help="Representative days, or auto: 12, doubled until the portfolio's full-year "
            "cost is within 2 % of the aggregated model's (at most --max-days)."
        ),
    ] = "auto",
    max_days: Annotated[
        int, typer.Option(help="Most representative days --periods auto tries.")
    ] = 96,
    samples: Annotated[int, typer.Option(help="Monte Carlo samples of each adequacy check.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the adequacy Monte Carlo.")] = 1,
    climate_years: Annotated[
        str | None, typer.Option(help="Climate years of the adequacy check, e.g. all.")
    ] = None,
    iterations: Annotated[int, typer.Option(help="Most security iterations.")] = 5,
    wacc: Annotated[float, typer.Option(help="Real WACC of the annuities.")] = 0.07,
    commitment: Annotated[
        str,
        typer.Option(
            help="off, or lp: relaxed unit commitment of new CCGTs and lignite units "
            "(minimum stable load of online capacity, start-up costs)."
        ),
    ] = "off",
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Folder for results.json and the expanded system/.")
    ] = None,
) -> None:
    """Least-cost capacity expansion with the adequacy standard built in."""
    from powerpact.dispatch.candidates import read_candidates
    from powerpact.io import to_json, write_json_atomic
    from powerpact.limits import check_samples
    from powerpact.outputs_guard import check_inputs_outside, replace_outputs
    from powerpact.studies.expand import run_expansion
    from powerpact.system import InputError, load
    from powerpact.system.write import write_system

    check_samples(samples, "--samples")
    if periods != "auto" and not (periods.isdigit() and int(periods) >= 1):
        raise InputError("--periods", f"must be auto or a whole number >= 1, got {periods!r}")
    if max_days < 1:
        raise InputError("--max-days", f"must be a whole number >= 1, got {max_days}")
    if commitment not in ("off", "lp"):
        raise InputError("--commitment", f"must be off or lp, got {commitment!r}")
    if not 0 <= wacc < 1:
        raise InputError("--wacc", "must be in [0, 1)")
    model = load(system)
    if out is not None and model._raw is not None:
        check_inputs_outside(out, [model._raw.folder])
    options = read_candidates(model, candidates, wacc) if candidates is not None else None
    study = run_expansion(
        model,
        options,
        periods=periods if periods == "auto" else int(periods),
        samples=samples,
        seed=seed,
        climate_years=climate_years,
        max_iterations=iterations,
        wacc=wacc,
        commitment=commitment == "lp",
        max_days=max_days,
    )
    headline = study.headline()
    if out is not None:

        def write(folder: Path) -> None:
            write_json_atomic(folder / "results.json", headline)
            write_system(study.expanded, folder / "system", f"{model.name}-expanded")

        replace_outputs(out, "expand", write)
    if as_json:
        print(to_json(headline))
        return
    _print(headline)


def _print(headline: dict[str, Any]) -> None:
    print(f"{headline['system']}: least-cost expansion")
    for name, mw in headline["built_mw_by_candidate"].items():
        print(f"  {name:<28} {mw:>10,.0f} MW")
    print(f"  total cost {headline['total_cost_eur'] / 1e6:,.1f} M EUR per horizon")
    print(
        f"  {headline['representative_days']} representative days; full-year cost of the "
        f"portfolio {100 * headline['full_horizon_cost_gap']:+.2f} % from theirs"
    )
    print(
        f"  LOLE {headline['lole_hours_after']:.3g} h/yr (standard "
        f"{headline['adequacy_standard_lole_hours']:g}) after "
        f"{headline['security_iterations']} iteration(s)"
    )
