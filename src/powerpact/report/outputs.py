"""Everything `powerpact assess` writes: results.json, Parquet tables and report.html.

`write_all(assessment, folder)` fills a (staging) folder;
`powerpact.studies.assess.write_outputs` moves it into place. Every file goes through the
atomic writers of `powerpact.io`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from powerpact import __version__
from powerpact.adequacy.results import format_significant
from powerpact.io import write_json_atomic, write_parquet_atomic, write_text_atomic
from powerpact.outputs_guard import safe_names
from powerpact.report import charts, expansion, flexibility, robustness, volatility
from powerpact.report.adequacy_climate import climate_section
from powerpact.report.adequacy_credit import credit_section
from powerpact.report.html import ScenarioText, Section, render
from powerpact.report.summary import (
    horizon_hours,
    number,
    over,
    per,
    summary_frame,
    units_note,
    value,
)
from powerpact.report.verdict import findings, verdict

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment, ScenarioResult


# How a figure was computed, not what it found: a difference of these means nothing.
RUN_METADATA = frozenset(
    {
        "seed",
        "samples",
        "sample_offset",
        "solve_time_s",
        "build_time_s",
        "hours",
        "horizon_hours",
        "drill_days",
        "drill_outage_days",
        "credit_samples",
        "credit_runs",
    }
)


def changes(headline: dict[str, dict[str, Any]], base: dict[str, dict[str, Any]]) -> dict:
    """Scenario minus reference for every numeric headline figure both have, by stage; run
    metadata (seed, samples, timings, horizon) is left out."""
    out: dict[str, dict[str, float]] = {}
    for stage, figures in headline.items():
        for key, raw in figures.items():
            if key in RUN_METADATA:
                continue
            now, then = number(raw), number(base.get(stage, {}).get(key))
            if now is not None and then is not None:
                out.setdefault(stage, {})[key] = now - then
    return out


PENALTY_NOTE = (
    "total_cost_eur includes the penalties for lost load and for non-power gas not delivered "
    "(gas_shortfall_mcm); cost_without_lost_load_eur leaves them out and is the cost the "
    "verdict and the tables compare."
)


def figure_notes(headline: Mapping[str, Any], hours: int | None) -> dict[str, list[str]]:
    """Notes that qualify a scenario's figures, by stage, as printed beside them elsewhere."""
    from powerpact.report.gas_tables import DRILL_NOTE

    notes: dict[str, list[str]] = {}
    if "dispatch" in headline:
        notes["dispatch"] = [units_note(hours), PENALTY_NOTE]
    if "adequacy" in headline:
        notes["adequacy"] = [units_note(hours)]
    if "drill_non_power_shortfall_mcm" in headline.get("gas", {}):
        notes["gas"] = [
            DRILL_NOTE,
            "baseline_* figures are the same route's same days without the outage "
            "(same start, same length), so drill_* minus baseline_* is the outage's effect.",
        ]
    return notes


def results_document(assessment: Assessment, provenance: dict[str, Any]) -> dict[str, Any]:
    headlines = assessment.headlines()
    refs = assessment.references
    hours = horizon_hours(headlines) or assessment.scenarios[0].system.n_hours
    return {
        "provenance": provenance,
        "baseline": assessment.baseline,
        "verdict": verdict(headlines, assessment.baseline, refs, robustness.entries(assessment)),
        "findings": findings(headlines, assessment.baseline, refs, robustness.entries(assessment)),
        "horizon_hours": hours,
        "units_note": units_note(hours),
        "stage_seconds": assessment.stage_seconds,
        **robustness.document(assessment),
        **flexibility.document(assessment.flexibility),
        "volatility": volatility.document(getattr(assessment, "volatility", None) or []),
        **expansion.document(assessment),
        "scenarios": {
            s.name: {
                "description": s.description,
                "assumptions": list(s.assumptions),
                "compared_with": refs.get(s.name),
                "headline": headlines[s.name],
                "notes": figure_notes(headlines[s.name], hours),
                "change_vs_reference": (
                    changes(headlines[s.name], headlines[refs[s.name]]) if s.name in refs else {}
                ),
                "seconds": s.seconds,
            }
            for s in assessment.scenarios
        },
    }


