"""Write ``src/powerpact/data/see-2025`` (regional 2025 data set, next to serbia-2025).

One builder per output file, reusing ``region.build`` (SourceLog, storage and interconnector
conventions) and ``region.derive`` through ``region.derive_2025``. Every number written is
logged with its source in ``sources.csv``; assumptions say so, gaps say UNSOURCED.

Zone RS is the embedded ``serbia-2025`` system as shipped (Serbia without Kosovo, its sourced
fleet, demand, hydro and profiles); XK (Kosovo) is its own zone; HU, RO, BG, HR, BA, ME, MK, AL
and GR come from the shared pack (powerplantmatching 2024 fleet, 2016 shapes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from serbia_default.fleet import GENERATOR_COLUMNS

from powerpact.system.settings import ETS_PRICE_EUR_PER_T_BY_YEAR
from region import build as b16
from region import derive as dv
from region import derive_2025 as d25
from region import provenance as pv

HERE = Path(__file__).resolve().parent
DERIVED = HERE / "derived"
OUT = pv.REPO / "src" / "powerpact" / "data" / "see-2025"
NAME = "see-2025"
STATS = HERE / "stats_2024.csv"
PRICES = HERE / "prices_2025.csv"
STAMP = "%Y-%m-%dT%H:%M:%SZ"

MARKETS = b16.MARKETS  # the same edge markets and links as the 2016 backcast
# Sources of the EU ETS price path (serbia-facts.md section 6; powerpact/system/settings.py).
ETS_SOURCES = {
    2024: "Veyt, '2024 Year in Review EU ETS: Flattening out' (early 2025), "
    "https://veyt.com/articles/2024-year-in-review-eu-ets-flattening-out",
    2025: "Veyt, '2025 EU ETS year in review: turnover reaches all-time high' (early 2026), "
    "https://veyt.com/2025-eu-ets-year-in-review-turnover-reaches-all-time-high",
    2030: "Veyt, '2030 European carbon price forecast' (base case, close to EUR 160/t), "
    "veyt.com: an outlook, not a forward price",
}
THERMAL = ["nuclear", "lignite", "coal", "gas", "oil", "biomass", "other"]
# The columns serbia-2025 writes, so that Serbia's rows are the same table in both systems.
GEN_COLS = GENERATOR_COLUMNS
SERBIA_NOTE = "as in serbia-2025 (scripts/serbia_default, same sourced figure)"


def _stamp(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.index = pd.DatetimeIndex(out.index).strftime(STAMP)
    out.index.name = "timestamp"
    return out


# ---------------------------------------------------------------------------------------------
def plan(figures: pd.DataFrame) -> dict:
    """Everything the builders need, derived once."""
    ref = d25.reference_2016()
    fleet = d25.ppm_fleet()
    zt_eff, reg_eff = d25.efficiencies(ref)
    rs = d25.serbia()
    shapes, shape_info = d25.demand_shapes()
    return {
        "ref": ref,
        "fleet": fleet,
        "zt_eff": zt_eff,
        "reg_eff": reg_eff,
        "rs": rs,
        "shapes": shapes,
        "shape_info": shape_info,
    }


def build_generators(p: dict, figures: pd.DataFrame, log: b16.SourceLog):
    """Generators of all zones, their profiles, monthly reservoir energy and storage rows."""
    fleet, ref = p["fleet"], p["ref"]
    rows, profiles, prof_src, monthly, monthly_src, storage = [], {}, {}, {}, {}, []
    nuc_eff = float(figures.loc["fuel.nuclear.efficiency", "value"])
    hours_pumped = float(figures.loc["storage.hours.pumped", "value"])

    # RS: serbia-2025 as shipped
    rs = p["rs"]
    gsrc = rs["sources"]
    for _, r in rs["generators"].iterrows():
        row = r.reindex(GEN_COLS).to_dict()
        if isinstance(row.get("profile"), str):
            row["profile"] = f"RS_{row['profile']}"
        rows.append(row)
    prefixes = ("generators.csv:", "storage.csv:", "hydro_inflows.csv:", "profiles.csv:")
    for _, h in gsrc[gsrc["item"].str.startswith(prefixes)].iterrows():
        item = h["item"]
        if item.startswith("profiles.csv:"):
            item = "profiles.csv:RS_" + item.removeprefix("profiles.csv:")
        log.add(
            item, h["value"], h["unit"], h["year"], h["source"], b16._join(h["note"], SERBIA_NOTE)
        )
    for col in rs["profiles"].columns:
        profiles[f"RS_{col}"] = rs["profiles"][col].to_numpy()
        hit = gsrc[gsrc["item"].str.startswith(f"profiles.csv:{col}")]
        src = hit.iloc[0]["source"] if len(hit) else "serbia-2025 profiles.csv"
        prof_src[f"RS_{col}"] = f"serbia-2025 profiles.csv column {col} ({src})"
    for _, r in rs["storage"].iterrows():
        storage.append(r.to_dict() | {"source": "serbia-2025 storage.csv; " + SERBIA_NOTE})
    for gen, g in rs["hydro_inflows"].groupby("generator", sort=False):
        monthly[gen] = g.set_index("month")["energy_mwh"].astype(float)
        monthly_src[gen] = "serbia-2025 hydro_inflows.csv; " + SERBIA_NOTE

    # flat availability per technology: observed 2016 outage means (region.derive)
    flat = {
        k.removeprefix("avail_flat_"): float(v.mean())
        for k, v in ref["profiles"].items()
        if k.startswith("avail_flat_")
    }
    flat_src = ref["profile_sources"]

    for zone in d25.ZONES[1:]:
        fz = fleet[fleet["zone"] == zone]
        country = d25.COUNTRY[zone]
        base_src = pv.PPM_REPO + f", Country {country}, units retired before 2025 (DateOut) removed"
        for tech in THERMAL:
            g = fz[fz["technology"] == tech]
            if g.empty:
                continue
            cap = round(float(g["Capacity"].sum()), 1)
            name = f"{zone.lower()}-{tech}"
            if tech == "nuclear":
                eff, eff_src = nuc_eff, "figures.csv fuel.nuclear.efficiency (UNSOURCED)"
            elif tech == "other":
                eff, eff_src = 0.25, "assumption: waste plant efficiency (UNSOURCED)"
            elif (zone, tech) in p["zt_eff"].index:
                eff = float(p["zt_eff"].loc[(zone, tech)])
                eff_src = f"capacity-weighted efficiency of the 2016 {zone} {tech} clusters/units "
                eff_src += "of the pack (region.derive; EU 2016 clusters or Balkans PP_2015)"
            else:
                eff = float(p["reg_eff"].get(tech, 0.35))
                eff_src = f"regional capacity-weighted efficiency of the 2016 {tech} clusters "
                eff_src += f"(region.derive); {zone} has no {tech} cluster in the pack"
            eff = round(eff, 4)
            flat_key = tech if tech in flat else "lignite"
            prof = f"avail_flat_{flat_key}"
            if prof not in profiles:
                profiles[prof] = np.full(len(d25.HOURS), round(flat[flat_key], 4))
                prof_src[prof] = flat_src[prof] + "; 2016 observed, used for 2025"
            vom = np.nan  # CO2 is priced by the carbon settings (EU ETS in EU zones)
            min_stable = round(0.5 * cap, 1) if tech == "nuclear" else np.nan
            rows.append(
                {
                    "name": name,
                    "zone": zone,
                    "technology": tech,
                    "capacity_mw": cap,
                    "units": len(g),
                    "fuel": d25.FUEL_OF[tech],
                    "efficiency": eff,
                    "variable_om_eur_per_mwh": vom,
                    "min_stable_mw": min_stable,
                    "profile": prof,
                }
            )
            log.add(
                f"generators.csv:{name}:capacity_mw",
                cap,
                "MW",
                2024,
                base_src + f", Fueltype {g['Fueltype'].iloc[0]}",
                "plants: " + ", ".join(dict.fromkeys(g["Name"].astype(str)))[:300],
            )
            log.add(f"generators.csv:{name}:units", len(g), "count", 2024, base_src, "rows")
            log.add(f"generators.csv:{name}:efficiency", eff, "MWh_e/MWh_th", 2016, eff_src)
            if tech == "nuclear":
                log.add(
                    f"generators.csv:{name}:min_stable_mw",
                    min_stable,
                    "MW",
                    2016,
                    pv.eu("PowerPlants/*/clustered.csv") + ", nuclear PartLoadMin 0.5",
                    "nuclear must-run at 50 % of capacity (no unit commitment otherwise)",
                )

        # wind and solar
        for tech in ("wind", "solar"):
            g = fz[fz["technology"] == tech]
            key = f"see2025.capacity.{zone}.{tech}"
            if key in figures.index:
                cap = log.figure(figures, key, f"generators.csv:{zone.lower()}-{tech}:capacity_mw")
            else:
                cap = round(float(g["Capacity"].sum()), 1)
                if cap <= 0:
                    continue
                log.add(
                    f"generators.csv:{zone.lower()}-{tech}:capacity_mw",
                    cap,
                    "MW",
                    2024,
                    base_src + f", Fueltype {tech.title()}",
                    "powerplantmatching 2024 list (utility plants it matched; rooftop and small "
                    "plants largely missing: an underestimate)",
                )
            prof = f"{zone}_{tech}"
            shape, src = d25.wind_solar_shape(zone, tech)
            profiles[prof] = d25.to_2025(shape).round(4).to_numpy()
            prof_src[prof] = src + "; weather year 2016 laid onto 2025 by weekday"
            rows.append(
                {
                    "name": f"{zone.lower()}-{tech}",
                    "zone": zone,
                    "technology": tech,
                    "capacity_mw": cap,
                    "units": max(len(g), 1),
                    "profile": prof,
                }
            )

        # hydro
        ror = fz[fz["technology"] == "run_of_river"]
        if len(ror):
            cap = round(float(ror["Capacity"].sum()), 1)
            name = f"{zone.lower()}-ror"
            shape, src = d25.ror_shape(zone)
            prof = f"{zone}_ror"
            profiles[prof] = d25.to_2025(shape).round(4).to_numpy()
            prof_src[prof] = src + "; weather year 2016 laid onto 2025 by weekday"
            rows.append(
                {
                    "name": name,
                    "zone": zone,
                    "technology": "run_of_river",
                    "capacity_mw": cap,
                    "units": len(ror),
                    "profile": prof,
                }
            )
            log.add(
                f"generators.csv:{name}:capacity_mw",
                cap,
                "MW",
                2024,
                base_src + ", Fueltype Hydro, Technology Run-Of-River (and unknown hydro)",
            )
        res = fz[fz["technology"] == "hydro_reservoir"]
        if len(res):
            cap = round(float(res["Capacity"].sum()), 1)
            name = f"{zone.lower()}-reservoir"
            per_mw, src = d25.inflow_per_mw(zone)
            factor = float(figures.loc["see2025.hydro.normal_year_factor", "value"])
            energy = per_mw * cap * factor
            hours25 = pd.Series(1.0, index=d25.HOURS).groupby(d25.HOURS.month).sum()
            energy = np.minimum(energy, cap * hours25)
            monthly[name] = energy.round(0)
            monthly_src[name] = (
                src + f" x {cap:.1f} MW x normal-year factor {factor} (UNSOURCED); 2025 month "
                "lengths; capped at capacity x hours"
            )
            rows.append(
                {
                    "name": name,
                    "zone": zone,
                    "technology": "hydro_reservoir",
                    "capacity_mw": cap,
                    "units": len(res),
                }
            )
            log.add(
                f"generators.csv:{name}:capacity_mw",
                cap,
                "MW",
                2024,
                base_src + ", Fueltype Hydro, Technology Reservoir",
            )
        ps = fz[fz["technology"] == "pumped_hydro"]
        if len(ps):
            cap = round(float(ps["Capacity"].sum()), 1)
            storage.append(
                {
                    "name": f"{zone.lower()}-pumped-storage",
                    "zone": zone,
                    "power_mw": cap,
                    "energy_mwh": cap * hours_pumped,
                    "charge_power_mw": cap,
                    "round_trip_efficiency": 0.64,
                    "initial_soc_fraction": 0.5,
                    "technology": "pumped_hydro",
                    "source": base_src + ", Technology Pumped Storage",
                }
            )
            log.add(
                f"storage.csv:{zone.lower()}-pumped-storage:power_mw",
                cap,
                "MW",
                2024,
                base_src + ", Technology Pumped Storage",
            )
            log.figure(
                figures,
                "storage.hours.pumped",
                f"storage.csv:{zone.lower()}-pumped-storage:energy_mwh",
                f"{cap * hours_pumped:.0f} MWh",
            )
            log.add(
                f"storage.csv:{zone.lower()}-pumped-storage:round_trip_efficiency",
                0.64,
                "0-1",
                2016,
                pv.eu("PowerPlants/BG/clustered.csv"),
                "HPHS Efficiency 0.8 x STOChargingEfficiency 0.8; pumping power = turbine power "
                "(assumption)",
            )

    gens = pd.DataFrame(rows).reindex(columns=GEN_COLS)
    hyd = b16.build_hydro_inflows(pd.DataFrame(monthly).T, pd.Series(monthly_src), log, year=2025)
    prof = b16.build_profiles(pd.DataFrame(profiles, index=d25.HOURS), pd.Series(prof_src), log)
    return gens, prof, hyd, pd.DataFrame(storage), monthly_src


def build_demand(p: dict, figures: pd.DataFrame, log: b16.SourceLog):
    # RS: serbia-2025's hourly demand is AERS's end-consumer consumption (network losses
    # excluded); the other zones' levels are Ember demand (losses included). RS is put on the
    # losses-included basis by dividing by (1 - the losses' share of gross consumption), so the
    # losses follow the load hour by hour (technical losses grow faster than the load: a
    # simplification). serbia-2025 itself is unchanged.
    loss = figures.loc["see2025.demand.RS.network_losses_share"]
    share = float(loss["value"])
    rs = p["rs"]["demand"]["RS"].to_numpy() / (1.0 - share)
    cols = {"RS": rs}
    rows = []
    hit = p["rs"]["sources"]
    hit = hit[hit["item"] == "demand.csv:RS:annual_energy"].iloc[0]
    consumption_twh = float(p["rs"]["demand"]["RS"].sum()) / 1e6
    log.add(
        "demand.csv:RS",
        round(float(rs.sum()), 1),
        "MWh/yr",
        hit["year"],
        f"{hit['source']}; network losses: {loss['source']}",
        b16._join(
            hit["note"],
            f"serbia-2025 demand.csv RS column ({consumption_twh:.1f} TWh end-consumer "
            "consumption, Serbia without Kosovo) divided by (1 - "
            f"{share:g}), the transmission and distribution losses' share of gross consumption "
            f"(figures.csv see2025.demand.RS.network_losses_share, {loss['year']}): losses "
            f"{rs.sum() / 1e6 - consumption_twh:.2f} TWh",
        ),
    )
    rows.append(("RS", float(rs.sum() / 1e6), "serbia-2025 demand.csv", "AERS 2024 + losses", 2024))
    lvl = figures.loc["see2025.demand.level"]
    stats = pd.read_csv(STATS)
    ember = stats[(stats["item"] == "demand") & stats["value"].notna()].set_index("zone")
    for zone in d25.ZONES[1:]:
        s = p["shapes"][zone]
        info = p["shape_info"].loc[zone]
        shape_note = (
            f"shape: {info['source']} (weather year {info['shape_year']}), laid onto 2025 by "
            "weekday"
        )
        if zone in ember.index:
            e = ember.loc[zone]
            twh, year, source = float(e["value"]), int(e["year"]), e["source"]
            note = (
                f"2024 Ember demand ({e['note']}) used as the 2025 level; {shape_note}; the "
                f"pack's {info['shape_year']} level was {info['pack_twh']:.3f} TWh"
            )
            level_src = "Ember 2024 (scripts/region/stats_2024.csv)"
        else:
            twh, year, source = float(info["pack_twh"]), 2025, lvl["source"]
            note = (
                f"{lvl['note']}; {shape_note}; level {info['pack_twh']:.3f} TWh = the pack's "
                f"{info['shape_year']} annual load (2015 scaled to 365 days)"
            )
            level_src = "UNSOURCED (pack level kept)"
        s = s * twh * 1e6 / s.sum()
        cols[zone] = s.to_numpy()
        log.add(f"demand.csv:{zone}", round(float(s.sum()), 1), "MWh/yr", year, source, note)
        rows.append((zone, twh, info["source"], level_src, year))
    out = pd.DataFrame(cols, index=d25.HOURS).round(1)
    totals = pd.DataFrame(
        rows, columns=["zone", "energy_twh", "shape_source", "level_source", "year"]
    )
    totals["energy_twh"] = (out.sum() / 1e6).reindex(totals["zone"]).to_numpy().round(4)
    totals["peak_mw"] = out.max().reindex(totals["zone"]).to_numpy().round(1)
    return _stamp(out), totals


def build_interconnectors(figures: pd.DataFrame, log: b16.SourceLog) -> pd.DataFrame:
    return b16.build_interconnectors(
        d25.ntc_2015_see(),
        figures,
        log,
        zones=d25.ZONES,
        border_note=lambda columns: (
            "constant 2015 columns " + ", ".join(columns) + "; no newer value sourced"
        ),
    )


def build_market_prices(figures: pd.DataFrame, log: b16.SourceLog) -> pd.DataFrame:
    """Edge prices: Ember 2025 monthly day-ahead averages (AT, SK, SI, IT); UA takes the Slovak
    months (assumption); TR a flat proxy (figures.csv)."""
    monthly = pd.read_csv(PRICES)
    month = d25.HOURS.month
    data = {}
    for m in MARKETS:
        rows = monthly[monthly["market"] == m]
        donor = "SK" if m == "UA" else m
        rows = monthly[monthly["market"] == donor]
        if len(rows) == 12:
            by = rows.set_index("month")["price_eur_per_mwh"]
            data[m] = by.reindex(month).to_numpy()
            note = "monthly 2025 averages, flat within each month: " + ", ".join(
                f"{k}: {v:.2f}" for k, v in by.items()
            )
            if m == "UA":
                note = "assumption: Ukraine's edge takes the Slovak 2025 months; " + note
            log.add(
                f"market_prices.csv:{m}",
                round(float(by.mean()), 2),
                "EUR/MWh (mean)",
                2025,
                rows["source"].iloc[0].split(", row ")[0],
                note,
            )
        else:
            data[m] = np.full(
                len(month), log.figure(figures, f"see2025.price.{m}", f"market_prices.csv:{m}")
            )
    return _stamp(pd.DataFrame(data, index=d25.HOURS))


def build_system_yaml(p: dict, figures: pd.DataFrame, log: b16.SourceLog) -> dict:
    rs_src = p["rs"]["sources"].set_index("item")
    rs_yaml = yaml.safe_load((d25.SERBIA / "system.yaml").read_text())
    fuels = {}
    for fuel in ("gas", "lignite"):
        price = float(rs_yaml["fuels"][fuel]["price_eur_per_mwh_th"])
        h = rs_src.loc[f"system.yaml:fuels.{fuel}.price_eur_per_mwh_th"]
        log.add(
            f"system.yaml:fuels.{fuel}.price_eur_per_mwh_th",
            price,
            "EUR/MWh_th",
            h["year"],
            h["source"],
            b16._join(h["note"], SERBIA_NOTE + "; one price for every zone"),
        )
        fuels[fuel] = {"price_eur_per_mwh_th": price}
    for fuel in ("coal", "oil", "biomass"):
        fuels[fuel] = {
            "price_eur_per_mwh_th": log.figure(
                figures,
                f"see2025.fuel.{fuel}.price",
                f"system.yaml:fuels.{fuel}.price_eur_per_mwh_th",
            )
        }
    fuels["nuclear"] = {
        "price_eur_per_mwh_th": log.figure(
            figures, "fuel.nuclear.price", "system.yaml:fuels.nuclear.price_eur_per_mwh_th"
        )
    }
    fuels["waste"] = {"price_eur_per_mwh_th": 0.0, "co2_t_per_mwh_th": 0.0}
    log.add(
        "system.yaml:fuels.waste.price_eur_per_mwh_th",
        0.0,
        "EUR/MWh_th",
        2025,
        "assumption",
        "waste incineration paid by gate fees",
    )
    b16.add_co2_factors(fuels, figures, log, 2025)
    # Zonal carbon (docs/input-format.md, carbon): EU zones and markets pay the EU ETS price of
    # the study year, the others none; CBAM is charged on flows into the EU from 2026.
    for year, price in ETS_PRICE_EUR_PER_T_BY_YEAR.items():
        log.add(
            f"system.yaml:carbon.ets_price_eur_per_t_by_year.{year}",
            price,
            "EUR/t",
            year,
            ETS_SOURCES[year],
            "EU ETS price path (powerpact.system.settings.ETS_PRICE_EUR_PER_T_BY_YEAR), "
            "interpolated to the study year; paid by plants in HU, RO, BG, HR, GR",
        )
    # serbia-2025's lignite mine limit binds Serbia's plants only (Kolubara and Kostolac feed
    # no other zone's plants).
    limit = float(rs_yaml["fuels"]["lignite"]["annual_limit_mwh_th"])
    h = rs_src.loc["system.yaml:fuels.lignite.annual_limit_mwh_th"]
    log.add(
        "system.yaml:fuels.lignite.annual_limit_mwh_th_by_zone.RS",
        limit,
        "MWh_th",
        h["year"],
        h["source"],
        b16._join(h["note"], SERBIA_NOTE + "; a limit of zone RS only, no other zone's lignite"),
    )
    fuels["lignite"]["annual_limit_mwh_th_by_zone"] = {"RS": limit}
    voll = log.figure(figures, "voll", "system.yaml:value_of_lost_load_eur_per_mwh")
    return {
        "name": NAME,
        "description": (
            "South-East Europe in 2025: Serbia without Kosovo (RS, the serbia-2025 fleet and "
            "demand), Kosovo (XK), HU, RO, BG, HR, BA, ME, MK, AL and GR as zones, with flat-"
            "priced edge markets AT, SK, UA, SI, IT and TR. Built by scripts/build_see_2025.py "
            "from serbia-2025, the public see-region pack (powerplantmatching 2024 fleet, 2016 "
            "weather-year shapes) and sourced figures; every number is in sources.csv; model "
            "against statistics in docs/see-2025.md."
        ),
        "zones": list(d25.ZONES),
        "markets": list(MARKETS),
        "year": 2025,
        "currency": "EUR",
        "timezone": "Europe/Belgrade",
        "value_of_lost_load_eur_per_mwh": voll,
        "carbon": {"ets_price_eur_per_t_by_year": dict(ETS_PRICE_EUR_PER_T_BY_YEAR)},
        # Weeks solved apart (benchmarks/dispatch_regional.md: about 8 times faster than the
        # whole-year LP, 1e-4 dearer), so every study of the region runs in minutes.
        "dispatch_horizon": "weeks",
        "fuels": fuels,
        "gas": rs_yaml["gas"],
    }


# serbia-2025's gas system, carried over file by file so that RS is gas-coupled exactly as there
# (and a later change to serbia-2025's gas data flows through on a rebuild). Zones without gas
# tables buy gas at the fuel price.
GAS_TABLES = (
    "gas_nodes.csv",
    "gas_pipelines.csv",
    "gas_entries.csv",
    "gas_contracts.csv",
    "gas_demand.csv",
    "gas_storage.csv",
)
GAS_SOURCE_PREFIXES = (*(f"{t}:" for t in GAS_TABLES), "system.yaml:gas.", "weather:")


def build_gas(p: dict, out: Path, log: b16.SourceLog) -> None:
    """Copy serbia-2025's gas tables as shipped and log their source rows."""
    for table in GAS_TABLES:
        (out / table).write_bytes((d25.SERBIA / table).read_bytes())
    gsrc = p["rs"]["sources"]
    for _, h in gsrc[gsrc["item"].str.startswith(GAS_SOURCE_PREFIXES)].iterrows():
        log.add(
            h["item"],
            h["value"],
            h["unit"],
            h["year"],
            h["source"],
            b16._join(h["note"], SERBIA_NOTE + "; gas system of zone RS only"),
        )


