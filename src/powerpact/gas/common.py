"""Quantities every gas calculation shares: demand levels, plant gas burn, options, input checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.system import InputError, System
from powerpact.system.gas_supply import gas_mcm_per_mwh

HOURS_PER_DAY = 24.0
WINTER_MONTHS = (12, 1, 2)
# Above this a daily demand figure is almost always a unit mistake (m3/day, or mcm/yr typed as
# mcm/day): the same bound the loader puts on an entry point's capacity.
MAX_PLAUSIBLE_MCM_PER_DAY = 500.0


@dataclass(frozen=True)
class GasOptions:
    """How the daily gas balance is run (see docs/gas-security.md, "Daily balance").

    derate_below_fill: storage withdrawal capacity is full above this fill fraction and falls
        linearly to zero at empty below it (0 turns the curve off).
    contract_swing: an entry that has contracts delivers at most swing × Σ annual_max_mcm per
        day of the study year (1 = the annual quantity prorated evenly over the year); None =
        the system's `gas.contract_swing`, which every engine uses.
    start_fill_fraction: storage fill when a balance starts; None = each facility's
        initial_fill_fraction.
    power_from_storage: whether gas plants may draw storage after non-power demand is served;
        False keeps storage for non-power customers, as emergency plans curtail power plants
        (non-protected customers) first.
    """

    derate_below_fill: float = 0.4
    contract_swing: float | None = None
    start_fill_fraction: float | None = None
    power_from_storage: bool = False

    def __post_init__(self) -> None:
        checks = {
            "derate_below_fill": 0.0 <= self.derate_below_fill <= 1.0,
            "contract_swing": self.contract_swing is None or 0.0 < self.contract_swing <= 365.0,
            "start_fill_fraction": self.start_fill_fraction is None
            or 0.0 <= self.start_fill_fraction <= 1.0,
        }
        for name, ok in checks.items():
            if not ok:
                raise InputError("gas options", f"out of range: {getattr(self, name)!r}", name)


def settings_where(system: System) -> str:
    """Where a gas setting of `system` was written, for error messages."""
    return system.scenario.file if system.scenario else f"{system.origin}/system.yaml"


def check_gas_demand(system: System) -> None:
    """The loader checks gas demand is >= 0; the unit range is checked here."""
    frame = system.gas_demand
    too_high = np.argwhere(frame.to_numpy() > MAX_PLAUSIBLE_MCM_PER_DAY)
    if len(too_high):
        row, col = too_high[0]
        raise InputError(
            f"{system.origin}/gas_demand.csv, day {frame.index[row].date()}",
            f"{frame.iat[row, col]:g} mcm/day is above {MAX_PLAUSIBLE_MCM_PER_DAY:g}: gas demand "
            "is in million m3 per day (is it in m3/day or mcm/yr?)",
            field=str(frame.columns[col]),
        )


def zones_of(system: System, zone: str | None) -> list[str]:
    return list(system.settings.zones) if zone is None else [zone]


def gas_plant_full_output_mcm_per_day(system: System, zone: str | None = None) -> float:
    """Gas all gas plants burn in a day at full output: Σ capacity × 24 h × mcm per MWh (the
    efficiency's net energy over the net calorific value, system/gas_supply.py)."""
    gens = system.generators.loc[system.gas_generators]
    gens = gens[gens["zone"].isin(zones_of(system, zone))]
    per_mwh = gas_mcm_per_mwh(system, gens["efficiency"])
    return float((gens["capacity_mw"].to_numpy(dtype=float) * per_mwh).sum()) * HOURS_PER_DAY


def non_power_demand(system: System, zone: str | None = None) -> pd.Series:
    """Daily non-power gas demand, mcm/day, of one zone or summed over all zones."""
    return system.gas_demand[zones_of(system, zone)].sum(axis=1)


def computed_peak_day_mcm(system: System, zone: str | None = None) -> float:
    """D_max when system.yaml does not give one: largest day of non-power demand plus every
    gas plant at full output (plants are assumed to run flat out on the coldest day)."""
    demand = non_power_demand(system, zone)
    largest = float(demand.max()) if len(demand) else 0.0
    return largest + gas_plant_full_output_mcm_per_day(system, zone)


def peak_day_demand_mcm(system: System, zone: str | None = None) -> tuple[float, str]:
    """D_max in mcm/day and where it came from: "computed", or "settings" with the given
    value's basis (a 1-in-20 peak day, or an observed peak that is not one).

    A D_max in system.yaml is for the whole system; a zone gets the share its own computed
    peak has in the system's computed peak.
    """
    gas = system.settings.gas
    if gas.peak_day_demand_mcm is None:
        return computed_peak_day_mcm(system, zone), "computed"
    basis = "1-in-20" if gas.peak_day_basis == "1-in-20" else "observed peak, not 1-in-20"
    if zone is None or len(system.settings.zones) == 1:
        return float(gas.peak_day_demand_mcm), f"settings ({basis})"
    share = _zone_share(system, zone)
    where = f"settings ({basis}; zone share of computed peak)"
    return float(gas.peak_day_demand_mcm) * share, where


def observed_peak_day_mcm(system: System, zone: str | None = None) -> float | None:
    """The observed peak day, mcm/day, for N-1's sensitivity: `observed_peak_day_mcm` if given,
    else D_max itself when the given D_max is an observed peak; None when neither is known.
    A zone gets the same share as of D_max."""
    gas = system.settings.gas
    observed = gas.observed_peak_day_mcm
    if observed is None and gas.peak_day_basis == "observed":
        observed = gas.peak_day_demand_mcm
    if observed is None:
        return None
    if zone is None or len(system.settings.zones) == 1:
        return float(observed)
    return float(observed) * _zone_share(system, zone)


def _zone_share(system: System, zone: str) -> float:
    total = computed_peak_day_mcm(system)
    return computed_peak_day_mcm(system, zone) / total if total > 0 else 0.0


def non_power_peak_day_mcm(system: System) -> float:
    """The 1-in-20 peak day of non-power demand, mcm/day, for the supply standard.

    The largest day of gas_demand.csv; when system.yaml gives D_max, D_max less the gas plants
    at full output if that is larger (D_max = non-power peak + power peak).
    """
    demand = non_power_demand(system)
    largest = float(demand.max()) if len(demand) else 0.0
    given = system.settings.gas.peak_day_demand_mcm
    if given is None:
        return largest
    return max(largest, float(given) - gas_plant_full_output_mcm_per_day(system))


def winter_days(system: System) -> pd.DatetimeIndex:
    days = system.gas_demand.index
    return pd.DatetimeIndex(days[days.month.isin(WINTER_MONTHS)])


def require_winter(system: System, what: str) -> pd.DatetimeIndex:
    """Winter days of the horizon; an error naming `what` when the horizon has none."""
    days = winter_days(system)
    if len(days) == 0:
        raise InputError(
            f"{system.origin}/demand.csv",
            f"the horizon has no winter day (December to February); {what} needs one",
        )
    return days
