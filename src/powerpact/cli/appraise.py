"""`powerpact appraise SCENARIO --plant NAME`: LCOE, NPV, IRR, payback, gas, CO2 and price risk."""

from __future__ import annotations

import math
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

    from powerpact.economics import AppraisalOptions, RiskOptions
    from powerpact.io import to_json
    from powerpact.studies.appraisal import appraise
    from powerpact.system import InputError, load

    try:
        options = AppraisalOptions(
            discount_rate=discount_rate,
            technology=technology,
            risk=RiskOptions(paths=paths, seed=seed),
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        raise InputError(
            "appraise options", error["msg"], field=".".join(str(p) for p in error["loc"])
        ) from None
    result = appraise(load(scenario), plant, options, risk=risk)
    if as_json:
        print(to_json(result.headline()))
        return
    _print(result.headline())


# Rows of the terminal table: AppraisalFigures field → (label, multiplier); None starts a section
# (tests/test_one_definition.py checks every other key is a field).
_ROWS: dict[str, tuple[str, float] | None] = {
    "plant": None,
    "capacity_mw": ("capacity (MW)", 1.0),
    "capacity_factor": ("capacity factor (%)", 100.0),
    "energy_mwh_per_year": ("energy (GWh/yr)", 1e-3),
    "captured_price_eur_per_mwh": ("price captured (EUR/MWh)", 1.0),
    "gas_need_bcm_per_year": ("gas need (bcm/yr)", 1.0),
    "gas_need_mcm_per_day_full_load": ("gas at full load (mcm/day)", 1.0),
    "co2_t_per_year": ("CO2 (kt/yr)", 1e-3),
    "export_share": ("output exported to the EU (%)", 100.0),
    "cbam_cost_eur_per_year": ("carbon-border cost (M EUR/yr)", 1e-6),
    "finance": None,
    "discount_rate": ("discount rate (%)", 100.0),
    "annual_fixed_cost_eur": ("investment and fixed O&M as an annuity (M EUR/yr)", 1e-6),
    "lcoe_eur_per_mwh": ("LCOE (EUR/MWh)", 1.0),
    "npv_eur": ("NPV at today's prices (M EUR)", 1e-6),
    "irr": ("IRR (%)", 100.0),
    "payback_years": ("payback (years of operation)", 1.0),
    "price risk": None,
    "npv_p10_eur": ("NPV P10 (M EUR)", 1e-6),
    "npv_p50_eur": ("NPV P50 (M EUR)", 1e-6),
    "npv_p90_eur": ("NPV P90 (M EUR)", 1e-6),
    "npv_mean_eur": ("NPV mean (M EUR)", 1e-6),
    "npv_std_eur": ("NPV standard deviation (M EUR)", 1e-6),
    "npv_var95_eur": ("NPV value at risk, 95 % (M EUR)", 1e-6),
    "system cost": None,
    "system_cost_p50_eur": ("system cost PV, P50, with plant (M EUR)", 1e-6),
    "system_cost_without_plant_p50_eur": ("system cost PV, P50, without (M EUR)", 1e-6),
    "system_cost_std_eur": ("system cost PV, std, with plant (M EUR)", 1e-6),
    "system_cost_without_plant_std_eur": ("system cost PV, std, without (M EUR)", 1e-6),
}


def _print(headline: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Appraisal of {headline['plant']} ({headline['technology']})")
    table.add_column("")
    table.add_column("value", justify="right")
    for key, row in _ROWS.items():
        if row is None:
            table.add_section()
            continue
        if key in headline:
            label, multiplier = row
            table.add_row(label, _format(headline[key], multiplier))
    console = Console()
    console.print(table)
    console.print(
        "NPV at today's prices uses the dispatch's prices; the P10–P90 range comes "
        "from correlated gas, CO2 and power price paths (the plant can stay idle when "
        "prices are low, so the median can sit above today's value). "
        "--json gives every figure.",
        highlight=False,
    )
    if headline.get("message"):
        console.print(headline["message"])
    for key, reason in (headline.get("undefined") or {}).items():
        row = _ROWS.get(key)
        console.print(f"{row[0] if row else key}: none, as {reason}.")


def _format(value: Any, multiplier: float = 1.0) -> str:
    """Missing values as a dash; shares and rates to 3 significant digits, money whole."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–" if value is None or math.isnan(value) else ("∞" if value > 0 else "-∞")
    if not isinstance(value, int | float):
        return str(value)
    scaled = value * multiplier
    if abs(scaled) < 10:
        return f"{scaled:#,.3g}"
    return f"{scaled:,.1f}" if abs(scaled) < 1000 else f"{scaled:,.0f}"