def derived_tables(gens, storage, hyd, totals) -> dict:
    keys = ["zone", "technology"]
    cap = gens.groupby(keys)["capacity_mw"].sum().round(1).reset_index()
    st = storage.assign(technology="pumped_hydro").groupby(keys)["power_mw"].sum().round(1)
    cap = pd.concat([cap, st.rename("capacity_mw").reset_index()]).sort_values(keys)
    cap["source"] = np.where(
        cap["zone"] == "RS",
        "serbia-2025 (scripts/serbia_default)",
        pv.PPM_REPO + " and figures.csv see2025.capacity.*",
    )
    hy = hyd.groupby("generator")["energy_mwh"].sum().rename("annual_mwh").reset_index()
    return {
        "see2025_capacity_by_zone_technology.csv": cap,
        "see2025_demand_totals.csv": totals,
        "see2025_hydro_annual_energy.csv": hy,
        "see2025_retired_before_2025.csv": d25.retired_before(),
    }


def write(out: Path = OUT) -> Path:
    figures = b16.read_figures()
    log = b16.SourceLog()
    p = plan(figures)
    out.mkdir(parents=True, exist_ok=True)
    system = build_system_yaml(p, figures, log)
    with (out / "system.yaml").open("w", encoding="utf-8") as fh:
        fh.write("# Built by scripts/build_see_2025.py; sources in sources.csv.\n")
        yaml.safe_dump(system, fh, sort_keys=False, allow_unicode=True, width=100)
    gens, prof, hyd, storage, _ = build_generators(p, figures, log)
    gens.to_csv(out / "generators.csv", index=False)
    st_cols = [*b16.STORAGE_COLS, "forced_outage_rate", "mttr_h"]
    storage.reindex(columns=st_cols).to_csv(out / "storage.csv", index=False)
    hyd.to_csv(out / "hydro_inflows.csv", index=False)
    build_interconnectors(figures, log).to_csv(out / "interconnectors.csv", index=False)
    demand, totals = build_demand(p, figures, log)
    demand.to_csv(out / "demand.csv")
    prof.to_csv(out / "profiles.csv")
    build_gas(p, out, log)
    build_market_prices(figures, log).to_csv(out / "market_prices.csv")
    pd.DataFrame(log.rows).to_csv(out / "sources.csv", index=False)
    for name, table in derived_tables(gens, storage, hyd, totals).items():
        table.to_csv(DERIVED / name, index=False)
    return out


__all__ = ["dv", "write"]
