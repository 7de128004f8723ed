"""Hydro plants, their annual energy, and ``hydro_inflows.csv`` for the reservoir plants."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import YEAR, Context, write_csv
from .figures import Figure, Figures

OTHER_SMALL_HYDRO = "small-hydro-other"


@dataclass(frozen=True)
class HydroLayout:
    """Where a plant sits: its EPS group and where its monthly shape comes from."""

    name: str
    group: str  # djerdap | drina_lim | other_small
    profile: str = ""  # run-of-river column of profiles.csv; empty for reservoir plants
    inflow_key: str = ""  # SI_2015 plant or run-of-river group giving a reservoir's monthly shape


# The order is the order of the rows in generators.csv.
LAYOUT: list[HydroLayout] = [
    HydroLayout("djerdap-1", "djerdap", profile="ror_djerdap1"),
    HydroLayout("djerdap-2", "djerdap", profile="ror_djerdap2"),
    HydroLayout("vrla-1-4", "djerdap", inflow_key="HE Vrla 1-4"),
    HydroLayout("pirot", "djerdap", inflow_key="HE Pirot"),
    HydroLayout("djerdap-branch-small", "djerdap", profile="ror_small"),
    HydroLayout("bajina-basta", "drina_lim", inflow_key="drina"),
    HydroLayout("zvornik", "drina_lim", profile="ror_drina"),
    HydroLayout("potpec", "drina_lim", profile="ror_lim"),
    HydroLayout("bistrica", "drina_lim", inflow_key="HE Bistrica"),
    HydroLayout("kokin-brod", "drina_lim", inflow_key="HE Kokin Brod"),
    HydroLayout("uvac", "drina_lim", inflow_key="HE Uvac"),
    HydroLayout("west-morava-hpps", "drina_lim", profile="ror_small"),
    HydroLayout(OTHER_SMALL_HYDRO, "other_small", profile="ror_small"),
]
DJERDAP_1_AND_2 = ("djerdap-1", "djerdap-2")


@dataclass(frozen=True)
class HydroPlant:
    layout: HydroLayout
    capacity: Figure

    @property
    def name(self) -> str:
        return self.layout.name

    @property
    def capacity_mw(self) -> float:
        return float(self.capacity.number)


def hydro_plants(figures: Figures) -> list[HydroPlant]:
    """The plants with their capacities; other owners' small hydro closes the national total."""
    listed = [
        HydroPlant(h, figures[f"generators.{h.name}.capacity_mw"])
        for h in LAYOUT
        if h.name != OTHER_SMALL_HYDRO
    ]
    modelled_mw = sum(p.capacity_mw for p in listed)
    national = figures["hydro.national_conventional_mw"]
    other_mw = round(national.number - modelled_mw, 2)
    other = HydroPlant(LAYOUT[-1], national.derive(other_mw, modelled_mw=modelled_mw))
    return [*listed, other]


def energy_weight(figures: Figures, name: str) -> float:
    """Relative annual energy per MW of a plant inside its group (an assumption per plant)."""
    return float(figures.value(f"hydro.{name}.energy_weight"))


def djerdap_1_share(figures: Figures) -> float:
    """Đerdap 1's share of the Đerdap branch's energy in 2023."""
    return figures.value("hydro.djerdap_1_generation_2023_gwh") / figures.value(
        "hydro.djerdap_branch_generation_2023_gwh"
    )


def hydro_target_gwh(figures: Figures) -> float:
    """2024 hydro generation: its share of total generation."""
    return figures.value("generation.hydro_share_2024") * figures.value("generation.total_2024_gwh")


def _weighted_split(
    figures: Figures, plants: list[HydroPlant], energy_mwh: float
) -> dict[str, float]:
    weights = {p.name: p.capacity_mw * energy_weight(figures, p.name) for p in plants}
    total = sum(weights.values())
    return {name: energy_mwh * w / total for name, w in weights.items()}


