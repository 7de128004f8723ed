"""The report's "Climate years" section: per-area loss of load across weather years, the
spread over the historical years, the worst years and the named stress cases, for scenarios
whose adequacy ran over climate years (`assess --climate-years`). Built from the same record
`powerpact adequacy --json` prints (`AdequacyResult.headline()`), so both show one number."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from powerpact.adequacy.results import format_significant
from powerpact.report.html import Section

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment

QUANTILES = ("min", "p50", "p90", "max")


def _number(value: float | None) -> str:
    return "–" if value is None else format_significant(value)


def _with_error(record: Mapping[str, Any], key: str) -> str:
    error = record.get(f"{key}_stderr")
    text = _number(record[key])
    return text if error is None else f"{text} ± {format_significant(error, 2)}"


def _areas(headline: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The system's summary across climate years, then each zone's."""
    return {"system": headline["climate_year_spread"]} | dict(
        headline.get("zones_climate_year_spread", {})
    )


def _spread_rows(scenario: str, headline: Mapping[str, Any]) -> str:
    rows = []
    for area, summary in _areas(headline).items():
        cells = "".join(
            f"<td>{_number(summary['spread'][key][q])}</td>"
            for key in ("lole_hours", "eens_mwh")
            for q in QUANTILES
        )
        worst = ", ".join(summary["worst_years"]) or "none lose load"
        rows.append(
            f"<tr><td>{escape(scenario)}</td><td>{escape(area)}</td>{cells}"
            f"<td>{escape(worst)}</td></tr>"
        )
    return "".join(rows)


def _stress_rows(scenario: str, headline: Mapping[str, Any]) -> str:
    rows = []
    for area, summary in _areas(headline).items():
        for case, record in summary["stress_cases"].items():
            rows.append(
                f"<tr><td>{escape(scenario)}</td><td>{escape(area)}</td><td>{escape(case)}</td>"
                f"<td>{_with_error(record, 'lole_hours')}</td>"
                f"<td>{_with_error(record, 'eens_mwh')}</td><td>{record['samples']}</td></tr>"
            )
    return "".join(rows)


def climate_section(assessment: Assessment) -> Section | None:
    """The section, or None when no scenario's adequacy ran over climate years."""
    runs = {
        s.name: s.results["adequacy"].headline()
        for s in assessment.scenarios
        if s.results.get("adequacy") is not None and s.results["adequacy"].climate_years
    }
    if not runs:
        return None
    head = "".join(
        f"<th>{key} {q.upper() if q.startswith('p') else q}</th>"
        for key in ("LOLE (h)", "EENS (MWh)")
        for q in QUANTILES
    )
    spread = (
        '<table class="text" id="climate-spread"><tr><th>scenario</th><th>area</th>'
        f"{head}<th>worst years</th></tr>"
        + "".join(_spread_rows(name, h) for name, h in runs.items())
        + "</table>"
    )
    stress_rows = "".join(_stress_rows(name, h) for name, h in runs.items())
    stress = (
        '<table class="text" id="climate-stress"><tr><th>scenario</th><th>area</th>'
        "<th>stress case</th><th>LOLE (h) ± stderr</th><th>EENS (MWh) ± stderr</th>"
        f"<th>samples</th></tr>{stress_rows}</table>"
        if stress_rows
        else ""
    )
    samples = {len(h["by_climate_year"]) for h in runs.values()}
    return Section(
        "climate",
        "Climate years",
        "Loss of load across weather years",
        "How the risk changes with the weather: each sampled year takes the demand, wind, "
        "solar and hydro of one historical climate year. The table gives, for the whole "
        "system and each zone, the loss of load of a typical year (P50), of a bad one in ten "
        "(P90) and of the worst, and names the worst years; stress cases (a dry hydro year, a "
        "February-2012-like cold spell) are shown on their own.",
        spread + stress,
        f"Per climate year, the mean over its sampled years ({', '.join(map(str, samples))} "
        "climate years per run; sample k uses year k mod their number, jointly with its "
        "outages). Min, P50, P90 and max are taken over the historical years' means (stress "
        "cases excluded); with few samples per year part of that spread is sampling noise — "
        "each year's standard error is in results.json (adequacy.by_climate_year, "
        "adequacy.zones_by_climate_year). Zones keep their own load first and are served in "
        "system.yaml order (docs/adequacy.md).",
    )
