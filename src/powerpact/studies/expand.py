"""Least-cost capacity expansion with the adequacy standard built in.

1. Representative days of the system (dispatch/periods.py) and the expansion LP on them
   (dispatch/expansion.py), net exports to fixed-price markets held at most at the level of the
   system without expansion (or zero if it imports).
2. **Security loop.** The expanded system is checked with the adequacy Monte Carlo (multi-area
   when the system has several zones, across the chosen climate years). While its LOLE is above
   `settings.reliability_standard_lole_hours`, the firm capacity still missing (perfectly
   reliable MW that bring LOLE to the standard, by bisection) is demanded as a cut on the
   candidates' capacity credits: Σ credit × MW ≥ credited MW built so far + missing MW. Credits
   of built plants are their ELCC per MW at the standard (studies/capacity_credit.py); options
   not built, batteries and interconnector upgrades keep a derated credit (1 − forced outage
   rate; a battery × min(1, duration / 4 h); wind and solar their mean availability in the 100
   hours of highest net load; a market link its import availability).
3. The chosen portfolio's full-horizon dispatch is solved and its cost compared with the
   aggregated model's. With `periods="auto"` (the default) the count of representative days
   starts at 12 and doubles until that gap is within 2 %, at most `max_days` (96 by default;
   the headline says whether the cap stopped it). The full-horizon dispatch of a portfolio
   already checked at a smaller count is not solved again.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from powerpact.adequacy import MonteCarloOptions, monte_carlo, monte_carlo_areas
from powerpact.adequacy.multiarea import is_multi_area
from powerpact.dispatch import run as dispatch_run
from powerpact.dispatch.candidates import Candidates, candidates_from_rows, cost_table, default_rows
from powerpact.dispatch.expansion import ExpansionResult, FirmCut, expand, fuel_limit_per_mw
from powerpact.dispatch.periods import Periods, aggregation_error, choose_days, net_load_mw
from powerpact.dispatch.solve import DispatchOptions
from powerpact.studies.capacity_credit import capacity_credit
from powerpact.system import InputError, System, load, variant
from powerpact.system.time import horizon_share_of_year

BUILT_MIN_MW = 0.5  # below this an LP value is numerical dust, not a plant
# Size of one unit of a built option (MW), so that the adequacy check draws outages unit by unit
# rather than losing a whole portfolio at once. Typical sizes, UNSOURCED modelling assumptions:
# a one-shaft CCGT, an aeroderivative or small frame OCGT, one gas engine, one old lignite unit.
UNIT_MW = {"ccgt": 450.0, "ocgt": 150.0, "engine": 20.0, "lignite_extension": 200.0}
FIRM_UNIT = "expansion-firm-capacity"
TECHNOLOGY_IN_SYSTEM = {
    "ccgt": "gas",
    "ocgt": "gas",
    "engine": "gas",
    "onwind": "wind",
    "solar": "solar",
    "lignite_extension": "lignite",
    "demand_response": "other",
    "firm": "other",
}


@dataclass(frozen=True)
class Iteration:
    built_mw: dict[str, float]
    total_cost_eur: float
    lole_hours: float  # per year
    missing_firm_mw: float


@dataclass(frozen=True)
class ExpansionStudy:
    system: System
    expanded: System
    candidates: Candidates
    result: ExpansionResult
    iterations: list[Iteration]
    standard_lole_hours: float
    aggregation: dict[str, float]
    aggregated_cost_eur: float  # the chosen portfolio on the representative days, no export cap
    full_horizon_cost_eur: float  # the same portfolio dispatched over the whole horizon
    reference_net_export_mwh: float
    credits: dict[str, float] = field(default_factory=dict)
    # (representative days, full-year cost gap) of each count tried by periods="auto"
    period_trials: list[tuple[int, float]] = field(default_factory=list)
    max_days: int | None = None  # the cap on periods="auto"'s doubling (None: a fixed count)

    def headline(self) -> dict[str, Any]:
        built = {k: round(v, 3) for k, v in self.result.built_mw.items() if v >= BUILT_MIN_MW}
        aggregated = self.aggregated_cost_eur
        return {
            "system": self.system.name,
            "built_mw_by_candidate": built,
            "total_cost_eur": self.result.total_cost_eur,
            "investment_eur": self.result.investment_eur,
            "operating_eur": self.result.operating_eur,
            "adequacy_standard_lole_hours": self.standard_lole_hours,
            "lole_hours_after": self.iterations[-1].lole_hours,
            "security_iterations": len(self.iterations),
            "representative_days": len(self.result.periods.days),
            "representative_days_tried": [
                {"days": n, "full_horizon_cost_gap": gap} for n, gap in self.period_trials
            ],
            "representative_days_cap": self.max_days,
            "aggregation_error": self.aggregation,
            "reference_net_export_mwh": self.reference_net_export_mwh,
            "portfolio_cost_on_periods_eur": aggregated,
            "full_horizon_total_cost_eur": self.full_horizon_cost_eur,
            "full_horizon_cost_gap": (self.full_horizon_cost_eur - aggregated) / abs(aggregated)
            if aggregated
            else math.nan,
            "break_even_eur_per_mw_yr": self.result.break_even_eur_per_mw.round(0).to_dict(),
            "annual_cost_eur_per_mw_yr": self.result.annual_cost_eur_per_mw.round(0).to_dict(),
        }


def _retired_lignite_mw(system: System) -> dict[str, float]:
    """Lignite MW per zone in the first system of the scenario's chain of bases and not in
    `system` (the units the scenarios close)."""
    first = system
    while first.scenario is not None and first.scenario.base:
        try:
            first = load(first.scenario.base)
        except InputError:
            break
    if first is system:
        return {}
    before = first.generators
    gone = before[~before.index.isin(system.generators.index) & (before["fuel"] == "lignite")]
    return gone.groupby("zone")["capacity_mw"].sum().astype(float).to_dict()


def default_candidates_for(system: System, wacc: float) -> Candidates:
    """The default set (dispatch/candidates.py) plus life extension of the lignite units this
    scenario closes, up to their capacity, in their zones."""
    rows = default_rows(system)
    extra = [
        {
            "name": f"lignite-extension-{zone}",
            "zone": zone,
            "technology": "lignite_extension",
            "max_mw": repr(mw),
        }
        for zone, mw in _retired_lignite_mw(system).items()
        if zone in system.settings.zones
    ]
    frame = pd.concat([rows, pd.DataFrame(extra, columns=rows.columns)], ignore_index=True)
    return candidates_from_rows(system, frame.fillna(""), "default candidates", wacc)


def expanded_system(system: System, candidates: Candidates, built_mw: pd.Series) -> System:
    """`system` with the built options added: plants and batteries as new rows, interconnector
    upgrades added to the link's capacity in both directions."""
    table = candidates.table
    costs = cost_table()
    generators, storage, modify, paths = [], [], {}, {}
    for name, mw in built_mw.items():
        if mw < BUILT_MIN_MW:
            continue
        row = table.loc[name]
        if row["kind"] == "path":
            path = system.settings.paths[row["path"]]
            paths[row["path"]] = {
                "zones": list(path.zones),
                "capacity_mw": float(path.capacity_mw + mw),
            }
        elif row["kind"] == "interconnector":
            link = system.interconnectors.loc[row["link"]]
            modify[row["link"]] = {
                "capacity_mw": float(link["capacity_mw"] + mw),
                "capacity_reverse_mw": float(link["capacity_reverse_mw"] + mw),
            }
        elif row["kind"] == "storage":
            power = costs.loc["battery_power"]
            storage.append(
                {
                    "name": name,
                    "zone": row["zone"],
                    "power_mw": float(mw),
                    "energy_mwh": float(mw * row["duration_h"]),
                    "charge_power_mw": float(mw),
                    "round_trip_efficiency": float(power["efficiency"]),
                    "technology": "battery",
                    "forced_outage_rate": float(power["forced_outage_rate"]),
                    "mttr_h": 50.0,
                }
            )
        else:
            generators.append(_generator_row(system, name, row, float(mw)))
    overlay: dict[str, Any] = {"add": {}}
    if generators:
        overlay["add"]["generators"] = generators
    if storage:
        overlay["add"]["storage"] = storage
    if modify:
        overlay["modify"] = {"interconnectors": modify}
    fuels = _fuel_limits(system, table, generators)
    settings = {key: value for key, value in (("fuels", fuels), ("paths", paths)) if value}
    if settings:
        overlay["settings"] = settings
    if not generators and not storage and not modify and not paths:
        return system
    return variant(system, overlay)


