"""Diversity and dependence indicators (formulas and sources in docs/gas-security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powerpact.gas.common import check_gas_demand, non_power_demand, winter_days
from powerpact.system import System
from powerpact.system.figures import Figures
from powerpact.system.metrics import firm_capacity_mw
from powerpact.system.time import days_of_study_year, per_year_of_days


@dataclass(frozen=True)
class IndicatorFigures(Figures):
    """Shares are 0–1. `import_dependency` counts all gas consumption, so it needs the power
    plants' burn from a dispatch and is None without it; `import_dependency_non_power` counts
    non-power demand only and needs no dispatch (docs/gas-security.md, "One name, one number")."""

    supplier_shares: dict[str, float]
    # Annual contracted (or produced) gas by supplier, and the entries each supplier's gas comes
    # through (from its contracts and the entries' supplier column; spot entries carry no volume).
    supplier_volumes_mcm_per_year: dict[str, float]
    supplier_routes: dict[str, list[str]]
    supplier_hhi: float
    shannon_index: float
    import_dependency: float | None
    import_dependency_non_power: float
    electricity_import_dependency: float | None
    storage_cover_days: float
    capacity_margin_percent: float


@dataclass(frozen=True)
class Indicators:
    """Supplier volumes (mcm/yr) and shares, their concentration and the dependence figures."""

    system: str
    supplier_volumes_mcm: pd.Series
    supplier_routes: dict[str, list[str]]
    supplier_hhi: float
    shannon_index: float
    non_power_consumption_mcm_per_year: float
    gas_consumption_mcm_per_year: float | None  # with power plants' gas; None without a dispatch
    gas_production_mcm_per_year: float
    import_dependency: float | None
    import_dependency_non_power: float
    electricity_import_dependency: float | None
    storage_cover_days: float
    firm_capacity_mw: float
    peak_demand_mw: float
    capacity_margin_percent: float

    @property
    def supplier_shares(self) -> pd.Series:
        total = self.supplier_volumes_mcm.sum()
        return self.supplier_volumes_mcm / total if total > 0 else self.supplier_volumes_mcm

    def figures(self) -> IndicatorFigures:
        return IndicatorFigures(
            supplier_shares={str(k): float(v) for k, v in self.supplier_shares.items()},
            supplier_volumes_mcm_per_year={
                str(k): float(v) for k, v in self.supplier_volumes_mcm.items()
            },
            supplier_routes=self.supplier_routes,
            supplier_hhi=self.supplier_hhi,
            shannon_index=self.shannon_index,
            import_dependency=self.import_dependency,
            import_dependency_non_power=self.import_dependency_non_power,
            electricity_import_dependency=self.electricity_import_dependency,
            storage_cover_days=self.storage_cover_days,
            capacity_margin_percent=self.capacity_margin_percent,
        )

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()


def supplier_volumes_mcm(system: System) -> pd.Series:
    """Annual gas by supplier: contract quantities, plus domestic production at capacity all
    year under its entry's supplier (or the entry's name). Entries with neither a contract nor
    production (spot) carry no known volume and are left out."""
    volumes = system.gas_contracts.groupby("supplier")["annual_max_mcm"].sum()
    entries = system.gas_entries
    production = entries[(entries["kind"] == "production")]
    production = production[~production.index.isin(system.gas_contracts["entry"])]
    if len(production):
        who = production["supplier"].where(production["supplier"] != "", production.index)
        produced = (
            (production["capacity_mcm_per_day"] * days_of_study_year(system)).groupby(who).sum()
        )
        volumes = volumes.add(produced, fill_value=0.0)
    return volumes[volumes > 0].sort_values(ascending=False).astype(float)


def supplier_routes(system: System) -> dict[str, list[str]]:
    """Entries by supplier: those its contracts name, and those whose supplier column names it
    (spot and production entries have no contract)."""
    contracts = system.gas_contracts
    pairs = list(zip(contracts["supplier"], contracts["entry"], strict=True))
    entries = system.gas_entries
    pairs += [(str(who or name), str(name)) for name, who in entries["supplier"].items()]
    routes: dict[str, list[str]] = {}
    for who, entry in pairs:
        if entry not in routes.setdefault(str(who), []):
            routes[str(who)].append(str(entry))
    return routes


def herfindahl_hirschman(shares: pd.Series) -> float:
    """HHI on the 0–10,000 scale: Σ (100 × share)²."""
    return float(((100.0 * shares) ** 2).sum())


def shannon(shares: pd.Series) -> float:
    """Shannon(–Wiener) diversity index −Σ s ln s (0 for a single supplier; ln n at most)."""
    positive = shares[shares > 0].to_numpy(dtype=float)
    return float(-(positive * np.log(positive)).sum())


def _import_share(consumption: float, production: float) -> float:
    """Eurostat's import dependency, net imports / consumption, with imports = max(C − P, 0)."""
    return max(consumption - production, 0.0) / consumption if consumption > 0 else 0.0


def indicators(
    system: System,
    power_gas_mcm_per_year: float | None = None,
    electricity_net_imports_mwh: float | None = None,
) -> Indicators:
    """All indicators of one system.

    power_gas_mcm_per_year: gas burnt by power plants (from a dispatch run); without it the gas
    consumption and import dependency are None (only the non-power ones are computed).
    electricity_net_imports_mwh: net imports over the horizon from a dispatch run; without it the
    electricity import dependency is None.
    """
    check_gas_demand(system)
    volumes = supplier_volumes_mcm(system)
    shares = volumes / volumes.sum() if volumes.sum() > 0 else volumes
    demand = non_power_demand(system)
    non_power = per_year_of_days(system, float(demand.sum()))
    consumption = None if power_gas_mcm_per_year is None else non_power + power_gas_mcm_per_year
    entries = system.gas_entries
    production = float(
        entries.loc[entries["kind"] == "production", "capacity_mcm_per_day"].sum()
        * days_of_study_year(system)
    )
    winter = winter_days(system)
    winter_demand = float(demand.loc[winter].mean()) if len(winter) else float("nan")
    volume = float(system.gas_storage["working_volume_mcm"].sum())
    electricity_demand_mwh = float(system.demand.to_numpy().sum())
    peak = float(system.demand.sum(axis=1).max())
    firm = firm_capacity_mw(system)
    return Indicators(
        system=system.name,
        supplier_volumes_mcm=volumes,
        supplier_routes=supplier_routes(system),
        supplier_hhi=herfindahl_hirschman(shares),
        shannon_index=shannon(shares),
        non_power_consumption_mcm_per_year=non_power,
        gas_consumption_mcm_per_year=consumption,
        gas_production_mcm_per_year=production,
        import_dependency=None if consumption is None else _import_share(consumption, production),
        import_dependency_non_power=_import_share(non_power, production),
        electricity_import_dependency=(
            None
            if electricity_net_imports_mwh is None or electricity_demand_mwh <= 0
            else electricity_net_imports_mwh / electricity_demand_mwh
        ),
        storage_cover_days=volume / winter_demand if winter_demand > 0 else float("inf"),
        firm_capacity_mw=firm,
        peak_demand_mw=peak,
        capacity_margin_percent=100.0 * (firm - peak) / peak if peak > 0 else float("inf"),
    )
