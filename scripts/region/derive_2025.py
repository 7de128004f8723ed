"""Derive the regional 2025 inputs (system ``see-2025``) from the shared pack and serbia-2025.

Reuses the 2016 derivation of ``region.derive`` (reading, UTC alignment, availability, inflows,
NTC) and adds what 2025 needs:

- Kosovo (XK) is its own zone; Serbia (RS) is Serbia without Kosovo and is taken whole from the
  embedded ``serbia-2025`` system (same sourced figures, same generator names).
- 2016 UTC shapes (weather year 2016; Balkans 2015 series laid onto 2016 first) are laid onto
  the 2025 hours by weekday (2025-01-01, a Wednesday, takes 2016-01-06, a Wednesday).
- Fleets of the other zones are the powerplantmatching 2024 list (units retired before 2025 by
  their ``DateOut`` removed), grouped by technology.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from region import derive as dv
from region import provenance as pv

YEAR = 2025
HOURS = pd.date_range("2025-01-01 00:00", "2025-12-31 23:00", freq="h", tz="UTC")
SERBIA = pv.REPO / "src" / "powerpact" / "data" / "serbia-2025"

ZONES = ["RS", "XK", "HU", "RO", "BG", "HR", "BA", "ME", "MK", "AL", "GR"]
#: zones whose 2016 EU load series is the shape; XK, BA, AL use the Balkans 2015 series
EU_SHAPE = ["HU", "RO", "BG", "HR", "ME", "MK", "GR"]
BALKANS_SHAPE = ["XK", "BA", "AL"]
COUNTRY = dv.COUNTRY | {"XK": "Kosovo"}
EU_ZONES = {"HU", "RO", "BG", "HR", "GR"}

PPM_TECH = {  # (Fueltype, Technology) -> model technology; Technology None = any
    "Nuclear": "nuclear",
    "Lignite": "lignite",
    "Hard Coal": "coal",
    "Natural Gas": "gas",
    "Oil": "oil",
    "Solid Biomass": "biomass",
    "Waste": "other",
    "Wind": "wind",
    "Solar": "solar",
}
FUEL_OF = {
    "nuclear": "nuclear",
    "lignite": "lignite",
    "coal": "coal",
    "gas": "gas",
    "oil": "oil",
    "biomass": "biomass",
    "other": "waste",
}
HYDRO_TECH = {
    "Reservoir": "hydro_reservoir",
    "Run-Of-River": "run_of_river",
    "Pumped Storage": "pumped_hydro",
}

#: wind / solar shape where the zone's own 2016 series is empty or missing (assumption)
SHAPE_DONOR = {
    ("XK", "wind"): "MK",
    ("XK", "solar"): "MK",
    ("AL", "wind"): "MK",
    ("BA", "wind"): "HR",
    ("ME", "wind"): "HR",
}


def to_2025(frame16: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Lay a 2016 UTC hourly frame onto 2025 by weekday (2025-01-01 <- 2016-01-06)."""
    offset = pd.Timestamp("2025-01-01", tz="UTC") - pd.Timestamp("2016-01-06", tz="UTC")
    assert offset.days % 7 == 0
    src = HOURS - offset
    src = src.where(src.year == 2016, src - pd.Timedelta(days=7))
    out = frame16.loc[src]
    out.index = HOURS
    return out


