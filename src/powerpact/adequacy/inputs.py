"""Turn a `System` into the flat arrays both adequacy methods read.

The adequacy model is one zone: every zone of the system is pooled (a copper plate, internal
interconnectors unconstrained) and the neighbouring markets supply imports over the
interconnectors that join them to a zone. Resources are of five kinds:

- must-take: generators with a profile (wind, solar, run-of-river) are subtracted from load as
  `capacity_mw × profile × in service`; their profile already is their availability, so their
  forced outage rate is not applied again;
- firm: dispatchable generators that burn no gas and have no monthly energy, plus imports
  (`capacity × market import_availability`, with the interconnector's own outages);
- gas: generators whose fuel is `settings.gas.fuel`, capped by the daily gas balance (Monte
  Carlo only);
- reservoir hydro: generators in `hydro_inflows`, limited by their monthly energy;
- storage: pumped hydro and batteries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.system import System, without
from powerpact.system.gas_supply import entry_daily_mcm
from powerpact.system.time import days_of_study_year, hours_in_months


@dataclass(frozen=True)
class UnitTable:
    """Two-state units: capacity, outage parameters, where they aggregate, their random key."""

    capacity_mw: np.ndarray
    forced_outage_rate: np.ndarray
    mttf_h: np.ndarray
    mttr_h: np.ndarray
    row: np.ndarray  # index into the row tables (in-service matrix, slot, label)
    key: np.ndarray  # uint64 stream key derived from the component's name and unit number


@dataclass(frozen=True)
class Prepared:
    """Everything the engines need, as numpy arrays over the horizon's hours."""

    hours: pd.DatetimeIndex
    net_load_mw: np.ndarray  # demand minus must-take output
    units: UnitTable
    row_slot: np.ndarray  # firm rows share slot 0; each gas and hydro row has its own
    row_in_service: np.ndarray  # rows × hours, 1 or 0 (scenario outages)
    slot_efficiency: np.ndarray  # gas slots: electric efficiency (others 1)
    slot_kind: np.ndarray  # 0 firm (slot 0), 1 gas, 2 reservoir hydro
    hydro_budget_mwh: np.ndarray  # slots × months of the horizon
    month_of_hour: np.ndarray  # index into the months of the horizon
    storage: pd.DataFrame
    storage_in_service: np.ndarray  # storage × hours
    storage_units: UnitTable
    gas_entry_mcm: np.ndarray  # entries × days: capacity while in service (scenario outages)
    gas_entry_rate_per_day: np.ndarray
    gas_entry_duration_days: np.ndarray
    gas_entry_key: np.ndarray
    gas_other_mcm: np.ndarray  # days: storage withdrawal capacity minus non-power gas demand
    gas_energy_mwh_per_mcm: float
    day_of_hour: np.ndarray
    cell_of_hour: np.ndarray  # local month (0–11) × 24 + local hour of day
    local_day_of_hour: np.ndarray