def _fuel_limits(
    system: System, table: pd.DataFrame, generators: list[dict[str, Any]]
) -> dict[str, Any]:
    """Annual limits of the fuels new plants burn, raised by their share (fuel_limit_per_mw)."""
    limits: dict[str, Any] = {}
    for unit in generators:
        fuel = unit.get("fuel", "")
        per_mw = fuel_limit_per_mw(system, fuel) if fuel else None
        if per_mw is None:
            continue
        current = limits.get(fuel, {}).get(
            "annual_limit_mwh_th", system.settings.fuels[fuel].annual_limit_mwh_th
        )
        limits[fuel] = {"annual_limit_mwh_th": float(current + per_mw * unit["capacity_mw"])}
    return limits


def _generator_row(system: System, name: str, row: pd.Series, mw: float) -> dict[str, Any]:
    tech = str(row["technology"])
    unit: dict[str, Any] = {
        "name": name,
        "zone": row["zone"],
        "technology": TECHNOLOGY_IN_SYSTEM[tech],
        "capacity_mw": mw,
        "units": max(1, math.ceil(mw / UNIT_MW.get(tech, math.inf))),
    }
    if not np.isnan(row["marginal_cost_eur_per_mwh"]):
        unit["marginal_cost_eur_per_mwh"] = float(row["marginal_cost_eur_per_mwh"])
    if tech in cost_table().index:
        costs = cost_table().loc[tech]
        rate = float(costs["forced_outage_rate"] or 0.0)
        unit.update(forced_outage_rate=rate, mttr_h=50.0)
        unit["variable_om_eur_per_mwh"] = float(costs["variable_om_eur_per_mwh"] or 0.0)
        if costs["fuel"]:
            unit.update(fuel=str(costs["fuel"]), efficiency=float(costs["efficiency"]))
        elif tech == "demand_response" and "marginal_cost_eur_per_mwh" not in unit:
            unit["marginal_cost_eur_per_mwh"] = unit.pop("variable_om_eur_per_mwh")
    if row["kind"] == "renewable":
        unit["profile"] = row["profile"]
    return unit


