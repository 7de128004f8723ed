"""The tables of headline figures: one column per scenario for the report, and a few narrow
tables with one row per scenario for the terminal.

Headlines are nested by stage (`{"adequacy": {"lole_hours": ...}, ...}`); a metric is read by
stage and key, so two engines may use the same key without clashing. Every key read here must be
a field of the stage's figure records (`Stage.figures` of powerpact.studies.assess): a metric is
checked when it is defined and `value` checks at every call, so a renamed figure fails at import
or in a test instead of printing "–". Every change (Δ) is against
the scenario's reference (`powerpact.studies.assess.references`): the scenario it edits, else the
baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from powerpact.studies.assess import STAGES

Headline = Mapping[str, Mapping[str, Any]]
# stage key → the names its headline may hold
FIGURE_NAMES: dict[str, frozenset[str]] = {stage.key: stage.names() for stage in STAGES}


class UnknownFigure(KeyError):
    """A stage or figure name that no engine defines (a typo, or a figure renamed)."""


def check_figure(stage: str, key: str) -> None:
    if key not in FIGURE_NAMES.get(stage, frozenset()):
        known = ", ".join(sorted(FIGURE_NAMES.get(stage, FIGURE_NAMES)))
        raise UnknownFigure(f"no figure {key!r} in stage {stage!r} (known: {known})")


def number(raw: object) -> float | None:
    """A finite number, or None for anything else (missing, text, flags, NaN, ∞)."""
    if raw is None or isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    finite = float(raw)
    return finite if math.isfinite(finite) else None


def value(headline: Headline, stage: str, key: str) -> float | None:
    """A finite number from a headline, or None when this run did not compute it (the stage did
    not run, or an optional figure); UnknownFigure when no engine has such a figure."""
    check_figure(stage, key)
    return number(headline.get(stage, {}).get(key))


@dataclass(frozen=True)
class Metric:
    label: str
    stage: str
    key: str
    scale: float = 1.0  # shown value = raw × scale (e.g. EUR → million EUR)
    digits: int = 1
    error_key: str | None = None  # standard error, shown as ± 1.96 × stderr (95 % interval)
    delta: bool = False  # also show the change against the scenario's reference
    points: bool = False  # a percentage: its change is in percentage points, not relative
    short: str = ""  # column header in the terminal's narrow tables
    minus_key: str | None = None  # shown value = (key − minus_key) × scale (a difference)

    def __post_init__(self) -> None:
        check_figure(self.stage, self.key)
        if self.error_key is not None:
            check_figure(self.stage, self.error_key)
        if self.minus_key is not None:
            check_figure(self.stage, self.minus_key)

    def shown(self, headline: Headline) -> float | None:
        raw = value(headline, self.stage, self.key)
        if raw is not None and self.minus_key is not None:
            minus = value(headline, self.stage, self.minus_key)
            raw = None if minus is None else raw - minus
        return None if raw is None else raw * self.scale

    def format(self, headline: Headline) -> str:
        shown = self.shown(headline)
        if shown is None:
            return "–"
        text = self._number(shown)
        error = value(headline, self.stage, self.error_key) if self.error_key else None
        if error is not None:
            text += f" ± {self._number(1.96 * error * self.scale)}"
        return text

    def _number(self, number: float) -> str:
        # A rare but non-zero risk must not print as zero.
        if 0 < abs(number) < 0.5 * 10.0**-self.digits:
            return f"{number:.2g}"
        return f"{number:,.{self.digits}f}"


METRICS: tuple[Metric, ...] = (
    Metric(
        "LOLE (h/yr)", "adequacy", "lole_hours", 1, 2, "lole_hours_stderr", True, short="LOLE\nh/yr"
    ),
    Metric("EENS (MWh/yr)", "adequacy", "eens_mwh", 1, 0, "eens_mwh_stderr", True),
    Metric("LOLE, COPT check (h/yr)", "adequacy_copt", "lole_hours", 1, 2),
    Metric("LOLP (%)", "adequacy", "lolp", 100, 3),
    Metric(
        "Headroom at the LOLE standard (MW)",
        "credit",
        "headroom_mw",
        1,
        0,
        "headroom_mw_stderr",
        True,
    ),
    Metric("Option's capacity credit, ELCC (MW)", "credit", "elcc_mw", 1, 0, "elcc_mw_stderr"),
    Metric(
        "Firm capacity margin (%)",
        "overview",
        "capacity_margin_percent",
        1,
        1,
        delta=True,
        points=True,
        short="margin\n%",
    ),
    Metric(
        "Gas N-1 (%)", "gas", "n_minus_1_percent", 1, 0, delta=True, points=True, short="gas N-1\n%"
    ),
    Metric(
        "Gas import dependency (%)",
        "gas",
        "import_dependency",
        100,
        1,
        delta=True,
        points=True,
        short="gas\nimport %",
    ),
    Metric("Gas supplier HHI", "gas", "supplier_hhi", 1, 0, delta=True),
    Metric("Gas storage cover (days)", "gas", "storage_cover_days", 1, 1),
    # No Δ between scenarios: two drills may cut different routes from different days. Each
    # drill is compared with the same route, start and days undisturbed instead.
    Metric(
        "Gas drill shortfall (mcm)",
        "gas",
        "drill_non_power_shortfall_mcm",
        1,
        1,
        short="drill\nshortfall\nmcm",
    ),
    Metric(
        "Same days undisturbed: shortfall (mcm)",
        "gas",
        "baseline_non_power_shortfall_mcm",
        1,
        1,
        short="same days\nundisturbed\nmcm",
    ),
    # The verdict's cost (`COST_WORDS` of powerpact.report.verdict) is this first row.
    Metric(
        "Operating cost before penalties (M EUR/yr)",
        "dispatch",
        "cost_without_lost_load_eur",
        1e-6,
        1,
        delta=True,
        short="cost before\npenalties\nM EUR/yr",
    ),
    Metric(
        "Penalties: lost load and unserved non-power gas (M EUR/yr)",
        "dispatch",
        "total_cost_eur",
        1e-6,
        1,
        delta=True,
        short="penalties\nM EUR/yr",
        minus_key="cost_without_lost_load_eur",
    ),
    Metric("Gas not delivered to non-power users (mcm/yr)", "dispatch", "gas_shortfall_mcm", 1, 1),
    Metric("System cost with penalties (M EUR/yr)", "dispatch", "total_cost_eur", 1e-6, 1),
    Metric("CO2 (Mt/yr)", "dispatch", "co2_t", 1e-6, 2, delta=True, short="CO2\nMt/yr"),
    Metric("Gas burn (mcm/yr)", "dispatch", "gas_burn_mcm", 1, 0, delta=True),
    Metric("Net imports (TWh/yr)", "dispatch", "net_import_mwh", 1e-6, 2, delta=True),
    # The focus zone's own figures (Serbia's in the default): its plants' cost plus imports at
    # the exporting zone's price less exports at the importing zone's, from the same dispatch.
    Metric(
        "Focus zone: cost including trade (M EUR/yr)",
        "focus",
        "cost_including_trade_eur",
        1e-6,
        1,
        delta=True,
        short="own cost\nwith trade\nM EUR/yr",
    ),
    Metric(
        "Focus zone: CO2 (Mt/yr)", "focus", "co2_t", 1e-6, 2, delta=True, short="own CO2\nMt/yr"
    ),
    Metric(
        "Focus zone: mean price (EUR/MWh)",
        "focus",
        "price_eur_per_mwh",
        1,
        1,
        delta=True,
        short="price\nEUR/MWh",
    ),
    Metric(
        "Focus zone: net imports (TWh/yr)",
        "focus",
        "net_import_mwh",
        1e-6,
        2,
        delta=True,
        short="net imports\nTWh/yr",
    ),
    Metric(
        "Focus zone: unserved energy (MWh/yr)",
        "focus",
        "unserved_mwh",
        1,
        0,
        short="unserved\nMWh/yr",
    ),
    Metric("Plant LCOE (EUR/MWh)", "economics", "lcoe_eur_per_mwh", 1, 1, short="LCOE\nEUR/MWh"),
    Metric("Plant NPV P10 (M EUR)", "economics", "npv_p10_eur", 1e-6, 0, short="NPV P10\nM EUR"),
    Metric("Plant NPV P50 (M EUR)", "economics", "npv_p50_eur", 1e-6, 0, short="NPV P50\nM EUR"),
    Metric("Plant NPV P90 (M EUR)", "economics", "npv_p90_eur", 1e-6, 0, short="NPV P90\nM EUR"),
    Metric("Peak demand (MW)", "overview", "peak_demand_mw", 1, 0),
)
BY_LABEL = {m.label: m for m in METRICS}
# The terminal's tables: (title, metrics); each Δ column sits beside its figure.
TERMINAL_TABLES: tuple[tuple[str, tuple[Metric, ...]], ...] = tuple(
    (title, tuple(BY_LABEL[label] for label in labels))
    for title, labels in (
        ("Security of supply", ("LOLE (h/yr)", "Firm capacity margin (%)", "Gas N-1 (%)")),
        (
            "Cost and carbon",
            (
                "Operating cost before penalties (M EUR/yr)",
                "Penalties: lost load and unserved non-power gas (M EUR/yr)",
                "CO2 (Mt/yr)",
            ),
        ),
        (
            "Focus zone: own figures, trade at zonal prices",
            (
                "Focus zone: cost including trade (M EUR/yr)",
                "Focus zone: CO2 (Mt/yr)",
                "Focus zone: net imports (TWh/yr)",
            ),
        ),
        (
            "Gas",
            (
                "Gas import dependency (%)",
                "Gas drill shortfall (mcm)",
                "Same days undisturbed: shortfall (mcm)",
            ),
        ),
        (
            "New plant",
            (
                "Plant LCOE (EUR/MWh)",
                "Plant NPV P10 (M EUR)",
                "Plant NPV P50 (M EUR)",
                "Plant NPV P90 (M EUR)",
            ),
        ),
    )
)
COMPARED_WITH = "compared with"


def horizon_hours(headlines: Mapping[str, Headline]) -> int | None:
    """The hours the figures cover (dispatch `hours`, else adequacy `horizon_hours`), or None
    when no engine says."""
    for headline in headlines.values():
        for stage, key in (("dispatch", "hours"), ("adequacy", "horizon_hours")):
            hours = value(headline, stage, key)
            if hours is not None:
                return int(hours)
    return None


# A horizon this long or longer is a year: figures are then "a year", "/yr".
YEAR_HOURS = 8760


def is_year(hours: int | None) -> bool:
    return hours is None or hours >= YEAR_HOURS


def over(hours: int | None) -> str:
    """' a year' on a year's horizon, else ' over the 168-h horizon'."""
    return " a year" if is_year(hours) else f" over the {hours:,}-h horizon"


