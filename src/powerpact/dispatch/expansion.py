"""Least-cost capacity expansion: the dispatch LP with investment variables, on representative
days.

The dispatch model (model.build) is built on the weighted representative days
(dispatch/periods.py); this module adds, as PyPSA's extendable components do, one capacity
variable per candidate (MW, costing its annualised cost prorated to the horizon) and its operation
in every representative hour, coupled to the capacity:

- plants (thermal, renewable, life extension, demand response, firm imports): output ≤
  availability × capacity, in the zone's power balance; gas plants burn in the zone's daily gas
  balance when the system models gas;
- batteries: charge, discharge ≤ power, state of charge ≤ duration × power, cyclic within each
  representative day;
- interconnector upgrades: extra flow each way ≤ the added MW, at the link's hurdle, market price
  and CBAM, as the link's own flows;
- a larger right on a transmission path (the green corridor): extra delivery along the path ≤
  the added MW, which each leg gives up to the path in the direction crossed.

Firm-capacity cuts (`FirmCut`, from the adequacy loop in studies/expand.py) require the built
options' capacity credits to add up to at least a number of MW.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from powerpact.dispatch.candidates import Candidates
from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.model import Blocks, build
from powerpact.dispatch.periods import Periods, aggregate, rescaled
from powerpact.dispatch.readback import DAILY, HOURLY
from powerpact.dispatch.solve import DispatchOptions, solve
from powerpact.system import System
from powerpact.system.carbon import co2_price_by_area
from powerpact.system.time import horizon_share_of_year

PLANT_KINDS = ("thermal", "renewable", "extension", "demand_response", "firm")
# Relaxed unit commitment of new plants (commitment=True): the unit of the derived commitment
# table (data/derived/commitment.csv, Dispa-SET's PP_2015 data) whose minimum load and start-up
# cost a candidate takes: a CCGT as the combined-cycle TETO Novi Sad data that Pančevo's CCGT
# takes, a life-extended lignite unit as TE Nikola Tesla A. OCGTs and engines start within
# minutes and are left uncommitted (an assumption).
COMMITTED_AS = {"ccgt": "pancevo-ccgt", "lignite_extension": "tent-a1"}
# How the investment LP is solved: interior point, then crossover to a vertex (so that built
# capacities and reduced costs are a basic solution, as the simplex gives). The capacity columns
# couple every hour, which makes the dual simplex slow on the regional default: measured on
# see-2025/coal-exit-2032, under load, 204 s against 594 s at 24 days (docs/expansion.md).
INVESTMENT_SOLVE = DispatchOptions(method="ipm", crossover=True)


@dataclass(frozen=True)
class FirmCut:
    """Σ credit[c] × capacity[c] ≥ required_mw over the candidates (MW of firm capacity)."""

    credit: dict[str, float]
    required_mw: float


@dataclass(frozen=True)
class ExpansionResult:
    built_mw: pd.Series  # by candidate
    annual_cost_eur_per_mw: pd.Series  # by candidate, as charged
    break_even_eur_per_mw: pd.Series  # annual cost at which each option is on the margin
    investment_eur: float  # annualised investment and fixed O&M, prorated to the horizon
    operating_eur: float  # weighted operating cost of the representative days
    net_export_mwh: float  # weighted net energy sold to neighbouring markets
    periods: Periods
    build_time_s: float
    solve_time_s: float
    solver: str

    @property
    def total_cost_eur(self) -> float:
        return self.investment_eur + self.operating_eur


@dataclass(frozen=True)
class _Columns:
    capacity: np.ndarray  # per candidate
    operating: list[np.ndarray] = field(default_factory=list)  # hourly blocks, weighted
    # (columns, MWh into a market per unit of each) of every flow to or from a market
    exports: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


def running_cost(system: System, inp: DispatchInputs, row: pd.Series) -> tuple[float, float]:
    """(EUR per MWh in the LP, MWh_th of gas per MWh drawn from the gas balance)."""
    from powerpact.dispatch.candidates import cost_table

    if not np.isnan(row["marginal_cost_eur_per_mwh"]):
        return float(row["marginal_cost_eur_per_mwh"]), 0.0
    costs = cost_table().loc[row["technology"]]
    variable = float(costs["variable_om_eur_per_mwh"] or 0.0)
    fuel = str(costs["fuel"])
    settings = system.settings
    if not fuel or fuel not in settings.fuels:
        return variable, 0.0
    heat_rate = 1.0 / float(costs["efficiency"])
    co2_price = co2_price_by_area(settings, system.year)[row["zone"]]
    co2 = settings.fuels[fuel].co2_t_per_mwh_th * co2_price * heat_rate
    if inp.gas_coupled and fuel == settings.gas.fuel:
        return variable + co2, heat_rate
    return variable + co2 + settings.fuels[fuel].price_eur_per_mwh_th * heat_rate, 0.0


def availability(system: System, row: pd.Series, periods: Periods) -> np.ndarray:
    """A candidate's available share of its capacity in each representative hour: its profile
    rescaled to the horizon's energy as the system's own profile plants are (periods.rescaled)."""
    if row["kind"] == "renewable":
        return rescaled(system.profiles[row["profile"]].to_numpy(float), periods)
    return np.ones(len(periods.hours))


def commitment_data(technology: str) -> tuple[float, float] | None:
    """(minimum stable share of online capacity, start-up cost EUR per MW started) of a
    candidate technology under relaxed commitment, or None when it is left uncommitted."""
    from powerpact.dispatch.commitment import DEFAULT_COMMITMENT

    if technology not in COMMITTED_AS:
        return None
    table = pd.read_csv(DEFAULT_COMMITMENT).set_index("generator")
    row = table.loc[COMMITTED_AS[technology]]
    return float(row["part_load_min_2015"]), float(row["start_cost_eur_per_mw"])


def _commit(
    lp: SparseLp,
    output: np.ndarray,
    capacity: np.ndarray,
    available: np.ndarray,
    tech: str,
    periods: Periods,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Linearised (clustered) commitment of a candidate's capacity, as PyPSA's
    linearized_unit_commitment: online MW ≤ capacity, output between the minimum stable share
    and the availability of the online MW, start-ups ≥ the rise of online MW from the previous
    hour of the same representative day (cyclic), each started MW paying the start-up cost.
    Returns the column the output limit uses in place of the capacity, and the costed columns."""
    data = commitment_data(tech)
    if data is None:
        return np.broadcast_to(capacity, output.shape), []
    minimum, start_cost = data
    n_hours = len(output)
    online = lp.add_cols(0.0, np.inf, 0.0, (n_hours,))
    start = lp.add_cols(0.0, np.inf, start_cost, (n_hours,))
    within = lp.add_rows(-np.inf, 0.0, (n_hours,))
    lp.add_terms(within, online)
    lp.add_terms(within, capacity, -1.0)
    stable = lp.add_rows(-np.inf, 0.0, (n_hours,))
    lp.add_terms(stable, online, minimum * available)
    lp.add_terms(stable, output, -1.0)
    step = np.arange(n_hours) % periods.hours_per_day
    previous = np.arange(n_hours) - 1 + np.where(step == 0, periods.hours_per_day, 0)
    rise = lp.add_rows(-np.inf, 0.0, (n_hours,))
    lp.add_terms(rise, online)
    lp.add_terms(rise, online[previous], -1.0)
    lp.add_terms(rise, start, -1.0)
    return online, [start]


