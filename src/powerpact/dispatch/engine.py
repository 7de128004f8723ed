"""`run(system)`: build the LP, solve it, read the solution back into a `DispatchResult`."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.model import Blocks, build
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import DispatchOptions, Solution, solve
from powerpact.system import System


def run(system: System, options: DispatchOptions | None = None) -> DispatchResult:
    """Least-cost dispatch of `system` over its whole horizon, in one linear program."""
    started = time.perf_counter()
    inp = prepare(system)
    lp, blocks = build(inp)
    built = time.perf_counter() - started
    solution = solve(lp, options or DispatchOptions())
    return _result(inp, blocks, solution, built + solution.setup_time_s)


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


def _result(
    inp: DispatchInputs, blocks: Blocks, solution: Solution, build_time_s: float
) -> DispatchResult:
    system = inp.system
    hours, days = system.snapshots, system.days
    zones = list(system.settings.zones)
    markets = list(system.settings.markets)
    values = {
        name: solution.x[getattr(blocks, name)]
        for name in (
            "gen",
            "charge",
            "discharge",
            "soc",
            "forward",
            "reverse",
            "shed",
            "spill",
            "spot",
            "contract",
            "unused",
            "withdrawal",
            "injection",
            "level",
            "shortfall",
        )
    }
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
        gas_price = solution.row_dual[blocks.gas_balance]
    else:
        entry_flow = np.zeros((len(days), 0))
        gas_price = np.zeros((len(days), 0))
        entries = entries.iloc[:0]
        contracts = contracts.iloc[:0]

    costs = _costs(inp, values)
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
        market_import_mw=hourly(market_import, markets),
        market_export_mw=hourly(market_export, markets),
        demand_mw=hourly(inp.demand_mw, zones),
        price_eur_per_mwh=hourly(solution.row_dual[blocks.balance], zones),
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
        objective_eur=solution.objective,
        cost_breakdown_eur=costs,
        co2_t=float((values["gen"] * gens["co2_t_per_mwh"].to_numpy()).sum()),
        gas_coupled=inp.gas_coupled,
        solver=solution.solver,
        solver_version=solution.solver_version,
        solve_time_s=solution.solve_time_s,
        build_time_s=build_time_s,
    )
