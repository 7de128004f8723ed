"""Daily gas flows on a network of countries, the N-1 of a node and of its risk group, named
disruption drills, and the extra Caspian gas a route can carry (issue 16).

The network is the optional pair gas_nodes.csv / gas_pipelines.csv (docs/input-format.md, "Gas
network"). A node with a `zone` stands for that zone of today's one-node model: its non-power
demand (gas_demand.csv), gas plants, production and LNG entries (gas_entries.csv) and storage
(gas_storage.csv) are the zone's own; a pipeline into it named like one of its gas entries
carries that entry's contracts. Without the two files nothing here runs and every other gas
result is unchanged.

Each day is a linear programme solved with HiGHS (scipy's linprog): gas leaves sources and
storage, moves along pipelines within their capacity per direction less the capacity others
booked, and serves each node's demand; what cannot be served is a shortfall, priced per customer
class so that protected customers are cut last. Gas is one commodity: the LP does not know whose
molecules flow where, so contracts bind only on the pipeline they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from powerpact.gas.common import (
    HOURS_PER_DAY,
    check_gas_demand,
    observed_peak_day_mcm,
    peak_day_demand_mcm,
)
from powerpact.system import InputError, System
from powerpact.system.figures import Figures
from powerpact.system.gas_supply import entry_contract_cap_mcm, gas_mcm_per_mwh
from powerpact.system.time import days_of_study_year

# Price of one mcm not served, by customer class. Only the order matters: protected customers
# (Regulation (EU) 2017/1938 Art. 2(5)) anywhere are cut last; then the zone's other non-power
# customers and transit obligations owed to a neighbour; then the zone's gas plants (emergency
# plans curtail power plants before other customers); the foreign nodes' contracted wholesale
# demand comes last. Gas is one commodity here, so without that last rule the LP would send a
# zone's own stored gas abroad to spare a neighbour's wholesale buyer; with it the model answers
# the zone's question (what is left for it when others take what they contracted and can reach).
PENALTY = {
    "protected": 1000.0,
    "non_protected": 100.0,
    "transit": 100.0,
    "power": 10.0,
    "foreign": 5.0,
}
CLASSES = tuple(PENALTY)
# Moving gas costs a little, so that the LP never circulates gas round a loop; storage costs a
# little more, so that it is drawn only when pipes cannot serve and is kept for later days.
# Both are far below any shortfall price, so they never decide who goes short.
FLOW_COST = 1e-3
STORAGE_COST = 1e-2
# Gas not taken under a take-or-pay clause is paid for anyway: cheaper than any shortfall.
TAKE_OR_PAY_PENALTY = 1.0
SEASON_MONTHS = {"winter": (12, 1, 2), "summer": (6, 7, 8)}
TOLERANCE = 1e-6
STORAGE_CURVE = "constant with fill: no withdrawal-against-fill curve is sourced"
MAX_EXTRA_PENALTY = 1e4


@dataclass(frozen=True)
class Disruption:
    """A named drill: pipelines out and sources lost for `days` days from the start of the
    `season`'s longest run of days in the horizon."""

    name: str
    description: str
    pipelines: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    season: str = "winter"
    days: int = 30


# The drills of issue 16, named by the elements of the embedded serbia-2025 network. 30 days is
# the duration Regulation (EU) 2017/1938 Art. 6(1)(c) uses for the loss of an infrastructure.
DRILLS = (
    Disruption("tanap-outage", "TANAP out: Azerbaijani gas reaches Turkey only by SCP's Turkgozu "
               "entry", pipelines=("tanap",)),
    Disruption("shah-deniz-outage", "no Azerbaijani export (Shah Deniz and SCP)", sources=("AZ",)),
    Disruption("turkstream-stop", "no TurkStream gas to Europe (Serbia and Hungary)",
               sources=("TS",)),
    Disruption("bulgaria-serbia-route", "IBS and Balkan Stream in Bulgaria both out",
               pipelines=("ibs-dimitrovgrad", "balkan-stream-bg")),
    Disruption("lng-unavailable", "no LNG send-out in Greece", sources=("LNG-REV", "LNG-ALX")),
)  # fmt: skip