def _plants(
    lp: SparseLp,
    system: System,
    inp: DispatchInputs,
    blocks: Blocks,
    table: pd.DataFrame,
    capacity: np.ndarray,
    periods: Periods,
    commitment: bool,
) -> list[np.ndarray]:
    zones, hours = list(system.settings.zones), periods.hours
    n_hours = len(hours)
    operating = []
    for position in np.flatnonzero(table["kind"].isin(PLANT_KINDS).to_numpy()):
        row = table.iloc[position]
        cost, gas_per_mwh = running_cost(system, inp, row)
        zone = zones.index(row["zone"])
        output = lp.add_cols(0.0, np.inf, cost, (n_hours,))
        lp.add_terms(blocks.balance[:, zone], output)
        available = availability(system, row, periods)
        online, starts = (
            _commit(lp, output, capacity[position], available, str(row["technology"]), periods)
            if commitment
            else (np.broadcast_to(capacity[position], output.shape), [])
        )
        limit = lp.add_rows(-np.inf, 0.0, (n_hours,))
        lp.add_terms(limit, output)
        lp.add_terms(limit, online, -available)
        if gas_per_mwh:
            lp.add_terms(blocks.gas_balance[inp.day_of_hour, zone], output, -gas_per_mwh)
        _fuel_share(lp, system, inp, blocks, row, output, capacity[position])
        operating += [output, *starts]
    return operating