# --- tables -----------------------------------------------------------------------------------


def _prefixed(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Side-by-side frames with `prefix:column` names (Parquet needs unique text columns)."""
    parts = [
        f.set_axis([f"{p}:{c}" for c in f.columns], axis=1) for p, f in frames.items() if f.shape[1]
    ]
    return pd.concat(parts, axis=1) if parts else pd.DataFrame()


def scenario_tables(result: ScenarioResult) -> Iterator[tuple[str, pd.DataFrame]]:
    """(file stem, table) of the hourly and daily results of one scenario."""
    dispatch = result.results.get("dispatch")
    if dispatch is not None:
        yield "generation_mw", dispatch.generation_mw
        yield (
            "storage",
            _prefixed(
                {
                    "charge_mw": dispatch.storage_charge_mw,
                    "discharge_mw": dispatch.storage_discharge_mw,
                    "soc_mwh": dispatch.storage_soc_mwh,
                }
            ),
        )
        yield (
            "exchange_mw",
            _prefixed(
                {
                    "flow": dispatch.flow_mw,
                    "market_import": dispatch.market_import_mw,
                    "market_export": dispatch.market_export_mw,
                }
            ),
        )
        yield "price_eur_per_mwh", dispatch.price_eur_per_mwh
        yield "unserved_mw", dispatch.unserved_mw
        yield (
            "gas_daily_mcm",
            _prefixed(
                {
                    "entry": dispatch.gas_entry_mcm,
                    "contract": dispatch.gas_contract_mcm,
                    "storage_withdrawal": dispatch.gas_storage_withdrawal_mcm,
                    "storage_injection": dispatch.gas_storage_injection_mcm,
                    "storage_level": dispatch.gas_storage_level_mcm,
                    "burn": dispatch.gas_burn_mcm,
                    "shortfall": dispatch.gas_shortfall_mcm,
                }
            ),
        )
    adequacy = result.results.get("adequacy")
    if adequacy is not None:
        yield "adequacy_samples", adequacy.per_sample
        yield (
            "shortfall_risk",
            adequacy.shortfall_probability.stack().rename("probability").reset_index(),
        )
    gas = result.results.get("gas")
    if gas is not None and gas.drill is not None:
        yield "gas_drill_daily_mcm", gas.drill.balance


def write_tables(assessment: Assessment, folder: Path, provenance: dict[str, Any]) -> list[str]:
    written = []
    # One folder per scenario, distinct even when two names clean to the same text.
    folders = safe_names([s.name for s in assessment.scenarios])
    for result in assessment.scenarios:
        for stem, frame in scenario_tables(result):
            if frame.empty:
                continue
            table = frame.copy(deep=False)
            table.columns = [str(c) for c in table.columns]
            table.attrs = {"provenance": provenance, "scenario": result.name, "table": stem}
            path = folder / "tables" / folders[result.name] / f"{stem}.parquet"
            write_parquet_atomic(path, table)
            written.append(str(path.relative_to(folder)))
    return written


# --- report sections --------------------------------------------------------------------------


def _supply_by_source(result: ScenarioResult) -> pd.DataFrame:
    """Hourly supply of the modelled zones by source: technologies, storage, trade, unserved."""
    d = result.results["dispatch"]
    frame = d.generation_mw.T.groupby(d.technology).sum().T
    frame["storage"] = d.storage_discharge_mw.sum(axis=1)
    frame["storage charging"] = -d.storage_charge_mw.sum(axis=1)
    frame["imports"] = d.market_import_mw.sum(axis=1)
    frame["exports"] = -d.market_export_mw.sum(axis=1)
    frame["unserved"] = d.unserved_mw.sum(axis=1)
    return frame


def _capacity_section(assessment: Assessment) -> Section:
    capacity = {
        s.name: s.results["overview"].capacity_mw_by_technology for s in assessment.scenarios
    }
    return Section(
        "capacity",
        "Capacity",
        "Capacity mix",
        "What each scenario has installed to make electricity, by technology.",
        charts.to_div(charts.capacity_mix(capacity), "chart-capacity"),
        "Net installed capacity from generators.csv after each scenario's changes; storage and "
        "interconnectors are not included.",
    )


def _dispatch_section(assessment: Assessment) -> Section | None:
    with_dispatch = [s for s in assessment.scenarios if s.results.get("dispatch") is not None]
    if not with_dispatch:
        return None
    base = assessment.by_name()[assessment.baseline].system
    timezone = base.settings.timezone
    week = charts.peak_winter_week(base.demand.sum(axis=1), timezone)
    weeks = {
        s.name: _supply_by_source(s).loc[s.system.snapshots.intersection(week)]
        for s in with_dispatch
    }
    demand = {s.name: s.system.demand.sum(axis=1) for s in with_dispatch}
    local = week[0].tz_convert(timezone)
    start = f"{local.day} {local.strftime('%B %Y')}"
    return Section(
        "dispatch",
        "Dispatch",
        "Peak winter week",
        f"How demand is met hour by hour in the week of highest winter demand (from {start}). "
        "Red shows demand that could not be met.",
        charts.to_div(charts.dispatch_stack(weeks, demand, timezone), "chart-dispatch"),
        "Least-cost hourly dispatch (linear program, HiGHS) of the whole horizon with all plants "
        "available except scheduled outages; "
        + (
            f"zones' prices are the duals of their hourly balances and {base.focus_zone}'s own "
            "cost counts its imports at the exporting zone's price and its exports at the "
            "importing zone's; edge markets trade at their own prices; "
            if len(base.settings.zones) > 1
            else "imports and exports at neighbouring market prices, "
        )
        + "unserved energy priced at the value of lost load. Pick a scenario in the menu.",
    )


def _copt_words(assessment: Assessment) -> str:
    """A sentence on the analytical check when it finds some loss of load where the Monte Carlo
    found none, so the summary table's non-zero COPT row is not a surprise; else nothing."""
    copt = {
        s.name: lole
        for s in assessment.scenarios
        if (lole := value(s.headline(), "adequacy_copt", "lole_hours"))
    }
    if not copt:
        return ""
    worst = max(copt, key=copt.__getitem__)
    hours = assessment.scenarios[0].system.n_hours
    return (
        f"<p>The analytical check (capacity outage probability table) finds up to "
        f"{copt[worst]:.2g} h{per(hours)}, in {escape(worst)}: too rare for the sampled years to "
        "show. It shaves load peaks with the expected hydro and storage energy and has no gas "
        "limits, while the hour-by-hour Monte Carlo, the estimate used here, samples their "
        "outages (see docs/adequacy.md).</p>"
    )


def _standard_words(with_mc: list[ScenarioResult]) -> str:
    """Which scenarios miss their reliability standard (LOLE per year, system.yaml)."""
    judged = [s for s in with_mc if s.results["adequacy"].meets_standard is not None]
    if not judged:
        return ""
    standards = {s.results["adequacy"].lole_standard_hours for s in judged}
    standard = f"{standards.pop():g} h/yr" if len(standards) == 1 else "each system's standard"
    missed = [escape(s.name) for s in judged if not s.results["adequacy"].meets_standard]
    return (
        f"<p>Reliability standard: LOLE at most {standard}. "
        + (f"Above it: {', '.join(missed)}." if missed else "Every scenario meets it.")
        + "</p>"
    )


def _zone_table(with_mc: list[ScenarioResult]) -> str:
    """Per-zone LOLE and EENS of multi-zone scenarios (own load first, zones in system.yaml
    order), as a small HTML table; empty when no scenario has zones."""
    rows = [
        (s.name, zone, figures)
        for s in with_mc
        for zone, figures in (s.results["adequacy"].zones or {}).items()
    ]
    if not rows:
        return ""

    def cell(figures: Mapping[str, float], key: str) -> str:
        return (
            f"<td>{format_significant(figures[key])} ± "
            f"{format_significant(figures[f'{key}_stderr'], 2)}</td>"
        )

    body = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(zone)}</td>"
        f"{cell(figures, 'lole_hours')}{cell(figures, 'eens_mwh')}</tr>"
        for name, zone, figures in rows
    )
    return (
        '<table class="text" id="zone-adequacy"><tr><th>scenario</th><th>zone</th>'
        "<th>LOLE (h) ± stderr</th><th>EENS (MWh) ± stderr</th></tr>"
        f"{body}</table>"
    )