@dataclass(frozen=True)
class NetworkRun:
    """Daily flows of one LP run. flows: net flow per pipeline (negative = reverse direction);
    demand and shortfall: columns (node, class); supply: per source, withdrawal and
    storage_fill (end of day): per storage site; `node_of` names the node of each source and
    site."""

    days: pd.DatetimeIndex
    flows: pd.DataFrame
    demand: pd.DataFrame
    shortfall: pd.DataFrame
    supply: pd.DataFrame
    withdrawal: pd.DataFrame
    storage_fill: pd.DataFrame
    node_of: dict[str, str]
    take_or_pay_short_mcm: float

    def node_shortfall_mcm(self, node: str) -> float:
        return float(self.shortfall.loc[:, (node, slice(None))].to_numpy().sum())

    def by_class(self, node: str) -> dict[str, float]:
        return {c: float(self.shortfall[(node, c)].sum()) for c in CLASSES}

    def others_short(self, node: str) -> dict[str, float]:
        """Total shortfall of every other node that goes short (who else loses gas)."""
        nodes = sorted(set(self.shortfall.columns.get_level_values(0)) - {node})
        totals = {n: self.node_shortfall_mcm(n) for n in nodes}
        return {n: v for n, v in totals.items() if v > TOLERANCE}


@dataclass(frozen=True)
class DrillOutcome:
    disruption: Disruption
    start: pd.Timestamp
    end: pd.Timestamp
    disturbed: NetworkRun
    undisturbed: NetworkRun

    def summary(self, node: str) -> dict[str, Any]:
        """The zone node's shortfall with and without the disruption, by class, and the other
        nodes that go short in each case."""
        return {
            "description": self.disruption.description,
            "season": self.disruption.season,
            "start": self.start.date().isoformat(),
            "outage_days": (self.end - self.start).days,
            "days_simulated": len(self.disturbed.days),
            "shortfall_mcm": self.disturbed.node_shortfall_mcm(node),
            "undisturbed_shortfall_mcm": self.undisturbed.node_shortfall_mcm(node),
            "shortfall_by_class_mcm": self.disturbed.by_class(node),
            "undisturbed_shortfall_by_class_mcm": self.undisturbed.by_class(node),
            "other_nodes_shortfall_mcm": self.disturbed.others_short(node),
            "undisturbed_other_nodes_shortfall_mcm": self.undisturbed.others_short(node),
            "take_or_pay_not_taken_mcm": self.disturbed.take_or_pay_short_mcm,
        }


@dataclass(frozen=True)
class NetworkFigures(Figures):
    """Headline of the gas network (printed by `gas` when the system has one), mcm/day, %."""

    network_node: str
    n_minus_1_network_percent: float
    n_minus_1_network_largest: str
    n_minus_1_risk_group: str
    n_minus_1_risk_group_percent: float
    n_minus_1_risk_group_largest: str
    # Both N-1 with the zone's D_max at its observed peak day (None when none is known).
    n_minus_1_network_at_observed_peak_percent: float | None
    n_minus_1_risk_group_at_observed_peak_percent: float | None
    max_additional_az_gas_to_rs_mcm_per_year: float
    max_additional_az_gas_binding: str


@dataclass(frozen=True)
class NetworkResult:
    system: str
    node: str
    n_minus_1: dict[str, Any]
    risk_group: dict[str, Any]
    other_risk_groups: dict[str, dict[str, Any]]
    dmax_sensitivity: dict[str, float]
    at_observed_peak: dict[str, float] | None
    extra: dict[str, Any]
    drills: dict[str, DrillOutcome] = field(default_factory=dict)

    def figures(self) -> NetworkFigures:
        return NetworkFigures(
            network_node=self.node,
            n_minus_1_network_percent=float(self.n_minus_1["n_minus_1_percent"]),
            n_minus_1_network_largest=str(self.n_minus_1["largest"]),
            n_minus_1_risk_group=str(self.risk_group["group"]),
            n_minus_1_risk_group_percent=float(self.risk_group["n_minus_1_percent"]),
            n_minus_1_risk_group_largest=str(self.risk_group["largest"]),
            n_minus_1_network_at_observed_peak_percent=self._observed("national"),
            n_minus_1_risk_group_at_observed_peak_percent=self._observed("risk_group"),
            max_additional_az_gas_to_rs_mcm_per_year=float(self.extra["mcm_per_year"]),
            max_additional_az_gas_binding=str(self.extra["binding"]),
        )

    def _observed(self, key: str) -> float | None:
        return None if self.at_observed_peak is None else self.at_observed_peak[key]

    def headline(self) -> dict[str, Any]:
        return {
            **self.figures().to_dict(),
            "network_n_minus_1_terms": self.n_minus_1,
            "network_risk_group_terms": self.risk_group,
            "network_other_risk_groups": self.other_risk_groups,
            "network_n_minus_1_at_dmax": self.dmax_sensitivity,
            "network_max_additional_az_gas": self.extra,
            "network_drills": {k: d.summary(self.node) for k, d in self.drills.items()},
            "network_storage_withdrawal": STORAGE_CURVE,
        }


