"""The dispatch problem as a PyPSA network, so PyPSA users can carry on from ours.

PyPSA is an optional extra (`pip install powerpact[pypsa]`); it is imported only here, inside the
functions. Every constraint of the powerpact LP is stated with native PyPSA components, none with
extra_functionality (see docs/dispatch.md):

- gas is a carrier: one gas bus per zone (MWh_th per hour), entries are generators, gas plants are
  links gas bus → electric bus with the plant efficiency;
- the daily gas balance: a "within-day" store on each gas bus may go negative during the day and
  is forced empty at the last hour of every day (e_min_pu = e_max_pu = 0), so only each day's
  total has to balance; entry, storage and shortfall flows happen in that last hour only, with
  p_nom = the daily quantity, which makes their hourly bounds exactly the daily ones;
- monthly hydro budgets: one generator per reservoir plant and month, available only in its
  month's hours (p_max_pu mask) with e_sum_max = the month's budget;
- contracts: generators on an entry bus behind a link of the entry's capacity, e_sum_max = the
  prorated annual maximum; the take-or-pay minimum is an operational_limit GlobalConstraint on the
  contract's carrier, shared with an "unused" generator that produces the gas paid for but not
  taken into a sink;
- cyclic storage: state_of_charge_initial and state_of_charge_set at the last snapshot.
- hurdle costs and CBAM: an interconnector with either is two one-way links, each paying its
  direction's cost per MWh; zone carbon prices are in the generators' marginal costs.
- unit commitment (`commitment=True`): every committable row becomes `units` PyPSA components
  (generators, or links for gas and fuel-limited plants) with `committable=True`, the unit's
  minimum stable fraction as `p_min_pu`, `start_up_cost`, `min_up_time`, `min_down_time` and
  ramp limits, online before the first snapshot (`up_time_before` longer than any minimum time);
  a heat-led minimum (`min_profile`) is in `p_min_pu`, and a single unit it holds online all the
  time is a must-run instead (PyPSA cannot force a status on);
- not exported: operating reserves (no native component; `meta["not_exported"]` says so).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powerpact.dispatch.commitment import CommitmentData, commitment_data, without_must_run
from powerpact.dispatch.inputs import (
    DispatchInputs,
    heat_led_min_mw,
    path_cost_eur_per_mwh,
    prepare,
)
from powerpact.dispatch.reserves import requirement_rows
from powerpact.io import write_atomic
from powerpact.system import InputError, System

if TYPE_CHECKING:
    import pypsa


# Recorded in the network's metadata (the netCDF attribute `meta`).
WRITTEN_BY = {"written_by": "powerpact export-pypsa"}


def _import_pypsa() -> Any:
    try:
        import pypsa
    except ImportError:
        raise InputError(
            "export-pypsa", "PyPSA is not installed: pip install 'powerpact[pypsa]'"
        ) from None
    return pypsa


def _per_unit(series_mw: np.ndarray, nominal: np.ndarray) -> np.ndarray:
    return np.divide(
        series_mw, nominal, out=np.zeros_like(series_mw, dtype=float), where=nominal > 0
    )


def _nominal(series: np.ndarray) -> np.ndarray:
    """Largest value of each column, at least 1 so that per-unit profiles are defined."""
    return np.maximum(series.max(axis=0, initial=0.0), 1.0)


def to_pypsa(
    system: System,
    commitment: bool = False,
    inputs: DispatchInputs | None = None,
    hours: np.ndarray | None = None,
) -> pypsa.Network:
    """A PyPSA network describing the same problem as `powerpact.dispatch.run`: the LP, or with
    `commitment` the whole-horizon unit commitment (`DispatchOptions(commitment="milp",
    window_h=None)`). `inputs` on the horizon's `hours` (representative days, see
    interop/pypsa_expansion.py) replace the whole horizon's."""
    pypsa = _import_pypsa()
    inp = inputs if inputs is not None else prepare(system)
    hours = np.arange(system.n_hours) if hours is None else hours
    data = commitment_data(system) if commitment else None
    if data is not None:
        inp = without_must_run(inp, data)
    network = pypsa.Network()
    snapshots = pd.DatetimeIndex(
        system.snapshots[hours].tz_convert("UTC").tz_localize(None), name="snapshot"
    )
    network.set_snapshots(snapshots)
    _carriers(network, ["AC", "gas", "sink"])
    zones, markets = list(system.settings.zones), list(system.settings.markets)
    network.add("Bus", zones, carrier="AC")
    if inp.gas_coupled:
        network.add("Bus", [f"{z} gas" for z in zones], carrier="gas")
    if markets:
        network.add("Bus", markets, carrier="AC")
    network.add(
        "Load",
        [f"{z} demand" for z in zones],
        bus=zones,
        p_set=pd.DataFrame(inp.demand_mw, index=snapshots, columns=[f"{z} demand" for z in zones]),
    )
    _generators(network, inp, snapshots)
    _carriers(network, inp.limited_fuels)
    _limited_fuels(network, inp, snapshots)
    _slacks(network, inp, snapshots, hours)
    _storage(network, inp, snapshots)
    _links(network, inp, snapshots)
    if inp.gas_coupled:
        _gas(network, inp, snapshots)
    if data is not None:
        _commit(network, inp, data)
    if requirement_rows(system).any():
        # PyPSA has no reserve component, and holding headroom needs a row that couples each
        # unit's output with its capacity beside the energy balance: not stated natively.
        network.meta = {**network.meta, "not_exported": "reserves (reserves.csv)"}
    return network


