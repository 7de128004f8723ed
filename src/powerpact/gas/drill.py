"""A winter disruption drill: the daily gas balance through the winter with a route out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powerpact.gas.balance import (
    entry_daily_capacity,
    run_balance,
    start_fill_mcm,
    storage_daily_withdrawal,
)
from powerpact.gas.common import (
    HOURS_PER_DAY,
    GasOptions,
    check_gas_demand,
    non_power_demand,
    require_winter,
)
from powerpact.gas.n1 import n_minus_1
from powerpact.system import InputError, System, without_outages
from powerpact.system.figures import Figures
from powerpact.system.gas_supply import gas_mcm_per_mwh

GAS_TABLES = ("gas_entries", "gas_storage")
TOLERANCE_MCM = 1e-9


@dataclass(frozen=True)
class DrillFigures(Figures):
    """The drill's headline, mcm unless named otherwise. `drill_*`: the winter with the route out;
    `baseline_*`: the same winter with no gas outage. The power figures are against the drill's
    power need: every in-service gas plant at full output each day (`full_output_gas_mcm`)
    unless the caller gave another; they are not the dispatch's gas burn or shortfall."""

    drill_route: str
    drill_start: str
    drill_outage_days: int
    drill_days: int
    drill_non_power_shortfall_mcm: float
    drill_non_power_shortfall_days: int
    drill_first_shortfall_day: str | None
    drill_storage_empty_day: str | None
    drill_storage_left_mcm: float
    drill_power_need_mcm: float  # gas the plants asked for
    drill_gas_for_power_mcm: float  # of which they got
    drill_gas_for_power_mwh_th: float
    drill_power_gas_shortfall_mcm: float  # of which they did not get
    baseline_non_power_shortfall_mcm: float
    baseline_power_gas_shortfall_mcm: float
    baseline_storage_left_mcm: float


@dataclass(frozen=True)
class DrillResult:
    """Daily balance of the winter with the route out (`balance`) and without it (`baseline`).

    Both frames have the columns of powerpact.gas.balance.BALANCE_COLUMNS plus
    gas_for_power_mwh_th, one row per winter day; the route is out on [start, end).
    """

    system: str
    route: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp
    balance: pd.DataFrame
    baseline: pd.DataFrame

    def power_gas_fraction(self) -> pd.Series:
        """Share of their full-output gas the gas plants get each day of the drill (0–1)."""
        need = self.balance["power_need_mcm"]
        fraction = self.balance["gas_for_power_mcm"] / need.where(need > 0)
        return fraction.fillna(1.0).clip(0.0, 1.0)

    def figures(self) -> DrillFigures:
        bal, base = self.balance, self.baseline
        short = bal["non_power_shortfall_mcm"]
        short_days = bal.index[short > TOLERANCE_MCM]
        empty = bal.index[bal["storage_fill_mcm"] <= TOLERANCE_MCM]
        return DrillFigures(
            drill_route=", ".join(self.route),
            drill_start=self.start.date().isoformat(),
            drill_outage_days=(self.end - self.start).days,
            drill_days=len(bal),
            drill_non_power_shortfall_mcm=float(short.sum()),
            drill_non_power_shortfall_days=len(short_days),
            drill_first_shortfall_day=_first_day(short_days),
            drill_storage_empty_day=_first_day(empty),
            drill_storage_left_mcm=float(bal["storage_fill_mcm"].iloc[-1]),
            drill_power_need_mcm=float(bal["power_need_mcm"].sum()),
            drill_gas_for_power_mcm=float(bal["gas_for_power_mcm"].sum()),
            drill_gas_for_power_mwh_th=float(bal["gas_for_power_mwh_th"].sum()),
            drill_power_gas_shortfall_mcm=float(bal["power_gas_shortfall_mcm"].sum()),
            baseline_non_power_shortfall_mcm=float(base["non_power_shortfall_mcm"].sum()),
            baseline_power_gas_shortfall_mcm=float(base["power_gas_shortfall_mcm"].sum()),
            baseline_storage_left_mcm=float(base["storage_fill_mcm"].iloc[-1]),
        )

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()


def _first_day(days: pd.DatetimeIndex) -> str | None:
    return days[0].date().isoformat() if len(days) else None


def _winter_block(winter: pd.DatetimeIndex, day: pd.Timestamp | None) -> pd.DatetimeIndex:
    """The run of consecutive winter days holding `day`, or the longest run (first if tied)."""
    gaps = winter.to_series().diff().iloc[1:] != pd.Timedelta(days=1)
    breaks = np.flatnonzero(gaps.to_numpy()) + 1
    blocks = np.split(np.arange(len(winter)), breaks)
    if day is not None:
        for block in blocks:
            if day in winter[block]:
                return winter[block]
    longest = max(blocks, key=len)
    return winter[longest]