# --- the daily LP ------------------------------------------------------------------------------


@dataclass
class _Columns:
    """Variable bookkeeping: bounds and costs appended block by block."""

    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)

    def add(self, n: int, high: np.ndarray | float, cost: float) -> np.ndarray:
        start = len(self.low)
        self.low += [0.0] * n
        self.high += list(np.broadcast_to(np.asarray(high, dtype=float), (n,)))
        self.cost += [cost] * n
        return np.arange(start, start + n)


@dataclass
class _Rows:
    """Constraint rows as triplets: equalities and upper-bounded inequalities."""

    eq: list[tuple[int, int, float]] = field(default_factory=list)
    eq_rhs: list[float] = field(default_factory=list)
    ub: list[tuple[int, int, float]] = field(default_factory=list)
    ub_rhs: list[float] = field(default_factory=list)

    def equal(self, terms: list[tuple[int, float]], rhs: float) -> None:
        row = len(self.eq_rhs)
        self.eq += [(row, col, coef) for col, coef in terms]
        self.eq_rhs.append(rhs)

    def at_most(self, terms: list[tuple[int, float]], rhs: float) -> None:
        row = len(self.ub_rhs)
        self.ub += [(row, col, coef) for col, coef in terms]
        self.ub_rhs.append(rhs)


def _matrix(triplets: list[tuple[int, int, float]], rows: int, cols: int) -> sparse.csr_matrix:
    if not triplets:
        return sparse.csr_matrix((rows, cols))
    r, c, v = zip(*triplets, strict=True)
    return sparse.csr_matrix((v, (r, c)), shape=(rows, cols))


def zone_node(system: System) -> str:
    """The node standing for the system's (first) zone: the node the reports are about."""
    zoned = system.gas_nodes[system.gas_nodes["zone"] != ""]
    if zoned.empty:
        raise InputError(f"{system.origin}/gas_nodes.csv", "no node has a zone", field="zone")
    return str(zoned.index[0])


def _zone_gas_burn(system: System, zone: str, days: pd.DatetimeIndex) -> np.ndarray:
    """Gas the zone's in-service gas plants burn per day at full output, mcm/day."""
    gens = system.generators.loc[system.gas_generators]
    gens = gens[gens["zone"] == zone]
    burn_mcm = gens["capacity_mw"] * gas_mcm_per_mwh(system, gens["efficiency"]) * HOURS_PER_DAY
    in_service = system.in_service("generators", days)[gens.index]
    return (in_service * burn_mcm).sum(axis=1).to_numpy()


def _demand(system: System, days: pd.DatetimeIndex) -> dict[tuple[str, str], np.ndarray]:
    """Daily demand per (node, class), mcm/day; the transit class is a pipeline's obligation,
    owed at its downstream node."""
    t = len(days)
    demand: dict[tuple[str, str], np.ndarray] = {}
    for node, row in system.gas_nodes.iterrows():
        share = float(row["protected_share"])
        zero = np.zeros(t)
        if row["zone"]:
            non_power = system.gas_demand[row["zone"]].reindex(days).fillna(0.0).to_numpy()
            power = _zone_gas_burn(system, str(row["zone"]), days)
            rest, foreign = (1.0 - share) * non_power, zero
        else:
            non_power, power = np.full(t, float(row["demand_mcm_per_day"])), zero
            rest, foreign = zero, (1.0 - share) * non_power
        demand[(str(node), "protected")] = share * non_power
        demand[(str(node), "non_protected")] = rest
        demand[(str(node), "power")] = power
        demand[(str(node), "transit")] = zero.copy()
        demand[(str(node), "foreign")] = foreign
    for _, pipe in system.gas_pipelines.iterrows():
        demand[(str(pipe["to"]), "transit")] += float(pipe["transit_obligation_mcm_per_day"])
    return demand


