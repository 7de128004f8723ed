"""``generators.csv`` and ``storage.csv``: the power plants and the pumped-storage plant."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import ZONE, Context, eur2025, hicp_factor, write_csv
from .figures import Figure, Figures
from .hydro import HydroPlant

GENERATOR_COLUMNS = [
    "name",
    "zone",
    "technology",
    "capacity_mw",
    "units",
    "fuel",
    "efficiency",
    "variable_om_eur_per_mwh",
    "marginal_cost_eur_per_mwh",
    "forced_outage_rate",
    "mttr_h",
    "min_stable_mw",
    "profile",
]

# Lignite units and the PP_2015 plant whose efficiency and winter outages they take.
LIGNITE_UNITS: list[tuple[str, str]] = [
    *[(f"tent-a{i}", "TE Nikola Tesla A") for i in range(1, 7)],
    ("tent-b1", "TE Nikola Tesla B"),
    ("tent-b2", "TE Nikola Tesla B"),
    ("kostolac-a1", "TE Kostolac A"),
    ("kostolac-a2", "TE Kostolac A"),
    ("kostolac-b1", "TE Kostolac B"),
    ("kostolac-b2", "TE Kostolac B"),
    ("kostolac-b3", "TE Kostolac B"),
    ("kolubara-a5", "TE Kolubara G5"),
    ("kolubara-a1-a4", "TE Kolubara G5"),
    ("morava", "TE Morava G1"),
]
TENT_A_SOURCED_UNITS = ("tent-a1", "tent-a2")
# Units whose sources give one capacity per unit rather than per unit name.
PER_UNIT_CAPACITY = {
    "tent-b1": "tent-b",
    "tent-b2": "tent-b",
    "kostolac-b1": "kostolac-b",
    "kostolac-b2": "kostolac-b",
}
# Gas-fired steam CHPs and the PP_2015 plant giving the capacity of those without a recent source.
STEAM_CHPS: list[tuple[str, str]] = [
    ("novi-sad-chp", "TETO Novi Sad"),
    ("zrenjanin-chp", "TETO Zrenjanin"),
    ("sremska-mitrovica-chp", "TETO Sremska Mitrovica"),
]
# (name, technology, profile) of the wind and solar fleets.
WIND_SOLAR = [
    ("wind-farms", "wind", "wind"),
    ("solar-utility", "solar", "solar"),
    ("solar-prosumers", "solar", "solar"),
]


class GeneratorTable:
    """Rows of ``generators.csv``; each sourced cell is logged as it is added."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []

    def add(self, name: str, technology: str, cells: dict[str, Figure | str]) -> None:
        row: dict[str, Any] = {"name": name, "zone": ZONE, "technology": technology}
        for column, cell in cells.items():
            if isinstance(cell, Figure):
                row[column] = self.ctx.log.add(f"generators.csv:{name}:{column}", cell)
            else:
                row[column] = cell
        self.rows.append(row)

    def units(self, name: str) -> Figure:
        return self.ctx.figures[f"generators.{name}.units"]

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows)
        for column in GENERATOR_COLUMNS:
            if column not in df:
                df[column] = np.nan
        return df[GENERATOR_COLUMNS]


def lignite_outage_rates(ctx: Context) -> tuple[dict[str, float], float]:
    """Forced outage rate per PP_2015 lignite plant, floored at the fleet's capacity-weighted mean.

    Oct-Mar unavailability is used because planned overhauls fall in Apr-Sep.
    """
    t = ctx.derived.thermal_outages
    lig = t[t["plant"].str.startswith("TE ")]
    fleet = float(
        (lig["oct_mar_unavailability"] * lig["capacity_2015_mw"]).sum()
        / lig["capacity_2015_mw"].sum()
    )
    rates = {str(r.plant): max(float(r.oct_mar_unavailability), fleet) for r in lig.itertuples()}
    return rates, fleet


def lignite_capacity(figures: Figures, name: str) -> Figure:
    """A lignite unit's capacity; TENT A3-A6 share what A1 and A2 leave of TENT A's total."""
    if name.startswith("tent-a") and name not in TENT_A_SOURCED_UNITS:
        total = figures["generators.tent-a.capacity_mw"]
        sourced_mw = sum(figures.value(f"generators.{n}.capacity_mw") for n in TENT_A_SOURCED_UNITS)
        tent_a_units = [n for n, _ in LIGNITE_UNITS if n.startswith("tent-a")]
        unsourced_units = len(tent_a_units) - len(TENT_A_SOURCED_UNITS)
        return total.derive(round((total.number - sourced_mw) / unsourced_units, 2))
    if name in PER_UNIT_CAPACITY:
        return figures[f"generators.{PER_UNIT_CAPACITY[name]}.unit_capacity_mw"]
    return figures[f"generators.{name}.capacity_mw"]


def lignite_efficiency(ctx: Context, name: str, plant: str) -> Figure:
    """The unit's own sourced efficiency if there is one, else its PP_2015 plant's."""
    f = ctx.figures
    if f"generators.{name}.efficiency" in f:
        return f[f"generators.{name}.efficiency"]
    pp_2015 = ctx.derived.thermal_outages.set_index("plant")
    return f["generators.lignite.efficiency"].derive(
        float(pp_2015.loc[plant, "efficiency_2015"]), plant=plant
    )


def lignite_outage_rate(ctx: Context, plant: str) -> Figure:
    rates, fleet = lignite_outage_rates(ctx)
    pp_2015 = ctx.derived.thermal_outages.set_index("plant")
    return ctx.figures["generators.lignite.forced_outage_rate"].derive(
        round(rates[plant], 4),
        plant=plant,
        plant_rate=pp_2015.loc[plant, "oct_mar_unavailability"],
        fleet_rate=fleet,
    )


