"""The side-by-side table of headline figures, one column per scenario, shared by terminal and HTML.

Headlines are nested by stage (`{"adequacy": {"lole_hours": ...}, ...}`); a metric is read by
stage and key, so two engines may use the same key without clashing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

Headline = Mapping[str, Mapping[str, Any]]


def value(headline: Headline, stage: str, key: str) -> float | None:
    """A finite number from a headline, or None when the stage or figure is missing."""
    raw = headline.get(stage, {}).get(key)
    if raw is None or isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    number = float(raw)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Metric:
    label: str
    stage: str
    key: str
    scale: float = 1.0  # shown value = raw × scale (e.g. EUR → million EUR)
    digits: int = 1
    error_key: str | None = None  # standard error, shown as ± 1.96 × stderr (95 % interval)
    delta: bool = False  # also show the change against the baseline
    terminal: bool = False  # also in the terminal's shorter table
    points: bool = False  # a percentage: its change is in percentage points, not relative

    def shown(self, headline: Headline) -> float | None:
        raw = value(headline, self.stage, self.key)
        return None if raw is None else raw * self.scale

    def format(self, headline: Headline) -> str:
        shown = self.shown(headline)
        if shown is None:
            return "–"
        text = f"{shown:,.{self.digits}f}"
        error = value(headline, self.stage, self.error_key) if self.error_key else None
        if error is not None:
            text += f" ± {1.96 * error * self.scale:,.{self.digits}f}"
        return text


METRICS: tuple[Metric, ...] = (
    Metric("LOLE (h/yr)", "adequacy", "lole_hours", 1, 2, "lole_hours_stderr", True, True),
    Metric("EENS (MWh/yr)", "adequacy", "eens_mwh", 1, 0, "eens_mwh_stderr", True, True),
    Metric("LOLE, COPT check (h/yr)", "adequacy_copt", "lole_hours", 1, 2),
    Metric("LOLP (%)", "adequacy", "lolp", 100, 3),
    Metric("Firm capacity margin (%)", "overview", "capacity_margin_percent", 1, 1, delta=True,
           points=True),
    Metric("Gas N-1 (%)", "gas", "n_minus_1_percent", 1, 0, delta=True, terminal=True,
           points=True),
    Metric("Gas import dependency (%)", "gas", "import_dependency", 100, 1, delta=True,
           terminal=True, points=True),
    Metric("Gas supplier HHI", "gas", "supplier_hhi", 1, 0, delta=True, terminal=True),
    Metric("Gas storage cover (days)", "gas", "storage_cover_days", 1, 1),
    Metric("Gas drill shortfall (mcm)", "gas", "drill_non_power_shortfall_mcm", 1, 1, delta=True),
    Metric("System cost (M EUR/yr)", "dispatch", "total_cost_eur", 1e-6, 1, delta=True,
           terminal=True),
    Metric("CO2 (Mt/yr)", "dispatch", "co2_t", 1e-6, 2, delta=True, terminal=True),
    Metric("Gas burn (mcm/yr)", "dispatch", "gas_burn_mcm", 1, 0, delta=True),
    Metric("Net imports (TWh/yr)", "dispatch", "net_import_mwh", 1e-6, 2, delta=True),
    Metric("Plant LCOE (EUR/MWh)", "economics", "lcoe_eur_per_mwh", 1, 1, terminal=True),
    Metric("Plant NPV P10 (M EUR)", "economics", "npv_p10_eur", 1e-6, 0, terminal=True),
    Metric("Plant NPV P50 (M EUR)", "economics", "npv_p50_eur", 1e-6, 0, terminal=True),
    Metric("Plant NPV P90 (M EUR)", "economics", "npv_p90_eur", 1e-6, 0, terminal=True),
    Metric("Peak demand (MW)", "overview", "peak_demand_mw", 1, 0),
)
TERMINAL_METRICS = tuple(m for m in METRICS if m.terminal)


def _delta_text(metric: Metric, headline: Headline, base: Headline) -> str:
    now, then = metric.shown(headline), metric.shown(base)
    if now is None or then is None:
        return "–"
    change = now - then
    text = f"{change:+,.{metric.digits}f}"
    if metric.points:
        return text + " pt"
    percent = 100 * change / abs(then) if then != 0 else math.inf
    if math.isfinite(percent) and abs(percent) < 1e6:
        text += f" ({percent:+.0f} %)"
    return text


def summary_frame(
    headlines: Mapping[str, Headline], baseline: str, metrics: tuple[Metric, ...] = METRICS
) -> pd.DataFrame:
    """Formatted text, metrics × scenarios, with 'Δ …' rows: the change against the baseline.

    A metric appears only if some scenario has it, so a stage that did not run leaves no empty row.
    """
    base = headlines[baseline]
    rows: dict[str, dict[str, str]] = {}
    for metric in metrics:
        if all(metric.shown(h) is None for h in headlines.values()):
            continue
        rows[metric.label] = {name: metric.format(h) for name, h in headlines.items()}
    for metric in metrics:
        if not metric.delta or all(metric.shown(h) is None for h in headlines.values()):
            continue
        rows[f"Δ {metric.label}"] = {
            name: ("baseline" if name == baseline else _delta_text(metric, h, base))
            for name, h in headlines.items()
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(headlines))


def rich_table(frame: pd.DataFrame, title: str) -> Any:
    """The summary as a rich Table (scenarios as columns) for the terminal."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("", no_wrap=True)
    for column in frame.columns:
        table.add_column(str(column), justify="right", overflow="fold")
    for label, row in frame.iterrows():
        style = "dim" if str(label).startswith("Δ") else None
        table.add_row(str(label), *(str(v) for v in row), style=style)
    return table