def _commit(network: pypsa.Network, inp: DispatchInputs, data: CommitmentData) -> None:
    """Split each committable row into its identical units and make them committable."""
    names = inp.system.generators.index
    capacity = inp.system.generators["capacity_mw"].to_numpy(float)
    upper = _per_unit(inp.gen_upper_mw, capacity)
    heat = _per_unit(heat_led_min_mw(inp.system), capacity)
    for position, row in enumerate(data.units):
        name = str(names[row])
        if row in inp.reservoir:
            # Exported as one generator per month (the monthly budgets), which a unit's status
            # cannot span.
            raise InputError(
                "export-pypsa", f"reservoir plant {name!r} cannot be exported as committable"
            )
        component = "Generator" if name in network.generators.index else "Link"
        static = network.components[component].static.loc[name].to_dict()
        network.remove(component, name)
        count = int(data.count[position])
        units = [name] if count == 1 else [f"{name} unit {k + 1}" for k in range(count)]
        available = pd.Series(upper[:, row], index=network.snapshots)
        # While online a unit gives at least its minimum stable output and its share of a
        # heat-led minimum (`min_profile`).
        minimum = np.minimum(available, np.maximum(data.min_stable[position], heat[:, row]))
        keep = {
            k: static[k] for k in ("bus", "bus0", "bus1", "carrier", "efficiency") if k in static
        }
        network.add(
            component,
            units,
            **keep,
            p_nom=static["p_nom"] / count,
            marginal_cost=static["marginal_cost"],
            p_max_pu=pd.DataFrame({u: available for u in units}),
            p_min_pu=pd.DataFrame({u: minimum for u in units}),
            **_status_attrs(
                data, position, held_on=count == 1 and _heat_held(available, heat[:, row])
            ),
        )


def _heat_held(available: pd.Series, heat_pu: np.ndarray) -> bool:
    """True when a heat-led minimum holds the unit online in every hour it is available."""
    return bool(np.all(heat_pu[available.to_numpy() > 0] > 0))


