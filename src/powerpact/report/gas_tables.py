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
from powerpact.gas.network import NetworkFigures, network
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
    if system.has_gas_network:
        report.update(network(system).headline())
    if power:
        from powerpact.studies.gas_power import power_impact

        report["power_impact"] = power_impact(system, route, start, days, without).headline()
    return report


# Printed labels; shares (0–1) are shown in per cent.
_LABELS = {
    "n_minus_1_percent": "N-1 (%)",
    "n_minus_1_demand_side_percent": "N-1 with demand-side measures (%)",
    "largest_infrastructure": "largest infrastructure (I_m)",
    "largest_infrastructure_kind": "its kind",
    "EPm_mcm_per_day": "EP_m entry points (mcm/day)",
    "Pm_mcm_per_day": "P_m production (mcm/day)",
    "Sm_mcm_per_day": "S_m storage withdrawal (mcm/day)",
    "LNGm_mcm_per_day": "LNG_m (mcm/day)",
    "Im_mcm_per_day": "I_m largest infrastructure (mcm/day)",
    "Dmax_mcm_per_day": "D_max peak day (mcm/day)",
    "Deff_mcm_per_day": "D_eff demand-side measures (mcm/day)",
    "dmax_from": "D_max taken from",
    "n_minus_1_at_observed_peak_percent": "N-1 at the observed peak day (%)",
    "supply_standard_met": "all three cases met",
    "peak_7_day_met": "7-day peak: met",
    "peak_7_day_shortfall_mcm": "7-day peak: shortfall (mcm)",
    "peak_7_day_storage_left_mcm": "7-day peak: storage left (mcm)",
    "high_demand_30_day_met": "30-day high demand: met",
    "high_demand_30_day_shortfall_mcm": "30-day high demand: shortfall (mcm)",
    "high_demand_30_day_storage_left_mcm": "30-day high demand: storage left (mcm)",
    "largest_infrastructure_out_30_day_met": "30 days without I_m: met",
    "largest_infrastructure_out_30_day_shortfall_mcm": "30 days without I_m: shortfall (mcm)",
    "largest_infrastructure_out_30_day_storage_left_mcm": "30 days without I_m: storage left (mcm)",
    "drill_route": "route out",
    "drill_start": "outage starts",
    "drill_outage_days": "outage length (days)",
    "drill_days": "days simulated",
    "drill_non_power_shortfall_mcm": "non-power demand not served (mcm)",
    "drill_non_power_shortfall_days": "days with non-power shortfall",
    "drill_first_shortfall_day": "first day short",
    "drill_storage_empty_day": "storage empty on",
    "drill_storage_left_mcm": "storage left at the end (mcm)",
    "drill_power_need_mcm": "gas plants at full output would burn (mcm)",
    "drill_gas_for_power_mcm": "gas left for power plants (mcm)",
    "drill_gas_for_power_mwh_th": "gas left for power plants (MWh_th)",
    "drill_power_gas_shortfall_mcm": "full-output gas the plants could not get (mcm)",
    "baseline_non_power_shortfall_mcm": "same winter, no outage: non-power not served (mcm)",
    "baseline_power_gas_shortfall_mcm": "same winter, no outage: full-output gas not got (mcm)",
    "baseline_storage_left_mcm": "same winter, no outage: storage left (mcm)",
    "supplier_hhi": "supplier concentration, HHI (0–10,000)",
    "shannon_index": "supplier diversity, Shannon index",
    "import_dependency": "gas import dependency, all consumption (%)",
    "import_dependency_non_power": "gas import dependency, non-power demand only (%)",
    "electricity_import_dependency": "electricity import dependency (%)",
    "storage_cover_days": "storage cover (days of winter demand)",
    "capacity_margin_percent": "firm capacity margin over peak (%)",
}
# Rows of the gas-network table (only for systems with gas_nodes.csv).
_NETWORK_LABELS = {
    "network_node": "node of this system",
    "n_minus_1_network_percent": "N-1 with the network's entry capacities (%)",
    "n_minus_1_network_largest": "its largest infrastructure",
    "n_minus_1_risk_group": "risk group (nodes)",
    "n_minus_1_risk_group_percent": "N-1 of the risk group, corridor demand (%)",
    "n_minus_1_risk_group_largest": "its largest infrastructure",
    "n_minus_1_network_at_observed_peak_percent": "N-1 of the node at the observed peak (%)",
    "n_minus_1_risk_group_at_observed_peak_percent": "N-1 of the group at the observed peak (%)",
    "max_additional_az_gas_to_rs_mcm_per_year": "extra Azerbaijani gas to RS (mcm/yr)",
    "max_additional_az_gas_binding": "pipelines full at that flow",
}
assert set(_NETWORK_LABELS) == NetworkFigures.names()
# Rows of the power-side tables (powerpact.studies.gas_power.DispatchCase, and the adequacy
# indices prefixed adequacy_, which keep their names).
_POWER_LABELS = {
    "unserved_mwh": "electricity not served (MWh)",
    "unserved_hours": "hours with electricity not served",
    "unserved_hours_during_outage": "of which during the route outage",
    "dispatch_non_power_gas_shortfall_mcm": "dispatch: non-power gas not delivered (mcm)",
    "dispatch_gas_burn_mcm": "dispatch: gas burnt by power plants (mcm)",
    "dispatch_gas_burn_during_outage_mcm": "of which during the route outage (mcm)",
}
_SHARES = {"import_dependency", "import_dependency_non_power", "electricity_import_dependency"}
# Figures only assess can give (they need the dispatch's gas burn and electricity imports).
_NEEDS_DISPATCH = {"import_dependency", "electricity_import_dependency"}