# ---------------------------------------------------------------------------------------------
def demand_shapes() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hourly load shapes (MW, 2025 UTC hours) of the non-RS zones and their pack sources."""
    cols, rows = {}, []
    for zone in EU_SHAPE:
        rel = f"TotalLoadValue/{dv.dz(zone)}/1h/2016.csv"
        s = dv.read_eu_hourly(pv.EU / rel, header=False).iloc[:, 0]
        cols[zone] = to_2025(s)
        rows.append((zone, 2016, float(s.sum() / 1e6), pv.eu(rel) + ", 2016 UTC"))
    for zone in BALKANS_SHAPE:
        rel = f"Load_RealTime/{zone}/1h/LRT_2015.csv"
        s = dv.read_balkans_2015(pv.BALKANS / rel).iloc[:, 0]
        cols[zone] = to_2025(s)
        rows.append(
            (
                zone,
                2015,
                float(s.sum() / 1e6 * 365 / 366),
                pv.balkans(rel) + ", 2015 local clock shifted to UTC, laid onto 2016 then 2025",
            )
        )
    shapes = pd.DataFrame(cols)
    info = pd.DataFrame(rows, columns=["zone", "shape_year", "pack_twh", "source"])
    return shapes, info.set_index("zone")


def ppm_fleet() -> pd.DataFrame:
    """powerplantmatching 2024 list for the non-RS zones, one row per plant, model technology."""
    p = pd.read_csv(pv.PPM)
    inv = {v: k for k, v in COUNTRY.items()}
    p = p[p["Country"].isin(inv) & (p["Country"] != "Serbia")].copy()
    p["zone"] = p["Country"].map(inv)
    retired = p["DateOut"].notna() & (p["DateOut"] < YEAR)
    future = p["DateIn"].notna() & (p["DateIn"] > YEAR)
    p = p[~retired & ~future].copy()
    tech = p["Fueltype"].map(PPM_TECH)
    hyd = p["Fueltype"] == "Hydro"
    tech[hyd] = p.loc[hyd, "Technology"].map(HYDRO_TECH).fillna("run_of_river")
    p["technology"] = tech
    return p[p["technology"].notna()]


def retired_before(year: int = YEAR) -> pd.DataFrame:
    p = pd.read_csv(pv.PPM)
    inv = {v: k for k, v in COUNTRY.items()}
    p = p[p["Country"].isin(inv) & (p["Country"] != "Serbia")]
    return p[p["DateOut"].notna() & (p["DateOut"] < year)][
        ["Name", "Country", "Fueltype", "Capacity", "DateOut"]
    ]


def reference_2016() -> dict:
    """The 2016 derivation (plants, availability, profiles), reused for efficiencies, flat
    availabilities, run-of-river shapes and inflow shapes."""
    return dv.plants()


def efficiencies(ref: dict) -> pd.DataFrame:
    """Capacity-weighted efficiency per (zone, technology) of the 2016 clusters and the regional
    mean per technology (fallback)."""
    g = ref["generators"]
    g = g[g["efficiency"].notna()].copy()
    g["w"] = g["capacity_mw"] * g["efficiency"]
    by = g.groupby(["zone", "technology"])[["w", "capacity_mw"]].sum()
    zt = (by["w"] / by["capacity_mw"]).rename("efficiency")
    reg = g.groupby("technology")[["w", "capacity_mw"]].sum()
    return zt, (reg["w"] / reg["capacity_mw"]).rename("efficiency")


def ror_shape(zone: str) -> tuple[pd.Series, str]:
    """Run-of-river availability shape (2016 weather year), 0-1, on 2016 hours."""
    if zone in ("RO", "BG", "HR", "GR"):
        af = dv._af_eu(zone)
        return af["HROR"].clip(0, 1), pv.eu(
            f"AvailabilityFactors/{dv.dz(zone)}/1h/2016.csv"
        ) + ", HROR clipped to 1"
    if zone == "HU":
        af = dv._af_eu("RO")
        return af["HROR"].clip(0, 1), pv.eu(
            "AvailabilityFactors/RO/1h/2016.csv"
        ) + ", HROR clipped to 1 (assumption: HU has no series; Romania's used)"
    af = dv._af_balkans(zone)
    rel = f"AvailabilityFactors/{zone}/1h/AF_2015.csv"
    if "HROR" in af:
        return af["HROR"].clip(0, 1), pv.balkans(rel) + ", HROR; 2015 laid onto 2016"
    hydro_cols = [c for c in af.columns if c not in ("PHOT", "WTOF", "WTON")]
    return af[hydro_cols].mean(axis=1).clip(0, 1), pv.balkans(
        rel
    ) + ", mean of the per-plant hydro columns (no HROR column); 2015 laid onto 2016"


def inflow_per_mw(zone: str) -> tuple[pd.Series, str]:
    """Monthly reservoir inflow per MW of turbine (MWh/MW), on 2016 months."""
    if zone in ("RO", "BG", "HR", "GR", "HU"):
        dzone = "RO" if zone == "HU" else zone
        rel = f"HydroData/ScaledInflows/{dv.dz(dzone)}/1h/2016_profile_from_2012.csv"
        inflow = dv.read_eu_hourly(pv.EU / rel)
        col = "HDAM" if dzone == "RO" else "HPHS"
        s = inflow[col]
        src = pv.eu(rel) + f", column {col} (2012 inflows relabelled 2016)"
        if zone == "HU":
            src += " (assumption: HU has no inflow series, Romania's used)"
    else:
        inflow = dv._inflow_balkans(zone)
        s = inflow.mean(axis=1)
        src = (
            pv.balkans(f"HydroData/ScaledInflows/{zone}/1h/SI_2015.csv")
            + ", mean of the plant columns; 2015 laid onto 2016"
        )
    monthly = s.groupby(s.index.month).sum()
    hours16 = pd.Series(1.0, index=dv.HOURS).groupby(dv.HOURS.month).sum()
    hours25 = pd.Series(1.0, index=HOURS).groupby(HOURS.month).sum()
    monthly = monthly / hours16 * hours25  # mean rate kept, 2025 month lengths
    return monthly, src


def wind_solar_shape(zone: str, tech: str) -> tuple[pd.Series, str]:
    col = "WTON" if tech == "wind" else "PHOT"
    donor = SHAPE_DONOR.get((zone, tech), zone)
    af = dv._af_eu(donor)
    src = pv.eu(f"AvailabilityFactors/{dv.dz(donor)}/1h/2016.csv") + f", {col}"
    if donor != zone:
        src += f" (assumption: {zone} has no usable series; {donor}'s 2016 series used)"
    return af[col].clip(0, 1), src


def ntc_2015_see() -> pd.DataFrame:
    """Per-direction NTC from the Balkans 2015 set with Kosovo as its own zone."""
    ntc = dv.read_ntc_2015()
    to_model = {v: k for k, v in dv.ZONES.items()}
    rows = []
    for col in ntc.columns:
        a, b = (s.strip() for s in col.split("->"))
        values = ntc[col].dropna()
        if values.min() != values.max():
            raise ValueError(f"NTC column {col} is not constant")
        rows.append(
            {
                "from": to_model.get(a, a),
                "to": to_model.get(b, b),
                "column": col,
                "mw": float(values.iloc[0]),
            }
        )
    return pd.DataFrame(rows)


def serbia() -> dict[str, pd.DataFrame]:
    """The RS zone of serbia-2025, as shipped (sourced figures of scripts/serbia_default)."""
    read = lambda name: pd.read_csv(SERBIA / name)  # noqa: E731
    return {
        "generators": read("generators.csv"),
        "storage": read("storage.csv"),
        "hydro_inflows": read("hydro_inflows.csv"),
        "demand": read("demand.csv").set_index("timestamp"),
        "profiles": read("profiles.csv").set_index("timestamp"),
        "sources": read("sources.csv"),
    }


__all__ = ["np"]