def _status_attrs(data: CommitmentData, position: int, held_on: bool) -> dict[str, Any]:
    """PyPSA's commitment attributes of one unit of row `position`. A single unit that its heat
    holds online all the time (`held_on`: powerpact's heat-led lower bound forces it on) is
    exported as a must-run with ramp limits instead: PyPSA has no native way to force a
    committable unit's status on, and the two are the same problem when it never stops."""
    ramps: dict[str, Any] = {}
    for key, limit in (("up", data.ramp_up), ("down", data.ramp_down)):
        if limit[position] < 1.0:
            ramps[f"ramp_limit_{key}"] = limit[position]
            if not held_on:
                edge = max(data.min_stable[position], limit[position])
                ramps["ramp_limit_start_up" if key == "up" else "ramp_limit_shut_down"] = edge
    if held_on:
        return ramps
    return {
        "committable": True,
        "start_up_cost": data.start_cost_eur[position],
        "min_up_time": int(data.min_up_h[position]),
        "min_down_time": int(data.min_down_h[position]),
        "up_time_before": data.memory_h + 1,
        **ramps,
    }


def _carriers(network: pypsa.Network, names: list[str] | str) -> None:
    """Declare carriers not declared yet (technologies may reuse our own carrier names)."""
    names = [names] if isinstance(names, str) else names
    new = sorted(set(names) - set(network.carriers.index))
    if new:
        network.add("Carrier", new)


