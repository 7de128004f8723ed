"""Derive the regional 2016 inputs from the shared public data pack (read-only, not shipped).

Every function reads the pack and returns frames; nothing here writes into the system folder.
Each derived row carries a ``source`` string naming repository, commit, file and licence.

Time handling (see the pack's README): Dispa-SET EU 2016 series are UTC with 8,784 rows.
Dispa-SET Balkans 2015 series follow the local clock (CET/CEST) although stamped +00:00: they are
shifted to UTC (-1 h winter, -2 h summer), then laid onto 2016 by weekday (2016-01-01, a Friday,
takes 2015-01-02, a Friday: 364 days earlier; the last two days of 2016 take the week before).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from region import provenance as pv

YEAR = 2016
HOURS = pd.date_range("2016-01-01 00:00", "2016-12-31 23:00", freq="h", tz="UTC")

#: model zone -> Dispa-SET zone code. Greece is EL in the data and GR in the model.
ZONES = {
    "RS": "RS",
    "HU": "HU",
    "RO": "RO",
    "BG": "BG",
    "HR": "HR",
    "BA": "BA",
    "ME": "ME",
    "MK": "MK",
    "AL": "AL",
    "GR": "EL",
}
EU_PLANT_ZONES = ["HU", "RO", "BG", "HR", "GR"]  # 2016 clustered plant lists in the EU database
BALKANS_PLANT_ZONES = ["RS", "BA", "ME", "MK", "AL"]  # 2015 unit lists (RS: with Kosovo's units)
EU_LOAD_ZONES = ["RS", "HU", "RO", "BG", "HR", "ME", "MK", "GR"]
BALKANS_LOAD_ZONES = ["BA", "AL"]  # no 2016 load in any source: 2015 real-time load

TECHNOLOGY = {
    "NUC": "nuclear",
    "LIG": "lignite",
    "HRD": "coal",
    "GAS": "gas",
    "OIL": "oil",
    "BIO": "biomass",
    "WST": "other",
}
FUEL = {
    "NUC": "nuclear",
    "LIG": "lignite",
    "HRD": "coal",
    "GAS": "gas",
    "OIL": "oil",
    "BIO": "biomass",
    "WST": "waste",
}
NUCLEAR_EFFICIENCY = 0.33  # Dispa-SET books nuclear with efficiency 1; see figures.csv


def dz(zone: str) -> str:
    return ZONES[zone]


# ---------------------------------------------------------------------------------------------
# Reading and time alignment
# ---------------------------------------------------------------------------------------------
def read_eu_hourly(path: Path, header: bool = True) -> pd.DataFrame:
    """A Dispa-SET EU 2016 hourly file (UTC stamps without zone), indexed by HOURS."""
    df = pd.read_csv(path, index_col=0, header=0 if header else None)
    if len(df) != len(HOURS):
        raise ValueError(f"{path}: {len(df)} rows, expected {len(HOURS)}")
    stamps = pd.to_datetime(df.index).tz_localize("UTC")
    if not (stamps == HOURS).all():
        raise ValueError(f"{path}: stamps are not the 2016 hours")
    df.index = HOURS
    return df.astype(float)


def read_balkans_2015(path: Path) -> pd.DataFrame:
    """A Balkans 2015 hourly file on the local clock, returned on the 2016 UTC hours."""
    df = pd.read_csv(path, index_col=0, header=0)
    df = df[df.index.notna() & (df.index.astype(str).str.strip() != "")]
    local = pd.to_datetime(df.index.str.slice(0, 19))
    keep = local.year == 2015
    df, local = df[keep], local[keep]
    utc = local.tz_localize("Europe/Belgrade", ambiguous="NaT", nonexistent="NaT").tz_convert("UTC")
    df = df.set_axis(utc)
    df = df[df.index.notna()]
    df = df[~df.index.duplicated()]
    hours_2015 = pd.date_range("2015-01-01", "2015-12-31 23:00", freq="h", tz="UTC")
    df = df.apply(pd.to_numeric, errors="coerce").reindex(hours_2015).interpolate().bfill().ffill()
    return to_2016(df)


def to_2016(df2015: pd.DataFrame) -> pd.DataFrame:
    """Lay a 2015 UTC hourly frame onto 2016 by weekday (364 days back; 371 past the end)."""
    src = HOURS - pd.Timedelta(days=364)
    src = src.where(src.year == 2015, src - pd.Timedelta(days=7))
    out = df2015.loc[src]
    out.index = HOURS
    return out


def read_ntc_2015() -> pd.DataFrame:
    path = pv.BALKANS / "DayAheadNTC" / "1h" / "NTC_2015.csv"
    return pd.read_csv(path, index_col=0)


# ---------------------------------------------------------------------------------------------
# Demand
# ---------------------------------------------------------------------------------------------
def demand() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hourly demand per model zone (MW, UTC) and a table of totals with sources."""
    cols, rows = {}, []
    for zone in EU_LOAD_ZONES:
        rel = f"TotalLoadValue/{dz(zone)}/1h/2016.csv"
        s = read_eu_hourly(pv.EU / rel, header=False).iloc[:, 0]
        cols[zone] = s
        note = "2016 hourly total load, UTC"
        if zone == "RS":
            note += "; includes Kosovo (then in the Serbian control area)"
        rows.append((zone, 2016, pv.eu(rel), note))
    for zone in BALKANS_LOAD_ZONES:
        rel = f"Load_RealTime/{dz(zone)}/1h/LRT_2015.csv"
        s = read_balkans_2015(pv.BALKANS / rel).iloc[:, 0]
        cols[zone] = s
        note = "2015 real-time load (no 2016 series in any source), local clock shifted to UTC, "
        note += "laid onto 2016 by weekday; 2015 energy kept"
        rows.append((zone, 2015, pv.balkans(rel), note))
    frame = pd.DataFrame(cols)[list(ZONES)]
    totals = pd.DataFrame(rows, columns=["zone", "year", "source", "note"]).set_index("zone")
    totals["energy_twh"] = frame.sum() / 1e6
    totals["peak_mw"] = frame.max()
    return frame, totals.loc[list(ZONES)].reset_index()


# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------
def _eu_clusters(zone: str) -> pd.DataFrame:
    rel = f"PowerPlants/{dz(zone)}/clustered.csv"
    df = pd.read_csv(pv.EU / rel, index_col=0)
    if "Nunits" not in df:
        df["Nunits"] = 1
    df["Nunits"] = df["Nunits"].fillna(1).astype(int)
    df["capacity_mw"] = df["PowerCapacity"] * df["Nunits"]
    df["source"] = pv.eu(rel)
    return df


def _balkans_units(zone: str) -> pd.DataFrame:
    frames = []
    if zone == "RS":
        df = pd.read_csv(pv.BALKANS_RS / "PP_2015.csv", index_col=0)
        df["source"] = pv.balkans("PowerPlants/RS/PP_2015.csv") + " (shared copy)"
        df["group"] = "RS"
        frames.append(df)
        rel = "PowerPlants/XK/PP_2015.csv"
        xk = pd.read_csv(pv.BALKANS / rel, index_col=0)
        xk["source"] = pv.balkans(rel) + " (Kosovo's plants, inside RS for 2016)"
        xk["group"] = "XK"
        frames.append(xk)
    else:
        rel = f"PowerPlants/{dz(zone)}/PP_2015.csv"
        df = pd.read_csv(pv.BALKANS / rel, index_col=0)
        df["source"] = pv.balkans(rel)
        df["group"] = zone
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out["Unit"] = out["Unit"].str.strip()
    return out


def _outage_eu(zone: str) -> pd.DataFrame | None:
    path = pv.EU / "OutageFactors" / dz(zone) / "2016.csv"
    return read_eu_hourly(path) if path.exists() else None


def _balkans_2015(group: str, folder: str, name: str) -> pd.DataFrame:
    """A Dispa-SET Balkans 2015 series of `group`; Serbia's own files sit flat in their folder."""
    path = pv.BALKANS_RS / name if group == "RS" else pv.BALKANS / folder / group / "1h" / name
    df = read_balkans_2015(path)
    df.columns = [c.strip() for c in df.columns]
    return df


