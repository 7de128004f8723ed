"""The report's charts: plotly figures built from plain pandas data, not from engine objects.

Where a chart shows one scenario at a time, a dropdown switches between scenarios (all traces are
in the figure, one group visible at a time), so the page needs no server.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# One colour per technology everywhere in the report; unknown technologies get a neutral grey.
COLOURS = {
    "lignite": "#7a5230",
    "coal": "#4b4b4b",
    "gas": "#e07b39",
    "oil": "#8c564b",
    "nuclear": "#9467bd",
    "hydro": "#1f5fa8",
    "hydro_reservoir": "#1f5fa8",
    "run_of_river": "#5aa0e0",
    "wind": "#2ca58d",
    "solar": "#f2c12e",
    "biomass": "#6b8e23",
    "other": "#9aa5b1",
    "storage": "#17becf",
    "storage charging": "#8fd9e3",
    "imports": "#b07cc6",
    "exports": "#dcc6e6",
    "unserved": "#d62728",
}
SCENARIO_COLOURS = [
    "#0b5cad",
    "#e07b39",
    "#2ca58d",
    "#9467bd",
    "#d62728",
    "#8c564b",
    "#17becf",
    "#7f7f7f",
]
FONT = dict(family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", size=13)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
Z95 = 1.96


def colour(name: str) -> str:
    return COLOURS.get(name, COLOURS["other"])


def label(name: str) -> str:
    """A technology as readers write it: 'run of river', not 'run_of_river'."""
    return name.replace("_", " ")


def _style(fig: go.Figure, height: int = 440) -> go.Figure:
    """House style; call before `_dropdown`, which moves the legend aside."""
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=60, r=20, t=40, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
    return fig


def _dropdown(fig: go.Figure, groups: list[tuple[str, int]]) -> None:
    """Show one group of traces at a time; `groups` is (label, trace count) in trace order."""
    if len(groups) <= 1:
        return
    total = sum(n for _, n in groups)
    buttons, start = [], 0
    for label, count in groups:
        visible = [start <= i < start + count for i in range(total)]
        buttons.append(dict(label=label, method="update", args=[{"visible": visible}]))
        start += count
    first = groups[0][1]
    for i, trace in enumerate(fig.data):
        trace.visible = i < first
    # Menu above the plot on the left, legend in its own column on the right: neither hides
    # the other however many entries the legend has.
    fig.update_layout(
        updatemenus=[
            dict(
                buttons=buttons,
                direction="down",
                x=0,
                xanchor="left",
                y=1.02,
                yanchor="bottom",
                showactive=True,
                pad=dict(b=4),
            )
        ],
        legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"),
        margin=dict(t=70, r=10),
    )


def _note_if_empty(fig: go.Figure, empty: bool, text: str) -> None:
    """A plain statement on a chart whose data are all zero, so an empty plot is not a puzzle."""
    if empty:
        fig.add_annotation(
            text=text,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font=dict(size=15, color="#5b6b7c"),
            bgcolor="rgba(255,255,255,0.85)",
        )


def capacity_mix(capacity_mw: Mapping[str, Mapping[str, float]]) -> go.Figure:
    """Installed capacity by technology, one stacked bar per scenario."""
    frame = pd.DataFrame(capacity_mw).fillna(0.0)
    frame = frame.loc[frame.sum(axis=1).sort_values(ascending=False).index]
    fig = go.Figure(
        [
            go.Bar(
                name=label(str(tech)),
                x=list(frame.columns),
                y=frame.loc[tech].to_numpy(),
                marker_color=colour(str(tech)),
                hovertemplate="%{x}<br>" + label(str(tech)) + ": %{y:,.0f} MW<extra></extra>",
            )
            for tech in frame.index
        ]
    )
    fig.update_layout(barmode="stack", yaxis_title="installed capacity (MW)")
    return _style(fig)


def peak_winter_week(demand_mw: pd.Series, timezone: str = "UTC") -> pd.DatetimeIndex:
    """The 7 local days, Monday to Sunday or any start, of highest winter demand (Dec–Feb).

    Falls back to the whole year's highest week, and to the whole horizon when shorter than a week.
    """
    local = demand_mw.tz_convert(timezone) if demand_mw.index.tz is not None else demand_mw
    daily = local.groupby(local.index.normalize()).sum()
    if len(daily) <= 7:
        return pd.DatetimeIndex(demand_mw.index)
    week = daily.rolling(7).sum().shift(-6).dropna()
    winter = week[week.index.month.isin([12, 1, 2])]
    start = (winter if len(winter) else week).idxmax()
    mask = (local.index >= start) & (local.index < start + pd.Timedelta(days=7))
    return pd.DatetimeIndex(demand_mw.index[mask])


def dispatch_stack(
    weeks: Mapping[str, pd.DataFrame], demand_mw: Mapping[str, pd.Series], timezone: str = "UTC"
) -> go.Figure:
    """Hourly supply stacked by source (MW) against demand, one scenario shown at a time.

    `weeks[scenario]` has an hourly UTC index and one column per source (technologies, storage,
    imports, unserved); negative values (charging, exports) stack below zero.
    """
    fig = go.Figure()
    groups = []
    for name, frame in weeks.items():
        x = frame.index.tz_convert(timezone) if frame.index.tz is not None else frame.index
        x = x.tz_localize(None)
        count = 0
        for source in frame.columns:
            series = frame[source]
            if not np.any(np.abs(series.to_numpy()) > 1e-6):
                continue
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=series.to_numpy(),
                    name=label(str(source)),
                    mode="lines",
                    line=dict(width=0),
                    stackgroup="neg" if series.min() < -1e-6 else "pos",
                    fillcolor=colour(str(source)),
                    hovertemplate=label(str(source)) + ": %{y:,.0f} MW<extra></extra>",
                    legendgroup=str(source),
                )
            )
            count += 1
        fig.add_trace(
            go.Scatter(
                x=x,
                y=demand_mw[name].reindex(frame.index).to_numpy(),
                name="demand",
                mode="lines",
                line=dict(color="#10263f", width=2),
                hovertemplate="demand: %{y:,.0f} MW<extra></extra>",
            )
        )
        groups.append((name, count + 1))
    fig.update_layout(
        yaxis_title="MW", hovermode="x unified", xaxis_title=f"local time ({timezone})"
    )
    _style(fig, 580)
    _dropdown(fig, groups)
    return fig


def adequacy_bars(
    lole_hours: Mapping[str, tuple[float, float]],
    eens_mwh: Mapping[str, tuple[float, float]],
    hours: int | None = None,
) -> go.Figure:
    """LOLE and EENS by scenario, each (estimate, standard error), with 95 % intervals; per year,
    or over the horizon when `hours` is shorter than a year."""
    from powerpact.report.summary import per

    span = per(hours)
    titles = (
        ("LOLE (hours/year)", "EENS (MWh/year)")
        if span == "/yr"
        else (
            f"LOLE (hours{span})",
            f"EENS (MWh{span})",
        )
    )
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles)
    for col, data, unit in ((1, lole_hours, f"h{span}"), (2, eens_mwh, f"MWh{span}")):
        names = list(data)
        estimate = np.array([data[n][0] for n in names])
        error = np.array([Z95 * data[n][1] for n in names])
        fig.add_trace(
            go.Bar(
                x=names,
                y=estimate,
                error_y=dict(type="data", array=error, visible=True),
                marker_color=[
                    SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(len(names))
                ],
                showlegend=False,
                customdata=error,
                hovertemplate="%{x}: %{y:,.2f} ± %{customdata:,.2f} " + unit + "<extra></extra>",
            ),
            row=1,
            col=col,
        )
    everything = [v for data in (lole_hours, eens_mwh) for pair in data.values() for v in pair]
    _note_if_empty(fig, not np.any(everything), "No loss of load in any sampled year")
    return _style(fig)


def shortfall_heatmap(matrices: Mapping[str, pd.DataFrame], label: str) -> go.Figure:
    """Month × hour-of-day shortfall risk, one scenario at a time (rows months, columns hours)."""
    fig = go.Figure()
    peak = max((float(np.nanmax(m.to_numpy())) for m in matrices.values() if m.size), default=0.0)
    for matrix in matrices.values():
        months = [MONTHS[int(m) - 1] for m in matrix.index]
        fig.add_trace(
            go.Heatmap(
                z=matrix.to_numpy(),
                x=[int(h) for h in matrix.columns],
                y=months,
                colorscale="YlOrRd",
                zmin=0,
                zmax=peak if peak > 0 else 1,
                colorbar=dict(title=dict(text=label, side="right")),
                hovertemplate="%{y}, %{x}:00<br>" + label + ": %{z:,.3g}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title="hour of day (local)", dtick=2), yaxis=dict(autorange="reversed")
    )
    _note_if_empty(fig, peak == 0, "No shortfall in any sampled hour")
    _style(fig, 460)
    _dropdown(fig, [(name, 1) for name in matrices])
    return fig


DRILL_SUPPLY = {  # balance column → label, colour; stacked they add up to the demand line
    "flow_used_mcm": ("pipelines and production", "#0b5cad"),
    "storage_withdrawal_mcm": ("storage withdrawal", COLOURS["storage"]),
    "power_gas_shortfall_mcm": ("gas plants not supplied", "#f2a65a"),
    "non_power_shortfall_mcm": ("homes and industry not supplied", COLOURS["unserved"]),
}


def gas_drill(drills: Mapping[str, tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]]) -> go.Figure:
    """Daily gas balance through the winter drill (mcm/day, stacked supply against demand) and the
    storage level, one scenario at a time; the route outage [start, end) is shaded."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35], vertical_spacing=0.06
    )
    groups = []
    for name, (balance, _, _) in drills.items():
        x = balance.index.tz_localize(None) if balance.index.tz is not None else balance.index
        for column, (label, fill) in DRILL_SUPPLY.items():
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=balance[column].to_numpy(),
                    name=label,
                    mode="lines",
                    line=dict(width=0),
                    stackgroup="supply",
                    fillcolor=fill,
                    legendgroup=label,
                    hovertemplate=label + ": %{y:,.2f} mcm/d<extra></extra>",
                ),
                row=1,
                col=1,
            )
        demand = balance["non_power_demand_mcm"] + balance["power_need_mcm"]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=demand.to_numpy(),
                name="demand (with gas plants at their dispatch)",
                mode="lines",
                line=dict(color="#10263f", width=2),
                hovertemplate="demand: %{y:,.2f} mcm/d<extra></extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=balance["storage_fill_mcm"].to_numpy(),
                name="storage level",
                mode="lines",
                line=dict(color=COLOURS["storage"], width=2),
                hovertemplate="storage: %{y:,.0f} mcm<extra></extra>",
            ),
            row=2,
            col=1,
        )
        groups.append((name, len(DRILL_SUPPLY) + 2))
    first = next(iter(drills.values()), None)
    if first is not None:
        _, start, end = first
        fig.add_vrect(
            x0=start.tz_localize(None),
            x1=end.tz_localize(None),
            fillcolor="#b3261e",
            opacity=0.07,
            line_width=0,
            annotation_text="route out",
            annotation_position="top left",
        )
    fig.update_yaxes(title_text="mcm/day", row=1, col=1)
    # from zero, so that the level reads as a share of what is left, not as a steep fall
    fig.update_yaxes(title_text="storage (mcm)", rangemode="tozero", row=2, col=1)
    fig.update_layout(hovermode="x unified")
    _style(fig, 540)
    _dropdown(fig, groups)
    return fig


