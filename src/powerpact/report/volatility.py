"""The volatility study in words, as a table and a chart: a report section and the terminal
table of `powerpact volatility`. `section(results)` is the hook `assess`'s report calls."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from powerpact.report import charts
from powerpact.report.html import Section

if TYPE_CHECKING:
    from powerpact.studies.volatility import VolatilityResult

STRESS_LABELS = {
    "gas-2022": "2022-like gas price spike",
    "dry-cold": "dry year with a cold winter",
    "turkstream-stop": "TurkStream stop (largest gas entry out all year)",
}
# Columns of the table: figure → (heading, multiplier); the figures are VolatilityFigures fields.
_COLUMNS = {
    "bill_eur_mean": ("mean (EUR m/yr)", 1e-6),
    "bill_eur_std": ("std (EUR m)", 1e-6),
    "bill_eur_p5": ("P5 (EUR m)", 1e-6),
    "bill_eur_p95": ("P95 (EUR m)", 1e-6),
    "bill_eur_cvar95": ("CVaR95 (EUR m)", 1e-6),
    "lost_load_eur_mean": ("of the mean: lost load (EUR m/yr)", 1e-6),
    "bill_eur_std_fixed_contract": ("std, contract gas fixed-price (EUR m)", 1e-6),
    "hedge_value_eur_mean": ("hedge value, mean (EUR m/yr)", 1e-6),
    "electricity_import_dependency_mean": ("net import share (%)", 100.0),
    "gas_import_share_mean": ("gas imported (%)", 100.0),
    "no_own_price_share_mean": ("hours priced abroad (%)", 100.0),
}


def _eur_m(value: float) -> str:
    return f"{value / 1e6:,.0f}"


def sentences(results: Sequence[VolatilityResult]) -> list[str]:
    """For each option with a reference among the results: how its bill's mean, spread and
    costly tail move against the reference's: with standard errors when both ran over the
    same paths."""
    from powerpact.studies.volatility.risk import paired_differences

    by_name = {r.option.name: r for r in results}
    out = []
    for result in results:
        reference = by_name.get(result.option.reference or "")
        if reference is None:
            continue
        mine = result.figures()
        keys = ("bill_eur_mean", "bill_eur_std", "bill_eur_cvar95")
        paired = bool(result.path_set) and result.path_set == reference.path_set
        if paired:
            differences = paired_differences(result.bill_eur, reference.bill_eur)
            mean, std, tail = (
                _signed(differences[key].eur, differences[key].se_eur) for key in keys
            )
        else:
            theirs = reference.figures()
            mean, std, tail = (_signed(getattr(mine, k) - getattr(theirs, k)) for k in keys)
        out.append(
            f"{result.option.name} against {reference.option.name}: the {result.zone} bill "
            f"averages EUR {_eur_m(mine.bill_eur_mean)} m a year ({mean}), its standard "
            f"deviation is EUR {_eur_m(mine.bill_eur_std)} m ({std}) and the costliest 5 % of "
            f"years average EUR {_eur_m(mine.bill_eur_cvar95)} m ({tail})"
            + (
                "; ± 1.96 standard errors over the same paths (paired bootstrap)."
                if paired
                else "."
            )
        )
    return out


def _signed(delta_eur: float, se_eur: float | None = None) -> str:
    text = f"{'+' if delta_eur >= 0 else '−'}EUR {abs(delta_eur) / 1e6:,.0f} m"
    return text if se_eur is None else f"{text} ± {1.96 * se_eur / 1e6:,.0f} m"


def table_rows(results: Sequence[VolatilityResult]) -> list[list[str]]:
    rows = []
    for result in results:
        figures = result.figures().to_dict()
        rows.append(
            [result.option.name]
            + [f"{figures[key] * scale:,.1f}" for key, (_, scale) in _COLUMNS.items()]
        )
    return rows


def chart(results: Sequence[VolatilityResult]) -> go.Figure:
    """Each option's bill distribution (box: P5–P95 whiskers) with its stress paths beside it."""
    fig = go.Figure()
    for result in results:
        fig.add_trace(
            go.Box(
                y=result.bill_eur / 1e6,
                name=result.option.name,
                boxpoints=False,
                marker_color=charts.COLOURS["gas"],
                showlegend=False,
            )
        )
    symbols = ("diamond", "x", "triangle-up")
    for symbol, stress in zip(symbols, STRESS_LABELS, strict=True):
        names = [r.option.name for r in results if stress in r.stress_bill_eur]
        bills = [r.stress_bill_eur[stress] / 1e6 for r in results if stress in r.stress_bill_eur]
        if names:
            fig.add_trace(
                go.Scatter(
                    x=names,
                    y=bills,
                    mode="markers",
                    marker=dict(symbol=symbol, size=11),
                    name=STRESS_LABELS[stress],
                )
            )
    fig.update_layout(
        template="plotly_white",
        font=charts.FONT,
        height=460,
        yaxis_title="annual bill (EUR m, log scale)",
        yaxis_type="log",
    )
    return fig


