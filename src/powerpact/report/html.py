"""Render the one-file HTML report from prepared sections (charts are already HTML divs)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
import pandas as pd
import plotly.offline

from powerpact.report.template import PAGE


@dataclass(frozen=True)
class Section:
    anchor: str
    nav: str
    title: str
    lead: str  # one or two plain sentences for a non-specialist
    body: str  # HTML: chart divs or tables
    note: str = ""  # method and definitions for the engineer


@dataclass(frozen=True)
class ScenarioText:
    name: str
    description: str
    assumptions: Sequence[str]


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, str]]:
    for key, item in data.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            yield from _flatten(item, f"{name} · ")
        else:
            yield name, "–" if item is None else str(item)


def render(
    *,
    title: str,
    subtitle: str,
    findings: Sequence[str],
    units: str,
    summary: pd.DataFrame,
    sections: Sequence[Section],
    scenarios: Sequence[ScenarioText],
    baseline: str,
    sources: pd.DataFrame,
    provenance: Mapping[str, Any],
    version: str,
    generated: str,
) -> str:
    """The page, with plotly.js from the installed package inlined once (no network needed)."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(PAGE).render(
        title=title,
        subtitle=subtitle,
        findings=findings,
        units=units,
        summary=summary,
        sections=sections,
        scenarios=scenarios,
        baseline=baseline,
        sources=sources.fillna(""),
        provenance=list(_flatten(provenance)),
        version=version,
        generated=generated,
        plotlyjs=plotly.offline.get_plotlyjs(),
    )