def _frame(values: np.ndarray, index: pd.DatetimeIndex, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(values, index=index, columns=columns)


def _generators(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    gens = inp.system.generators
    zones = list(inp.system.settings.zones)
    capacity = gens["capacity_mw"].to_numpy(dtype=float)
    upper_pu = _per_unit(inp.gen_upper_mw, capacity)
    lower_pu = _per_unit(inp.gen_lower_mw, capacity)
    _carriers(network, list(gens["technology"]))
    special = set(inp.reservoir) | set(inp.gas_units) | set(inp.fuel_units)
    plain = [i for i in range(len(gens)) if i not in special]
    names = list(gens.index[plain])
    network.add(
        "Generator",
        names,
        bus=[zones[z] for z in inp.gen_zone[plain]],
        carrier=gens["technology"].iloc[plain].to_numpy(),
        p_nom=capacity[plain],
        p_max_pu=_frame(upper_pu[:, plain], sns, names),
        p_min_pu=_frame(lower_pu[:, plain], sns, names),
        marginal_cost=inp.gen_cost_eur_per_mwh[plain],
    )
    for column, unit in enumerate(inp.reservoir):
        for month_pos, month in enumerate(inp.months):
            mask = inp.month_of_hour == month_pos
            name = f"{gens.index[unit]} {month}"
            network.add(
                "Generator",
                name,
                bus=zones[inp.gen_zone[unit]],
                carrier=gens["technology"].iloc[unit],
                p_nom=capacity[unit],
                p_max_pu=pd.Series(upper_pu[:, unit] * mask, index=sns),
                p_min_pu=pd.Series(lower_pu[:, unit] * mask, index=sns),
                marginal_cost=inp.gen_cost_eur_per_mwh[unit],
                e_sum_max=inp.hydro_budget_mwh[month_pos, column],
            )
    if len(inp.gas_units):
        units = inp.gas_units
        # MWh_el per MWh GCV drawn: the gas bus counts gross energy, efficiencies are net.
        efficiency = 1.0 / inp.gas_mwh_th_per_mwh
        names = list(gens.index[units])
        # A gas plant is a link from its zone's gas bus (MWh_th) to the electric bus; its own
        # cost per MWh_el becomes cost × efficiency per MWh_th of gas drawn.
        network.add(
            "Link",
            names,
            bus0=[f"{zones[z]} gas" for z in inp.gen_zone[units]],
            bus1=[zones[z] for z in inp.gen_zone[units]],
            carrier="gas",
            efficiency=efficiency,
            p_nom=capacity[units] / efficiency,
            p_max_pu=_frame(upper_pu[:, units], sns, names),
            # A gas unit's lower bound is only its heat-led minimum (`min_profile`): its must-run
            # level is not enforced (dispatch/inputs.py).
            p_min_pu=_frame(lower_pu[:, units], sns, names),
            marginal_cost=inp.gen_cost_eur_per_mwh[units] * efficiency,
        )


def _limited_fuels(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    """A fuel with an annual limit is a bus fed by one supply generator whose energy over the
    horizon is capped (e_sum_max); its plants are links from that bus, like gas plants. A plant
    under two limits (its fuel's system-wide one and its zone's) would need two buses."""
    gens = inp.system.generators
    twice = [u for u in set(inp.fuel_units) if (inp.fuel_units == u).sum() > 1]
    if twice:
        raise ValueError(
            f"{gens.index[twice[0]]} is under two fuel limits (system-wide and its zone's); the "
            "PyPSA export writes one limit per plant"
        )
    zones = list(inp.system.settings.zones)
    capacity = gens["capacity_mw"].to_numpy(dtype=float)
    efficiency = 1.0 / inp.fuel_mwh_th_per_mwh
    for position, fuel in enumerate(inp.limited_fuels):
        bus = f"{fuel} supply"
        network.add("Bus", bus, carrier=fuel)
        mine = inp.fuel_of_unit == position
        units = inp.fuel_units[mine]
        network.add(
            "Generator",
            bus,
            bus=bus,
            carrier=fuel,
            p_nom=float((capacity[units] / efficiency[mine]).sum()),
            e_sum_max=inp.fuel_limit_mwh_th[position],
            marginal_cost=0.0,
        )
        names = list(gens.index[units])
        network.add(
            "Link",
            names,
            bus0=bus,
            bus1=[zones[z] for z in inp.gen_zone[units]],
            carrier=gens["technology"].iloc[units].to_numpy(),
            efficiency=efficiency[mine],
            p_nom=capacity[units] / efficiency[mine],
            p_max_pu=_frame(_per_unit(inp.gen_upper_mw[:, units], capacity[units]), sns, names),
            p_min_pu=_frame(_per_unit(inp.gen_lower_mw[:, units], capacity[units]), sns, names),
            marginal_cost=inp.gen_cost_eur_per_mwh[units] * efficiency[mine],
        )


def _slacks(
    network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex, hours: np.ndarray
) -> None:
    """Load shedding at the value of lost load, spilling of must-run output, market trading."""
    zones = list(inp.system.settings.zones)
    _carriers(network, ["load shedding", "spill", "market"])
    nominal = _nominal(inp.demand_mw)
    names = [f"{z} load shedding" for z in zones]
    network.add(
        "Generator",
        names,
        bus=zones,
        carrier="load shedding",
        p_nom=nominal,
        p_max_pu=_frame(inp.demand_mw / nominal, sns, names),
        marginal_cost=inp.voll_eur_per_mwh,
    )
    nominal = _nominal(inp.spill_upper_mw)
    names = [f"{z} spill" for z in zones]
    network.add(
        "Generator",
        names,
        bus=zones,
        carrier="spill",
        p_nom=nominal,
        p_max_pu=0.0,
        p_min_pu=_frame(-inp.spill_upper_mw / nominal, sns, names),
        marginal_cost=0.0,
    )
    markets = list(inp.system.settings.markets)
    if not markets:
        return
    # A market buys and sells any amount at its price; its links are what limit trade.
    reach = np.maximum(inp.link_forward_mw, inp.link_reverse_mw).max(axis=0, initial=0.0)
    nominal = np.array([reach[inp.link_market == m].sum() for m in range(len(markets))])
    prices = _market_prices(inp, hours)
    names = [f"{m} market" for m in markets]
    network.add(
        "Generator",
        names,
        bus=markets,
        carrier="market",
        p_nom=np.maximum(nominal, 1.0),
        p_min_pu=-1.0,
        p_max_pu=1.0,
        marginal_cost=_frame(prices, sns, names),
    )


def _market_prices(inp: DispatchInputs, hours: np.ndarray) -> np.ndarray:
    """Each market's price in the network's hours as the links to it carry it in the LP (on
    representative days, rescaled to the horizon's mean: dispatch/periods.py); a market no link
    reaches keeps the system's prices, which then price nothing."""
    markets = list(inp.system.settings.markets)
    prices = inp.system.market_prices[markets].to_numpy(dtype=float)[hours]
    for link in np.flatnonzero(inp.link_market >= 0):
        prices[:, inp.link_market[link]] = (
            inp.link_export_price[:, link] * inp.link_into_market[link]
        )
    return prices


def _storage(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    storage = inp.system.storage
    if storage.empty:
        return
    zones = list(inp.system.settings.zones)
    _storage_units(
        network,
        sns,
        list(storage.index),
        [zones[z] for z in inp.sto_zone],
        "storage",
        nominal=np.maximum(_nominal(inp.sto_discharge_mw), inp.sto_charge_mw.max(axis=0)),
        discharge=inp.sto_discharge_mw,
        charge=inp.sto_charge_mw,
        energy=inp.sto_energy_mwh,
        initial=inp.sto_initial_mwh,
        efficiency_store=inp.sto_efficiency,
    )


def _storage_units(
    network: pypsa.Network,
    sns: pd.DatetimeIndex,
    names: list[str],
    buses: list[str],
    carrier: str,
    *,
    nominal: np.ndarray,
    discharge: np.ndarray,
    charge: np.ndarray,
    energy: np.ndarray,
    initial: np.ndarray,
    efficiency_store: np.ndarray | float,
) -> None:
    """StorageUnits held to end the horizon at their initial level, as the LP holds its stores;
    `discharge` and `charge` are MW bounds per snapshot."""
    soc_set = np.full((len(sns), len(names)), np.nan)
    soc_set[-1] = initial
    _carriers(network, carrier)
    network.add(
        "StorageUnit",
        names,
        bus=buses,
        carrier=carrier,
        p_nom=nominal,
        max_hours=energy / nominal,
        p_max_pu=_frame(discharge / nominal, sns, names),
        p_min_pu=_frame(-charge / nominal, sns, names),
        efficiency_store=efficiency_store,
        efficiency_dispatch=1.0,
        state_of_charge_initial=initial,
        cyclic_state_of_charge=False,
        state_of_charge_set=_frame(soc_set, sns, names),
    )


def _links(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    """A lossless bidirectional link per interconnector. A PyPSA link's marginal cost is paid on
    its signed flow (earned back when it runs backwards), so an interconnector with a hurdle cost
    or CBAM becomes two one-way links, "<name>" forward and "<name> reverse", each paying the
    hurdle plus its own direction's CBAM."""
    links = inp.system.interconnectors
    if links.empty:
        return
    names = list(links.index)
    hurdle = inp.link_hurdle_eur_per_mwh
    forward_cost = hurdle + inp.link_cbam_forward_eur_per_mwh
    reverse_cost = hurdle + inp.link_cbam_reverse_eur_per_mwh
    two_way = (forward_cost == 0.0) & (reverse_cost == 0.0)
    nominal = np.maximum(_nominal(inp.link_forward_mw), inp.link_reverse_mw.max(axis=0))
    _carriers(network, "interconnector")
    network.add(
        "Link",
        names,
        bus0=links["from_zone"].to_numpy(),
        bus1=links["to_zone"].to_numpy(),
        carrier="interconnector",
        p_nom=nominal,
        efficiency=1.0,
        p_max_pu=_frame(inp.link_forward_mw / nominal, sns, names),
        p_min_pu=_frame(-inp.link_reverse_mw * two_way / nominal, sns, names),
        marginal_cost=forward_cost,
    )
    _paths(network, inp, sns)
    one_way = np.flatnonzero(~two_way)
    if not len(one_way):
        return
    reverse = [f"{names[i]} reverse" for i in one_way]
    network.add(
        "Link",
        reverse,
        bus0=links["to_zone"].to_numpy()[one_way],
        bus1=links["from_zone"].to_numpy()[one_way],
        carrier="interconnector",
        p_nom=nominal[one_way],
        efficiency=1.0,
        p_max_pu=_frame(inp.link_reverse_mw[:, one_way] / nominal[one_way], sns, reverse),
        p_min_pu=0.0,
        marginal_cost=reverse_cost[one_way],
    )


def _paths(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    """A one-way link per transmission path, "<name> path", from its first zone to its last,
    within the capacity right that the legs' own links no longer carry."""
    paths = inp.system.settings.paths
    if not paths:
        return
    names = [f"{name} path" for name in paths]
    nominal = _nominal(inp.path_upper_mw)
    network.add(
        "Link",
        names,
        bus0=[p.zones[0] for p in paths.values()],
        bus1=[p.zones[-1] for p in paths.values()],
        carrier="interconnector",
        p_nom=nominal,
        efficiency=1.0,
        p_max_pu=_frame(inp.path_upper_mw / nominal, sns, names),
        p_min_pu=0.0,
        marginal_cost=path_cost_eur_per_mwh(inp),
    )


def _gas(network: pypsa.Network, inp: DispatchInputs, sns: pd.DatetimeIndex) -> None:
    system = inp.system
    zones = list(system.settings.zones)
    gas_buses = [f"{z} gas" for z in zones]
    day_end = np.r_[inp.day_of_hour[1:] != inp.day_of_hour[:-1], True]
    # Spread each day's non-power demand over its hours; only the daily total matters.
    per_hour = inp.gas_demand_mwh[inp.day_of_hour] / inp.hours_per_day[inp.day_of_hour][:, None]
    network.add(
        "Load",
        [f"{b} demand" for b in gas_buses],
        bus=gas_buses,
        p_set=_frame(per_hour, sns, [f"{b} demand" for b in gas_buses]),
    )
    consumption = (inp.gen_upper_mw[:, inp.gas_units] * inp.gas_mwh_th_per_mwh).sum(axis=1)
    daily_most = np.bincount(inp.day_of_hour, consumption) + inp.gas_demand_mwh.sum(axis=1)
    within_day = np.where(day_end, 0.0, -1.0)
    _carriers(network, "within-day")
    network.add(
        "Store",
        [f"{b} within-day" for b in gas_buses],
        bus=gas_buses,
        carrier="within-day",
        e_nom=(daily_most.max() + 1.0),
        e_initial=0.0,
        e_cyclic=False,
        e_min_pu=_frame(
            np.repeat(within_day[:, None], len(zones), 1),
            sns,
            [f"{b} within-day" for b in gas_buses],
        ),
        e_max_pu=_frame(
            np.repeat(-within_day[:, None], len(zones), 1),
            sns,
            [f"{b} within-day" for b in gas_buses],
        ),
    )

    def at_day_end(daily: np.ndarray) -> np.ndarray:
        """Daily quantities (days × n) as hourly values in each day's last hour, else 0."""
        return daily[inp.day_of_hour] * day_end[:, None]

    _gas_supply(network, inp, sns, at_day_end, gas_buses)
    nominal = _nominal(inp.gas_demand_mwh)
    names = [f"{b} shortfall" for b in gas_buses]
    _carriers(network, "gas shortfall")
    network.add(
        "Generator",
        names,
        bus=gas_buses,
        carrier="gas shortfall",
        p_nom=nominal,
        p_max_pu=_frame(at_day_end(inp.gas_demand_mwh) / nominal, sns, names),
        marginal_cost=inp.gas_shortfall_eur_per_mwh,
    )
    stores = system.gas_storage
    if not stores.empty:
        _storage_units(
            network,
            sns,
            list(stores.index),
            [gas_buses[z] for z in inp.gstore_zone],
            "gas storage",
            nominal=np.maximum(
                _nominal(inp.gstore_withdrawal_mwh), inp.gstore_injection_mwh.max(axis=0)
            ),
            discharge=at_day_end(inp.gstore_withdrawal_mwh),
            charge=at_day_end(inp.gstore_injection_mwh),
            energy=inp.gstore_volume_mwh,
            initial=inp.gstore_initial_mwh,
            efficiency_store=1.0,
        )


def _gas_supply(
    network: pypsa.Network,
    inp: DispatchInputs,
    sns: pd.DatetimeIndex,
    at_day_end: Callable[[np.ndarray], np.ndarray],
    gas_buses: list[str],
) -> None:
    system = inp.system
    entries, contracts = system.gas_entries, system.gas_contracts
    capacity = _nominal(inp.entry_capacity_mwh)
    available = at_day_end(inp.entry_capacity_mwh) / capacity
    spot = np.flatnonzero(~inp.entry_contracted)
    _carriers(network, "gas entry")
    if len(spot):
        names = list(entries.index[spot])
        network.add(
            "Generator",
            names,
            bus=[gas_buses[z] for z in inp.entry_zone[spot]],
            carrier="gas entry",
            p_nom=capacity[spot],
            p_max_pu=_frame(available[:, spot], sns, names),
            marginal_cost=inp.entry_price_eur_per_mwh,
        )
    contracted = np.flatnonzero(inp.entry_contracted)
    if not len(contracted):
        return
    names = list(entries.index[contracted])
    entry_buses = [f"{n} entry" for n in names]
    network.add("Bus", entry_buses, carrier="gas")
    network.add(
        "Link",
        names,
        bus0=entry_buses,
        bus1=[gas_buses[z] for z in inp.entry_zone[contracted]],
        carrier="gas entry",
        p_nom=capacity[contracted],
        efficiency=1.0,
        p_max_pu=_frame(available[:, contracted], sns, names),
    )
    carriers = [f"contract {c}" for c in contracts.index]
    _carriers(network, carriers)
    network.add(
        "Generator",
        list(contracts.index),
        bus=[f"{entries.index[e]} entry" for e in inp.contract_entry],
        carrier=carriers,
        p_nom=capacity[inp.contract_entry],
        p_max_pu=_frame(
            at_day_end(
                np.minimum(
                    inp.entry_capacity_mwh[:, inp.contract_entry], inp.contract_daily_max_mwh
                )
            )
            / capacity[inp.contract_entry],
            sns,
            list(contracts.index),
        ),
        marginal_cost=inp.contract_price_eur_per_mwh,
        e_sum_max=inp.contract_max_mwh,
    )
    for pos, name in enumerate(contracts.index):
        minimum = inp.contract_min_mwh[pos]
        if minimum <= 0:
            continue
        bus = f"{name} take-or-pay"
        network.add("Bus", bus, carrier="gas")
        network.add(
            "Generator",
            f"{name} unused",
            bus=bus,
            carrier=carriers[pos],
            p_nom=minimum,
            e_sum_max=minimum,
            marginal_cost=inp.contract_price_eur_per_mwh[pos],
        )
        network.add(
            "Generator",
            f"{name} unused sink",
            bus=bus,
            carrier="sink",
            p_nom=minimum,
            p_min_pu=-1.0,
            p_max_pu=0.0,
            marginal_cost=0.0,
        )
        network.add(
            "GlobalConstraint",
            f"{name} take-or-pay",
            type="operational_limit",
            carrier_attribute=carriers[pos],
            sense=">=",
            constant=minimum,
        )


def export_pypsa(system: System, path: Path, commitment: bool = False) -> pypsa.Network:
    """Write the network to a netCDF file (written whole or not at all); returns it."""
    network = to_pypsa(system, commitment)
    network.meta = {**network.meta, **WRITTEN_BY}  # so that a later export may replace it
    write_atomic(Path(path), lambda temporary: network.export_to_netcdf(str(temporary)))
    return network


def written_by_powerpact(path: Path) -> bool:
    """Whether `path` is a network file that `export_pypsa` wrote."""
    import xarray as xr

    try:
        with xr.open_dataset(path) as data:
            meta = json.loads(data.attrs.get("meta", "{}"))
    except Exception:  # not netCDF, not JSON, unreadable: in any case not ours
        return False
    return isinstance(meta, dict) and meta.get("written_by") == WRITTEN_BY["written_by"]
