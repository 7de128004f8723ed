"""A sweep's outputs across its parameters: one panel per output, written as one HTML file.

A grid is drawn as lines over the first parameter, one line per combination of the others; a
Latin hypercube as points over the first parameter, coloured by the second.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from powerpact.io import write_atomic
from powerpact.report.charts import FONT, SCENARIO_COLOURS
from powerpact.studies.sweep.spec import RESERVED, SweepSpec

# Shown first when a sweep computes them: the security and the value of the investment.
PREFERRED = ("lole_hours", "eens_mwh", "npv_eur", "lcoe_eur_per_mwh", "total_cost_eur")
MAX_PANELS = 4
# Readable panel titles; the column name stays in brackets to find it in results.parquet.
TITLES = {
    "lole_hours": "loss-of-load expectation, h/yr",
    "eens_mwh": "energy not served, MWh/yr",
    "npv_eur": "plant net present value, M EUR",
    "lcoe_eur_per_mwh": "plant LCOE, EUR/MWh",
    "total_cost_eur": "system cost, M EUR/yr",
}
# Lines that coincide (an output that one parameter does not move) stay visible when dashed.
DASHES = ("solid", "dash", "dot", "dashdot")


def _scale(output: str) -> float:
    """Money in millions: 'M EUR' reads better than plotly's '1.5B'."""
    return 1e-6 if output.endswith("_eur") else 1.0


def _title(output: str) -> str:
    key = output.split(".")[-1]
    return f"{TITLES[key]} ({output})" if key in TITLES else output


def plotted_outputs(spec: SweepSpec, results: pd.DataFrame) -> list[str]:
    numeric = [
        c
        for c in results.select_dtypes("number").columns
        if c not in RESERVED and c not in spec.parameters and results[c].notna().any()
    ]
    preferred = [c for c in numeric if c.split(".")[-1] in PREFERRED]
    return (preferred or numeric)[:MAX_PANELS]


def _label(values: pd.Series) -> str:
    return ", ".join(f"{name} = {value:g}" for name, value in values.items())


def _grid_traces(fig: go.Figure, spec: SweepSpec, ok: pd.DataFrame, outputs: list[str]) -> None:
    x, *others = list(spec.parameters)
    groups = ok.groupby(others, sort=True) if others else [((), ok)]
    for number, (_, group) in enumerate(groups):
        group = group.sort_values(x)
        name = _label(group[others].iloc[0]) if others else spec.name
        for row, output in enumerate(outputs, start=1):
            fig.add_trace(
                go.Scatter(
                    x=group[x],
                    y=group[output] * _scale(output),
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=row == 1,
                    line=dict(
                        color=SCENARIO_COLOURS[number % len(SCENARIO_COLOURS)],
                        dash=DASHES[number % len(DASHES)],
                    ),
                ),
                row=row,
                col=1,
            )


def _cloud_traces(fig: go.Figure, spec: SweepSpec, ok: pd.DataFrame, outputs: list[str]) -> None:
    names = list(spec.parameters)
    colour_by = names[1] if len(names) > 1 else names[0]
    for row, output in enumerate(outputs, start=1):
        fig.add_trace(
            go.Scatter(
                x=ok[names[0]],
                y=ok[output] * _scale(output),
                mode="markers",
                showlegend=False,
                marker=dict(
                    color=ok[colour_by],
                    colorscale="Viridis",
                    showscale=row == 1,
                    colorbar=dict(title=dict(text=colour_by, side="right")),
                ),
                hovertext=[_label(r) for _, r in ok[names].iterrows()],
            ),
            row=row,
            col=1,
        )


def sweep_figure(spec: SweepSpec, results: pd.DataFrame) -> go.Figure:
    ok = results[results["status"] == "ok"]
    outputs = plotted_outputs(spec, ok)
    fig = make_subplots(
        rows=max(len(outputs), 1),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[_title(o) for o in outputs],
        vertical_spacing=0.08,
    )
    if outputs:
        draw = _grid_traces if spec.design == "grid" else _cloud_traces
        draw(fig, spec, ok, outputs)
    fig.update_xaxes(title_text=next(iter(spec.parameters)), row=max(len(outputs), 1), col=1)
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=260 * max(len(outputs), 1) + 140,
        title=dict(
            text=f"Sweep {spec.name}: {len(ok)} of {len(results)} points ok", y=0.995, yanchor="top"
        ),
        margin=dict(l=70, r=20, t=150, b=50),
        # above the panels, so they keep the page's full width
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
    return fig


def write_plot(spec: SweepSpec, results: pd.DataFrame, path: Path) -> Path:
    """Self-contained HTML (plotly.js inside), so it opens offline."""
    figure = sweep_figure(spec, results)
    write_atomic(path, lambda p: figure.write_html(p, include_plotlyjs=True, full_html=True))
    return path