def fuel_limit_per_mw(system: System, fuel: str) -> float | None:
    """MWh_th a year of a limited fuel per MW of the plants burning it (None: not limited). A
    plant added on such a fuel brings its share of supply with it (a mine serves the units it
    feeds), so that the limit keeps its meaning as capacity changes."""
    limit = (
        system.settings.fuels[fuel].annual_limit_mwh_th if fuel in system.settings.fuels else None
    )
    burners = system.generators.loc[system.generators["fuel"] == fuel, "capacity_mw"].sum()
    if limit is None or burners <= 0:
        return None
    return float(limit) / float(burners)


def _fuel_share(
    lp: SparseLp,
    system: System,
    inp: DispatchInputs,
    blocks: Blocks,
    row: pd.Series,
    output: np.ndarray,
    capacity: np.ndarray,
) -> None:
    """A candidate on a limited fuel burns from the system's pool of that fuel, which grows by
    its share of supply (fuel_limit_per_mw): weighted burn of every unit ≤ limit + share × MW.
    The pool, not a separate quota, because the expanded system's dispatch pools it too."""
    from powerpact.dispatch.candidates import cost_table

    if row["technology"] not in cost_table().index:
        return
    costs = cost_table().loc[row["technology"]]
    fuel = str(costs["fuel"])
    if not fuel or fuel not in inp.limited_fuels:
        return
    per_mw = fuel_limit_per_mw(system, fuel)
    if per_mw is None:
        return
    limit = blocks.fuel_limit[inp.limited_fuels.index(fuel)]
    lp.add_terms(np.full(output.shape, limit), output, inp.weight_h / float(costs["efficiency"]))
    lp.add_terms(limit, capacity, -per_mw * horizon_share_of_year(system))


def _batteries(
    lp: SparseLp,
    system: System,
    blocks: Blocks,
    table: pd.DataFrame,
    capacity: np.ndarray,
    periods: Periods,
) -> list[np.ndarray]:
    from powerpact.dispatch.candidates import cost_table

    efficiency = float(cost_table().at["battery_power", "efficiency"])
    zones = list(system.settings.zones)
    n_hours = len(periods.hours)
    # Previous hour within the same representative day, cyclic: the first hour follows the last.
    within = np.arange(n_hours) % periods.hours_per_day
    previous = np.arange(n_hours) - 1 + np.where(within == 0, periods.hours_per_day, 0)
    operating = []
    for position in np.flatnonzero((table["kind"] == "storage").to_numpy()):
        row = table.iloc[position]
        zone = zones.index(row["zone"])
        charge = lp.add_cols(0.0, np.inf, 0.0, (n_hours,))
        discharge = lp.add_cols(0.0, np.inf, 0.0, (n_hours,))
        soc = lp.add_cols(0.0, np.inf, 0.0, (n_hours,))
        lp.add_terms(blocks.balance[:, zone], discharge)
        lp.add_terms(blocks.balance[:, zone], charge, -1.0)
        for cols, per_mw in ((charge, 1.0), (discharge, 1.0), (soc, float(row["duration_h"]))):
            limit = lp.add_rows(-np.inf, 0.0, (n_hours,))
            lp.add_terms(limit, cols)
            lp.add_terms(limit, capacity[position], -per_mw)
        dynamics = lp.add_rows(0.0, 0.0, (n_hours,))
        lp.add_terms(dynamics, soc)
        lp.add_terms(dynamics, soc[previous], -1.0)
        lp.add_terms(dynamics, charge, -efficiency)
        lp.add_terms(dynamics, discharge)
        operating += [charge, discharge, soc]
    return operating


