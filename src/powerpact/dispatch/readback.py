"""Read a solved dispatch problem back into a `DispatchResult`: values by block, costs, frames."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.dispatch.inputs import DispatchInputs
from powerpact.dispatch.model import Blocks
from powerpact.dispatch.reserves import requirement_rows, requirements
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import Solution

# Variable blocks read back; hourly ones are hours × components, daily ones days × components.
HOURLY = (
    "gen",
    "charge",
    "discharge",
    "soc",
    "forward",
    "reverse",
    "path",
    "shed",
    "spill",
    "reserve_up_short",
    "reserve_down_short",
)
DAILY = ("spot", "contract", "withdrawal", "injection", "level", "shortfall")


def read_values(blocks: Blocks, solution: Solution) -> dict[str, np.ndarray]:
    """Solution values of every block, with the duals of the power and gas balances."""
    values = {name: solution.x[getattr(blocks, name)] for name in (*HOURLY, *DAILY, "unused")}
    values["price"] = solution.row_dual[blocks.balance]
    values["gas_price"] = solution.row_dual[blocks.gas_balance]
    return values


def _costs(inp: DispatchInputs, values: dict[str, np.ndarray]) -> dict[str, float]:
    gen = values["gen"]
    flow = values["flow"]
    into_market = flow * inp.link_into_market
    price = inp.link_export_price * inp.link_into_market  # market price on each link's hour
    unit_cost = gen * inp.gen_cost_eur_per_mwh
    fuel = gen * inp.gen_fuel_eur_per_mwh
    co2 = gen * inp.gen_co2_eur_per_mwh
    gas = 0.0
    if inp.gas_coupled:
        gas = float(
            values["spot"].sum() * inp.entry_price_eur_per_mwh
            + (values["contract"].sum(axis=0) + values["unused"]) @ inp.contract_price_eur_per_mwh
        )
    return {
        "fuel_eur": float(fuel.sum()),
        "co2_eur": float(co2.sum()),
        # Whatever of a unit's cost is neither fuel nor CO2: variable O&M, or the remainder of a
        # marginal cost the user gave directly.
        "variable_om_eur": float((unit_cost - fuel - co2).sum()),
        "imports_eur": float((price * np.maximum(-into_market, 0.0)).sum()),
        "export_revenue_eur": float((price * np.maximum(into_market, 0.0)).sum()),
        "unserved_energy_eur": float(values["shed"].sum() * inp.voll_eur_per_mwh),
        "gas_eur": gas,
        "gas_shortfall_eur": float(values["shortfall"].sum() * inp.gas_shortfall_eur_per_mwh),
        # Charged on both direction variables, as in the objective (equal to |flow| × hurdle
        # at the optimum, where at most one direction is used).
        "hurdle_eur": float(
            ((values["forward"] + values["reverse"]) * inp.link_hurdle_eur_per_mwh).sum()
        ),
        "cbam_eur": float(
            (
                values["forward"] @ inp.link_cbam_forward_eur_per_mwh
                + values["reverse"] @ inp.link_cbam_reverse_eur_per_mwh
            ).sum()
        ),
    }


def _generation_cost_by_zone(
    inp: DispatchInputs, values: dict[str, np.ndarray], start_up_eur: np.ndarray
) -> dict[str, float]:
    """Unit costs (fuel, CO2, O&M) and start-ups of each zone's plants, plus the gas bought at
    its entries (spot, contracts and take-or-pay paid for and left)."""
    zones = list(inp.system.settings.zones)
    by_unit = (values["gen"] * inp.gen_cost_eur_per_mwh).sum(axis=0) + start_up_eur
    cost = np.bincount(inp.gen_zone, weights=by_unit, minlength=len(zones))
    if inp.gas_coupled:
        spot = values["spot"].sum(axis=0) * inp.entry_price_eur_per_mwh
        np.add.at(cost, inp.entry_zone, spot)
        contracts = (values["contract"].sum(axis=0) + values["unused"]) * (
            inp.contract_price_eur_per_mwh
        )
        np.add.at(cost, inp.entry_zone[inp.contract_entry], contracts)
    return {zone: float(c) for zone, c in zip(zones, cost, strict=True)}


@dataclass(frozen=True)
class Run:
    """How a dispatch was solved, and what commitment added (empty with commitment off)."""

    objective_eur: float | None  # None: the cost of the solution (a rolling horizon has no
    # single objective)
    solver: str
    solver_version: str
    solve_time_s: float
    build_time_s: float
    starts: np.ndarray | None = None  # hours × committable rows: units started
    committable: np.ndarray | None = None  # positions of the committable rows
    start_cost_eur: np.ndarray | None = None  # per start of one unit of each row
    commitment: str = "off"
    mip_gap: float = 0.0


def result(inp: DispatchInputs, values: dict[str, np.ndarray], run: Run) -> DispatchResult:
    """`values` as from `read_values`, over the whole horizon of `inp`."""
    values = dict(values)
    system = inp.system
    hours, days = system.snapshots, system.days
    zones = list(system.settings.zones)
    markets = list(system.settings.markets)
    # What a path carries crosses its legs: their flows, hurdle and CBAM count it (the path's
    # cost in the LP is exactly what its legs charge).
    values["forward"] = values["forward"] + values["path"] @ np.maximum(inp.path_legs, 0.0)
    values["reverse"] = values["reverse"] + values["path"] @ np.maximum(-inp.path_legs, 0.0)
    values["flow"] = values["forward"] - values["reverse"]
    gens, entries, contracts = system.generators, system.gas_entries, system.gas_contracts

    def hourly(array: np.ndarray, columns: pd.Index | list[str]) -> pd.DataFrame:
        return pd.DataFrame(array, index=hours, columns=pd.Index(columns))

    def daily(array: np.ndarray, columns: pd.Index | list[str]) -> pd.DataFrame:
        return pd.DataFrame(array, index=days, columns=pd.Index(columns))

    into_market = values["flow"] * inp.link_into_market
    market_import = np.zeros((len(hours), len(markets)))
    market_export = np.zeros((len(hours), len(markets)))
    on_market = inp.link_market >= 0
    for link in np.flatnonzero(on_market):
        market_import[:, inp.link_market[link]] += np.maximum(-into_market[:, link], 0.0)
        market_export[:, inp.link_market[link]] += np.maximum(into_market[:, link], 0.0)

    gas_units = gens.index[inp.gas_units]
    burn = np.zeros((len(days), len(gas_units)))
    if inp.gas_coupled:
        np.add.at(burn, inp.day_of_hour, values["gen"][:, inp.gas_units] * inp.gas_mwh_th_per_mwh)
        entry_flow = values["spot"].copy()
        np.add.at(entry_flow.T, inp.contract_entry, values["contract"].T)
        gas_price = values["gas_price"]
    else:
        entry_flow = np.zeros((len(days), 0))
        gas_price = np.zeros((len(days), 0))
        entries = entries.iloc[:0]
        contracts = contracts.iloc[:0]

    costs = _costs(inp, values)
    up_short, down_short = values["reserve_up_short"], values["reserve_down_short"]
    reserve_zones = list(system.reserves.index[requirement_rows(system)]) if up_short.size else []
    costs["reserve_shortfall_eur"] = (
        float((up_short + down_short).sum(axis=0) @ requirements(inp).shortfall_cost_eur_per_mwh)
        if up_short.size
        else 0.0
    )
    starts = pd.Series(0.0, index=gens.index)
    start_up_by_unit = np.zeros(len(gens))
    if run.starts is not None and run.committable is not None and run.start_cost_eur is not None:
        starts.iloc[run.committable] = run.starts.sum(axis=0)
        start_up_by_unit[run.committable] = run.starts.sum(axis=0) * run.start_cost_eur
        costs["start_up_eur"] = float(run.starts.sum(axis=0) @ run.start_cost_eur)
    else:
        costs["start_up_eur"] = 0.0
    generation_cost = _generation_cost_by_zone(inp, values, start_up_by_unit)
    # Curtailment: what wind, solar and run-of-river (the units with a profile) could have given
    # and did not.
    profiled = (gens["profile"] != "").to_numpy()
    curtailed = np.maximum(inp.gen_upper_mw[:, profiled] - values["gen"][:, profiled], 0.0)
    # The LP counts gas in MWh_th; results report it in mcm.
    burn, entry_flow = burn / inp.mwh_per_mcm, entry_flow / inp.mwh_per_mcm
    for name in ("contract", "unused", "withdrawal", "injection", "level", "shortfall"):
        values[name] = values[name] / inp.mwh_per_mcm
    total = (
        sum(v for k, v in costs.items() if k != "export_revenue_eur") - costs["export_revenue_eur"]
    )
    return DispatchResult(
        system_name=system.name,
        generation_mw=hourly(values["gen"], gens.index),
        storage_charge_mw=hourly(values["charge"], system.storage.index),
        storage_discharge_mw=hourly(values["discharge"], system.storage.index),
        storage_soc_mwh=hourly(values["soc"], system.storage.index),
        flow_mw=hourly(values["flow"], system.interconnectors.index),
        link_ends=system.interconnectors[["from_zone", "to_zone"]].copy(),
        path_flow_mw=hourly(values["path"], list(system.settings.paths)),
        path_legs=pd.DataFrame(
            inp.path_legs, index=list(system.settings.paths), columns=system.interconnectors.index
        ),
        path_ends=pd.DataFrame(
            [(p.zones[0], p.zones[-1]) for p in system.settings.paths.values()],
            index=list(system.settings.paths),
            columns=["from_zone", "to_zone"],
        ),
        market_price_eur_per_mwh=system.market_prices[markets].copy(),
        generation_cost_eur_by_zone=generation_cost,
        focus_zone=system.focus_zone,
        market_import_mw=hourly(market_import, markets),
        market_export_mw=hourly(market_export, markets),
        demand_mw=hourly(inp.demand_mw, zones),
        price_eur_per_mwh=hourly(values["price"], zones),
        unserved_mw=hourly(values["shed"], zones),
        spilled_mw=hourly(values["spill"], zones),
        gas_entry_mcm=daily(entry_flow, entries.index),
        gas_contract_mcm=daily(values["contract"], contracts.index),
        take_or_pay_unused_mcm=pd.Series(values["unused"], index=contracts.index, dtype=float),
        gas_storage_withdrawal_mcm=daily(
            values["withdrawal"], system.gas_storage.index if inp.gas_coupled else []
        ),
        gas_storage_injection_mcm=daily(
            values["injection"], system.gas_storage.index if inp.gas_coupled else []
        ),
        gas_storage_level_mcm=daily(
            values["level"], system.gas_storage.index if inp.gas_coupled else []
        ),
        gas_burn_mcm=daily(burn, gas_units),
        gas_shortfall_mcm=daily(values["shortfall"], zones if inp.gas_coupled else []),
        gas_price_eur_per_mwh_th=daily(gas_price, zones if inp.gas_coupled else []),
        technology=gens["technology"].copy(),
        zone=gens["zone"].copy(),
        co2_t_per_mwh=gens["co2_t_per_mwh"].astype(float),
        capacity_mw=gens["capacity_mw"].astype(float),
        total_cost_eur=float(total),
        objective_eur=float(total) if run.objective_eur is None else run.objective_eur,
        cost_breakdown_eur=costs,
        co2_t=float((values["gen"] * gens["co2_t_per_mwh"].to_numpy()).sum()),
        gas_coupled=inp.gas_coupled,
        solver=run.solver,
        solver_version=run.solver_version,
        solve_time_s=run.solve_time_s,
        build_time_s=run.build_time_s,
        starts_by_unit=starts,
        start_cost_eur=costs["start_up_eur"],
        curtailment_mw=hourly(curtailed, gens.index[profiled]),
        reserve_up_shortfall_mw=hourly(up_short, reserve_zones),
        reserve_down_shortfall_mw=hourly(down_short, reserve_zones),
        commitment=run.commitment,
        mip_gap=run.mip_gap,
    )