def per(hours: int | None) -> str:
    """'/yr' on a year's horizon, else ' over 168 h'."""
    return "/yr" if is_year(hours) else f" over {hours:,} h"


def units_note(hours: int | None) -> str:
    """What the '/yr' figures are on this horizon (results.json, the report, the terminal)."""
    if is_year(hours):
        return "Energy, cost, carbon and loss-of-load figures are per year of the horizon."
    return (
        f"Energy, cost, carbon and loss-of-load figures are totals over the {hours:,}-hour "
        "horizon, not per year (they are not annualised)."
    )


def label_for(text: str, hours: int | None) -> str:
    """A metric label in the horizon's units: 'M EUR/yr' becomes 'M EUR over 168 h' on a week."""
    if is_year(hours):
        return text
    return text.replace("/yr", per(hours))


def _delta_text(metric: Metric, headline: Headline, base: Headline, percent: bool = True) -> str:
    now, then = metric.shown(headline), metric.shown(base)
    if now is None or then is None:
        return "–"
    change = now - then
    text = f"{change:+,.{metric.digits}f}"
    if metric.points:
        return text + " pt" if percent else text
    relative = 100 * change / abs(then) if then != 0 else math.inf
    if percent and math.isfinite(relative) and abs(relative) < 1e6:
        text += f" ({relative:+.0f} %)"
    return text