def _outage_balkans(group: str) -> pd.DataFrame:
    return _balkans_2015(group, "OutageFactors", "OF_2015.csv")


def _af_eu(zone: str) -> pd.DataFrame:
    return read_eu_hourly(pv.EU / "AvailabilityFactors" / dz(zone) / "1h" / "2016.csv")


def _af_balkans(group: str) -> pd.DataFrame:
    return _balkans_2015(group, "AvailabilityFactors", "AF_2015.csv")


def _inflow_balkans(group: str) -> pd.DataFrame:
    return _balkans_2015(group, "HydroData/ScaledInflows", "SI_2015.csv")


def _pumped_mw_ppm() -> pd.Series:
    """Pumped-storage MW in service by 2016 per country (powerplantmatching)."""
    p = pd.read_csv(pv.PPM)
    p = p[(p["Technology"] == "Pumped Storage") & ~(p["DateIn"] > YEAR)]
    return p.groupby("Country")["Capacity"].sum()


def _ppm_wind_solar() -> pd.DataFrame:
    """Wind and solar MW with DateIn <= 2016 per country (powerplantmatching, 2024 list)."""
    p = pd.read_csv(pv.PPM)
    p = p[p["Fueltype"].isin(["Wind", "Solar"]) & (p["DateIn"] <= YEAR)]
    return p.groupby(["Country", "Fueltype"])["Capacity"].sum().unstack(fill_value=0.0)


COUNTRY = {
    "RS": "Serbia",
    "HU": "Hungary",
    "RO": "Romania",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "BA": "Bosnia and Herzegovina",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "AL": "Albania",
    "GR": "Greece",
}