def _shown(key: str, value: Any) -> str:
    if value is None:
        return "– (assess only)" if key in _NEEDS_DISPATCH else "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_significant(100 * value if key in _SHARES else value)
    return str(value)


def _table(title: str, rows: dict[str, Any], labels: dict[str, str] = _LABELS) -> Table:
    table = Table(title=title, show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    for key, value in rows.items():
        table.add_row(labels.get(key, key), _shown(key, value))
    return table


# Why the supply standard can be met while the drill runs short: travels with the figures into
# results.json (`notes`) and the report.
DRILL_NOTE = (
    "The drill follows the winter day by day with contracted entries limited to their annual "
    "quantity spread over the days of the study year and storage withdrawal falling as it "
    "empties; the supply standard counts technical capacities only, so it can be met while "
    "the drill runs short. Gas plants ask for full output every day."
)


# Checked in this order, so that "largest_infrastructure_out_30_day_met" goes to the supply
# standard before the N-1 group claims everything starting with "largest_infrastructure".
_GROUPS = {
    "Supply standard, Article 6": (
        "peak_7",
        "high_demand",
        "largest_infrastructure_out",
        "supply_standard",
    ),
    "Winter drill": ("drill_", "baseline_"),
    "Diversity and dependence": (
        "supplier",
        "shannon",
        "import",
        "electricity",
        "storage_cover",
        "capacity_margin",
    ),
    "N-1 infrastructure standard (mcm/day, %)": ("",),
}
_ORDER = [list(_GROUPS)[i] for i in (3, 0, 1, 2)]


def print_report(report: dict[str, Any]) -> None:
    console = Console()
    grouped: dict[str, dict[str, Any]] = {title: {} for title in _GROUPS}
    for key, value in report.items():
        if isinstance(value, dict) or key == "system" or key in _NETWORK_LABELS:
            continue
        if key.startswith("network_"):
            continue
        title = next(t for t, prefixes in _GROUPS.items() if key.startswith(prefixes))
        grouped[title][key] = value
    for title in _ORDER:
        console.print(_table(f"{report['system']}: {title}", grouped[title]))
        if title == "Winter drill":
            console.print(
                DRILL_NOTE + " --power shows what the least-cost dispatch burns.",
                highlight=False,
            )
    if "network_node" in report:
        _print_network(console, report)
    shares = report.get("supplier_shares", {})
    volumes = report.get("supplier_volumes_mcm_per_year", {})
    routes = report.get("supplier_routes", {})
    console.print(
        "gas by supplier (contracted or produced, share; entries): "
        + "; ".join(
            f"{who} {volumes.get(who, 0.0):,.0f} mcm/yr ({shares[who]:.0%}) via "
            + ", ".join(routes.get(who, []))
            for who in shares
        )
        + "".join(
            f"; {who}: no contracted volume, via {', '.join(entries)}"
            for who, entries in routes.items()
            if who not in shares
        ),
        highlight=False,
    )
    for case, row in report.get("power_impact", {}).items():
        console.print(_table(f"Power side: {case}", row, _POWER_LABELS))


def _print_network(console: Console, report: dict[str, Any]) -> None:
    rows = {key: report[key] for key in _NETWORK_LABELS}
    console.print(_table(f"{report['system']}: gas network", rows, _NETWORK_LABELS))
    node = report["network_node"]
    table = Table(title=f"Network drills: {node}'s shortfall (mcm), and the same days undisturbed")
    for column in ("drill", "season", "days out", "shortfall", "undisturbed", "protected", "power"):
        table.add_column(column, justify="left" if column in ("drill", "season") else "right")
    for name, row in report["network_drills"].items():
        by_class = row["shortfall_by_class_mcm"]
        table.add_row(
            name,
            row["season"],
            str(row["outage_days"]),
            format_significant(row["shortfall_mcm"]),
            format_significant(row["undisturbed_shortfall_mcm"]),
            format_significant(by_class["protected"]),
            format_significant(by_class["power"]),
        )
    console.print(table)
    for name, row in report["network_drills"].items():
        others = row["other_nodes_shortfall_mcm"]
        if others:
            short = ", ".join(f"{n} {format_significant(v)}" for n, v in others.items())
            console.print(f"{name}: also short (mcm): {short}", highlight=False)
    console.print(f"Storage withdrawal is {report['network_storage_withdrawal']}.", highlight=False)