def _supplies(system: System) -> list[tuple[str, str, float]]:
    """(node, name, mcm/day) of every source: node supply, and a zone's production and LNG."""
    out = [
        (str(node), str(node), float(row["supply_mcm_per_day"]))
        for node, row in system.gas_nodes.iterrows()
        if row["supply_mcm_per_day"] > 0
    ]
    for node, row in system.gas_nodes[system.gas_nodes["zone"] != ""].iterrows():
        entries = system.gas_entries[
            (system.gas_entries["zone"] == row["zone"]) & (system.gas_entries["kind"] != "pipeline")
        ]
        out += [
            (str(node), str(n), float(e["capacity_mcm_per_day"])) for n, e in entries.iterrows()
        ]
    return out


def _storages(
    system: System, start_fill: float | None
) -> list[tuple[str, str, float, float, float]]:
    """(node, name, volume, withdrawal, start fill) of every storage site. Node storage (given
    as the gas on hand) starts full; a zone's sites start at their initial fill fraction."""
    nodes = system.gas_nodes[system.gas_nodes["storage_mcm"] > 0]
    out = [
        (str(n), f"{n}-storage", volume, rate, volume)
        for n, volume, rate in zip(
            nodes.index, nodes["storage_mcm"], nodes["storage_withdrawal_mcm_per_day"], strict=True
        )
    ]
    for node, row in system.gas_nodes[system.gas_nodes["zone"] != ""].iterrows():
        sites = system.gas_storage[system.gas_storage["zone"] == row["zone"]]
        for name, s in sites.iterrows():
            fraction = s["initial_fill_fraction"] if start_fill is None else start_fill
            out.append(
                (str(node), str(name), float(s["working_volume_mcm"]),
                 float(s["withdrawal_mcm_per_day"]), float(s["working_volume_mcm"]) * fraction)
            )  # fmt: skip
    return out


def _contract_limits(
    system: System, n_days: int, swing: float | None
) -> dict[str, tuple[float, float]]:
    """Pipeline -> (daily cap, take-or-pay minimum over the run) from the contracts of the gas
    entry it stands for: the daily cap is the system's one definition (system/gas_supply.py),
    the minimum is prorated to the days of the study year."""
    year_days = days_of_study_year(system)
    caps = entry_contract_cap_mcm(system, swing)
    minimum = system.gas_contracts.groupby("entry")["annual_min_mcm"].sum()
    return {
        str(entry): (float(cap), float(minimum[entry]) * n_days / year_days)
        for entry, cap in caps.items()
        if entry in system.gas_pipelines.index
    }


def _solved(cols: _Columns, rows: _Rows) -> np.ndarray:
    """The LP's optimal columns. It is feasible by construction (every demand can go short), but
    HiGHS' presolve has declared it infeasible when a demand is near its tolerance (1e-7 mcm/day,
    found by tests/test_gas_network.py's properties): such a verdict is checked without presolve."""
    n_cols = len(cols.low)
    problem = {
        "c": np.array(cols.cost),
        "A_ub": _matrix(rows.ub, len(rows.ub_rhs), n_cols) if rows.ub_rhs else None,
        "b_ub": np.array(rows.ub_rhs) if rows.ub_rhs else None,
        "A_eq": _matrix(rows.eq, len(rows.eq_rhs), n_cols),
        "b_eq": np.array(rows.eq_rhs),
        "bounds": np.column_stack([cols.low, cols.high]),
    }
    result = linprog(**problem, method="highs")
    if result.status == 2:
        result = linprog(**problem, method="highs", options={"presolve": False})
    if result.status != 0:
        raise RuntimeError(f"gas network LP failed: {result.message}")
    return np.asarray(result.x)


