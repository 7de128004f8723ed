"""Everything the gas command shows, as one JSON-ready mapping, and its printed form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from powerpact.adequacy.results import format_significant
from powerpact.gas.drill import drill
from powerpact.gas.indicators import indicators
from powerpact.gas.n1 import n_minus_1
from powerpact.gas.standard import supply_standard
from powerpact.system import System


def gas_report(
    system: System,
    route: Sequence[str] | None = None,
    start: str | None = None,
    days: int = 30,
    power: bool = False,
    without: tuple[str, ...] = (),
) -> dict[str, Any]:
    n1 = n_minus_1(system)
    report: dict[str, Any] = {
        "system": system.name,
        **n1.headline(),
        "n_minus_1_by_zone": {
            str(zone): float(row["n_minus_1_percent"]) for zone, row in n1.terms.iterrows()
        },
        **indicators(system).headline(),
        **supply_standard(system).headline(),
        **drill(system, route, start, days).headline(),
    }
    if power:
        from powerpact.gas.power import power_impact

        report["power_impact"] = power_impact(system, route, start, days, without).headline()
    return report


def _table(title: str, rows: dict[str, Any]) -> Table:
    table = Table(title=title, show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    for key, value in rows.items():
        shown = format_significant(value) if isinstance(value, float) else str(value)
        table.add_row(key, shown)
    return table


# Checked in this order, so that "largest_infrastructure_out_30_day_met" goes to the supply
# standard before the N-1 group claims everything starting with "largest_infrastructure".
_GROUPS = {
    "Supply standard, Article 6": ("peak_7", "high_demand", "largest_infrastructure_out",
                                   "supply_standard"),
    "Winter drill": ("drill_", "baseline_"),
    "Diversity and dependence": ("supplier", "shannon", "import", "electricity",
                                 "storage_cover", "capacity_margin"),
    "N-1 infrastructure standard (mcm/day, %)": ("",),
}
_ORDER = [list(_GROUPS)[i] for i in (3, 0, 1, 2)]


def print_report(report: dict[str, Any]) -> None:
    console = Console()
    grouped: dict[str, dict[str, Any]] = {title: {} for title in _GROUPS}
    for key, value in report.items():
        if isinstance(value, dict) or key == "system":
            continue
        title = next(t for t, prefixes in _GROUPS.items() if key.startswith(prefixes))
        grouped[title][key] = value
    for title in _ORDER:
        console.print(_table(f"{report['system']}: {title}", grouped[title]))
    shares = report.get("supplier_shares", {})
    console.print("supplier shares: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()))
    for case, row in report.get("power_impact", {}).items():
        console.print(_table(f"Power side: {case}", row))