def npv_ranges(plants: Mapping[str, Mapping[str, float]]) -> go.Figure:
    """Each plant's NPV over price paths (M EUR): the P10–P90 band, the median and the NPV at
    today's prices. `plants[label]` has p10, p50, p90 and npv, in EUR."""
    labels = list(plants)
    m = {
        k: np.array([plants[label][k] / 1e6 for label in labels])
        for k in ("p10", "p50", "p90", "npv")
    }
    fig = go.Figure(
        [
            go.Bar(
                y=labels,
                x=m["p90"] - m["p10"],
                base=m["p10"],
                orientation="h",
                name="P10 to P90 of price paths",
                marker_color="#9cc3e6",
                customdata=np.stack([m["p10"], m["p90"]], axis=1),
                hovertemplate="P10 %{customdata[0]:,.0f} to P90 %{customdata[1]:,.0f} M EUR"
                "<extra></extra>",
            ),
            go.Scatter(
                y=labels,
                x=m["p50"],
                mode="markers",
                name="median (P50)",
                marker=dict(symbol="diamond", size=13, color="#0b5cad"),
                hovertemplate="P50 %{x:,.0f} M EUR<extra></extra>",
            ),
            go.Scatter(
                y=labels,
                x=m["npv"],
                mode="markers",
                name="at today's prices",
                marker=dict(symbol="x", size=11, color="#10263f"),
                hovertemplate="today's prices %{x:,.0f} M EUR<extra></extra>",
            ),
        ]
    )
    fig.add_vline(x=0, line=dict(color="#b3261e", dash="dot"))
    # first plant at the top, in the order of the summary table
    fig.update_layout(
        xaxis_title="net present value (M EUR)",
        barmode="overlay",
        yaxis_autorange="reversed",
        height=max(260, 120 + 70 * len(labels)),
    )
    return _style(fig, max(260, 140 + 70 * len(labels)))


def to_div(fig: go.Figure, div_id: str) -> str:
    """The figure as a <div> for a page that loads plotly.js once itself."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={
            "displaylogo": False,
            "responsive": True,
            "toImageButtonOptions": {"filename": div_id},
        },
        default_width="100%",
    )
