"""What the system alone tells, before any engine runs: capacity, demand, margins, gas balance."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from powerpact.system import System
from powerpact.system.figures import Figures
from powerpact.system.time import per_year, per_year_of_days


@dataclass(frozen=True)
class Overview(Figures):
    scenario: str
    capacity_mw_by_technology: dict[str, float]
    capacity_mw_by_fuel: dict[str, float]
    peak_demand_mw: float
    annual_demand_twh: float
    firm_capacity_mw: float
    import_capacity_mw: float
    capacity_margin_percent: float
    gas_entry_capacity_mcm_per_day: float
    gas_storage_withdrawal_mcm_per_day: float
    gas_contracted_mcm_per_year: float
    gas_non_power_demand_mcm_per_year: float
    gas_peak_day_non_power_mcm: float


# Output set by the weather: never firm, whatever its profile says.
WEATHER_TECHNOLOGIES = frozenset({"wind", "solar", "run_of_river"})


def firm_capacity_mw(system: System) -> float:
    """Capacity that does not depend on weather, derated by forced outage rate: units without a
    profile in full, dispatchable units with an availability profile (a regional fleet's observed
    outages and maintenance) at their mean availability; wind, solar and run-of-river not at all."""
    gens = system.generators
    weather = gens["technology"].isin(WEATHER_TECHNOLOGIES)
    profiled = gens[(gens["profile"] != "") & ~weather]
    mean_availability = system.profiles.mean()
    availability = pd.Series(1.0, index=gens.index)
    availability[profiled.index] = mean_availability[profiled["profile"]].to_numpy()
    firm = gens[(gens["profile"] == "") | ~weather]
    storage = system.storage
    return float(
        (firm["capacity_mw"] * availability[firm.index] * (1 - firm["forced_outage_rate"])).sum()
        + (storage["power_mw"] * (1 - storage["forced_outage_rate"])).sum()
    )


def import_capacity_mw(system: System) -> float:
    links = system.interconnectors
    zones = set(system.settings.zones)
    into = links.loc[links["to_zone"].isin(zones) & ~links["from_zone"].isin(zones), "capacity_mw"]
    out_of = links.loc[
        links["from_zone"].isin(zones) & ~links["to_zone"].isin(zones), "capacity_reverse_mw"
    ]
    return float(into.sum() + out_of.sum())


def overview(system: System) -> Overview:
    gens = system.generators
    by_tech = gens.groupby("technology")["capacity_mw"].sum()
    fuel = gens["fuel"].replace("", "none")
    by_fuel = gens["capacity_mw"].groupby(fuel).sum()
    total_demand = system.demand.sum(axis=1)
    peak = float(total_demand.max())
    firm = firm_capacity_mw(system)
    gas_demand = system.gas_demand.sum(axis=1)
    return Overview(
        scenario=system.name,
        capacity_mw_by_technology={k: float(v) for k, v in by_tech.items()},
        capacity_mw_by_fuel={k: float(v) for k, v in by_fuel.items()},
        peak_demand_mw=peak,
        annual_demand_twh=per_year(system, float(total_demand.sum())) / 1e6,
        firm_capacity_mw=firm,
        import_capacity_mw=import_capacity_mw(system),
        capacity_margin_percent=100.0 * (firm - peak) / peak if peak > 0 else float("inf"),
        gas_entry_capacity_mcm_per_day=float(system.gas_entries["capacity_mcm_per_day"].sum()),
        gas_storage_withdrawal_mcm_per_day=float(
            system.gas_storage["withdrawal_mcm_per_day"].sum()
        ),
        gas_contracted_mcm_per_year=float(system.gas_contracts["annual_max_mcm"].sum()),
        gas_non_power_demand_mcm_per_year=per_year_of_days(system, float(gas_demand.sum())),
        gas_peak_day_non_power_mcm=float(gas_demand.max()) if len(gas_demand) else 0.0,
    )