@dataclass(frozen=True)
class _Checker:
    samples: int
    seed: int
    options: MonteCarloOptions

    def lole_per_year(self, system: System) -> float:
        if is_multi_area(system):
            result = monte_carlo_areas(system, self.samples, self.seed, self.options).system
        else:
            result = monte_carlo(system, self.samples, self.seed, self.options)
        return float(result.per_sample["lol_hours"].mean()) / horizon_share_of_year(system)

    def missing_firm_mw(self, system: System, standard: float) -> float:
        """Perfectly reliable MW, spread over zones by peak demand, that bring LOLE to the
        standard: doubling, then bisection to 0.5 % of the peak."""
        zones = list(system.settings.zones)
        peak = system.demand[zones].max()
        shares = peak / peak.sum()

        def lole_with(mw: float) -> float:
            units = [
                {
                    "name": f"{FIRM_UNIT}-{z}",
                    "zone": z,
                    "technology": "other",
                    "capacity_mw": float(mw * shares[z]),
                    "units": 1,
                    "forced_outage_rate": 0.0,
                }
                for z in zones
            ]
            return self.lole_per_year(variant(system, {"add": {"generators": units}}))

        low, high = 0.0, 0.02 * float(peak.sum())
        while lole_with(high) > standard:
            low, high = high, 2 * high
        while high - low > 0.005 * float(peak.sum()):
            middle = 0.5 * (low + high)
            low, high = (middle, high) if lole_with(middle) > standard else (low, middle)
        return high


