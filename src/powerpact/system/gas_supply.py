"""The one definition of how much gas each entry can deliver and what plants burn per MWh.

Every engine reads gas capacities and contracts through these functions: the dispatch (its
contract variables' daily bounds), the adequacy engine's gas balance, the one-node balance of
the supply standard and the drill, and the gas network's contract caps. An entry delivers up to
its technical capacity while in service; an entry with contracts delivers at most
`contract_swing` × Σ annual_max_mcm ÷ days of the study year per day (docs/gas-security.md,
"One gas model"). Entries without contracts (domestic production, spot) are limited by their
capacity only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from powerpact.system.model import System
from powerpact.system.time import days_of_study_year


def contract_swing(system: System, swing: float | None = None) -> float:
    """`swing` if given (a study's override), else the system's `gas.contract_swing`."""
    return system.settings.gas.contract_swing if swing is None else float(swing)


def contract_daily_max_mcm(system: System, swing: float | None = None) -> pd.Series:
    """Most gas each contract delivers in a day, mcm/day: swing × annual_max ÷ days of the year."""
    contracts = system.gas_contracts
    daily = contracts["annual_max_mcm"].astype(float) / days_of_study_year(system)
    return daily * contract_swing(system, swing)


def entry_contract_cap_mcm(system: System, swing: float | None = None) -> pd.Series:
    """Daily contract cap of each entry that has contracts (the sum over its contracts)."""
    contracts = system.gas_contracts
    return contract_daily_max_mcm(system, swing).groupby(contracts["entry"]).sum()


def entry_daily_mcm(
    system: System,
    days: pd.DatetimeIndex,
    swing: float | None = None,
    out: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Gas each entry can deliver per day (days × entries): technical capacity while in service
    (scenario outages and the entries in `out` are off), capped by its contracts if it has any."""
    in_service = system.in_service("gas_entries", days)
    for name in out:
        if name in in_service.columns:
            in_service[name] = 0.0
    capacity = in_service * system.gas_entries["capacity_mcm_per_day"].astype(float)
    for entry, cap in entry_contract_cap_mcm(system, swing).items():
        capacity[entry] = capacity[entry].clip(upper=cap)
    return capacity


def gas_mcm_per_mwh(system: System, efficiency: np.ndarray | pd.Series | float) -> np.ndarray:
    """mcm of gas a plant of `efficiency` burns per MWh electric: the energy its efficiency
    counts (net calorific value unless `gas.plant_efficiency_basis` is gross) over that energy
    per mcm."""
    return 1.0 / (np.asarray(efficiency, dtype=float) * system.settings.gas.plant_mwh_per_mcm)