def references_or_baseline(
    headlines: Mapping[str, Headline], baseline: str, references: Mapping[str, str] | None
) -> dict[str, str]:
    """What each scenario but the baseline is compared with: as in `references`, else the
    baseline."""
    refs = dict(references) if references is not None else {}
    return {n: refs.get(n, baseline) for n in headlines if n != baseline}


def summary_frame(
    headlines: Mapping[str, Headline],
    baseline: str,
    metrics: tuple[Metric, ...] = METRICS,
    references: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Formatted text, metrics × scenarios; under each metric with a change, a 'Δ …' row: the
    change against the scenario named in the first row, 'compared with' (the baseline unless
    `references` names another).

    A metric appears only if some scenario has it, so a stage that did not run leaves no empty row.
    """
    refs = references_or_baseline(headlines, baseline, references)
    hours = horizon_hours(headlines)
    rows: dict[str, dict[str, str]] = {
        COMPARED_WITH: {n: refs.get(n, "(the baseline)") for n in headlines}
    }
    for metric in metrics:
        if all(metric.shown(h) is None for h in headlines.values()):
            continue
        label = label_for(metric.label, hours)
        rows[label] = {name: metric.format(h) for name, h in headlines.items()}
        if metric.delta:
            rows[f"Δ {label}"] = {
                name: (_delta_text(metric, h, headlines[refs[name]]) if name in refs else "")
                for name, h in headlines.items()
            }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(headlines))


def terminal_tables(
    headlines: Mapping[str, Headline], baseline: str, references: Mapping[str, str] | None = None
) -> list[Any]:
    """Narrow rich Tables, one row per scenario, that fit an 80-column terminal: which scenario
    each is compared with, then figures with their change (Δ) beside them."""
    from rich import box
    from rich.table import Table

    refs = references_or_baseline(headlines, baseline, references)
    hours = horizon_hours(headlines)
    # One space of padding on the right only: 80 columns hold the widest table.
    style = dict(
        title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0)
    )
    first = Table(title="Scenarios", **style)  # type: ignore[arg-type]
    first.add_column("scenario", no_wrap=True)
    first.add_column("Δ below: change against", no_wrap=True)
    for name in headlines:
        first.add_row(name, refs.get(name, "(baseline)"))
    tables = [first]
    for title, metrics in TERMINAL_TABLES:
        shown = [m for m in metrics if any(m.shown(h) is not None for h in headlines.values())]
        rows = [n for n, h in headlines.items() if any(m.shown(h) is not None for m in shown)]
        if not rows:
            continue
        per_year = any("/yr" in (m.short or m.label) for m in shown)
        if per_year and not is_year(hours):
            title += f" (totals over the {hours:,}-h horizon)"
        table = Table(title=title, **style)  # type: ignore[arg-type]
        # a long name wraps, so that no figure is ever cut short
        table.add_column("scenario", overflow="fold")
        for metric in shown:
            header = metric.short or metric.label
            if not is_year(hours):  # the title says "over the 168-h horizon"
                header = header.replace("/yr", "")
            table.add_column(header, justify="right", no_wrap=True)
            if metric.delta:
                table.add_column("Δ", justify="right", no_wrap=True, style="dim")
        for name in rows:
            cells = []
            for metric in shown:
                cells.append(metric.format(headlines[name]))
                if metric.delta:
                    cells.append(
                        _delta_text(metric, headlines[name], headlines[refs[name]], percent=False)
                        if name in refs
                        else ""
                    )
            table.add_row(name, *cells)
        tables.append(table)
    return tables