def _day(system: System, value: str | pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.floor("D")


def _gas_outages(system: System) -> pd.DataFrame:
    return system.outages[system.outages["table"].isin(GAS_TABLES)]


def without_gas_outages(system: System) -> System:
    """`system` with its scenario outages of gas entries and storage removed."""
    return without_outages(system, GAS_TABLES)


def _check_route(system: System, route: tuple[str, ...]) -> None:
    known = set(system.gas_entries.index) | set(system.gas_storage.index)
    for name in route:
        if name not in known:
            raise InputError(
                "drill",
                f"{name!r} is not a gas entry or gas storage site "
                f"(known: {', '.join(sorted(known))})",
                field="route",
            )


def _resolve(
    system: System, route: str | Sequence[str] | None, start: str | pd.Timestamp | None
) -> tuple[tuple[str, ...], pd.Timestamp | None, bool]:
    """(route, start, whether the route is the scenario's own outages)."""
    if route is None:
        scenario = _gas_outages(system)
        if len(scenario):
            first = scenario["start"].min().floor("D")
            return tuple(dict.fromkeys(scenario["component"])), first, True
        largest = str(n_minus_1(system).terms.at["system", "largest_infrastructure"])
        if not largest:
            raise InputError("drill", "the system has no gas entry or storage to lose", "route")
        route = (largest,)
    route = (route,) if isinstance(route, str) else tuple(route)
    _check_route(system, route)
    return route, (None if start is None else _day(system, start)), False


def full_output_gas_mcm(system: System, days: pd.DatetimeIndex) -> pd.Series:
    """Gas the in-service gas plants burn per day at full output, mcm/day."""
    gens = system.generators.loc[system.gas_generators]
    burn_mcm = gens["capacity_mw"] * gas_mcm_per_mwh(system, gens["efficiency"]) * HOURS_PER_DAY
    in_service = system.in_service("generators", days)[gens.index]
    return (in_service * burn_mcm).sum(axis=1)


def _balance(
    system: System,
    days: pd.DatetimeIndex,
    out: tuple[str, ...],
    out_days: pd.DatetimeIndex,
    power_need: pd.Series,
    options: GasOptions,
) -> pd.DataFrame:
    flows = entry_daily_capacity(system, days, options).copy()
    withdrawal = storage_daily_withdrawal(system, days)
    down = days.isin(out_days)
    for name in out:
        if name in flows.columns:
            flows.loc[down, name] = 0.0
        else:
            withdrawal[down, system.gas_storage.index.get_loc(name)] = 0.0
    frame = run_balance(
        days,
        non_power_demand(system).loc[days].to_numpy(),
        power_need.reindex(days).fillna(0.0).to_numpy(),
        flows.sum(axis=1).to_numpy(),
        system.gas_storage["working_volume_mcm"].to_numpy(dtype=float),
        withdrawal,
        start_fill_mcm(system, options),
        options,
    )
    # On the plants' efficiency basis (net): the heat they can turn into power.
    plant_mwh = system.settings.gas.plant_mwh_per_mcm
    return frame.assign(gas_for_power_mwh_th=frame["gas_for_power_mcm"] * plant_mwh)


def drill(
    system: System,
    route: str | Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
    days: int = 30,
    options: GasOptions | None = None,
    power_gas_mcm_per_day: pd.Series | None = None,
) -> DrillResult:
    """Daily gas balance through the winter (December to February) of the horizon with `route`
    (gas entries or storage sites) out for `days` days from `start`.

    Defaults: the route is the scenario's gas outages (with their own dates) if it has any,
    else the largest infrastructure of N-1; start is the first day of the longest run of winter
    days. Gas plants ask for full output unless `power_gas_mcm_per_day` (per day) is given.
    Storage starts the winter at its initial fill.
    """
    options = options or GasOptions()
    check_gas_demand(system)
    if days <= 0:
        raise InputError("drill", f"must be a positive number of days, got {days}", "days")
    winter = require_winter(system, "the winter drill")
    route, first, from_scenario = _resolve(system, route, start)
    if first is not None and first not in winter and not from_scenario:
        raise InputError(
            "drill",
            f"{first.date()} is not a winter day (December to February) of the horizon",
            "start",
        )
    block = _winter_block(winter, first)
    first = block[0] if first is None or first not in block else first
    need = (
        full_output_gas_mcm(system, block)
        if power_gas_mcm_per_day is None
        else power_gas_mcm_per_day
    )
    baseline = _balance(without_gas_outages(system), block, (), block[:0], need, options)
    if from_scenario:
        outages = _gas_outages(system)
        balance = _balance(system, block, (), block[:0], need, options)
        end = outages["end"].max().ceil("D")
    else:
        end = first + pd.Timedelta(days=days)
        out_days = block[(block >= first) & (block < end)]
        balance = _balance(system, block, route, out_days, need, options)
    return DrillResult(system.name, route, first, end, balance, baseline)