def document(results: Sequence[VolatilityResult]) -> dict[str, Any] | None:
    """The results.json key `volatility`: each option's figures (`volatility --json`), or None
    when the study did not run."""
    if not results:
        return None
    return {r.option.name: r.figures().to_dict() for r in results}


def _lead(results: Sequence[VolatilityResult]) -> str:
    first = results[0].figures()
    if all(len(r.designs) == 1 and not r.stress for r in results):
        # The quick form `assess` runs (studies.volatility.of_dispatch).
        return (
            f"{first.zone}'s annual energy bill under each scenario over {first.paths:,} "
            "correlated gas, carbon and neighbour power price paths: the scenario's own "
            "dispatch (its weather year) re-priced to each path, not re-dispatched, and the "
            "2022-like price year beside it: today's dispatch's exposure to prices, not the "
            "bill's distribution. `powerpact volatility` dispatches every path, with climate "
            "years and dry-cold and TurkStream-stop stress paths."
        )
    return (
        f"{first.zone}'s annual energy bill under each option, over "
        f"{first.paths:,} paths of climate years and correlated gas, carbon and neighbour "
        "power prices, with three stress years beside the distribution."
    )


def section(results: Sequence[VolatilityResult]) -> Section | None:
    """The report section; None without results."""
    if not results:
        return None
    head = "".join(f"<th>{escape(h)}</th>" for h, _ in _COLUMNS.values())
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table_rows(results)
    )
    stress_rows = "".join(
        f"<tr><td>{escape(r.option.name)}</td><td>{escape(STRESS_LABELS[k])}</td>"
        f"<td>{_eur_m(v)}</td><td>{r.percentile_of(v):.0f}</td></tr>"
        for r in results
        for k, v in r.stress_bill_eur.items()
    )
    words = "".join(f"<p>{escape(s)}</p>" for s in sentences(results))
    return Section(
        anchor="volatility",
        nav="Volatility",
        title="Exposure to volatility: the annual energy bill across weather and prices",
        lead=_lead(results),
        body=words
        + charts.to_div(chart(results), "volatility-bills")
        + f"<table><tr><th>option</th>{head}</tr>{body}</table>"
        + "<table><tr><th>option</th><th>stress path</th><th>bill (EUR m/yr)</th>"
        + f"<th>percentile of the distribution</th></tr>{stress_rows}</table>",
        note=(
            "Bill: generation (fuel, O&M, carbon and CBAM), gas bought (for power and non-power "
            "customers), imports minus exports, and unserved electricity and gas at their values "
            "of lost load. Prices: a mean-reverting lognormal model fitted to annual TTF, EU ETS "
            "and neighbour power prices (docs/volatility.md); per climate year a few full "
            "dispatches re-priced to each path. Hedge value: gas under spot-indexed contracts "
            "bought at today's price instead."
        ),
    )


def print_table(results: Sequence[VolatilityResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Annual energy bill across weather and price paths")
    table.add_column("option")
    for heading, _ in _COLUMNS.values():
        table.add_column(heading, justify="right")
    for row in table_rows(results):
        table.add_row(*row)
    console = Console()
    console.print(table)
    for result in results:
        for stress, bill in result.stress_bill_eur.items():
            console.print(
                f"{result.option.name}, {STRESS_LABELS[stress]}: EUR {_eur_m(bill)} m "
                f"(percentile {result.percentile_of(bill):.0f})"
            )
    for sentence in sentences(results):
        console.print(sentence)
