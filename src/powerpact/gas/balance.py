"""The daily gas balance shared by the supply standard and the winter drill.

Each day: pipeline, production and LNG flows (use them or lose them) serve non-power demand
first; storage covers what flows cannot; what is left goes to gas plants. Storage withdrawal
capacity falls as the fill drops (GasOptions.derate_below_fill).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from powerpact.gas.common import GasOptions
from powerpact.system import System
from powerpact.system.gas_supply import entry_daily_mcm

BALANCE_COLUMNS = [
    "non_power_demand_mcm",
    "power_need_mcm",
    "flow_capacity_mcm",
    "storage_capacity_mcm",
    "flow_used_mcm",
    "storage_withdrawal_mcm",
    "non_power_served_mcm",
    "non_power_shortfall_mcm",
    "gas_for_power_mcm",
    "power_gas_shortfall_mcm",
    "storage_fill_mcm",
]


def withdrawal_capacity(
    fill_mcm: np.ndarray,
    volume_mcm: np.ndarray,
    withdrawal_mcm_per_day: np.ndarray,
    derate_below_fill: float,
) -> np.ndarray:
    """Gas each storage site can give today: full rate above `derate_below_fill` of its working
    volume, linearly less below it, and never more than it holds."""
    fraction = np.divide(fill_mcm, volume_mcm, out=np.zeros_like(fill_mcm), where=volume_mcm > 0)
    if derate_below_fill > 0:
        factor = np.minimum(1.0, fraction / derate_below_fill)
    else:
        factor = np.ones_like(fraction)
    return np.minimum(withdrawal_mcm_per_day * factor, fill_mcm)


def run_balance(
    days: pd.DatetimeIndex,
    non_power_mcm: np.ndarray,
    power_need_mcm: np.ndarray,
    flow_capacity_mcm: np.ndarray,
    volume_mcm: np.ndarray,
    withdrawal_mcm_per_day: np.ndarray,
    start_fill_mcm: np.ndarray,
    options: GasOptions,
) -> pd.DataFrame:
    """Daily balance over `days`.

    non_power_mcm, power_need_mcm, flow_capacity_mcm: one value per day. volume_mcm and
    start_fill_mcm: one per storage site; withdrawal_mcm_per_day: days × sites (zero while a
    site is out). Returns one row per day with BALANCE_COLUMNS; storage_fill_mcm is the fill at
    the end of the day.
    """
    fill = np.asarray(start_fill_mcm, dtype=float).copy()
    out = np.zeros((len(days), len(BALANCE_COLUMNS)))
    for t in range(len(days)):
        capacity = withdrawal_capacity(
            fill, volume_mcm, withdrawal_mcm_per_day[t], options.derate_below_fill
        )
        total_capacity = float(capacity.sum())
        demand, need, flow = non_power_mcm[t], power_need_mcm[t], flow_capacity_mcm[t]
        from_flow = min(demand, flow)
        from_storage = min(demand - from_flow, total_capacity)
        served = from_flow + from_storage
        power_from_flow = min(need, flow - from_flow)
        power_from_storage = (
            min(need - power_from_flow, total_capacity - from_storage)
            if options.power_from_storage
            else 0.0
        )
        withdrawn = from_storage + power_from_storage
        if total_capacity > 0:
            # Every site gives the same share of what it can give today.
            fill = np.maximum(fill - capacity * (withdrawn / total_capacity), 0.0)
        for_power = power_from_flow + power_from_storage
        out[t] = [
            demand,
            need,
            flow,
            total_capacity,
            from_flow + power_from_flow,
            withdrawn,
            served,
            demand - served,
            for_power,
            need - for_power,
            float(fill.sum()),
        ]
    return pd.DataFrame(out, index=days, columns=BALANCE_COLUMNS)


def entry_daily_capacity(
    system: System, days: pd.DatetimeIndex, options: GasOptions, out: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Gas each entry can deliver per day: the system's one definition (system/gas_supply.py),
    with the options' contract swing if they set one."""
    return entry_daily_mcm(system, days, options.contract_swing, out)


def storage_daily_withdrawal(
    system: System, days: pd.DatetimeIndex, out: tuple[str, ...] = ()
) -> np.ndarray:
    """Maximum withdrawal of each storage site per day (days × sites), zero while out."""
    in_service = system.in_service("gas_storage", days)
    for name in out:
        if name in in_service.columns:
            in_service[name] = 0.0
    # A copy: the drill zeroes the days a site is out.
    return (in_service * system.gas_storage["withdrawal_mcm_per_day"]).to_numpy(
        dtype=float, copy=True
    )


def start_fill_mcm(system: System, options: GasOptions) -> np.ndarray:
    storage = system.gas_storage
    fraction = (
        storage["initial_fill_fraction"]
        if options.start_fill_fraction is None
        else options.start_fill_fraction
    )
    return (storage["working_volume_mcm"] * fraction).to_numpy(dtype=float)
