"""The numbers of the dispatch problem, derived once from a `System`.

Both the powerpact LP and the PyPSA export read these arrays, so the two describe the same problem;
each then states the constraints in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powerpact.dispatch.carbon import with_cbam
from powerpact.system import System
from powerpact.system.carbon import co2_price_by_area
from powerpact.system.gas_supply import contract_daily_max_mcm
from powerpact.system.paths import Leg, leg_matrix, reserved_mw
from powerpact.system.time import horizon_share_of_year, hours_in_months

# Cost of one MWh (thermal) of non-power gas not delivered, as a multiple of the value of lost load
# per MWh electric. A gas plant turns 1 MWh_th into at most 1 MWh_el (efficiency <= 1), so cutting
# households' gas to keep a plant running never pays: households are the last to lose gas.
GAS_SHORTFALL_VOLL_MULTIPLE = 2.0


@dataclass(frozen=True)
class DispatchInputs:
    """Hourly arrays are hours × components; daily arrays are days × components."""

    system: System
    gas_coupled: bool
    # generators
    gen_zone: np.ndarray  # position in zones
    gen_upper_mw: np.ndarray
    gen_lower_mw: np.ndarray
    gen_cost_eur_per_mwh: np.ndarray  # cost in the LP (without gas fuel when gas is coupled)
    gen_fuel_eur_per_mwh: np.ndarray  # fuel cost counted on the electricity side
    gen_co2_eur_per_mwh: np.ndarray
    gas_units: np.ndarray  # positions of generators drawing on the gas balance
    gas_mwh_th_per_mwh: np.ndarray  # gas (MWh GCV) burnt per MWh electric by each gas unit
    # annual fuel limits (a mine's output), system-wide ("lignite") or of one zone ("lignite RS");
    # gas excluded when the gas balance is modelled
    limited_fuels: list[str]
    fuel_limit_mwh_th: np.ndarray  # per limit, prorated to the horizon
    fuel_units: np.ndarray  # generator positions of (unit, limit) pairs: a unit may be in two
    fuel_of_unit: np.ndarray  # position in limited_fuels of each pair
    fuel_mwh_th_per_mwh: np.ndarray
    # reservoir hydro: one budget per plant and calendar month of the horizon
    reservoir: np.ndarray  # positions of reservoir generators
    month_of_hour: np.ndarray
    months: pd.PeriodIndex
    hydro_budget_mwh: np.ndarray  # months × reservoir plants
    # storage
    sto_zone: np.ndarray
    sto_discharge_mw: np.ndarray
    sto_charge_mw: np.ndarray
    sto_energy_mwh: np.ndarray
    sto_efficiency: np.ndarray
    sto_initial_mwh: np.ndarray
    # interconnectors: flow > 0 from from_zone to to_zone; market ends have no balance
    link_from: np.ndarray  # zone position or -1 for a market
    link_to: np.ndarray
    link_forward_mw: np.ndarray
    link_reverse_mw: np.ndarray
    link_hurdle_eur_per_mwh: np.ndarray  # per link, paid on every MWh in either direction
    link_cbam_forward_eur_per_mwh: np.ndarray  # per link, CBAM on each MWh from → to
    link_cbam_reverse_eur_per_mwh: np.ndarray  # per link, CBAM on each MWh to → from
    link_export_price: np.ndarray  # hours × links: EUR earned per MWh of positive flow
    link_market: np.ndarray  # market position or -1
    link_into_market: np.ndarray  # +1 if positive flow goes into the market, -1 if out of it
    # transmission paths (system/paths.py): their capacity right is out of link_*_mw above
    path_from: np.ndarray  # zone position of each path's first zone
    path_to: np.ndarray  # zone position of its last zone
    path_upper_mw: np.ndarray  # hours × paths: the right, 0 while any leg is out
    path_legs: np.ndarray  # paths × links: +1 crossed forward, −1 in reverse, 0 not crossed
    # balance slacks
    demand_mw: np.ndarray
    spill_upper_mw: np.ndarray  # must-run output a zone may have to throw away
    voll_eur_per_mwh: float
    # gas: daily quantities in MWh_th GCV, prices in EUR per MWh_th GCV
    mwh_per_mcm: float  # gross calorific value
    hours_per_day: np.ndarray
    day_of_hour: np.ndarray
    gas_demand_mwh: np.ndarray  # days × zones, non-power
    gas_shortfall_eur_per_mwh: float
    entry_zone: np.ndarray
    entry_capacity_mwh: np.ndarray  # days × entries
    entry_contracted: np.ndarray  # bool per entry
    entry_price_eur_per_mwh: float  # gas bought at an entry without contract
    contract_entry: np.ndarray
    contract_price_eur_per_mwh: np.ndarray
    contract_max_mwh: np.ndarray  # prorated to the horizon
    contract_daily_max_mwh: np.ndarray  # days × contracts: system/gas_supply.py's daily cap
    contract_min_mwh: np.ndarray
    gstore_zone: np.ndarray
    gstore_withdrawal_mwh: np.ndarray  # days × storages
    gstore_injection_mwh: np.ndarray
    gstore_volume_mwh: np.ndarray
    gstore_initial_mwh: np.ndarray
    # Levels the stores must end at; None: cyclic (the initial level). A rolling horizon sets them
    # from its first pass.
    sto_final_mwh: np.ndarray | None = None
    gstore_final_mwh: np.ndarray | None = None
    # Hours (days) each hour (day) of the horizon stands for; None: 1 each. Representative
    # periods (dispatch/periods.py) weigh their hours in the costs and in the constraints that
    # sum over the horizon (hydro budgets, fuel limits, contract quantities).
    hour_weight: np.ndarray | None = None
    day_weight: np.ndarray | None = None

    @property
    def n_days(self) -> int:
        return len(self.hours_per_day)

    @property
    def weight_h(self) -> np.ndarray:
        n_hours = self.demand_mw.shape[0]
        return np.ones(n_hours) if self.hour_weight is None else self.hour_weight

    @property
    def weight_d(self) -> np.ndarray:
        return np.ones(self.n_days) if self.day_weight is None else self.day_weight


def path_cost_eur_per_mwh(inp: DispatchInputs) -> np.ndarray:
    """Per path: what each leg charges a MWh in the direction crossed (hurdle and CBAM), as the
    same MWh over the legs would pay."""
    forward = np.maximum(inp.path_legs, 0.0)
    reverse = np.maximum(-inp.path_legs, 0.0)
    hurdle = inp.link_hurdle_eur_per_mwh
    return np.asarray(
        forward @ (hurdle + inp.link_cbam_forward_eur_per_mwh)
        + reverse @ (hurdle + inp.link_cbam_reverse_eur_per_mwh),
        dtype=float,
    )


def _positions(names: pd.Series, order: list[str]) -> np.ndarray:
    lookup = {name: i for i, name in enumerate(order)}
    return np.array([lookup.get(name, -1) for name in names], dtype=np.int64)


def _daily_in_service(system: System, table: str) -> np.ndarray:
    """Hours in service within the horizon over 24, per day and component: a daily capacity is
    cut by outages and by a horizon that starts or ends within the day."""
    hourly = system.in_service(table).to_numpy()
    sums = np.zeros((len(system.days), hourly.shape[1]))
    np.add.at(sums, system.day_of_hour, hourly)
    return sums / 24.0


def heat_led_min_mw(system: System) -> np.ndarray:
    """Hours × generators: output a heat-led CHP must give for its heat (`min_profile` ×
    capacity × in service); 0 for other generators."""
    gens = system.generators
    minimum = np.zeros((system.n_hours, len(gens)))
    led = np.flatnonzero((gens["min_profile"] != "").to_numpy())
    if len(led):
        shapes = system.profiles[gens["min_profile"].iloc[led]].to_numpy(float)
        in_service = system.in_service("generators").to_numpy()[:, led]
        minimum[:, led] = shapes * gens["capacity_mw"].to_numpy(float)[led] * in_service
    return minimum


def _generators(system: System, gas_coupled: bool) -> dict[str, Any]:
    gens = system.generators
    zones = list(system.settings.zones)
    upper = system.available_mw().to_numpy()
    in_service = system.in_service("generators").to_numpy()
    lower = np.minimum(gens["min_stable_mw"].to_numpy() * in_service, upper)
    co2_price = gens["zone"].map(co2_price_by_area(system.settings, system.year)).astype(float)
    co2 = (gens["co2_t_per_mwh"] * co2_price).to_numpy()
    fuel = gens["fuel_cost_eur_per_mwh"].to_numpy().copy()
    cost = gens["marginal_cost_eur_per_mwh"].to_numpy().copy()
    # Only the plants of zones with a gas system draw on the gas balance; the rest pay the fuel
    # price like any other fuel.
    is_gas = gens.index.isin(system.gas_generators) & gas_coupled
    # Gas is paid where it enters the system (contract or spot price), so a gas unit's own cost
    # leaves the gas out; clipped at zero for a user-given marginal cost below the fuel cost.
    cost[is_gas] = np.maximum(cost[is_gas] - fuel[is_gas], 0.0)
    fuel[is_gas] = 0.0
    # A gas unit's must-run level is not enforced: when gas is short the plant is limited, never
    # the households (a forced burn could otherwise only be met by cutting their gas).
    lower[:, is_gas] = 0.0
    # Heat is delivered whatever the power price: a heat-led minimum holds for gas CHPs too (the
    # district's heat, like households' gas, comes before power).
    lower = np.minimum(np.maximum(lower, heat_led_min_mw(system)), upper)
    gas_units = np.flatnonzero(is_gas)
    return {
        "gen_zone": _positions(gens["zone"], zones),
        "gen_upper_mw": upper,
        "gen_lower_mw": lower,
        "gen_cost_eur_per_mwh": cost,
        "gen_fuel_eur_per_mwh": fuel,
        "gen_co2_eur_per_mwh": co2,
        "gas_units": gas_units,
        # In MWh GCV, the basis of the gas balance and of gas prices; efficiencies are net.
        "gas_mwh_th_per_mwh": system.settings.gas.gross_per_plant_mwh
        / gens["efficiency"].to_numpy()[gas_units],
    }


def _limits(system: System, gas_coupled: bool) -> list[tuple[str, str, str | None, float]]:
    """(label, fuel, zone or None for every zone, MWh_th per year) of each annual fuel limit."""
    settings = system.settings
    limits: list[tuple[str, str, str | None, float]] = []
    for name, fuel in settings.fuels.items():
        if gas_coupled and name == settings.gas.fuel:
            continue  # the gas balance limits gas
        if fuel.annual_limit_mwh_th is not None:
            limits.append((name, name, None, fuel.annual_limit_mwh_th))
        for zone, mwh_th in fuel.annual_limit_mwh_th_by_zone.items():
            limits.append((f"{name} {zone}", name, zone, mwh_th))
    return limits


def _fuel_limits(system: System, gas_coupled: bool, lower: np.ndarray) -> dict[str, Any]:
    """Annual fuel limits (system-wide and per zone) prorated to the horizon, as (unit, limit)
    pairs: a unit under both a system-wide and its zone's limit appears twice. Must-run levels
    are scaled down where they alone would burn more than a limit, so that every input solves."""
    gens = system.generators
    limits = _limits(system, gas_coupled)
    limit = np.array([mwh for *_, mwh in limits], dtype=float) * horizon_share_of_year(system)
    fuel, zone = gens["fuel"].to_numpy(), gens["zone"].to_numpy()
    pairs = [
        (unit, position)
        for position, (_, name, where, _) in enumerate(limits)
        for unit in np.flatnonzero((fuel == name) & ((zone == where) | (where is None)))
    ]
    units = np.array([u for u, _ in pairs], dtype=np.int64)
    fuel_of_unit = np.array([p for _, p in pairs], dtype=np.int64)
    per_mwh = 1.0 / gens["efficiency"].to_numpy(dtype=float)[units]
    for position in range(len(limits)):
        mine = units[fuel_of_unit == position]
        must_burn = float((lower[:, mine] * per_mwh[fuel_of_unit == position]).sum())
        if must_burn > limit[position]:
            lower[:, mine] *= limit[position] / must_burn
    return {
        "limited_fuels": [label for label, *_ in limits],
        "fuel_limit_mwh_th": limit,
        "fuel_units": units,
        "fuel_of_unit": fuel_of_unit,
        "fuel_mwh_th_per_mwh": per_mwh,
    }


def _hydro(system: System, lower: np.ndarray) -> dict[str, Any]:
    """Monthly budgets in UTC calendar months, prorated for months the horizon partly covers."""
    gens = system.generators
    snapshots = system.snapshots.tz_convert("UTC").tz_localize(None)
    periods = snapshots.to_period("M")
    months = pd.PeriodIndex(periods.unique())
    month_of_hour = months.get_indexer(periods)
    hours_in_horizon = np.bincount(month_of_hour, minlength=len(months))
    hours_in_month = hours_in_months(months)
    names = system.reservoir_generators
    reservoir = gens.index.get_indexer(names)
    budget = (
        system.hydro_inflows.loc[names, months.month].to_numpy().T
        * (hours_in_horizon / hours_in_month)[:, None]
    )
    # A must-run level above the month's average output would make the budget infeasible.
    average = budget / np.maximum(hours_in_horizon, 1)[:, None]
    lower[:, reservoir] = np.minimum(lower[:, reservoir], average[month_of_hour])
    return {
        "reservoir": reservoir,
        "month_of_hour": month_of_hour,
        "months": months,
        "hydro_budget_mwh": budget,
    }


def _storage(system: System) -> dict[str, Any]:
    sto = system.storage
    in_service = system.in_service("storage").to_numpy()
    energy = sto["energy_mwh"].to_numpy(dtype=float)
    return {
        "sto_zone": _positions(sto["zone"], list(system.settings.zones)),
        "sto_discharge_mw": sto["power_mw"].to_numpy(dtype=float) * in_service,
        "sto_charge_mw": sto["charge_power_mw"].to_numpy(dtype=float) * in_service,
        "sto_energy_mwh": energy,
        "sto_efficiency": sto["round_trip_efficiency"].to_numpy(dtype=float),
        "sto_initial_mwh": sto["initial_soc_fraction"].to_numpy(dtype=float) * energy,
    }


def _links(system: System) -> dict[str, Any]:
    links = system.interconnectors
    zones, markets = list(system.settings.zones), list(system.settings.markets)
    in_service = system.in_service("interconnectors").to_numpy()
    to_market = _positions(links["to_zone"], markets)
    from_market = _positions(links["from_zone"], markets)
    market = np.where(to_market >= 0, to_market, from_market)
    into_market = np.where(to_market >= 0, 1.0, np.where(from_market >= 0, -1.0, 0.0))
    # Links between two zones earn nothing; only links with a market end carry its price.
    price = np.zeros((system.n_hours, len(links)))
    on_market = market >= 0
    if on_market.any():
        price[:, on_market] = system.market_prices[markets].to_numpy()[:, market[on_market]]
    legs = system.path_legs
    reserved_forward, reserved_reverse = reserved_mw(system.settings, links, legs)
    return {
        "link_from": _positions(links["from_zone"], zones),
        "link_to": _positions(links["to_zone"], zones),
        "link_forward_mw": (links["capacity_mw"].to_numpy(dtype=float) - reserved_forward)
        * in_service,
        "link_reverse_mw": (links["capacity_reverse_mw"].to_numpy(dtype=float) - reserved_reverse)
        * in_service,
        "link_hurdle_eur_per_mwh": links["hurdle_cost_eur_per_mwh"].to_numpy(dtype=float),
        # Filled in by `with_cbam` once the rest of the inputs exist.
        "link_cbam_forward_eur_per_mwh": np.zeros(len(links)),
        "link_cbam_reverse_eur_per_mwh": np.zeros(len(links)),
        "link_export_price": price * into_market,
        "link_market": market,
        "link_into_market": into_market,
        **_paths(system, in_service, legs),
    }


def _paths(
    system: System, link_in_service: np.ndarray, legs: dict[str, tuple[Leg, ...]]
) -> dict[str, Any]:
    """A path carries its right while every leg is in service."""
    paths = system.settings.paths
    zones = list(system.settings.zones)
    matrix = leg_matrix(system.interconnectors, legs)
    crossed = matrix != 0
    upper = np.zeros((system.n_hours, len(paths)))
    for row, path in enumerate(paths.values()):
        upper[:, row] = path.capacity_mw * link_in_service[:, crossed[row]].min(axis=1)
    return {
        "path_from": np.array([zones.index(p.zones[0]) for p in paths.values()], dtype=np.int64),
        "path_to": np.array([zones.index(p.zones[-1]) for p in paths.values()], dtype=np.int64),
        "path_upper_mw": upper,
        "path_legs": matrix,
    }


def _gas(system: System) -> dict[str, object]:
    """Gas quantities in MWh_th GCV (daily), prices per MWh_th GCV: keeps the LP well scaled,
    unlike mcm (prices of ~3e5 EUR/mcm beside generator costs of a few EUR/MWh)."""
    settings = system.settings
    mwh_per_mcm = settings.gas.gcv_mwh_per_mcm
    zones = list(settings.zones)
    entries, contracts, stores = system.gas_entries, system.gas_contracts, system.gas_storage
    gas_price = (
        settings.fuels[settings.gas.fuel].price_eur_per_mwh_th
        if settings.gas.fuel in settings.fuels
        else 0.0
    )
    share = horizon_share_of_year(system) * mwh_per_mcm
    volume = stores["working_volume_mcm"].to_numpy(dtype=float) * mwh_per_mcm
    gstore_in_service = _daily_in_service(system, "gas_storage") * mwh_per_mcm
    return {
        "mwh_per_mcm": mwh_per_mcm,
        "gas_demand_mwh": system.gas_demand[zones].to_numpy(dtype=float)
        * (np.bincount(system.day_of_hour) / 24.0)[:, None]
        * mwh_per_mcm,
        "gas_shortfall_eur_per_mwh": GAS_SHORTFALL_VOLL_MULTIPLE
        * settings.value_of_lost_load_eur_per_mwh,
        "entry_zone": _positions(entries["zone"], zones),
        "entry_capacity_mwh": entries["capacity_mcm_per_day"].to_numpy(dtype=float)
        * _daily_in_service(system, "gas_entries")
        * mwh_per_mcm,
        "entry_contracted": entries.index.isin(contracts["entry"]),
        "entry_price_eur_per_mwh": gas_price,
        "contract_entry": entries.index.get_indexer(contracts["entry"]),
        "contract_price_eur_per_mwh": contracts["price_eur_per_mwh_th"].to_numpy(dtype=float),
        "contract_max_mwh": contracts["annual_max_mcm"].to_numpy(dtype=float) * share,
        # The daily cap every engine uses (swing × annual ÷ days of the year), for the part of
        # each day inside the horizon; the entry's capacity bounds it too (model.py).
        "contract_daily_max_mwh": np.outer(
            np.bincount(system.day_of_hour) / 24.0,
            contract_daily_max_mcm(system).to_numpy(dtype=float) * mwh_per_mcm,
        ),
        "contract_min_mwh": contracts["annual_min_mcm"].to_numpy(dtype=float) * share,
        "gstore_zone": _positions(stores["zone"], zones),
        "gstore_withdrawal_mwh": stores["withdrawal_mcm_per_day"].to_numpy(dtype=float)
        * gstore_in_service,
        "gstore_injection_mwh": stores["injection_mcm_per_day"].to_numpy(dtype=float)
        * gstore_in_service,
        "gstore_volume_mwh": volume,
        "gstore_initial_mwh": stores["initial_fill_fraction"].to_numpy(dtype=float) * volume,
    }


def _spill_upper(system: System, gen_zone: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Most a zone may need to throw away each hour: the must-run output of its plants."""
    spill = np.zeros((system.n_hours, len(system.settings.zones)))
    for zone in range(spill.shape[1]):
        spill[:, zone] = lower[:, gen_zone == zone].sum(axis=1)
    return spill


def prepare(system: System) -> DispatchInputs:
    """Gas is coupled when the system has gas entries; without any, gas units simply pay the
    gas fuel price like any other fuel and there is no gas balance. CBAM comes last: with actual
    emission factors it needs a dispatch of the rest (dispatch/carbon.py)."""
    gas_coupled = len(system.gas_entries) > 0
    gens = _generators(system, gas_coupled)
    hydro = _hydro(system, gens["gen_lower_mw"])
    fuels = _fuel_limits(system, gas_coupled, gens["gen_lower_mw"])
    day_of_hour = system.day_of_hour
    inputs = DispatchInputs(
        system=system,
        gas_coupled=gas_coupled,
        **gens,
        **hydro,
        **fuels,
        **_storage(system),
        **_links(system),
        demand_mw=system.demand[list(system.settings.zones)].to_numpy(dtype=float),
        spill_upper_mw=_spill_upper(system, gens["gen_zone"], gens["gen_lower_mw"]),
        voll_eur_per_mwh=system.settings.value_of_lost_load_eur_per_mwh,
        hours_per_day=np.bincount(day_of_hour),
        day_of_hour=day_of_hour,
        **_gas(system),  # type: ignore[arg-type]
    )
    return with_cbam(inputs)