def plants() -> dict[str, pd.DataFrame]:
    """Generator clusters, storage, monthly reservoir energy and hourly profiles.

    Thermal clusters get an hourly availability profile, 1 - observed outage factor (EU 2016 or
    Balkans 2015). Where no series exists (HR, GR and a few units) a constant profile is used:
    the capacity-weighted mean availability of the observed clusters of the same technology.
    """
    gens: list[dict] = []
    storage: list[dict] = []
    monthly: list[pd.Series] = []
    monthly_src: dict[str, str] = {}
    profiles: dict[str, pd.Series] = {}
    profile_src: dict[str, str] = {}
    pumped = _pumped_mw_ppm()

    def flat_profile(tech: str) -> str:
        return f"avail_flat_{tech}"

    for zone in EU_PLANT_ZONES:
        cl = _eu_clusters(zone)
        of = _outage_eu(zone)
        af = _af_eu(zone)
        inflow_rel = f"HydroData/ScaledInflows/{dz(zone)}/1h/2016_profile_from_2012.csv"
        inflow_path = pv.EU / inflow_rel
        inflow = read_eu_hourly(inflow_path) if inflow_path.exists() else None
        for cid, r in cl.iterrows():
            tech, fuel, cap = r["Technology"], r["Fuel"], float(r["capacity_mw"])
            name = f"{zone.lower()}-{tech.lower()}-{fuel.lower()}"
            base = {
                "name": name,
                "zone": zone,
                "capacity_mw": cap,
                "units": int(r["Nunits"]),
                "source": r["source"] + f", row {cid}",
            }
            if fuel in TECHNOLOGY:
                eff = NUCLEAR_EFFICIENCY if fuel == "NUC" else float(r["Efficiency"])
                min_stable = float(r["PartLoadMin"]) * cap if fuel == "NUC" else 0.0
                if of is not None and cid in of:
                    prof = f"avail_{name}"
                    profiles[prof] = (1.0 - of[cid]).clip(0, 1)
                    profile_src[prof] = (
                        pv.eu(f"OutageFactors/{dz(zone)}/2016.csv") + f", 1 - column {cid}"
                    )
                else:
                    prof = flat_profile(TECHNOLOGY[fuel])
                gens.append(
                    base
                    | {
                        "technology": TECHNOLOGY[fuel],
                        "fuel": FUEL[fuel],
                        "efficiency": eff,
                        "min_stable_mw": min_stable,
                        "profile": prof,
                    }
                )
            elif tech in ("WTON", "PHOT"):
                col = "WTON" if tech == "WTON" else "PHOT"
                prof = f"{zone}_{'wind' if tech == 'WTON' else 'solar'}"
                profiles[prof] = af[col].clip(0, 1)
                profile_src[prof] = (
                    pv.eu(f"AvailabilityFactors/{dz(zone)}/1h/2016.csv") + f", {col}"
                )
                techname = "wind" if tech == "WTON" else "solar"
                gens.append(base | {"technology": techname, "profile": prof})
            elif tech == "HROR":
                prof = f"{zone}_ror"
                raw = af["HROR"]
                profiles[prof] = raw.clip(0, 1)
                profile_src[prof] = (
                    pv.eu(f"AvailabilityFactors/{dz(zone)}/1h/2016.csv")
                    + f", HROR clipped to 1 (max {raw.max():.2f}; "
                    + f"{(raw - raw.clip(0, 1)).sum() / raw.sum():.1%} of its energy lost)"
                )
                gens.append(base | {"technology": "run_of_river", "profile": prof})
            elif tech in ("HDAM", "HPHS"):
                pump = 0.0
                if tech == "HPHS":
                    pump = float(pumped.get(COUNTRY[zone], 0.0))
                    storage.append(
                        {
                            "name": f"{zone.lower()}-pumped-storage",
                            "zone": zone,
                            "power_mw": pump,
                            "source": pv.PPM_REPO
                            + ", Technology 'Pumped Storage', "
                            + f"Country {COUNTRY[zone]}, DateIn<=2016",
                        }
                    )
                res_cap = cap - pump
                res_name = f"{zone.lower()}-reservoir"
                col = "HDAM" if tech == "HDAM" else "HPHS"
                energy = (inflow[col] * res_cap).groupby(HOURS.month).sum()
                hours_in_month = pd.Series(1.0, index=HOURS).groupby(HOURS.month).sum()
                energy = np.minimum(energy, res_cap * hours_in_month)
                energy.name = res_name
                monthly.append(energy)
                monthly_src[res_name] = (
                    pv.eu(inflow_rel) + f", column {col} (2012 inflows relabelled 2016) x "
                    f"{res_cap:.1f} MW, capped at capacity x hours"
                )
                src = base["source"]
                if pump:
                    src += f"; minus {pump:.1f} MW pumped storage (powerplantmatching)"
                gens.append(
                    base
                    | {
                        "name": res_name,
                        "technology": "hydro_reservoir",
                        "capacity_mw": res_cap,
                        "source": src,
                    }
                )
            else:
                raise ValueError(f"unhandled cluster {cid}")

    for zone in BALKANS_PLANT_ZONES:
        units = _balkans_units(zone)
        for group, gu in units.groupby("group", sort=False):
            of = _outage_balkans(group)
            af = _af_balkans(group)
            inflow = _inflow_balkans(group)
            prefix = zone.lower() if group == zone else f"{zone.lower()}-{group.lower()}"
            thermal = gu[gu["Fuel"].isin(list(TECHNOLOGY))]
            for (tech, fuel), g in thermal.groupby(["Technology", "Fuel"], sort=False):
                name = f"{prefix}-{tech.lower()}-{fuel.lower()}"
                cap = float(g["PowerCapacity"].sum())
                eff = float((g["PowerCapacity"] * g["Efficiency"]).sum() / cap)
                have = [u for u in g["Unit"] if u in of]
                if have:
                    w = g.set_index("Unit").loc[have, "PowerCapacity"]
                    avail = 1.0 - (of[have] * w).sum(axis=1) / w.sum()
                    if len(have) < len(g):
                        raise ValueError(f"{name}: outage series for only some units")
                    prof = f"avail_{name}"
                    profiles[prof] = avail.clip(0, 1)
                    ofrel = (
                        "OutageFactors/RS/1h/OF_2015.csv (shared copy)"
                        if group == "RS"
                        else f"OutageFactors/{group}/1h/OF_2015.csv"
                    )
                    profile_src[prof] = (
                        pv.balkans(ofrel)
                        + ", 1 - capacity-weighted outage factor of "
                        + ", ".join(have)
                        + "; 2015 laid onto 2016"
                    )
                else:
                    prof = flat_profile(TECHNOLOGY[fuel])
                gens.append(
                    {
                        "name": name,
                        "zone": zone,
                        "technology": TECHNOLOGY[fuel],
                        "fuel": FUEL[fuel],
                        "capacity_mw": cap,
                        "units": len(g),
                        "efficiency": round(eff, 4),
                        "min_stable_mw": 0.0,
                        "profile": prof,
                        "source": g["source"].iloc[0] + ": " + ", ".join(g["Unit"]),
                    }
                )
            ror = gu[gu["Technology"] == "HROR"]
            if len(ror):
                name = f"{prefix}-ror"
                cap = float(ror["PowerCapacity"].sum())
                have = [u for u in ror["Unit"] if u in af]
                w = ror.set_index("Unit").loc[have, "PowerCapacity"]
                if have:
                    shape = (af[have] * w).sum(axis=1) / w.sum()
                    how = "capacity-weighted AF of " + ", ".join(have)
                else:
                    shape = af["HROR"]
                    how = "column HROR"
                prof = f"{zone}_ror" if group == zone else f"{zone}_{group}_ror"
                profiles[prof] = shape.clip(0, 1)
                afrel = (
                    "AvailabilityFactors/RS/1h/AF_2015.csv (shared copy)"
                    if group == "RS"
                    else f"AvailabilityFactors/{group}/1h/AF_2015.csv"
                )
                profile_src[prof] = pv.balkans(afrel) + f", {how}; 2015 laid onto 2016"
                gens.append(
                    {
                        "name": name,
                        "zone": zone,
                        "technology": "run_of_river",
                        "capacity_mw": cap,
                        "units": len(ror),
                        "profile": prof,
                        "source": ror["source"].iloc[0] + ": " + ", ".join(ror["Unit"]),
                    }
                )
            dam = gu[gu["Technology"] == "HDAM"]
            if len(dam):
                name = f"{prefix}-reservoir"
                cap = float(dam["PowerCapacity"].sum())
                have = [u for u in dam["Unit"] if u in inflow]
                w = dam.set_index("Unit")["PowerCapacity"]
                per_mw = (inflow[have] * w[have]).sum(axis=1) / w[have].sum()
                energy = per_mw * cap  # plants without a series take the mean of those with one
                energy = energy.groupby(HOURS.month).sum()
                hours_in_month = pd.Series(1.0, index=HOURS).groupby(HOURS.month).sum()
                energy = np.minimum(energy, cap * hours_in_month)
                energy.name = name
                monthly.append(energy)
                sirel = (
                    "HydroData/ScaledInflows/RS/1h/SI_2015.csv (shared copy)"
                    if group == "RS"
                    else f"HydroData/ScaledInflows/{group}/1h/SI_2015.csv"
                )
                monthly_src[name] = (
                    pv.balkans(sirel)
                    + f", inflow per MW of {', '.join(have)} x {cap:.1f} MW; 2015 laid onto 2016; "
                    "capped at capacity x hours"
                )
                gens.append(
                    {
                        "name": name,
                        "zone": zone,
                        "technology": "hydro_reservoir",
                        "capacity_mw": cap,
                        "units": len(dam),
                        "source": dam["source"].iloc[0] + ": " + ", ".join(dam["Unit"]),
                    }
                )
            for _, r in gu[gu["Technology"] == "HPHS"].iterrows():
                rte = float(r["Efficiency"]) * float(r["STOChargingEfficiency"])
                storage.append(
                    {
                        "name": f"{prefix}-{r['Unit'].lower().replace(' ', '-')}",
                        "zone": zone,
                        "power_mw": float(r["PowerCapacity"]),
                        "energy_mwh": float(r["STOCapacity"]),
                        "charge_power_mw": float(r["STOMaxChargingPower"]),
                        "round_trip_efficiency": round(rte, 4) if rte > 0.3 else np.nan,
                        "source": r["source"] + f": {r['Unit']}",
                    }
                )

    # Wind and solar of the Western Balkan zones: powerplantmatching, DateIn <= 2016.
    ws = _ppm_wind_solar()
    for zone in BALKANS_PLANT_ZONES:
        country = COUNTRY[zone]
        if country not in ws.index:
            continue
        af = _af_eu(zone)
        for fueltype, col, tech in (("Wind", "WTON", "wind"), ("Solar", "PHOT", "solar")):
            cap = float(ws.loc[country].get(fueltype, 0.0))
            if cap <= 0:
                continue
            prof = f"{zone}_{tech}"
            profiles[prof] = af[col].clip(0, 1)
            profile_src[prof] = pv.eu(f"AvailabilityFactors/{dz(zone)}/1h/2016.csv") + f", {col}"
            if af[col].max() == 0:
                profile_src[prof] += " (all 0 in the source: this capacity generates nothing)"
            gens.append(
                {
                    "name": f"{zone.lower()}-{tech}",
                    "zone": zone,
                    "technology": tech,
                    "capacity_mw": cap,
                    "units": 1,
                    "profile": prof,
                    "source": pv.PPM_REPO
                    + f", Fueltype {fueltype}, Country {country}, DateIn<=2016",
                }
            )

    gen_df = pd.DataFrame(gens)
    # Constant availability where no outage series exists: mean of the observed ones.
    observed = gen_df[gen_df["profile"].fillna("").str.startswith("avail_")]
    observed = observed[~observed["profile"].str.startswith("avail_flat_")]
    means = pd.Series({p: profiles[p].mean() for p in observed["profile"]})
    for name in sorted(set(gen_df["profile"].dropna())):
        if not name.startswith("avail_flat_"):
            continue
        tech = name.removeprefix("avail_flat_")
        obs = observed[observed["technology"] == tech]
        value = float(
            (obs["capacity_mw"] * means[obs["profile"]].to_numpy()).sum() / obs["capacity_mw"].sum()
        )
        profiles[name] = pd.Series(round(value, 4), index=HOURS)
        profile_src[name] = (
            f"constant {value:.4f}: capacity-weighted mean availability (1 - outage factor) of the "
            f"observed {tech} clusters " + ", ".join(obs["name"]) + " (their sources)"
        )
    stor_df = pd.DataFrame(storage)
    month_df = pd.concat(monthly, axis=1).T if monthly else pd.DataFrame()
    prof_df = pd.DataFrame(profiles)
    return {
        "generators": gen_df,
        "storage": stor_df,
        "hydro_monthly": month_df,
        "hydro_monthly_sources": pd.Series(monthly_src),
        "profiles": prof_df,
        "profile_sources": pd.Series(profile_src),
    }