def _derated_credits(system: System, candidates: Candidates) -> dict[str, float]:
    table, costs = candidates.table, cost_table()
    net = net_load_mw(system)
    top = np.argsort(net)[-100:]
    credits = {}
    for name, row in table.iterrows():
        tech = str(row["technology"])
        rate = float(costs.at[tech, "forced_outage_rate"] or 0.0) if tech in costs.index else 0.0
        if row["kind"] == "storage":
            rate = float(costs.at["battery_power", "forced_outage_rate"])
            credit = (1 - rate) * min(1.0, float(row["duration_h"]) / 4.0)
        elif row["kind"] == "renewable":
            credit = float(system.profiles[row["profile"]].to_numpy(float)[top].mean())
        elif row["kind"] == "path":
            credit = _corridor_credit(system, str(row["path"]), top) * (1 - rate)
        elif row["kind"] == "interconnector":
            link = system.interconnectors.loc[row["link"]]
            markets = system.settings.markets
            ends = [e for e in (link["from_zone"], link["to_zone"]) if e in markets]
            credit = markets[ends[0]].import_availability if ends else 1 - rate
        else:
            credit = 1 - rate
        credits[str(name)] = credit
    return credits


def _corridor_credit(system: System, path: str, hours: np.ndarray) -> float:
    """Share of a path's right its origin zone's plants could fill in `hours` (the hours of
    highest net load): the corridor is as firm as the wind and solar behind it."""
    origin = system.settings.paths[path].zones[0]
    plants = system.generators.index[system.generators["zone"] == origin]
    available = system.available_mw()[plants].sum(axis=1).to_numpy(float)[hours]
    right = max(system.settings.paths[path].capacity_mw, 1.0)
    return float(np.minimum(available / right, 1.0).mean())


def _elcc_credits(
    expanded: System, candidates: Candidates, built: pd.Series, checker: _Checker
) -> dict[str, float]:
    """ELCC per MW of each built plant (batteries and links keep their derated credit)."""
    credits = {}
    for name, mw in built.items():
        if mw < BUILT_MIN_MW or candidates.table.at[name, "kind"] in (
            "storage",
            "interconnector",
            "path",
        ):
            continue
        figures = capacity_credit(expanded, str(name), checker.samples, checker.seed, efc=False)
        if math.isfinite(figures.elcc_mw):
            credits[str(name)] = figures.elcc_mw / float(mw)
    return credits


AUTO_PERIODS = "auto"
AUTO_FIRST_DAYS = 12  # the first count tried by periods="auto", doubled until the gap holds
AUTO_MAX_DAYS = 96  # the most periods="auto" tries: the investment LP grows faster than the days
GAP_GOAL = 0.02  # |full-year cost − aggregated cost| / aggregated cost that "auto" accepts
# LPs without investment decisions (the reference with nothing built, the chosen portfolio
# fixed) are dispatch LPs: the dual simplex, as the dispatch solves them.
FIXED_SOLVE = DispatchOptions()