def energy_targets_mwh(figures: Figures, plants: list[HydroPlant]) -> dict[str, float]:
    """Annual energy (MWh) per plant, scaled so the total is the 2024 hydro figure.

    Đerdap 1 and 2 split the Đerdap branch's EPS long-term mean as in 2023; the rest of the
    branch, and the whole Drina-Lim mean, go to the other plants of each group by capacity x
    weight; other owners' small hydro runs at its weight as capacity factor.
    """
    djerdap_mwh = figures.value("hydro.eps_djerdap_branch_mean_mwh")
    drina_lim_mwh = figures.value("hydro.eps_drina_lim_mean_mwh")
    d2023 = figures.value("hydro.djerdap_branch_generation_2023_gwh")
    e: dict[str, float] = {
        "djerdap-1": djerdap_mwh * (figures.value("hydro.djerdap_1_generation_2023_gwh") / d2023),
        "djerdap-2": djerdap_mwh * (figures.value("hydro.djerdap_2_generation_2023_gwh") / d2023),
    }
    rest_mwh = djerdap_mwh - e["djerdap-1"] - e["djerdap-2"]
    by_group = {g: [p for p in plants if p.layout.group == g] for g in ("djerdap", "drina_lim")}
    djerdap_small = [p for p in by_group["djerdap"] if p.name not in DJERDAP_1_AND_2]
    e.update(_weighted_split(figures, djerdap_small, rest_mwh))
    e.update(_weighted_split(figures, by_group["drina_lim"], drina_lim_mwh))
    other = plants[-1]
    e[other.name] = other.capacity_mw * energy_weight(figures, other.name) * 8760
    scale = hydro_target_gwh(figures) * 1e3 / sum(e.values())
    return {name: mwh * scale for name, mwh in e.items()}


def _monthly_shape(ctx: Context, plant: HydroPlant) -> tuple[np.ndarray, str]:
    """Monthly inflow shape of a reservoir plant and a note saying where it comes from."""
    key = plant.layout.inflow_key
    shares = ctx.derived.hydro_inflow_shares.pivot(index="month", columns="plant", values="share")
    if key in shares.columns:
        return shares[key].to_numpy(), f"monthly shape of SI_2015 '{key}'"
    ror_af = ctx.derived.ror_monthly.pivot(index="month", columns="profile", values="mean_af")
    days = [pd.Period(f"{YEAR}-{m:02d}").days_in_month for m in range(1, 13)]
    shape = (ror_af[key] * days).to_numpy()
    return shape, f"monthly shape of AF_2015 '{key}' run-of-river group"


def build_hydro_inflows(
    ctx: Context, plants: list[HydroPlant], energy_mwh: dict[str, float]
) -> pd.DataFrame:
    """Write ``hydro_inflows.csv``: monthly energy of each reservoir plant."""
    rows = []
    cite = ctx.figures["hydro_inflows.annual"]
    for plant in plants:
        if plant.layout.profile:
            continue
        shape, shape_note = _monthly_shape(ctx, plant)
        monthly = syn.monthly_energy(shape, energy_mwh[plant.name], plant.capacity_mw, YEAR)
        rows += [
            {"generator": plant.name, "month": m, "energy_mwh": round(v)}
            for m, v in enumerate(monthly, start=1)
        ]
        ctx.log.add(
            f"hydro_inflows.csv:{plant.name}:annual",
            cite.derive(
                round(energy_mwh[plant.name]),
                group=plant.layout.group,
                weight=energy_weight(ctx.figures, plant.name),
                shape=shape_note,
            ),
        )
    inflows = pd.DataFrame(rows)
    write_csv(inflows, ctx.out / "hydro_inflows.csv")
    return inflows


def log_hydro_totals(ctx: Context) -> None:
    """Sources rows of the national hydro total and the Đerdap split."""
    f = ctx.figures
    ctx.log.add(
        "hydro:total_conventional",
        f["hydro.total_conventional_mwh"].derive(round(hydro_target_gwh(f) * 1e3)),
    )
    ctx.log.add(
        "hydro:djerdap_split", f["hydro.djerdap_split"].derive(round(djerdap_1_share(f), 4))
    )