def _adequacy_section(assessment: Assessment) -> list[Section]:
    with_mc = [s for s in assessment.scenarios if s.results.get("adequacy") is not None]
    if not with_mc:
        return []
    lole = {
        s.name: (s.results["adequacy"].lole_hours, s.results["adequacy"].lole_hours_stderr)
        for s in with_mc
    }
    eens = {
        s.name: (s.results["adequacy"].eens_mwh, s.results["adequacy"].eens_mwh_stderr)
        for s in with_mc
    }
    samples = with_mc[0].results["adequacy"].samples
    method = (
        f"Sequential Monte Carlo over {samples:,} sampled years of random forced outages "
        "(two-state units with the generators' MTTF/MTTR) against hourly demand and weather"
    )
    if not any(v for pair in (*lole.values(), *eens.values()) for v in pair):
        # Bars of height zero and an all-blank heat map say nothing: say it in words.
        return [
            Section(
                "adequacy",
                "Adequacy",
                "Loss of load by scenario",
                f"No scenario loses any load: in none of the {samples:,} sampled years of random "
                "plant outages does demand exceed what the plants, storage and imports can "
                "supply, so the expected hours of shortfall (LOLE) and the expected energy not "
                "served (EENS) are zero. The scenarios differ in capacity margin, cost, carbon "
                "and gas security instead (see the summary).",
                _copt_words(assessment) + _standard_words(with_mc),
                method + ".",
            )
        ]
    zones = _zone_table(with_mc)
    bars = Section(
        "adequacy",
        "Adequacy",
        "Loss of load by scenario",
        f"How many hours{over(with_mc[0].system.n_hours)} supply is expected to fall short "
        "(LOLE), and how much energy goes unserved (EENS). Lower is more secure; whiskers show "
        "the 95 % confidence interval.",
        charts.to_div(charts.adequacy_bars(lole, eens, with_mc[0].system.n_hours), "chart-adequacy")
        + _standard_words(with_mc)
        + zones,
        method
        + "; intervals are ± 1.96 standard errors of the mean over the sampled years."
        + (
            " By zone: each area keeps its own load first, and zones competing for one surplus "
            "are served in system.yaml order (docs/adequacy.md)."
            if zones
            else ""
        ),
    )
    risk = {s.name: s.results["adequacy"].shortfall_probability for s in with_mc}
    timezone = with_mc[0].system.settings.timezone
    heat = Section(
        "risk",
        "Risk map",
        "When shortfalls happen",
        "The chance of a shortfall in each hour of the day, month by month: where the risk "
        "concentrates and so what kind of capacity would help most.",
        charts.to_div(charts.shortfall_heatmap(risk, "probability"), "chart-risk"),
        f"Probability of unserved load in an hour of each month × hour-of-day cell, "
        f"local time ({timezone}); blank cells have no hours in the horizon.",
    )
    return [bars, heat]