def run_expansion(
    system: System,
    candidates: Candidates | None = None,
    *,
    periods: int | str = AUTO_PERIODS,
    samples: int = 200,
    seed: int = 1,
    climate_years: str | None = None,
    max_iterations: int = 5,
    wacc: float = 0.07,
    commitment: bool = False,
    max_days: int = AUTO_MAX_DAYS,
) -> ExpansionStudy:
    """The least-cost expansion of `system` that meets its adequacy standard (module docs).
    `periods`: representative days, or "auto": 12, doubled until the chosen portfolio's
    full-year cost is within `GAP_GOAL` of the aggregated model's, at most `max_days` (and
    every day of the horizon).
    `commitment`: relaxed unit commitment of new CCGTs and lignite units (minimum stable load,
    start-up costs: dispatch/expansion.py), off by default as in the dispatch."""
    candidates = candidates or default_candidates_for(system, wacc)
    checker = _Checker(
        samples, seed, MonteCarloOptions(progress=False, climate_years=climate_years)
    )
    auto = periods == AUTO_PERIODS
    whole_days = max(system.n_hours // 24, 1)
    last_days = min(whole_days, max_days) if auto else whole_days
    n_days = min(AUTO_FIRST_DAYS, last_days) if auto else int(periods)
    tried: list[tuple[int, float]] = []
    full_year = _FullYearCosts()
    while True:
        days = choose_days(system, n_days)
        study = _expansion_on(
            system, candidates, days, checker, max_iterations, commitment, full_year
        )
        gap = study.headline()["full_horizon_cost_gap"]
        tried.append((len(study.result.periods.days), float(gap)))
        if not auto or abs(gap) <= GAP_GOAL or n_days >= last_days:
            cap = last_days if auto else None
            return dataclasses.replace(study, period_trials=tried, max_days=cap)
        n_days = min(2 * n_days, last_days)


class _FullYearCosts:
    """The full-horizon dispatch cost of each expanded portfolio, solved once: doubling the days
    often leaves the portfolio unchanged, and its full-year check would then be the same LP."""

    def __init__(self) -> None:
        self._known: dict[tuple[tuple[str, float], ...], float] = {}

    def operating_eur(self, expanded: System, built_mw: pd.Series) -> float:
        key = tuple((str(k), round(float(v), 6)) for k, v in built_mw.items() if v >= BUILT_MIN_MW)
        if key not in self._known:
            self._known[key] = dispatch_run(expanded).total_cost_eur
        return self._known[key]


def _expansion_on(
    system: System,
    candidates: Candidates,
    days: Periods,
    checker: _Checker,
    max_iterations: int,
    commitment: bool = False,
    full_year: _FullYearCosts | None = None,
) -> ExpansionStudy:
    """The expansion and its security loop on the representative `days`."""
    none_built = dataclasses.replace(
        candidates, table=candidates.table.assign(min_mw=0.0, max_mw=0.0)
    )
    reference = expand(
        system, none_built, days, options=FIXED_SOLVE, commitment=commitment
    ).net_export_mwh
    export_cap = max(reference, 0.0)
    standard = system.settings.reliability_standard_lole_hours
    credits = _derated_credits(system, candidates)
    cuts: list[FirmCut] = []
    iterations: list[Iteration] = []
    while True:
        result = expand(
            system, candidates, days, cuts, net_export_cap_mwh=export_cap, commitment=commitment
        )
        expanded = expanded_system(system, candidates, result.built_mw)
        lole = checker.lole_per_year(expanded)
        missing = 0.0 if lole <= standard else checker.missing_firm_mw(expanded, standard)
        iterations.append(
            Iteration(
                {k: float(v) for k, v in result.built_mw.items() if v >= BUILT_MIN_MW},
                result.total_cost_eur,
                lole,
                missing,
            )
        )
        if lole <= standard or len(iterations) >= max_iterations:
            break
        credits.update(_elcc_credits(expanded, candidates, result.built_mw, checker))
        credited = sum(credits.get(str(k), 0.0) * float(v) for k, v in result.built_mw.items())
        cuts.append(FirmCut(dict(credits), credited + missing))
    # The aggregation's own error: the chosen portfolio's operating cost on the representative
    # days and over the whole horizon, both without the export cap (the dispatch has none).
    fixed = dataclasses.replace(
        candidates,
        table=candidates.table.assign(
            min_mw=result.built_mw.clip(lower=0.0), max_mw=result.built_mw.clip(lower=0.0)
        ),
    )
    aggregated = expand(system, fixed, days, options=FIXED_SOLVE, commitment=commitment)
    operating_eur = (full_year or _FullYearCosts()).operating_eur(expanded, result.built_mw)
    return ExpansionStudy(
        system=system,
        expanded=expanded,
        candidates=candidates,
        result=result,
        iterations=iterations,
        standard_lole_hours=standard,
        aggregation=aggregation_error(system, days),
        aggregated_cost_eur=aggregated.total_cost_eur,
        full_horizon_cost_eur=operating_eur + aggregated.investment_eur,
        reference_net_export_mwh=reference,
        credits=credits,
    )