def add_lignite(table: GeneratorTable) -> None:
    ctx, f = table.ctx, table.ctx.figures
    vom = f["generators.lignite.variable_om_eur_per_mwh"].derive(
        eur2025(f, "technology.lignite.variable_om_eur2015_per_mwh"),
        vom_eur2015=f.value("technology.lignite.variable_om_eur2015_per_mwh"),
        hicp=hicp_factor(f),
    )
    min_stable = f["generators.lignite.min_stable_share"]
    for name, plant in LIGNITE_UNITS:
        capacity = lignite_capacity(f, name)
        table.add(
            name,
            "lignite",
            {
                "capacity_mw": capacity,
                "units": table.units(name),
                "fuel": "lignite",
                "efficiency": lignite_efficiency(ctx, name, plant),
                "variable_om_eur_per_mwh": vom,
                "forced_outage_rate": lignite_outage_rate(ctx, plant),
                "mttr_h": f["generators.lignite.mttr_h"],
                "min_stable_mw": min_stable.derive(
                    round(min_stable.number * capacity.number, 1), unit="MW"
                ),
            },
        )


def add_gas(table: GeneratorTable) -> None:
    """Gas CHPs. OF_2015 shows no outages for them (they barely ran), so their forced outage
    rate is the typical gas-turbine value rather than zero."""
    ctx, f = table.ctx, table.ctx.figures
    outage = {"forced_outage_rate": f["generators.gas.forced_outage_rate"]}
    repair = {"mttr_h": f["generators.gas.mttr_h"]}
    table.add(
        "pancevo-ccgt",
        "gas",
        {
            "capacity_mw": f["generators.pancevo-ccgt.capacity_mw"],
            "units": table.units("pancevo-ccgt"),
            "fuel": "gas",
            "efficiency": f["generators.pancevo-ccgt.efficiency"],
            "variable_om_eur_per_mwh": f["generators.pancevo-ccgt.variable_om_eur_per_mwh"].derive(
                eur2025(f, "technology.ccgt.variable_om_eur2015_per_mwh")
            ),
            **outage,
            **repair,
        },
    )
    pp_2015 = ctx.derived.thermal_outages.set_index("plant")
    for name, plant in STEAM_CHPS:
        capacity = f[f"generators.{name}.capacity_mw"]
        if capacity.value is None:
            capacity = capacity.derive(float(pp_2015.loc[plant, "capacity_2015_mw"]))
        table.add(
            name,
            "gas",
            {
                "capacity_mw": capacity,
                "units": table.units(name),
                "fuel": "gas",
                "efficiency": f["generators.steam-chp.efficiency"],
                # Steam plants: the coal/lignite steam-plant VOM (an assumption, see its note).
                "variable_om_eur_per_mwh": f["generators.steam-chp.variable_om_eur_per_mwh"].derive(
                    eur2025(f, "technology.lignite.variable_om_eur2015_per_mwh")
                ),
                **outage,
                **repair,
            },
        )


def add_hydro(table: GeneratorTable, plants: list[HydroPlant]) -> None:
    f = table.ctx.figures
    for plant in plants:
        cells: dict[str, Figure | str] = {
            "capacity_mw": plant.capacity,
            "units": table.units(plant.name),
            "forced_outage_rate": f["generators.hydro.forced_outage_rate"],
            "mttr_h": f["format_default.mttr_h"],
        }
        profile = plant.layout.profile
        if profile:
            cells["profile"] = profile
        table.add(plant.name, "run_of_river" if profile else "hydro_reservoir", cells)


def add_renewables(table: GeneratorTable) -> None:
    f = table.ctx.figures
    for name, technology, profile in WIND_SOLAR:
        table.add(
            name,
            technology,
            {
                "capacity_mw": f[f"generators.{name}.capacity_mw"],
                "units": table.units(name),
                "profile": profile,
            },
        )
    name = "biogas-biomass"
    table.add(
        name,
        "biomass",
        {
            "capacity_mw": f[f"generators.{name}.capacity_mw"],
            "units": table.units(name),
            "marginal_cost_eur_per_mwh": f[f"generators.{name}.marginal_cost_eur_per_mwh"],
            "forced_outage_rate": f[f"generators.{name}.forced_outage_rate"],
            "mttr_h": f["format_default.mttr_h"],
        },
    )


def build_generators(ctx: Context, hydro: list[HydroPlant]) -> pd.DataFrame:
    """Write ``generators.csv``: lignite, gas, hydro, then wind, solar and biomass."""
    table = GeneratorTable(ctx)
    add_lignite(table)
    add_gas(table)
    add_hydro(table, hydro)
    add_renewables(table)
    gens = table.frame()
    write_csv(gens, ctx.out / "generators.csv")
    return gens


STORAGE_FIGURES = [
    "power_mw",
    "energy_mwh",
    "charge_power_mw",
    "round_trip_efficiency",
    "initial_soc_fraction",
]


def build_storage(ctx: Context) -> pd.DataFrame:
    """Write ``storage.csv``: RHE Bajina Bašta, the pumped-storage plant that is modelled."""
    name = "bajina-basta-psh"

    def cell(column: str, key: str) -> float:
        return ctx.log.add(f"storage.csv:{name}:{column}", ctx.figures[key])

    row: dict[str, Any] = {"name": name, "zone": ZONE}
    row.update({c: cell(c, f"storage.{name}.{c}") for c in STORAGE_FIGURES})
    row["technology"] = "pumped_hydro"
    row["forced_outage_rate"] = cell("forced_outage_rate", f"storage.{name}.forced_outage_rate")
    row["mttr_h"] = cell("mttr_h", "format_default.mttr_h")
    storage = pd.DataFrame([row])
    write_csv(storage, ctx.out / "storage.csv")
    return storage