def _links(
    lp: SparseLp,
    system: System,
    inp: DispatchInputs,
    blocks: Blocks,
    table: pd.DataFrame,
    capacity: np.ndarray,
) -> tuple[list[np.ndarray], list[tuple[np.ndarray, np.ndarray]]]:
    """Extra flow each way on an upgraded link, costed and placed as the link's own flows."""
    n_hours = inp.demand_mw.shape[0]
    operating = []
    exports = [
        (blocks.forward, np.broadcast_to(inp.link_into_market, blocks.forward.shape)),
        (blocks.reverse, np.broadcast_to(-inp.link_into_market, blocks.reverse.shape)),
    ]
    for position in np.flatnonzero((table["kind"] == "interconnector").to_numpy()):
        link = system.interconnectors.index.get_loc(table.iloc[position]["link"])
        hurdle, price = inp.link_hurdle_eur_per_mwh[link], inp.link_export_price[:, link]
        costs = (
            hurdle + inp.link_cbam_forward_eur_per_mwh[link] - price,
            hurdle + inp.link_cbam_reverse_eur_per_mwh[link] + price,
        )
        for direction, cost in zip((1.0, -1.0), costs, strict=True):
            flow = lp.add_cols(0.0, np.inf, cost, (n_hours,))
            if inp.link_from[link] >= 0:
                lp.add_terms(blocks.balance[:, inp.link_from[link]], flow, -direction)
            if inp.link_to[link] >= 0:
                lp.add_terms(blocks.balance[:, inp.link_to[link]], flow, direction)
            limit = lp.add_rows(-np.inf, 0.0, (n_hours,))
            lp.add_terms(limit, flow)
            lp.add_terms(limit, capacity[position], -1.0)
            operating.append(flow)
            exports.append((flow, np.full(n_hours, direction * inp.link_into_market[link])))
    return operating, exports


def _corridors(
    lp: SparseLp,
    system: System,
    inp: DispatchInputs,
    blocks: Blocks,
    table: pd.DataFrame,
    capacity: np.ndarray,
) -> list[np.ndarray]:
    """More capacity right on a transmission path: extra delivery from its first zone to its
    last, at the path's cost, ≤ the added MW while every leg is in service, and the added MW
    taken out of each leg in the direction crossed, used or not (a right is exclusive, as in
    system/paths.py; the others' trade keeps the rest)."""
    from powerpact.dispatch.inputs import path_cost_eur_per_mwh
    from powerpact.system.paths import reserved_mw

    names = list(system.settings.paths)
    links = system.interconnectors
    reserved = reserved_mw(system.settings, links, system.path_legs)
    nominal_mw = (
        links["capacity_mw"].to_numpy(float) - reserved[0],
        links["capacity_reverse_mw"].to_numpy(float) - reserved[1],
    )
    n_hours = inp.demand_mw.shape[0]
    operating = []
    for position in np.flatnonzero((table["kind"] == "path").to_numpy()):
        path = names.index(table.iloc[position]["path"])
        right = system.settings.paths[names[path]].capacity_mw
        in_service = inp.path_upper_mw[:, path] / right if right > 0 else np.ones(n_hours)
        flow = lp.add_cols(0.0, np.inf, path_cost_eur_per_mwh(inp)[path], (n_hours,))
        lp.add_terms(blocks.balance[:, inp.path_from[path]], flow, -1.0)
        lp.add_terms(blocks.balance[:, inp.path_to[path]], flow)
        limit = lp.add_rows(-np.inf, 0.0, (n_hours,))
        lp.add_terms(limit, flow)
        lp.add_terms(limit, capacity[position], -in_service)
        for link in np.flatnonzero(inp.path_legs[path]):
            forward = inp.path_legs[path, link] > 0
            leg, upper = (
                (blocks.forward[:, link], inp.link_forward_mw[:, link])
                if forward
                else (blocks.reverse[:, link], inp.link_reverse_mw[:, link])
            )
            nominal = float(nominal_mw[0 if forward else 1][link])
            in_leg = upper / nominal if nominal > 0 else np.zeros(n_hours)
            exclusive = lp.add_rows(-np.inf, upper, (n_hours,))
            lp.add_terms(exclusive, leg)
            lp.add_terms(exclusive, capacity[position], in_leg)
        operating.append(flow)
    return operating


