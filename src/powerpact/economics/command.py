"""`powerpact appraise SCENARIO --plant NAME`: LCOE, NPV, IRR, payback, gas, CO2 and price risk."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def appraise_command(
    scenario: Annotated[str, typer.Argument(help="Scenario file, system folder or embedded name.")],
    plant: Annotated[str, typer.Option(help="Generator to appraise, e.g. nis-ccgt.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    discount_rate: Annotated[float, typer.Option(help="Real discount rate (WACC).")] = 0.07,
    technology: Annotated[
        str | None, typer.Option(help="Cost data row (ccgt, ocgt, lignite); default from name.")
    ] = None,
    paths: Annotated[int, typer.Option(help="Monte Carlo price paths.")] = 500,
    seed: Annotated[int, typer.Option(help="Seed of the price paths.")] = 2025,
    risk: Annotated[bool, typer.Option(help="Run the price-risk Monte Carlo.")] = True,
) -> None:
    """Appraise a plant: LCOE, NPV, IRR, payback, gas need, CO2, CBAM and price risk."""
    from pydantic import ValidationError

    from powerpact.economics import AppraisalOptions, RiskOptions, appraise
    from powerpact.io import to_json
    from powerpact.system import InputError, load

    try:
        options = AppraisalOptions(discount_rate=discount_rate, technology=technology,
                                   risk=RiskOptions(paths=paths, seed=seed))
    except ValidationError as exc:
        error = exc.errors()[0]
        raise InputError("appraise options", error["msg"],
                         field=".".join(str(p) for p in error["loc"])) from None
    result = appraise(load(scenario), plant, options, risk=risk)
    if as_json:
        print(to_json(result.headline()))
        return
    _print(result.headline())


def _print(headline: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Appraisal of {headline['plant']} ({headline['technology']})")
    table.add_column("")
    table.add_column("value", justify="right")
    for key, value in headline.items():
        if key in ("plant", "technology", "message"):
            continue
        shown = _format(value)
        table.add_row(key, shown)
    console = Console()
    console.print(table)
    if headline.get("message"):
        console.print(headline["message"])


def _format(value: Any) -> str:
    """Rates and factors with 4 significant digits, prices to 0.1 EUR, large sums whole."""
    if not isinstance(value, float):
        return str(value)
    if abs(value) < 10:
        return f"{value:,.4g}"
    return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