def solve_network(
    system: System,
    days: pd.DatetimeIndex,
    pipelines_out: Sequence[str] = (),
    sources_out: Sequence[str] = (),
    out_days: pd.DatetimeIndex | None = None,
    start_fill: float | None = None,
    contract_swing: float | None = None,
) -> NetworkRun:
    """Least-shortfall daily flows over `days`, with `pipelines_out` and the supply of the nodes
    (or zone entries) in `sources_out` lost on `out_days` (default: every day).

    Storage withdrawal is constant with fill: no withdrawal-against-fill curve is sourced for
    the embedded data (docs/gas-network-data.md), so none is assumed here.
    """
    if not system.has_gas_network:
        raise InputError(f"{system.origin}/gas_nodes.csv", "the system has no gas network")
    check_gas_demand(system)
    nodes = [str(n) for n in system.gas_nodes.index]
    pipes = system.gas_pipelines
    t_n = len(days)
    down = np.ones(t_n, dtype=bool) if out_days is None else days.isin(out_days)
    cols, rows = _Columns(), _Rows()
    # Terms of each node's balance, per day: (column, +1 in / -1 out).
    balance: dict[str, list[list[tuple[int, float]]]] = {n: [[] for _ in days] for n in nodes}

    # A scenario's outages of gas entries and storage sites reach the pipelines and sites that
    # stand for them.
    entry_up = system.in_service("gas_entries", days)
    site_up = system.in_service("gas_storage", days)
    fwd, rev = {}, {}
    for name, p in pipes.iterrows():
        up = np.where(down & (name in pipelines_out), 0.0, 1.0)
        if name in entry_up.columns:
            up = up * entry_up[name].to_numpy()
        fwd[name] = cols.add(
            t_n, up * (p["capacity_mcm_per_day"] - p["booked_by_others_mcm_per_day"]), FLOW_COST
        )
        rev[name] = cols.add(t_n, up * p["reverse_capacity_mcm_per_day"], FLOW_COST)
        for t in range(t_n):
            balance[p["from"]][t] += [(fwd[name][t], -1.0), (rev[name][t], 1.0)]
            balance[p["to"]][t] += [(fwd[name][t], 1.0), (rev[name][t], -1.0)]
    supplied = {}
    for node, name, rate in _supplies(system):
        lost = (name in sources_out) or (node in sources_out)
        on = entry_up[name].to_numpy() if name in entry_up.columns else np.ones(t_n)
        supplied[name] = cols.add(t_n, np.where(down & lost, 0.0, rate) * on, 0.0)
        for t in range(t_n):
            balance[node][t].append((supplied[name][t], 1.0))
    sites = _storages(system, start_fill)
    withdrawn = {}
    for node, name, _volume, rate, fill in sites:
        on = site_up[name].to_numpy() if name in site_up.columns else np.ones(t_n)
        withdrawn[name] = cols.add(t_n, rate * on, STORAGE_COST)
        for t in range(t_n):
            balance[node][t].append((withdrawn[name][t], 1.0))
            # Never more out, by the end of day t, than the site held at the start.
            rows.at_most([(int(c), 1.0) for c in withdrawn[name][: t + 1]], fill)
    demand = _demand(system, days)
    short = {}
    for (node, cls), daily in demand.items():
        short[(node, cls)] = cols.add(t_n, daily, PENALTY[cls])
        for t in range(t_n):
            balance[node][t].append((short[(node, cls)][t], 1.0))
    for node in nodes:
        for t in range(t_n):
            rows.equal(balance[node][t], sum(float(demand[(node, c)][t]) for c in CLASSES))
    top_cols = {}
    for pipe, (cap, minimum) in _contract_limits(system, t_n, contract_swing).items():
        for t in range(t_n):
            rows.at_most([(int(fwd[pipe][t]), 1.0)], cap)
        if minimum > 0:
            top_cols[pipe] = cols.add(1, minimum, TAKE_OR_PAY_PENALTY)
            rows.at_most(
                [(int(c), -1.0) for c in fwd[pipe]] + [(int(top_cols[pipe][0]), -1.0)], -minimum
            )
    x = _solved(cols, rows)
    flows = pd.DataFrame({n: x[fwd[n]] - x[rev[n]] for n in pipes.index}, index=days)
    keys = pd.MultiIndex.from_tuples(list(short), names=["node", "class"])
    shortfall = pd.DataFrame(np.column_stack([x[c] for c in short.values()]), days, keys)
    withdrawal = pd.DataFrame({name: x[withdrawn[name]] for name in withdrawn}, index=days)
    fills = {name: f - np.cumsum(x[withdrawn[name]]) for _n, name, _v, _r, f in sites}
    return NetworkRun(
        days=days,
        flows=flows,
        demand=pd.DataFrame(np.column_stack(list(demand.values())), days, keys),
        shortfall=shortfall,
        supply=pd.DataFrame({name: x[c] for name, c in supplied.items()}, index=days),
        withdrawal=withdrawal,
        storage_fill=pd.DataFrame(fills, index=days),
        node_of={name: node for node, name, _ in _supplies(system)}
        | {name: node for node, name, *_ in sites},
        take_or_pay_short_mcm=float(sum(x[c].sum() for c in top_cols.values())),
    )