def stream_key(*parts: object) -> int:
    """A stable 64-bit key for a component: the same name always draws the same numbers."""
    text = "/".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def _mttf_h(forced_outage_rate: np.ndarray, mttr_h: np.ndarray) -> np.ndarray:
    rate = np.asarray(forced_outage_rate, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(rate > 0, mttr_h * (1 - rate) / np.where(rate > 0, rate, 1), np.inf)


def _units(frame: pd.DataFrame, tables: list[str], rows: np.ndarray) -> UnitTable:
    counts = frame["units"].to_numpy(int) if "units" in frame else np.ones(len(frame), int)
    per_unit = frame["capacity_mw"].to_numpy(float) / counts
    rate = frame["forced_outage_rate"].to_numpy(float)
    mttr = frame["mttr_h"].to_numpy(float)
    mttf = frame["mttf_h"].to_numpy(float) if "mttf_h" in frame else _mttf_h(rate, mttr)
    repeat = np.repeat(np.arange(len(frame)), counts)
    numbers = np.concatenate([np.arange(n) for n in counts]) if len(frame) else np.zeros(0, int)
    keys = [stream_key(tables[i], frame.index[i], n) for i, n in zip(repeat, numbers, strict=True)]
    return UnitTable(
        capacity_mw=per_unit[repeat],
        forced_outage_rate=rate[repeat],
        mttf_h=mttf[repeat],
        mttr_h=mttr[repeat],
        row=rows[repeat].astype(np.int64),
        key=np.array(keys, dtype=np.uint64),
    )


def import_links(system: System) -> pd.DataFrame:
    """Interconnectors from a market into a zone, with the capacity the market can deliver."""
    links = system.interconnectors
    zones, markets = set(system.settings.zones), system.market_import_availability()
    rows = []
    for name, link in links.iterrows():
        if link["from_zone"] in markets.index and link["to_zone"] in zones:
            market, capacity = link["from_zone"], link["capacity_mw"]
        elif link["to_zone"] in markets.index and link["from_zone"] in zones:
            market, capacity = link["to_zone"], link["capacity_reverse_mw"]
        else:
            continue  # zone-to-zone links are inside the copper plate
        rows.append(
            {
                "name": name,
                "capacity_mw": float(capacity * markets[market]),
                "units": 1,
                "forced_outage_rate": float(link["forced_outage_rate"]),
                "mttr_h": float(link["mttr_h"]),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["name", "capacity_mw", "units", "forced_outage_rate", "mttr_h"]
    )
    return frame.set_index("name")


def _in_service(system: System, table: str, times: pd.DatetimeIndex | None = None) -> np.ndarray:
    """Components × times, 1 in service and 0 during a scenario outage (a shortcut for the
    usual case of a table without outages)."""
    times = system.snapshots if times is None else times
    names = getattr(system, table).index
    if not (system.outages["table"] == table).any():
        return np.ones((len(names), len(times)))
    return np.ascontiguousarray(system.in_service(table, times).to_numpy(float).T)


def upward_reserve_mw(system: System, zone: str | None = None) -> float:
    """Upward operating reserve of `zone` (all zones: None), withheld from available capacity
    as ENTSO-E's ERAA does: capacity held for balancing cannot serve load. Adding it to the
    load is the same as taking it off the capacity, in both engines."""
    reserves = system.reserves["upward_mw"]
    return float(reserves.sum() if zone is None else reserves.get(zone, 0.0))


def reserves_withheld(system: System, withhold: bool) -> System:
    """`system`, or with `withhold` False the same system without its reserve requirements."""
    if withhold or system.reserves.empty:
        return system
    return without(system, "reserves", system.reserves.index)


def net_load_mw(system: System) -> np.ndarray:
    """Pooled demand minus the output of must-take (profile) generators, plus the upward
    operating reserve withheld."""
    gens = system.generators
    must_take = np.flatnonzero((gens["profile"] != "").to_numpy())
    shapes = system.profiles[gens["profile"].iloc[must_take]].to_numpy(float)
    in_service = _in_service(system, "generators")[must_take].T
    output = (gens["capacity_mw"].to_numpy(float)[must_take] * shapes * in_service).sum(axis=1)
    return system.demand.sum(axis=1).to_numpy(float) - output + upward_reserve_mw(system)


def _month_positions(local: pd.DatetimeIndex) -> tuple[np.ndarray, pd.PeriodIndex]:
    periods = local.tz_localize(None).to_period("M")
    codes, months = pd.factorize(periods, sort=True)
    return codes.astype(np.int64), pd.PeriodIndex(months)


def _hydro_limits(
    system: System,
    names: pd.Index,
    local: pd.DatetimeIndex,
    inflows: pd.DataFrame | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Energy budget of each plant in the horizon's part of each month, and the month of each
    hour (`inflows`: a climate year's instead of the system's)."""
    month_of_hour, months = _month_positions(local)
    hours_in_month = hours_in_months(months)
    hours_in_horizon = np.bincount(month_of_hour, minlength=len(months)).astype(float)
    inflows = system.hydro_inflows if inflows is None else inflows
    energy = inflows.loc[names, [p.month for p in months]].to_numpy(float)
    return energy * hours_in_horizon / hours_in_month, month_of_hour


def _gas_balance(system: System) -> tuple[np.ndarray, ...]:
    days = system.days
    entries = system.gas_entries
    # The system's one definition: capacity in service, capped by the entry's contracts.
    entry_mcm = entry_daily_mcm(system, days).to_numpy(float).T
    storage_mcm = (
        system.gas_storage["withdrawal_mcm_per_day"].to_numpy(float)[:, None]
        * _in_service(system, "gas_storage", days)
    ).sum(axis=0)
    other = storage_mcm - system.gas_demand.sum(axis=1).to_numpy(float)
    keys = np.array([stream_key("gas_entries", n) for n in entries.index], dtype=np.uint64)
    return (
        entry_mcm,
        entries["outage_rate_per_year"].to_numpy(float) / days_of_study_year(system),
        entries["outage_duration_days"].to_numpy(float),
        keys,
        other,
    )


def prepare(system: System) -> Prepared:
    gens = system.generators
    gas_fuel = system.settings.gas.fuel
    dispatchable = gens[gens["profile"] == ""]
    hydro_names = system.reservoir_generators.intersection(dispatchable.index)
    is_gas = (dispatchable["fuel"] == gas_fuel).to_numpy()
    is_hydro = dispatchable.index.isin(hydro_names)
    kind_of_gen = np.where(is_hydro, 2, np.where(is_gas, 1, 0))
    # Gas rows in order of falling efficiency: scarce gas goes to the plants that turn it into
    # the most electricity.
    order = np.lexsort((-dispatchable["efficiency"].to_numpy(float), kind_of_gen))
    dispatchable = dispatchable.iloc[order]
    kind_of_gen = kind_of_gen[order]
    links = import_links(system)
    frame = pd.concat(
        [
            dispatchable[["capacity_mw", "units", "forced_outage_rate", "mttf_h", "mttr_h"]],
            links.assign(mttf_h=np.nan),
        ]
    )
    frame["mttf_h"] = frame["mttf_h"].fillna(
        pd.Series(
            _mttf_h(frame["forced_outage_rate"].to_numpy(), frame["mttr_h"].to_numpy()),
            index=frame.index,
        )
    )
    kind = np.concatenate([kind_of_gen, np.zeros(len(links), int)])
    n_rows = len(frame)
    slot = np.zeros(n_rows, np.int64)
    own = np.flatnonzero(kind > 0)
    slot[own] = np.arange(1, len(own) + 1)
    n_slots = 1 + len(own)

    local = system.snapshots.tz_convert(system.settings.timezone)
    gen_position = system.generators.index.get_indexer(dispatchable.index)
    link_position = system.interconnectors.index.get_indexer(links.index)
    in_service = np.vstack(
        [
            _in_service(system, "generators")[gen_position],
            _in_service(system, "interconnectors")[link_position],
        ]
    )
    hydro_rows = np.flatnonzero(kind == 2)
    budget_rows, month_of_hour = _hydro_limits(system, frame.index[hydro_rows], local)
    hydro_budget = np.zeros((n_slots, budget_rows.shape[1]))
    hydro_budget[slot[hydro_rows]] = budget_rows
    slot_kind = np.zeros(n_slots, np.int64)
    slot_kind[slot[own]] = kind[own]
    slot_eff = np.ones(n_slots)
    gas_rows = np.flatnonzero(kind == 1)
    slot_eff[slot[gas_rows]] = dispatchable["efficiency"].to_numpy(float)[gas_rows]

    storage = system.storage
    storage_units = _units(
        storage.assign(units=1, capacity_mw=storage["power_mw"]),
        ["storage"] * len(storage),
        np.arange(len(storage)),
    )
    entry_mcm, entry_rate, entry_days, entry_key, other = _gas_balance(system)
    local_days = local.tz_localize(None).normalize()
    local_day_codes, _ = pd.factorize(local_days, sort=True)
    return Prepared(
        hours=system.snapshots,
        net_load_mw=net_load_mw(system),
        units=_units(
            frame,
            ["generators"] * len(dispatchable) + ["interconnectors"] * len(links),
            np.arange(n_rows),
        ),
        row_slot=slot,
        row_in_service=np.ascontiguousarray(in_service),
        slot_efficiency=slot_eff,
        slot_kind=slot_kind,
        hydro_budget_mwh=hydro_budget,
        month_of_hour=month_of_hour,
        storage=storage,
        storage_in_service=_in_service(system, "storage"),
        storage_units=storage_units,
        gas_entry_mcm=np.ascontiguousarray(entry_mcm),
        gas_entry_rate_per_day=entry_rate,
        gas_entry_duration_days=entry_days,
        gas_entry_key=entry_key,
        gas_other_mcm=other,
        # Plants turn gas into power by their (net) efficiency: energy per mcm on that basis.
        gas_energy_mwh_per_mcm=float(system.settings.gas.plant_mwh_per_mcm),
        day_of_hour=system.day_of_hour.astype(np.int64),
        cell_of_hour=((local.month.to_numpy() - 1) * 24 + local.hour.to_numpy()).astype(np.int64),
        local_day_of_hour=local_day_codes.astype(np.int64),
    )