def _gas_section(assessment: Assessment) -> Section | None:
    drills = {
        s.name: (d.balance, d.start, d.end)
        for s in assessment.scenarios
        if s.results.get("gas") is not None and (d := s.results["gas"].drill) is not None
    }
    if not drills:
        return None
    first = next(s.results["gas"].drill for s in assessment.scenarios if s.name in drills)
    routes = {
        ", ".join(s.results["gas"].drill.route) for s in assessment.scenarios if s.name in drills
    }
    route = routes.pop() if len(routes) == 1 else "the largest gas route"
    days = (first.end - first.start).days
    dates = first.balance.index
    period = f"{dates.min():%-d %B %Y} to {dates.max():%-d %B %Y}"
    against = []
    for s in assessment.scenarios:
        figures = s.results["gas"].drill.figures() if s.name in drills else None
        if figures is not None:
            against.append(
                f"{s.name}: shortfall {figures.drill_non_power_shortfall_mcm:,.1f} mcm vs "
                f"{figures.baseline_non_power_shortfall_mcm:,.1f} mcm undisturbed "
                f"({figures.drill_route} out from {figures.drill_start})"
            )
    from powerpact.report.gas_tables import DRILL_NOTE

    return Section(
        "gas",
        "Gas drill",
        "Gas supply in a winter disruption",
        f"What happens to gas supply through the winter if {route} stops for {days} days: "
        "which sources fill the gap, whether storage lasts, and who goes without.",
        charts.to_div(charts.gas_drill(drills), "chart-gas")
        + '<ul id="drill-vs-undisturbed">'
        + "".join(f"<li>{escape(text)}</li>" for text in against)
        + "</ul>",
        f"Daily gas balance from {period} with the route out (shaded); non-power demand not "
        "served is compared with the same route, start and days undisturbed. " + DRILL_NOTE + " "
        "Storage "
        "starts at its initial fill and its withdrawal rate falls as it empties; gas plants ask "
        "for their full-output gas, as in `powerpact gas`; non-power demand is served "
        "before power plants. Scenarios with their own gas outage drill that outage; others "
        "drill the largest infrastructure of the N-1 formula.",
    )