# --- drills ------------------------------------------------------------------------------------


def season_days(system: System, season: str) -> pd.DatetimeIndex:
    """The longest run of consecutive days of `season` in the horizon (first if tied)."""
    if season not in SEASON_MONTHS:
        raise InputError("drill", f"unknown season {season!r}", field="season")
    days = pd.DatetimeIndex(system.gas_demand.index)
    days = days[days.month.isin(SEASON_MONTHS[season])]
    if len(days) == 0:
        raise InputError(
            f"{system.origin}/demand.csv", f"the horizon has no {season} day for the gas drills"
        )
    gaps = days.to_series().diff().iloc[1:] != pd.Timedelta(days=1)
    breaks = np.flatnonzero(gaps.to_numpy()) + 1
    blocks = np.split(np.arange(len(days)), breaks)
    return days[max(blocks, key=len)]


def _check_elements(system: System, disruption: Disruption) -> None:
    known_sources = {n for n, _, _ in _supplies(system)} | {s for _, s, _ in _supplies(system)}
    for name in disruption.pipelines:
        if name not in system.gas_pipelines.index:
            raise InputError("drill", f"{name!r} is not a gas pipeline", field=disruption.name)
    for name in disruption.sources:
        if name not in known_sources:
            raise InputError("drill", f"{name!r} is not a gas source", field=disruption.name)


def run_drill(
    system: System, disruption: Disruption, start_fill: float | None = None
) -> DrillOutcome:
    """The season with the disruption, and the same days undisturbed."""
    _check_elements(system, disruption)
    days = season_days(system, disruption.season)
    out_days = days[: disruption.days]
    disturbed = solve_network(
        system, days, disruption.pipelines, disruption.sources, out_days, start_fill
    )
    undisturbed = solve_network(system, days, start_fill=start_fill)
    end = out_days[-1] + pd.Timedelta(days=1)
    return DrillOutcome(disruption, out_days[0], end, disturbed, undisturbed)


def applicable_drills(system: System) -> list[Disruption]:
    """The named drills whose pipelines and sources all exist in the system's network."""
    ok = []
    for disruption in DRILLS:
        try:
            _check_elements(system, disruption)
        except InputError:
            continue
        ok.append(disruption)
    return ok


# --- standards ---------------------------------------------------------------------------------


def _into(system: System, inside: set[str]) -> list[tuple[str, float]]:
    """(pipeline, technical capacity into `inside`) of every pipeline crossing its border."""
    out = []
    for name, p in system.gas_pipelines.iterrows():
        if p["to"] in inside and p["from"] not in inside:
            out.append((str(name), float(p["capacity_mcm_per_day"])))
        elif (
            p["from"] in inside and p["to"] not in inside and p["reverse_capacity_mcm_per_day"] > 0
        ):
            out.append((str(name), float(p["reverse_capacity_mcm_per_day"])))
    return out


