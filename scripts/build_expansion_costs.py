"""Build ``src/powerpact/data/expansion_costs.csv``: annualisable costs of the expansion options.

Reads ``scripts/expansion/figures.csv`` (one row per technology, costs in the price year of their
source) and the euro-area HICP rates of ``scripts/serbia_default/figures.csv``, and writes every
cost in EUR2025. Run from the repository root: ``python scripts/build_expansion_costs.py``; the
output is byte-identical for the same inputs.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "scripts" / "expansion" / "figures.csv"
HICP = ROOT / "scripts" / "serbia_default" / "figures.csv"
OUT = ROOT / "src" / "powerpact" / "data" / "expansion_costs.csv"
PRICE_BASE = 2025
COLUMNS = [
    "technology",
    "kind",
    "fuel",
    "capex_eur_per_kw",
    "capex_eur_per_kwh",
    "fixed_om_eur_per_kw_yr",
    "variable_om_eur_per_mwh",
    "efficiency",
    "lifetime_yr",
    "forced_outage_rate",
    "price_base",
    "source",
    "note",
]


def hicp_rates_pct() -> dict[int, float]:
    with HICP.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        int(row["year"]): float(row["value"])
        for row in rows
        if row["key"].startswith("hicp.inflation_")
    }


def inflation_factor(rates: dict[int, float], from_year: int) -> float:
    """Euro-area price factor from `from_year` to PRICE_BASE: product of (1 + annual rate)."""
    factor = 1.0
    for year in range(from_year + 1, PRICE_BASE + 1):
        factor *= 1 + rates[year] / 100
    return factor


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def row_of(figure: dict[str, str], rates: dict[int, float]) -> dict[str, str]:
    factor = inflation_factor(rates, int(figure["price_year"]))
    capex_kw = _number(figure["capex_per_kw"])
    capex_kwh = _number(figure["capex_per_kwh"])
    share = _number(figure["fixed_om_pct_of_capex"])
    fixed = _number(figure["fixed_om_per_kw_yr"])
    if share is not None:
        fixed = (capex_kw or 0.0) * share / 100
    money = {
        "capex_eur_per_kw": capex_kw,
        "capex_eur_per_kwh": capex_kwh,
        "fixed_om_eur_per_kw_yr": fixed,
        "variable_om_eur_per_mwh": _number(figure["variable_om_per_mwh"]),
    }
    written = {k: "" if v is None else f"{v * factor:.2f}" for k, v in money.items()}
    deflated = f" Converted from EUR{figure['price_year']} by euro-area HICP x{factor:.4f}."
    return {
        "technology": figure["technology"],
        "kind": figure["kind"],
        "fuel": figure["fuel"],
        **written,
        "efficiency": figure["efficiency"],
        "lifetime_yr": figure["lifetime_yr"],
        "forced_outage_rate": figure["forced_outage_rate"],
        "price_base": f"EUR{PRICE_BASE}",
        "source": figure["source"],
        "note": figure["note"] + (deflated if factor != 1.0 else ""),
    }


def main() -> None:
    rates = hicp_rates_pct()
    with FIGURES.open(encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row_of(figure, rates) for figure in figures)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