def _export_cap(
    lp: SparseLp, exports: list[tuple[np.ndarray, np.ndarray]], weight_h: np.ndarray, cap_mwh: float
) -> None:
    """Net energy sold to the neighbouring markets over the horizon ≤ `cap_mwh`: their prices
    are fixed inputs, which would not hold for exports far above today's (see docs/expansion.md)."""
    row = lp.add_rows(-np.inf, cap_mwh, (1,))
    for cols, into_market in exports:
        weights = into_market * (weight_h[:, None] if cols.ndim == 2 else weight_h)
        lp.add_terms(np.full(cols.shape, row[0]), cols, weights)


def _weigh(lp: SparseLp, blocks: Blocks, periods: Periods) -> None:
    """Hourly costs × the hours each representative hour stands for; daily × the days."""
    for name in HOURLY:
        lp.scale_costs(getattr(blocks, name), periods.weight_h[:, None])
    for name in DAILY:
        lp.scale_costs(getattr(blocks, name), periods.weight_days[:, None].astype(float))


def _balance_stores(lp: SparseLp, inp: DispatchInputs, blocks: Blocks, periods: Periods) -> None:
    """Each store of the system puts back, over the weighted days, what it takes out: the
    dispatch model's chain through the representative days counts a day once, so without this a
    store could fill on a day standing for one day and empty on a day standing for fifty."""
    weight_h, weight_d = periods.weight_h[:, None], periods.weight_days[:, None].astype(float)
    rows = lp.add_rows(0.0, 0.0, (blocks.charge.shape[1],))
    lp.add_terms(rows[None, :], blocks.charge, weight_h * inp.sto_efficiency)
    lp.add_terms(rows[None, :], blocks.discharge, -weight_h)
    gas_rows = lp.add_rows(0.0, 0.0, (blocks.injection.shape[1],))
    lp.add_terms(gas_rows[None, :], blocks.injection, weight_d)
    lp.add_terms(gas_rows[None, :], blocks.withdrawal, -weight_d)


def month_counts(full: DispatchInputs, periods: Periods) -> np.ndarray | None:
    """Representative hours × calendar months of the horizon: how many days of each month the
    hour's representative day stands for (None without `periods.members`)."""
    if periods.members is None:
        return None
    month_of_day = full.month_of_hour[:: periods.hours_per_day][: len(periods.members)]
    counts = np.zeros((len(periods.days), len(full.months)))
    np.add.at(counts, (periods.members, month_of_day), 1.0)
    return np.repeat(counts, periods.hours_per_day, axis=0)


def _monthly_hydro(lp: SparseLp, full: DispatchInputs, blocks: Blocks, periods: Periods) -> None:
    """Each reservoir's monthly budgets on the representative days: a day counts in a month as
    many times as it stands for days of that month (periods.py, Hydro)."""
    counts = month_counts(full, periods)
    if counts is None or not len(full.reservoir):
        return
    budget = full.hydro_budget_mwh
    rows = lp.add_rows(-np.inf, budget, budget.shape)
    output = blocks.gen[:, full.reservoir]
    for month in range(len(full.months)):
        hours = np.flatnonzero(counts[:, month] > 0)
        lp.add_terms(rows[month][None, :], output[hours], counts[hours, month, None])


def _cuts(lp: SparseLp, table: pd.DataFrame, capacity: np.ndarray, cuts: Sequence[FirmCut]) -> None:
    for cut in cuts:
        row = lp.add_rows(cut.required_mw, np.inf, (1,))
        credit = table.index.map(lambda name, c=cut: c.credit.get(name, 0.0)).to_numpy(float)
        lp.add_terms(row[0], capacity, credit)