def _economics_section(assessment: Assessment) -> Section | None:
    plants = {}
    for s in assessment.scenarios:
        appraisals = s.results.get("economics")
        for name, appraisal in appraisals.appraisals.items() if appraisals else ():
            risk = appraisal.npv_risk
            if {"p10", "p50", "p90"} <= set(risk):
                label = name if name == s.name else f"{name} ({s.name})"
                plants[label] = {**risk, "npv": appraisal.npv_eur}
    if not plants:
        return None
    return Section(
        "economics",
        "Plant NPV",
        "Does the new plant pay for itself?",
        "The plant's net present value (discounted revenue minus all its costs over its life) "
        "across many possible paths of gas, carbon and power prices. Right of the red line, it "
        "earns back its investment.",
        charts.to_div(charts.npv_ranges(plants), "chart-npv"),
        "Revenue at the dispatch's hourly prices; costs from the technology cost table; real "
        "discount rate as in the appraisal options. Price paths: correlated, mean-reverting "
        "lognormal gas, CO2 and power price factors drawn per operating year, with the plant's "
        "output re-derived for each path.",
    )


def sections(assessment: Assessment) -> list[Section]:
    found = [
        _capacity_section(assessment),
        _dispatch_section(assessment),
        *_adequacy_section(assessment),
        climate_section(assessment),
        credit_section(assessment),
        _gas_section(assessment),
        _economics_section(assessment),
        *robustness.sections(assessment),
        *expansion.sections(assessment),
        # Set by whoever runs the volatility study beside assess (docs/volatility.md).
        volatility.section(getattr(assessment, "volatility", None) or []),
        flexibility.section(assessment.flexibility),
    ]
    return [s for s in found if s is not None]


def _sources(assessment: Assessment) -> pd.DataFrame:
    frames = [s.system.sources for s in assessment.scenarios]
    return pd.concat(frames).drop_duplicates().reset_index(drop=True)


def report_html(assessment: Assessment, provenance: dict[str, Any]) -> str:
    headlines = assessment.headlines()
    base = assessment.by_name()[assessment.baseline].system
    system_name = base.settings.name
    return render(
        title=f"powerpact assessment: {system_name}",
        subtitle=f"{len(assessment.scenarios)} scenarios compared with {assessment.baseline} "
        f"(study year {base.year}) · {assessment.options.samples:,} Monte Carlo years, "
        f"seed {assessment.options.seed}",
        findings=findings(
            headlines, assessment.baseline, assessment.references, robustness.entries(assessment)
        ),
        units=units_note(horizon_hours(headlines) or base.n_hours),
        summary=summary_frame(headlines, assessment.baseline, references=assessment.references),
        sections=sections(assessment),
        scenarios=[
            ScenarioText(s.name, s.description, s.assumptions) for s in assessment.scenarios
        ],
        baseline=assessment.baseline,
        sources=_sources(assessment),
        provenance=provenance,
        version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_all(assessment: Assessment, folder: Path) -> None:
    """results.json, tables/<scenario>/*.parquet and report.html in `folder`."""
    from powerpact.studies.assess import provenance as provenance_of

    provenance = provenance_of(assessment)
    document = results_document(assessment, provenance)
    document["tables"] = write_tables(assessment, folder, provenance)
    write_json_atomic(folder / "results.json", document)
    write_text_atomic(folder / "report.html", report_html(assessment, provenance))