# ---------------------------------------------------------------------------------------------
# Interconnectors
# ---------------------------------------------------------------------------------------------
def ntc_2015() -> pd.DataFrame:
    """Per-direction NTC between model zones from the Balkans 2015 set (constant columns).

    Kosovo's borders become Serbian ones (XK is inside RS) and add to the RS border of the same
    neighbour; RS-XK disappears. Zero columns are kept as 0 (they mean "not modelled").
    """
    ntc = read_ntc_2015()
    to_model = {v: k for k, v in ZONES.items()} | {"XK": "RS"}
    rows = []
    for col in ntc.columns:
        a, b = (s.strip() for s in col.split("->"))
        values = ntc[col].dropna()
        if values.min() != values.max():
            raise ValueError(f"NTC column {col} is not constant")
        ma, mb = to_model.get(a, a), to_model.get(b, b)
        if ma == mb:
            continue
        rows.append({"from": ma, "to": mb, "column": col, "mw": float(values.iloc[0])})
    return pd.DataFrame(rows)


def fuel_prices_2015() -> pd.DataFrame:
    """Mean 2015 fuel prices of the EU database (one series per fuel for all zones)."""
    rows = []
    for fuel, rel in (
        ("gas", "FuelPrices/Gas/2015.csv"),
        ("coal", "FuelPrices/Coal/2015.csv"),
        ("oil", "FuelPrices/Oil/2015.csv"),
        ("biomass", "FuelPrices/Biomass/2015.csv"),
    ):
        s = pd.read_csv(pv.EU / rel, header=None, index_col=0).iloc[:, 0]
        rows.append({"fuel": fuel, "price": float(s.mean()), "source": pv.eu(rel)})
    return pd.DataFrame(rows).set_index("fuel")
