"""One design dispatch of the volatility study: an option's system in one climate year at one
point of the price factors, dispatched in full and reduced to its cost terms.

A `DesignTask` is a plain recipe (scenario, overlay, climate year, multipliers), so that the same
function runs here, in local worker processes or on a Dask cluster, with the same numbers.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

import powerpact
from powerpact import dispatch
from powerpact.adequacy.climate import ClimateYear, weather_system
from powerpact.economics.risk import PRICE_TOLERANCE_EUR_PER_MWH
from powerpact.studies.volatility.bill import (
    CostTerms,
    PricePoint,
    gas_price,
    indexed_contracts,
    lost_load_eur,
    system_terms,
    zone_terms,
)
from powerpact.studies.volatility.moves import zone_moves
from powerpact.system import System, first_hours, scaled, variant, with_outages
from powerpact.system.carbon import (
    cbam_eur_per_t,
    default_factor_t_per_mwh,
    zonal,
)

# Flows below this carry no price across a border (solver round-off).
FLOW_TOLERANCE_MW = 1e-3


@dataclass(frozen=True)
class OptionSpec:
    """An option of the study: a scenario (embedded name or path) with an optional overlay, or
    a System in memory (a sweep's point), which is then not looked up by name."""

    name: str
    scenario: str
    overlay_json: str = ""  # a scenario overlay as JSON text: hashable, so the spec is a key
    reference: str | None = None  # the option it is compared with in the report
    system: System | None = field(default=None, compare=False, repr=False)

    def overlay(self) -> dict[str, Any]:
        return json.loads(self.overlay_json) if self.overlay_json else {}


@dataclass(frozen=True)
class DesignTask:
    option: OptionSpec
    zone: str
    hours: int | None
    climate: ClimateYear | None  # None: the system's own weather year
    seed: int
    gas_multiplier: float
    co2_multiplier: float
    power_multiplier: float
    outage_entry: str | None = None  # a gas entry out for the whole horizon (stress path)
    # False: the bill is read at the task's own prices only (`bill.zone_terms` without moves),
    # all an exact study needs of it; the surrogate's designs re-price to other paths.
    reprice: bool = True


@dataclass(frozen=True)
class DesignResult:
    task: DesignTask
    system_cost: CostTerms
    bill: CostTerms
    net_import_mwh: float
    demand_mwh: float
    no_own_price_share: float
    indexed_gas_mwh_th: float  # taken under contracts indexed to the gas price (hedgeable)
    gas_import_share: float  # of the gas entering the zone, the share not produced in it
    lost_load_eur: float  # part of the bill: unserved electricity and gas at their values
    seconds: float = field(default=0.0, compare=False)


def option_system(option: OptionSpec, hours: int | None) -> System:
    """The option's System, on its first `hours` hours when given."""
    if option.system is not None:
        return first_hours(option.system, hours) if hours else option.system
    return _loaded_system(option, hours)


@lru_cache(maxsize=4)
def _loaded_system(option: OptionSpec, hours: int | None) -> System:
    system = powerpact.load(option.scenario)
    if option.overlay_json:
        system = variant(system, option.overlay(), origin=f"volatility option {option.name}")
    return first_hours(system, hours) if hours else system


def carbon_overlay(system: System, multiplier: float) -> dict[str, Any]:
    """Settings that multiply the system's carbon price: the EU ETS path when carbon is priced by
    zone, else the single price. A system without any carbon price has none to move."""
    carbon = zonal(system.settings)
    if carbon is not None:
        path = {y: p * multiplier for y, p in carbon.ets_price_eur_per_t_by_year.items()}
        return {"carbon": {"ets_price_eur_per_t_by_year": path}}
    if system.settings.co2_price_eur_per_t > 0:
        return {"co2_price_eur_per_t": system.settings.co2_price_eur_per_t * multiplier}
    return {}


def priced_system(system: System, gas: float, co2: float, power: float) -> System:
    """`system` with its gas price, carbon price and neighbour-market prices multiplied."""
    fuel = system.settings.gas.fuel
    settings: dict[str, Any] = carbon_overlay(system, co2)
    if fuel in system.settings.fuels:
        settings["fuels"] = {fuel: {"price_eur_per_mwh_th": gas_price(system) * gas}}
    if power != 1.0:
        return scaled(system, market_prices=power, settings=settings)
    return variant(system, {"settings": settings}) if settings else system


def no_own_price_share(system: System, result: dispatch.DispatchResult, zone: str) -> float:
    """Share of hours in which the zone's price is a neighbour's price plus the cost of getting
    there (hurdle and CBAM): an interconnector carries power in or out of the zone below its
    limit, so the price is made abroad (or jointly with a neighbour), not by the zone alone."""
    settings = system.settings
    price = result.price_eur_per_mwh
    own = price[zone].to_numpy()
    coupled = np.zeros(len(own), dtype=bool)
    links = system.interconnectors
    for name, (origin, destination) in result.link_ends.iterrows():
        if zone not in (origin, destination):
            continue
        other = destination if origin == zone else origin
        theirs = (
            system.market_prices[other].to_numpy()
            if other in settings.markets
            else price[other].to_numpy()
        )
        flow = result.flow_mw[name].to_numpy()
        into_zone = flow if destination == zone else -flow
        hurdle = float(links.at[name, "hurdle_cost_eur_per_mwh"])
        cbam_out = cbam_eur_per_t(settings, system.year, zone, other) * default_factor_t_per_mwh(
            settings, zone
        )
        importing = (into_zone > FLOW_TOLERANCE_MW) & (
            np.abs(own - theirs - hurdle) <= PRICE_TOLERANCE_EUR_PER_MWH
        )
        exporting = (into_zone < -FLOW_TOLERANCE_MW) & (
            np.abs(theirs - own - hurdle - cbam_out) <= PRICE_TOLERANCE_EUR_PER_MWH
        )
        coupled |= importing | exporting
    return float(coupled.mean())


def gas_import_share(system: System, result: dispatch.DispatchResult, zone: str) -> float:
    """Imported gas (pipelines and LNG) over all gas entering the zone; 0 without gas."""
    entries = system.gas_entries[system.gas_entries["zone"] == zone]
    if entries.empty or not result.gas_coupled:
        return 0.0
    taken = result.gas_entry_mcm[entries.index].sum()
    total = float(taken.sum())
    imported = float(taken[entries["kind"] != "production"].sum())
    return imported / total if total > 0 else 0.0


@dataclass(frozen=True)
class FamilyTask:
    """Design tasks that differ only in their price multipliers (`points`, rows of gas, carbon,
    power), dispatched in this order as one family (`dispatch.run_family`): each solve starts
    from the member `starts` names (default the one before), so order and starts are part of
    the recipe."""

    first: DesignTask  # option, zone, hours, climate year, seed and outage of every member
    points: tuple[tuple[float, float, float], ...]
    starts: tuple[int, ...] | None = None

    def members(self) -> list[DesignTask]:
        return [
            dataclasses.replace(self.first, gas_multiplier=g, co2_multiplier=c, power_multiplier=p)
            for g, c, p in self.points
        ]


def weather_base(task: DesignTask) -> System:
    """The task's system before its prices move: climate year and outage in place."""
    base = option_system(task.option, task.hours)
    if task.climate is not None:
        base = weather_system(base, task.climate, task.seed)
    if task.outage_entry is not None:
        start = base.snapshots[0].strftime("%Y-%m-%d")
        days = len(base.days)
        base = with_outages(base, [{"component": task.outage_entry, "start": start, "days": days}])
    return base


def task_system(task: DesignTask) -> System:
    return priced_system(
        weather_base(task), task.gas_multiplier, task.co2_multiplier, task.power_multiplier
    )


def run_family_task(family: FamilyTask) -> list[DesignResult]:
    """The family's members dispatched in order, each warm-started from its start, and reduced
    as `run_design` reduces one, each as soon as it is solved; each member's seconds are its
    share of the work."""
    started = time.perf_counter()
    base = weather_base(family.first)
    tasks = family.members()
    systems = [
        priced_system(base, t.gas_multiplier, t.co2_multiplier, t.power_multiplier) for t in tasks
    ]
    option_base = option_system(family.first.option, family.first.hours)
    indexed = indexed_contracts(option_base)  # the same for every member: found once
    solved = dispatch.family_results(systems, starts=family.starts)
    reduced_results = [
        reduced(task, option_base, system, result, time.perf_counter(), indexed)
        for task, system, result in zip(tasks, systems, solved, strict=True)
    ]
    share = (time.perf_counter() - started) / max(len(tasks), 1)
    return [dataclasses.replace(r, seconds=share) for r in reduced_results]


def run_design(task: DesignTask) -> DesignResult:
    """Dispatch the task's system in full and reduce it to cost terms and exposure figures."""
    started = time.perf_counter()
    system = task_system(task)
    result = dispatch.run(system)
    return reduced(task, option_system(task.option, task.hours), system, result, started)


def reduced(
    task: DesignTask,
    base: System,
    system: System,
    result: dispatch.DispatchResult,
    started: float,
    indexed: list[str] | None = None,
) -> DesignResult:
    """A dispatch of `system` (the task's variant of `base`) reduced to cost terms and exposure
    figures; `started` is when its work began (perf_counter); `indexed`: `base`'s contracts
    indexed to the gas price, when already found."""
    point = PricePoint(
        gas_eur_per_mwh_th=gas_price(system),
        co2_multiplier=task.co2_multiplier,
        power_multiplier=task.power_multiplier,
    )
    if indexed is None:
        indexed = indexed_contracts(base)
    zone = task.zone
    moves = zone_moves(system, result) if task.reprice else None
    contracts = system.gas_contracts.index.intersection(indexed)
    indexed_mwh_th = (
        float(result.gas_contract_mcm[contracts].to_numpy().sum())
        * system.settings.gas.energy_mwh_per_mcm
        if result.gas_coupled
        else 0.0
    )
    return DesignResult(
        task=task,
        system_cost=system_terms(system, result, point, indexed),
        bill=zone_terms(system, result, zone, point, moves, indexed),
        net_import_mwh=result.net_import_mwh_by_zone()[zone],
        demand_mwh=float(result.demand_mw[zone].sum()),
        no_own_price_share=no_own_price_share(system, result, zone),
        indexed_gas_mwh_th=indexed_mwh_th,
        gas_import_share=gas_import_share(system, result, zone),
        lost_load_eur=lost_load_eur(system, result, [zone]),
        seconds=time.perf_counter() - started,
    )
