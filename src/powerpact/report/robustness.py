"""The robustness study in words, in results.json and as tornado charts.

Reads only the plain entries of `powerpact.studies.robustness` (dicts), so a results.json read
back gives the same sentences and charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from powerpact.report import charts
from powerpact.report.html import Section

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment

Entry = Mapping[str, Any]


def entries(assessment: Assessment) -> list[dict[str, Any]]:
    study = getattr(assessment, "robustness", None)
    return list(study.entries) if study is not None else []


def document(assessment: Assessment) -> dict[str, Any]:
    """The results.json keys: `robustness` (one entry per conclusion and input) and
    `robustness_method` (design, ranges and their sources, what was not varied)."""
    study = getattr(assessment, "robustness", None)
    if study is None:
        return {"robustness": None, "robustness_method": {"mode": "off"}}
    return {"robustness": list(study.entries), "robustness_method": study.method}


def _number(value: float, unit: str) -> str:
    if unit.startswith("x "):
        return f"{value:.2f} times the {unit.removeprefix('x ')} value"
    return f"{value:,.3g} {unit}"


def _direction(entry: Entry) -> str:
    if entry["break_even_value"] < entry["base_value"]:
        return "falls below"
    return "rises above"


def _key(entry: Entry) -> tuple[str, str, str | None, str | None]:
    return (entry["kind"], entry["scenario"], entry.get("reference"), entry.get("plant"))


def grouped(items: Sequence[Entry]) -> dict[tuple[Any, ...], list[Entry]]:
    """Entries by conclusion, in the order they came."""
    groups: dict[tuple[Any, ...], list[Entry]] = {}
    for entry in items:
        groups.setdefault(_key(entry), []).append(entry)
    return groups


def sentences(items: Sequence[Entry]) -> list[str]:
    """One sentence per conclusion that flips within an input's range ("holds unless ..."),
    then one for all those that hold across every range tried."""
    if not items:
        return []
    out, holding, unchecked = [], 0, 0
    for group in grouped(items).values():
        flips = [e for e in group if e["flips_within_range"]]
        if any(e["flips_within_range"] is None for e in group) and not flips:
            unchecked += 1
            continue
        if not flips:
            holding += 1
            continue
        first = group[0]
        # nearest break-even first, measured as a share of the input's range
        flips.sort(
            key=lambda e: (
                abs(e["break_even_value"] - e["base_value"])
                / max(abs(e["high_value"] - e["low_value"]), 1e-12)
            )
        )
        unless = " or ".join(
            f"the {e['input']} {_direction(e)} {_number(e['break_even_value'], e['unit'])}"
            for e in flips[:2]
        )
        out.append(f"In {first['scenario']}, the {first['conclusion']} holds unless {unless}.")
    horizon = items[0]["horizon_hours"]
    if holding:
        out.append(
            f"The other {holding} conclusion{'s' if holding != 1 else ''} checked hold across "
            f"every input range tried (one input at a time, {horizon:,}-hour horizon)."
        )
    if unchecked:
        out.append(
            f"{unchecked} conclusion{'s' if unchecked != 1 else ''} could not be checked on the "
            "short horizon of the quick check; --robustness full checks them on the full run."
        )
    return out


def _title(entry: Entry) -> str:
    return f"{entry['scenario']}: {entry['conclusion']}"


def tornado(items: Sequence[Entry]) -> go.Figure:
    """Per conclusion (dropdown), how far each input moves the deciding figure from its base,
    at the low and the high end of the input's range; the conclusion flips across zero."""
    fig = go.Figure()
    groups: list[tuple[str, int]] = []
    for group in grouped(items).values():
        group = sorted(
            group,
            key=lambda e: max(
                abs(
                    (e.get(k) if e.get(k) is not None else e["margin_at_base"])
                    - e["margin_at_base"]
                )
                for k in ("margin_at_low", "margin_at_high")
            ),
        )
        labels = [e["input"] for e in group]
        base = [e["margin_at_base"] for e in group]
        unit = group[0]["figure_unit"]
        for end, colour in (("low", "#0b5cad"), ("high", "#e07b39")):
            moved = [
                (e[f"margin_at_{end}"] - e["margin_at_base"])
                if e[f"margin_at_{end}"] is not None
                else 0.0
                for e in group
            ]
            fig.add_bar(
                y=labels,
                x=moved,
                base=base,
                orientation="h",
                name=f"input at {end} end",
                marker_color=colour,
                customdata=[[e[f"{end}_value"], e["unit"]] for e in group],
                hovertemplate="%{y} = %{customdata[0]:.3g} %{customdata[1]}: "
                f"%{{x:,.3g}} {unit} from base<extra></extra>",
            )
        groups.append((_title(group[0])[:90], 2))
    fig.add_vline(x=0, line_color="#d62728", line_width=2)
    fig.update_layout(
        barmode="overlay",
        xaxis_title="deciding figure minus its threshold (flips across the red line)",
    )
    most = max((n for _, n in groups), default=0) and max(len(g) for g in grouped(items).values())
    charts._style(fig, max(320, 160 + 26 * most))
    charts._dropdown(fig, groups)
    return fig


def sections(assessment: Assessment) -> list[Section]:
    """The report's robustness section, or none when the study did not run."""
    study = getattr(assessment, "robustness", None)
    if study is None or not study.entries:
        return []
    method = study.method
    words = " ".join(escape(s) for s in sentences(study.entries))
    flips = sorted(
        {e["input"] for e in study.entries if e["flips_within_range"]},
    )
    lead = (
        "Which uncertain inputs could overturn a conclusion, and where: each input is moved "
        "to each end of a plausible range, one at a time."
    )
    body = f"<p>{words}</p>" + charts.to_div(tornado(study.entries), "chart-robustness")
    if flips:
        body += (
            f"<p>Inputs that flip a conclusion within their range: {escape(', '.join(flips))}.</p>"
        )
    mode, hours = escape(method["mode"]), method["horizon_hours"]
    standard = escape(method["lole_standard_source"])
    note = (
        f"Mode {mode}, {hours:,}-hour horizon; {escape(method['design'])}. "
        f"Adequacy standard {method['lole_standard_h']:g} h/yr ({standard}). "
        f"{len(method['inputs'])} inputs; {len(method['not_varied'])} assumptions of sources.csv "
        "have no overlay key or range and are not varied (listed in results.json, "
        "robustness_method.not_varied)."
    )
    return [Section("robustness", "Robustness", "How robust is each conclusion?", lead, body, note)]


def verdict_sentences(items: Sequence[Entry] | None) -> list[str]:
    return sentences(items or [])