def _n_minus_1(system: System, inside: set[str], dmax: float) -> dict[str, Any]:
    """Annex II of Regulation (EU) 2017/1938 over the nodes `inside`: EPm from pipelines
    entering them, Pm and LNGm from their sources, Sm from their storage; Im the largest."""
    infra: list[tuple[str, str, float]] = [("EPm", n, c) for n, c in _into(system, inside)]
    kinds = {"pipeline": "EPm", "production": "Pm", "lng": "LNGm"}
    for node, row in system.gas_nodes.iterrows():
        if node in inside and row["supply_mcm_per_day"] > 0:
            infra.append((kinds[row["supply_kind"]], str(node), float(row["supply_mcm_per_day"])))
    for node, name, _v, rate, _f in _storages(system, None):
        if node in inside:
            infra.append(("Sm", name, rate))
    for node, row in system.gas_nodes[system.gas_nodes["zone"] != ""].iterrows():
        if node in inside:
            entries = system.gas_entries[
                (system.gas_entries["zone"] == row["zone"])
                & (system.gas_entries["kind"] != "pipeline")
            ]
            infra += [
                (kinds[e["kind"]], str(n), float(e["capacity_mcm_per_day"]))
                for n, e in entries.iterrows()
            ]
    terms = {k: sum(c for kind, _, c in infra if kind == k) for k in ("EPm", "Pm", "Sm", "LNGm")}
    largest = max(infra, key=lambda i: (i[2], i[1])) if infra else ("", "", 0.0)
    supply = sum(terms.values()) - largest[2]
    return {
        **{f"{k}_mcm_per_day": v for k, v in terms.items()},
        "Im_mcm_per_day": largest[2],
        "largest": largest[1],
        "Dmax_mcm_per_day": dmax,
        "n_minus_1_percent": 100.0 * supply / dmax if dmax > 0 else float("inf"),
    }


# Commission Delegated Regulation (EU) 2022/517, Annex I: the Trans-Balkan risk group. Serbia,
# an Energy Community party, is not a member of an EU risk group; it is added here because its
# supply runs through the group (an assumption: the Energy Community's adaptation of Annex I was
# not read).
TRANS_BALKAN = ("BG", "GR", "HU", "RO")
# The same Annex I's Southern Gas Corridor - Caspian group (only its members with a node count).
SGC_CASPIAN = ("BG", "GR", "HR", "IT", "HU", "MT", "AT", "RO", "SI", "SK")


def national_n_minus_1(system: System, dmax: float | None = None) -> dict[str, Any]:
    """N-1 of the zone's node with the network's technical entry capacities."""
    node = zone_node(system)
    zone = str(system.gas_nodes.at[node, "zone"])
    given = peak_day_demand_mcm(system, zone)[0] if dmax is None else dmax
    return _n_minus_1(system, {node}, given)


def risk_group_n_minus_1(
    system: System, group: Sequence[str] = TRANS_BALKAN, dmax: float | None = None
) -> dict[str, Any]:
    """The regional N-1 (Annex II): capacities and peak demand aggregated over the group's
    nodes plus the zone's node (its D_max, or `dmax` if given). A foreign node's Dmax is its
    demand on this corridor, so the result is the group's N-1 for the gas the modelled corridor
    carries, not the countries' whole systems."""
    node = zone_node(system)
    inside = {str(n) for n, r in system.gas_nodes.iterrows() if r["country"] in group} | {node}
    zone = str(system.gas_nodes.at[node, "zone"])
    dmax = peak_day_demand_mcm(system, zone)[0] if dmax is None else dmax
    foreign = system.gas_nodes.loc[sorted(inside - {node}), "demand_mcm_per_day"].sum()
    obligations = system.gas_pipelines[system.gas_pipelines["to"].isin(inside)][
        "transit_obligation_mcm_per_day"
    ].sum()
    result = _n_minus_1(system, inside, dmax + float(foreign) + float(obligations))
    return {"group": "+".join([*group, str(system.gas_nodes.at[node, "country"])]), **result}