def build_expansion(
    system: System,
    candidates: Candidates,
    periods: Periods,
    cuts: Sequence[FirmCut] = (),
    net_export_cap_mwh: float | None = None,
    commitment: bool = False,
) -> tuple[SparseLp, _Columns, float]:
    """The expansion LP; returns it, its candidate columns and the horizon's share of a year
    (which prorates the annual costs). `commitment`: relaxed unit commitment of the new
    thermal plants (`_commit`); off by default, as the dispatch's own default."""
    full = prepare(system)
    inp = aggregate(full, periods)
    lp, blocks = build(inp)
    _weigh(lp, blocks, periods)
    _balance_stores(lp, inp, blocks, periods)
    _monthly_hydro(lp, full, blocks, periods)
    table = candidates.table
    share = horizon_share_of_year(system) * periods.weight_h.sum() / (system.n_hours or 1)
    capacity = lp.add_cols(
        table["min_mw"].to_numpy(float),
        table["max_mw"].to_numpy(float),
        table["annual_cost_eur_per_mw"].to_numpy(float) * share,
        (len(table),),
    )
    operating = _plants(lp, system, inp, blocks, table, capacity, periods, commitment)
    operating += _batteries(lp, system, blocks, table, capacity, periods)
    link_flows, exports = _links(lp, system, inp, blocks, table, capacity)
    link_flows += _corridors(lp, system, inp, blocks, table, capacity)
    for cols in operating + link_flows:
        lp.scale_costs(cols, periods.weight_h)
    _cuts(lp, table, capacity, cuts)
    if net_export_cap_mwh is not None:
        _export_cap(lp, exports, periods.weight_h, net_export_cap_mwh)
    return lp, _Columns(capacity, operating + link_flows, exports), share


def _reduced_costs(lp: SparseLp, row_dual: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """cost − Aᵀ y of the columns `cols`: what one more unit of each would change the cost by."""
    import scipy.sparse as sp

    arrays = lp.arrays()
    matrix = sp.csc_matrix(
        (arrays["value"], arrays["index"], arrays["start"]), shape=(lp.n_rows, lp.n_cols)
    )
    return arrays["cost"][cols] - matrix[:, cols].T @ row_dual


def _net_export_mwh(columns: _Columns, x: np.ndarray, weight_h: np.ndarray) -> float:
    total = 0.0
    for cols, into_market in columns.exports:
        weights = weight_h[:, None] if cols.ndim == 2 else weight_h
        total += float((x[cols] * into_market * weights).sum())
    return total


def expand(
    system: System,
    candidates: Candidates,
    periods: Periods,
    cuts: Sequence[FirmCut] = (),
    options: DispatchOptions | None = None,
    net_export_cap_mwh: float | None = None,
    commitment: bool = False,
) -> ExpansionResult:
    """Least-cost capacities of `candidates` for `system` over the representative `periods`,
    meeting the firm-capacity `cuts`, with net exports to markets at most `net_export_cap_mwh`
    over the horizon (None: unlimited). `options`: INVESTMENT_SOLVE unless given."""
    options = options or INVESTMENT_SOLVE
    started = time.perf_counter()
    lp, columns, share = build_expansion(
        system, candidates, periods, cuts, net_export_cap_mwh, commitment
    )
    built_time = time.perf_counter() - started
    solution = solve(lp, options)
    table = candidates.table
    charged = table["annual_cost_eur_per_mw"].to_numpy(float) * share
    built = solution.x[columns.capacity]
    investment = float(charged @ built)
    reduced = _reduced_costs(lp, solution.row_dual, columns.capacity)
    # At the break-even annual cost the option's reduced cost is zero: cost − reduced cost.
    break_even = (charged - reduced) / share
    return ExpansionResult(
        built_mw=pd.Series(built, index=table.index, name="built_mw"),
        annual_cost_eur_per_mw=table["annual_cost_eur_per_mw"].astype(float),
        break_even_eur_per_mw=pd.Series(break_even, index=table.index, name="break_even"),
        investment_eur=investment,
        net_export_mwh=_net_export_mwh(columns, solution.x, periods.weight_h),
        operating_eur=solution.objective - investment,
        periods=periods,
        build_time_s=built_time + solution.setup_time_s,
        solve_time_s=solution.solve_time_s,
        solver=solution.solver,
    )
