"""The supply standard for protected customers, Article 6(1) of Regulation (EU) 2017/1938.

Three cases, each a daily balance of non-power demand (the stand-in for protected customers)
against flows and storage:
  (a) seven-day peak: 7 days at the 1-in-20 peak-day non-power demand;
  (b) 30-day high demand: the 30 days of the horizon with the most non-power demand, scaled so
      that their largest day equals the 1-in-20 peak day;
  (c) 30 days without the single largest infrastructure (N-1's Im) at average winter demand.
"""

from __future__ import annotations

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
    GasOptions,
    check_gas_demand,
    non_power_demand,
    non_power_peak_day_mcm,
    require_winter,
)
from powerpact.gas.n1 import n_minus_1
from powerpact.system import System, without_outages
from powerpact.system.figures import Figures

PEAK_DAYS = 7
LONG_DAYS = 30
CASES = ("peak_7_day", "high_demand_30_day", "largest_infrastructure_out_30_day")


@dataclass(frozen=True)
class SupplyStandardFigures(Figures):
    """Whether each Article 6(1) case is met, its non-power shortfall and the storage left, mcm."""

    supply_standard_met: bool
    peak_7_day_met: bool
    peak_7_day_shortfall_mcm: float
    peak_7_day_storage_left_mcm: float
    high_demand_30_day_met: bool
    high_demand_30_day_shortfall_mcm: float
    high_demand_30_day_storage_left_mcm: float
    largest_infrastructure_out_30_day_met: bool
    largest_infrastructure_out_30_day_shortfall_mcm: float
    largest_infrastructure_out_30_day_storage_left_mcm: float


@dataclass(frozen=True)
class SupplyStandard:
    """Daily balances of the three Article 6 cases (dict case → frame of balance columns) and
    one row per case in `summary()`."""

    system: str
    balances: dict[str, pd.DataFrame]
    largest_infrastructure: str

    def summary(self) -> pd.DataFrame:
        rows = {}
        for case, frame in self.balances.items():
            short = frame["non_power_shortfall_mcm"]
            rows[case] = {
                "days": len(frame),
                "demand_mcm": float(frame["non_power_demand_mcm"].sum()),
                "shortfall_mcm": float(short.sum()),
                "days_short": int((short > 1e-9).sum()),
                "storage_left_mcm": float(frame["storage_fill_mcm"].iloc[-1]),
                "met": bool(short.sum() <= 1e-9),
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def figures(self) -> SupplyStandardFigures:
        summary = self.summary()
        cases: dict[str, bool | float] = {}
        for case, row in summary.iterrows():
            cases[f"{case}_met"] = bool(row["met"])
            cases[f"{case}_shortfall_mcm"] = float(row["shortfall_mcm"])
            cases[f"{case}_storage_left_mcm"] = float(row["storage_left_mcm"])
        return SupplyStandardFigures(
            supply_standard_met=bool(summary["met"].all()),
            **cases,  # type: ignore[arg-type]
        )

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()


def high_demand_window(system: System, days: int = LONG_DAYS) -> np.ndarray:
    """Non-power demand of the `days` consecutive days with the most demand, scaled so their
    largest day equals the 1-in-20 peak day. A shorter horizon is repeated to `days` days."""
    demand = non_power_demand(system).to_numpy()
    if len(demand) < days:
        window = np.resize(demand, days)
    else:
        totals = np.convolve(demand, np.ones(days), mode="valid")
        first = int(np.argmax(totals))
        window = demand[first : first + days]
    largest = window.max()
    scale = non_power_peak_day_mcm(system) / largest if largest > 0 else 0.0
    return window * scale


def _case(
    system: System,
    demand: np.ndarray,
    options: GasOptions,
    out: tuple[str, ...] = (),
) -> pd.DataFrame:
    # The cases are not dated: a synthetic run of days starting at the first day of the horizon,
    # on the system without its scenario outages (the standard is about design conditions).
    days = pd.date_range(system.days[0], periods=len(demand), freq="D")
    flows = entry_daily_capacity(system, days, options, out).sum(axis=1).to_numpy()
    return run_balance(
        days,
        demand,
        np.zeros(len(days)),
        flows,
        system.gas_storage["working_volume_mcm"].to_numpy(dtype=float),
        storage_daily_withdrawal(system, days, out),
        start_fill_mcm(system, options),
        options,
    )


def supply_standard(system: System, options: GasOptions | None = None) -> SupplyStandard:
    """Check the three Article 6(1) cases; storage starts at its initial fill in each."""
    options = options or GasOptions()
    check_gas_demand(system)
    winter = require_winter(system, "the supply standard (average winter demand)")
    peak = non_power_peak_day_mcm(system)
    average_winter = float(non_power_demand(system).loc[winter].mean())
    largest = str(n_minus_1(system).terms.at["system", "largest_infrastructure"])
    structural = without_outages(system)
    balances = {
        CASES[0]: _case(structural, np.full(PEAK_DAYS, peak), options),
        CASES[1]: _case(structural, high_demand_window(system), options),
        CASES[2]: _case(
            structural, np.full(LONG_DAYS, average_winter), options, (largest,) if largest else ()
        ),
    }
    return SupplyStandard(system.name, balances, largest)