def max_additional_gas(
    system: System, supplier: str = "SOCAR", contract_supplier: str = "SOCAR"
) -> dict[str, Any]:
    """Extra gas `supplier` could deliver to the zone's node a year, mcm/yr.

    One average day: only `supplier`'s sources flow, every demand contracted from it elsewhere
    is served first (a huge price on its shortfall), then the flow into the zone's node is
    maximised with pipeline capacities (less others' bookings) and no contract cap. The extra is
    that flow less what the zone already contracts from `contract_supplier`, times 365.
    """
    node = zone_node(system)
    nodes = [str(n) for n in system.gas_nodes.index]
    pipes = system.gas_pipelines
    cols, rows = _Columns(), _Rows()
    balance: dict[str, list[tuple[int, float]]] = {n: [] for n in nodes}
    flows = {}
    for name, p in pipes.iterrows():
        f = int(cols.add(1, p["capacity_mcm_per_day"] - p["booked_by_others_mcm_per_day"], 0.0)[0])
        r = int(cols.add(1, p["reverse_capacity_mcm_per_day"], 0.0)[0])
        flows[name] = (f, r)
        balance[p["from"]] += [(f, -1.0), (r, 1.0)]
        balance[p["to"]] += [(f, 1.0), (r, -1.0)]
    sources = system.gas_nodes[system.gas_nodes["supplier"] == supplier]
    for n, row in sources.iterrows():
        balance[str(n)].append((int(cols.add(1, row["supply_mcm_per_day"], 0.0)[0]), 1.0))
    committed = system.gas_nodes[system.gas_nodes["demand_supplier"] == supplier]
    received = int(cols.add(1, np.inf, -1.0)[0])
    balance[node].append((received, -1.0))
    short = []
    for n in nodes:
        need = float(committed["demand_mcm_per_day"].get(n, 0.0))
        if need > 0:
            short.append(int(cols.add(1, need, MAX_EXTRA_PENALTY)[0]))
            balance[n].append((short[-1], 1.0))
        rows.equal(balance[n], need)
    result = linprog(
        c=np.array(cols.cost),
        A_eq=_matrix(rows.eq, len(rows.eq_rhs), len(cols.low)),
        b_eq=np.array(rows.eq_rhs),
        bounds=np.column_stack([cols.low, cols.high]),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"gas network LP failed: {result.message}")
    x = result.x
    contracted = system.gas_contracts[system.gas_contracts["supplier"] == contract_supplier]
    current = float(contracted["annual_max_mcm"].sum()) / days_of_study_year(system)
    full = [
        str(name)
        for name, p in pipes.iterrows()
        if x[flows[name][0]]
        >= p["capacity_mcm_per_day"] - p["booked_by_others_mcm_per_day"] - TOLERANCE
        and p["capacity_mcm_per_day"] > 0
    ]
    daily = float(x[received])
    return {
        "supplier": supplier,
        "deliverable_mcm_per_day": daily,
        "contracted_mcm_per_day": current,
        "mcm_per_year": max(daily - current, 0.0) * 365.0,
        "commitments_short_mcm_per_day": float(x[short].sum()) if short else 0.0,
        "binding": ", ".join(full),
    }


def network(system: System, start_fill: float | None = None) -> NetworkResult:
    """Everything the gas command reports on the network: N-1 of the zone's node and of the
    Trans-Balkan group, D_max sensitivities, the extra Azerbaijani gas and the named drills."""
    node = zone_node(system)
    national = national_n_minus_1(system)
    dmax = float(national["Dmax_mcm_per_day"])
    # +10 % and +20 % show how much the standard depends on D_max; the observed peak day, when
    # known, is the other sensitivity (the same as N-1 when D_max is that observed peak).
    sensitivity = {
        f"{factor:g}": float(national_n_minus_1(system, dmax * factor)["n_minus_1_percent"])
        for factor in (1.0, 1.1, 1.2)
    }
    observed = observed_peak_day_mcm(system, str(system.gas_nodes.at[node, "zone"]))
    at_observed = None
    if observed is not None:
        at_observed = {
            "national": float(national_n_minus_1(system, observed)["n_minus_1_percent"]),
            "risk_group": float(risk_group_n_minus_1(system, dmax=observed)["n_minus_1_percent"]),
        }
    drills = {d.name: run_drill(system, d, start_fill) for d in applicable_drills(system)}
    return NetworkResult(
        system=system.name,
        node=node,
        n_minus_1=national,
        risk_group=risk_group_n_minus_1(system),
        other_risk_groups={"sgc_caspian": risk_group_n_minus_1(system, SGC_CASPIAN)},
        dmax_sensitivity=sensitivity,
        at_observed_peak=at_observed,
        extra=max_additional_gas(system),
        drills=drills,
    )
