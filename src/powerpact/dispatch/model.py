"""The dispatch linear program: hourly power balances coupled with daily gas balances."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from powerpact.dispatch.inputs import DispatchInputs, path_cost_eur_per_mwh
from powerpact.dispatch.lp import SparseLp


@dataclass(frozen=True)
class Blocks:
    """Column indices of each variable block and row indices of the constraints read back."""

    gen: np.ndarray  # hours × generators, MW
    charge: np.ndarray  # hours × storage, MW
    discharge: np.ndarray
    soc: np.ndarray  # hours × storage, MWh at the end of the hour
    forward: np.ndarray  # hours × interconnectors, MW from → to (≥ 0)
    reverse: np.ndarray  # hours × interconnectors, MW to → from (≥ 0)
    path: np.ndarray  # hours × transmission paths, MW from first zone to last (≥ 0)
    shed: np.ndarray  # hours × zones, MW
    spill: np.ndarray  # hours × zones, MW
    balance: np.ndarray  # rows: hours × zones
    spot: np.ndarray  # days × entries (only uncontracted entries carry a real variable), MWh_th
    contract: np.ndarray  # days × contracts, MWh_th
    unused: np.ndarray  # contracts: take-or-pay gas paid for but not taken, MWh_th
    withdrawal: np.ndarray  # days × gas storages, MWh_th
    injection: np.ndarray
    level: np.ndarray  # days × gas storages, MWh_th at the end of the day
    shortfall: np.ndarray  # days × zones, MWh_th of non-power gas not delivered
    gas_balance: np.ndarray  # rows: days × zones
    # hours × zones with a reserve requirement, MW not held; added by dispatch/reserves.py
    reserve_up_short: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    reserve_down_short: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    # rows: one per annual fuel limit (inp.limited_fuels), so that added plants can share it
    fuel_limit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


def build(inp: DispatchInputs) -> tuple[SparseLp, Blocks]:
    lp = SparseLp()
    n_hours, n_zones = inp.demand_mw.shape
    balance = lp.add_rows(inp.demand_mw, inp.demand_mw, (n_hours, n_zones))

    gen = lp.add_cols(
        inp.gen_lower_mw, inp.gen_upper_mw, inp.gen_cost_eur_per_mwh, inp.gen_upper_mw.shape
    )
    lp.add_terms(balance[:, inp.gen_zone], gen)

    shed = lp.add_cols(0.0, inp.demand_mw, inp.voll_eur_per_mwh, (n_hours, n_zones))
    lp.add_terms(balance, shed)
    spill = lp.add_cols(0.0, inp.spill_upper_mw, 0.0, (n_hours, n_zones))
    lp.add_terms(balance, spill, -1.0)

    charge, discharge, soc = _storage(lp, inp, balance)
    forward, reverse = _links(lp, inp, balance)
    path = _paths(lp, inp, balance)
    _hydro(lp, inp, gen)
    fuel_limit = _fuel_limits(lp, inp, gen)
    gas = _gas(lp, inp, gen) if inp.gas_coupled else _no_gas(inp)
    blocks = Blocks(
        gen=gen,
        charge=charge,
        discharge=discharge,
        soc=soc,
        forward=forward,
        reverse=reverse,
        path=path,
        shed=shed,
        spill=spill,
        balance=balance,
        reserve_up_short=np.zeros((n_hours, 0), np.int64),
        reserve_down_short=np.zeros((n_hours, 0), np.int64),
        fuel_limit=fuel_limit,
        **gas,
    )
    return lp, blocks


def supplied_gas_rows(inp: DispatchInputs, blocks: Blocks) -> np.ndarray:
    """The gas balance rows of zones with a gas entry or storage: their duals are the zone's
    daily gas price, read as the cost of one more MWh_th (`solve`'s `increment_rows`). Zones
    without either have no source to give it."""
    zones = np.union1d(inp.entry_zone, inp.gstore_zone).astype(np.int64)
    return blocks.gas_balance[:, zones].ravel()


def _storage(
    lp: SparseLp, inp: DispatchInputs, balance: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """soc[t] = soc[t-1] + efficiency × charge[t] − discharge[t]; round-trip losses on charging.

    Cyclic: the state of charge starts from, and must end at, the initial level (unless a final
    level is given).
    """
    shape = inp.sto_charge_mw.shape
    n_hours = shape[0]
    charge = lp.add_cols(0.0, inp.sto_charge_mw, 0.0, shape)
    discharge = lp.add_cols(0.0, inp.sto_discharge_mw, 0.0, shape)
    soc_upper = np.broadcast_to(inp.sto_energy_mwh, shape).copy()
    soc_lower = np.zeros(shape)
    soc_lower[-1] = soc_upper[-1] = (
        inp.sto_initial_mwh if inp.sto_final_mwh is None else inp.sto_final_mwh
    )
    soc = lp.add_cols(soc_lower, soc_upper, 0.0, shape)
    lp.add_terms(balance[:, inp.sto_zone], discharge)
    lp.add_terms(balance[:, inp.sto_zone], charge, -1.0)
    rhs = np.zeros(shape)
    rhs[0] = inp.sto_initial_mwh
    rows = lp.add_rows(rhs, rhs, shape)
    lp.add_terms(rows, soc)
    lp.add_terms(rows[1:], soc[: n_hours - 1], -1.0)
    lp.add_terms(rows, charge, -inp.sto_efficiency)
    lp.add_terms(rows, discharge)
    return charge, discharge, soc


def _links(lp: SparseLp, inp: DispatchInputs, balance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each interconnector's signed flow is forward − reverse, two non-negative variables, so
    that the hurdle cost is charged on |flow| exactly: both directions at once would pay it
    twice for nothing, so the optimum never uses both. Flows into a market earn its price, out
    of it pay it. CBAM is a cost on the direction that enters the EU (dispatch/carbon.py)."""
    shape = inp.link_forward_mw.shape
    hurdle, price = inp.link_hurdle_eur_per_mwh, inp.link_export_price
    forward_cost = hurdle + inp.link_cbam_forward_eur_per_mwh - price
    reverse_cost = hurdle + inp.link_cbam_reverse_eur_per_mwh + price
    forward = lp.add_cols(0.0, inp.link_forward_mw, forward_cost, shape)
    reverse = lp.add_cols(0.0, inp.link_reverse_mw, reverse_cost, shape)
    from_zone, to_zone = inp.link_from >= 0, inp.link_to >= 0
    for direction, cols in ((1.0, forward), (-1.0, reverse)):
        lp.add_terms(balance[:, inp.link_from[from_zone]], cols[:, from_zone], -direction)
        lp.add_terms(balance[:, inp.link_to[to_zone]], cols[:, to_zone], direction)
    return forward, reverse


def _paths(lp: SparseLp, inp: DispatchInputs, balance: np.ndarray) -> np.ndarray:
    """A transmission path delivers from its first zone to its last within its own capacity
    right, which `inputs` took out of each leg's capacity; a MWh on it pays what each leg
    charges in the direction crossed (hurdle and CBAM), as the same MWh over the legs would."""
    cost = path_cost_eur_per_mwh(inp)
    path = lp.add_cols(0.0, inp.path_upper_mw, cost, inp.path_upper_mw.shape)
    lp.add_terms(balance[:, inp.path_from], path, -1.0)
    lp.add_terms(balance[:, inp.path_to], path)
    return path


def _hydro(lp: SparseLp, inp: DispatchInputs, gen: np.ndarray) -> None:
    """Output of each reservoir plant summed over each calendar month ≤ that month's budget."""
    budget = inp.hydro_budget_mwh
    rows = lp.add_rows(-np.inf, budget, budget.shape)
    lp.add_terms(rows[inp.month_of_hour], gen[:, inp.reservoir], inp.weight_h[:, None])


def _fuel_limits(lp: SparseLp, inp: DispatchInputs, gen: np.ndarray) -> np.ndarray:
    """Fuel burnt over the horizon by the units under each limit (all units of the fuel, or one
    zone's) ≤ its prorated limit; returns the rows."""
    rows = lp.add_rows(-np.inf, inp.fuel_limit_mwh_th, inp.fuel_limit_mwh_th.shape)
    lp.add_terms(
        rows[inp.fuel_of_unit],
        gen[:, inp.fuel_units],
        inp.fuel_mwh_th_per_mwh * inp.weight_h[:, None],
    )
    return rows


def _gas(lp: SparseLp, inp: DispatchInputs, gen: np.ndarray) -> dict[str, np.ndarray]:
    """Daily gas balance per zone (MWh_th): entries + storage withdrawal − injection + shortfall
    = non-power demand + burn of the zone's gas units."""
    n_days, n_zones = inp.gas_demand_mwh.shape
    gas_balance = lp.add_rows(inp.gas_demand_mwh, inp.gas_demand_mwh, (n_days, n_zones))

    # Entries without a contract sell at the gas fuel price; those with contracts carry no
    # variable of their own (bounds 0) and deliver through their contracts' variables.
    spot_upper = np.where(inp.entry_contracted, 0.0, inp.entry_capacity_mwh)
    spot = lp.add_cols(0.0, spot_upper, inp.entry_price_eur_per_mwh, spot_upper.shape)
    lp.add_terms(gas_balance[:, inp.entry_zone], spot)

    contract = _contracts(lp, inp, gas_balance)
    unused = lp.add_cols(
        0.0, inp.contract_min_mwh, inp.contract_price_eur_per_mwh, inp.contract_min_mwh.shape
    )
    # Take-or-pay: gas taken plus gas paid for and left ≥ the prorated minimum.
    minimum = lp.add_rows(inp.contract_min_mwh, np.inf, inp.contract_min_mwh.shape)
    lp.add_terms(minimum[None, :], contract, inp.weight_d[:, None])
    lp.add_terms(minimum, unused)

    withdrawal, injection, level = _gas_storage(lp, inp, gas_balance)
    shortfall = lp.add_cols(
        0.0, inp.gas_demand_mwh, inp.gas_shortfall_eur_per_mwh, (n_days, n_zones)
    )
    lp.add_terms(gas_balance, shortfall)

    burn_rows = gas_balance[inp.day_of_hour][:, inp.gen_zone[inp.gas_units]]
    lp.add_terms(burn_rows, gen[:, inp.gas_units], -inp.gas_mwh_th_per_mwh)
    return {
        "spot": spot,
        "contract": contract,
        "unused": unused,
        "withdrawal": withdrawal,
        "injection": injection,
        "level": level,
        "shortfall": shortfall,
        "gas_balance": gas_balance,
    }


def _contracts(lp: SparseLp, inp: DispatchInputs, gas_balance: np.ndarray) -> np.ndarray:
    n_days = inp.gas_demand_mwh.shape[0]
    n_contracts = len(inp.contract_entry)
    entry = inp.contract_entry
    upper = np.minimum(inp.entry_capacity_mwh[:, entry], inp.contract_daily_max_mwh)
    contract = lp.add_cols(0.0, upper, inp.contract_price_eur_per_mwh, (n_days, n_contracts))
    lp.add_terms(gas_balance[:, inp.entry_zone[entry]], contract)
    # All contracts through one entry share its daily capacity.
    contracted = np.flatnonzero(inp.entry_contracted)
    capacity = lp.add_rows(
        -np.inf, inp.entry_capacity_mwh[:, contracted], (n_days, len(contracted))
    )
    slot = np.searchsorted(contracted, entry)
    lp.add_terms(capacity[:, slot], contract)
    maximum = lp.add_rows(-np.inf, inp.contract_max_mwh, (n_contracts,))
    lp.add_terms(maximum[None, :], contract, inp.weight_d[:, None])
    return contract


def _gas_storage(
    lp: SparseLp, inp: DispatchInputs, gas_balance: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """level[d] = level[d-1] + injection[d] − withdrawal[d]; starts and ends at the initial fill."""
    shape = inp.gstore_withdrawal_mwh.shape
    withdrawal = lp.add_cols(0.0, inp.gstore_withdrawal_mwh, 0.0, shape)
    injection = lp.add_cols(0.0, inp.gstore_injection_mwh, 0.0, shape)
    upper = np.broadcast_to(inp.gstore_volume_mwh, shape).copy()
    lower = np.zeros(shape)
    lower[-1] = upper[-1] = (
        inp.gstore_initial_mwh if inp.gstore_final_mwh is None else inp.gstore_final_mwh
    )
    level = lp.add_cols(lower, upper, 0.0, shape)
    lp.add_terms(gas_balance[:, inp.gstore_zone], withdrawal)
    lp.add_terms(gas_balance[:, inp.gstore_zone], injection, -1.0)
    rhs = np.zeros(shape)
    rhs[0] = inp.gstore_initial_mwh
    rows = lp.add_rows(rhs, rhs, shape)
    lp.add_terms(rows, level)
    lp.add_terms(rows[1:], level[:-1], -1.0)
    lp.add_terms(rows, injection, -1.0)
    lp.add_terms(rows, withdrawal)
    return withdrawal, injection, level


def _no_gas(inp: DispatchInputs) -> dict[str, np.ndarray]:
    empty = np.zeros((inp.n_days, 0), dtype=np.int64)
    return {
        "spot": empty,
        "contract": empty,
        "unused": np.zeros(0, dtype=np.int64),
        "withdrawal": empty,
        "injection": empty,
        "level": empty,
        "shortfall": empty,
        "gas_balance": empty,
    }
