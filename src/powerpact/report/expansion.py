"""The expansion comparison for a report: one table of the least-cost portfolio of each scenario
(from `studies.expand.ExpansionStudy.headline()`), and one of each option's break-even cost.
The assess report can place `portfolio_table` and `break_even_table` (as HTML or Markdown)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

Headline = Mapping[str, Any]


def portfolio_table(headlines: Mapping[str, Headline]) -> pd.DataFrame:
    """Scenarios as rows: MW built of each option, total cost, LOLE after, iterations."""
    built = pd.DataFrame.from_dict(
        {s: dict(h["built_mw_by_candidate"]) for s, h in headlines.items()}, orient="index"
    )
    built = built.reindex(index=list(headlines), columns=sorted(built.columns)).fillna(0.0)
    figures = pd.DataFrame.from_dict(
        {
            scenario: {
                "total cost (M EUR/yr)": headline["total_cost_eur"] / 1e6,
                "LOLE after (h/yr)": headline["lole_hours_after"],
                "standard (h/yr)": headline["adequacy_standard_lole_hours"],
                "security iterations": float(headline["security_iterations"]),
            }
            for scenario, headline in headlines.items()
        },
        orient="index",
    )
    return pd.concat([built.astype(float), figures], axis=1)


def break_even_table(headlines: Mapping[str, Headline]) -> pd.DataFrame:
    """Options as rows: annualised cost and, per scenario, the annual cost at which the option is
    on the margin (it enters below it), in k EUR per MW-year."""
    columns = {}
    first = next(iter(headlines.values()))
    columns["annual cost"] = pd.Series(first["annual_cost_eur_per_mw_yr"]) / 1e3
    for scenario, headline in headlines.items():
        columns[scenario] = pd.Series(headline["break_even_eur_per_mw_yr"]) / 1e3
    return pd.DataFrame(columns)


def markdown(frame: pd.DataFrame, digits: int = 0) -> str:
    """A GitHub Markdown table of `frame` with numbers to `digits` decimals."""
    header = "| " + " | ".join(["", *map(str, frame.columns)]) + " |"
    rule = "|---" * (len(frame.columns) + 1) + "|"
    lines = [header, rule]
    for name, row in frame.iterrows():
        cells = [
            "—"
            if isinstance(v, float) and v != v
            else f"{v:,.{digits}f}"
            if isinstance(v, float)
            else str(v)
            for v in row
        ]
        lines.append("| " + " | ".join([str(name), *cells]) + " |")
    return "\n".join(lines)
