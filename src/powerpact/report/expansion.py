"""The expansion comparison for a report: one table of the least-cost portfolio of each scenario
(from `studies.expand.ExpansionStudy.headline()`), one of each option's break-even cost, and,
when `assess --expansion` ran (studies/expand_compare.py), the report's section with both, the
extra cost of forcing the new plant in or out, and a chart of the portfolios."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from powerpact.report import charts
from powerpact.report.html import Section

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
                "security iterations": int(headline["security_iterations"]),
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
    """A GitHub Markdown table of `frame` with numbers to `digits` decimals (whole-number columns,
    such as counts, without decimals)."""
    header = "| " + " | ".join(["", *map(str, frame.columns)]) + " |"
    rule = "|---" * (len(frame.columns) + 1) + "|"
    lines = [header, rule]
    # By column, not by row: a row of mixed columns would turn counts into floats.
    columns = [[_cell(v, digits) for v in frame[c]] for c in frame.columns]
    for i, name in enumerate(frame.index):
        lines.append("| " + " | ".join([str(name), *(column[i] for column in columns)]) + " |")
    return "\n".join(lines)


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int | np.integer):
        return f"{value:,d}"
    if isinstance(value, float | np.floating):
        return "—" if value != value else f"{value:,.{digits}f}"
    return str(value)


def forcing_table(forcing: Mapping[str, Any]) -> pd.DataFrame:
    """Least cost, new plant's size of CCGT forced in, CCGT kept out: total and extra cost."""
    least = float(forcing["least_cost_total_cost_eur"])
    costs = {
        "least cost": least,
        f"CCGT forced in (≥ {forcing['plant_mw']:,.0f} MW in {forcing['zone']})": float(
            forcing["forced_in_total_cost_eur"]
        ),
        f"no CCGT in {forcing['zone']}": float(forcing["forced_out_total_cost_eur"]),
    }
    return pd.DataFrame(
        {
            "total cost (M EUR)": {k: v / 1e6 for k, v in costs.items()},
            "extra (M EUR)": {k: (v - least) / 1e6 for k, v in costs.items()},
        }
    )


def portfolio_chart(headlines: Mapping[str, Headline]) -> go.Figure:
    """MW built of each option (stacked) per scenario."""
    built = portfolio_table(headlines).loc[
        :, lambda f: [c for c in f.columns if c in _options(headlines)]
    ]
    fig = go.Figure()
    for k, option in enumerate(built.columns):
        fig.add_bar(
            name=option,
            x=list(built.index),
            y=built[option].to_numpy(),
            marker_color=charts.SCENARIO_COLOURS[k % len(charts.SCENARIO_COLOURS)],
            hovertemplate=f"{escape(option)}: %{{y:,.0f}} MW<extra></extra>",
        )
    fig.update_layout(barmode="stack", yaxis_title="MW built", xaxis_title="scenario")
    charts._note_if_empty(fig, built.empty, "nothing to build: every scenario meets demand")
    return charts._style(fig, 420)


def _options(headlines: Mapping[str, Headline]) -> set[str]:
    return {name for h in headlines.values() for name in h["built_mw_by_candidate"]}


def document(assessment: Any) -> dict[str, Any]:
    """The results.json key `expansion` (None when assess ran without --expansion)."""
    study = getattr(assessment, "expansion", None)
    if study is None:
        return {"expansion": None}
    return {"expansion": {"scenarios": study.headlines, "forcing": study.forcing}}


def sections(assessment: Any) -> list[Section]:
    study = getattr(assessment, "expansion", None)
    if study is None or not study.headlines:
        return []
    headlines = study.headlines
    body = charts.to_div(portfolio_chart(headlines), "chart-expansion")
    body += portfolio_table(headlines).to_html(
        float_format=lambda v: f"{v:,.1f}", classes="text", border=0
    )
    if study.forcing is not None:
        body += f"<p>The new plant of {escape(study.forcing['scenario'])}, as a CCGT option in "
        body += f"{escape(study.forcing['reference'])}:</p>"
        body += forcing_table(study.forcing).to_html(
            float_format=lambda v: f"{v:,.1f}", classes="text", border=0
        )
    body += "<p>Break-even annual cost of each option (k EUR per MW-year):</p>"
    body += break_even_table(headlines).to_html(
        float_format=lambda v: f"{v:,.1f}", classes="text", border=0, na_rep="—"
    )
    lead = (
        "What would the cheapest way to meet demand securely build instead? For each scenario of "
        "the latest year, the least-cost additions among gas plants, batteries, wind, solar, "
        "demand response, interconnector upgrades, the green corridor and lignite life extension, "
        "with the adequacy standard met."
    )
    days = ", ".join(f"{n}: {h['representative_days']}" for n, h in headlines.items())
    gaps = ", ".join(
        f"{n}: {100 * h['full_horizon_cost_gap']:+.1f} %" for n, h in headlines.items()
    )
    note = (
        "Expansion LP on representative days chosen automatically (days: "
        f"{escape(days)}); the chosen portfolio's full-year cost differs from theirs by "
        f"{escape(gaps)}. Security loop: multi-area Monte Carlo with ELCC cuts. An option "
        "enters when its annual cost falls below its break-even cost. Method and sources: "
        "docs/expansion.md."
    )
    return [
        Section("expansion", "Expansion", "What is the least-cost portfolio?", lead, body, note)
    ]
