"""Write ``src/powerpact/data/backcast-2016`` from the derived inputs and ``figures.csv``.

One builder function per output file. Every number written is logged with its source in
``sources.csv`` (item, value, unit, year, source, note); assumptions say so, gaps say UNSOURCED.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from region import derive as dv
from region import provenance as pv

HERE = Path(__file__).resolve().parent
FIGURES = HERE / "figures.csv"
DERIVED = HERE / "derived"
OUT = pv.REPO / "src" / "powerpact" / "data" / "backcast-2016"

EU_ZONES = {"HU", "RO", "BG", "HR", "GR"}  # in the EU ETS in 2016

MARKETS = {  # edge market -> model zone it touches, figures.csv NTC key
    "AT": [("HU", "ntc.HU-AT")],
    "SK": [("HU", "ntc.HU-SK")],
    "UA": [("HU", "ntc.HU-UA")],
    "SI": [("HR", None)],  # Balkans 2015 HR-SI
    "IT": [("GR", "ntc.GR-IT")],
    "TR": [("BG", "ntc.BG-TR"), ("GR", "ntc.GR-TR")],
}
GAP_BORDERS = {  # zone borders the Balkans set writes as 0 ("not modelled")
    ("BG", "RO"): "ntc.BG-RO",
    ("HU", "RO"): "ntc.HU-RO",
    ("BG", "GR"): "ntc.BG-GR",
}


STORAGE_COLS = [  # storage.csv (the 2025 build adds outage columns)
    "name",
    "zone",
    "power_mw",
    "energy_mwh",
    "charge_power_mw",
    "round_trip_efficiency",
    "initial_soc_fraction",
    "technology",
]


@dataclass
class SourceLog:
    rows: list[dict] = field(default_factory=list)

    def add(self, item: str, value, unit: str, year, source: str, note: str = "") -> None:
        self.rows.append(
            {
                "item": item,
                "value": value,
                "unit": unit,
                "year": year,
                "source": source,
                "note": note,
            }
        )

    def figure(self, figures: pd.DataFrame, key: str, item: str, note: str = "") -> float:
        row = figures.loc[key]
        self.add(
            item, row["value"], row["unit"], row["year"], row["source"], _join(row["note"], note)
        )
        return float(row["value"])


def _join(*parts) -> str:
    return "; ".join(str(p) for p in parts if isinstance(p, str) and p)


def read_figures() -> pd.DataFrame:
    return pd.read_csv(FIGURES, index_col="key")


# ---------------------------------------------------------------------------------------------
# Builders, one per output file
# ---------------------------------------------------------------------------------------------
def build_demand(demand: pd.DataFrame, totals: pd.DataFrame, log: SourceLog) -> pd.DataFrame:
    out = demand.round(1)
    out.index = out.index.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.index.name = "timestamp"
    for _, r in totals.iterrows():
        log.add(
            f"demand.csv:{r['zone']}",
            round(float(out[r["zone"]].sum()), 1),
            "MWh/yr",
            r["year"],
            r["source"],
            r["note"] + f"; peak {r['peak_mw']:.0f} MW",
        )
    return out


def build_profiles(profiles: pd.DataFrame, sources: pd.Series, log: SourceLog) -> pd.DataFrame:
    """Profiles rounded and stamped, each column's mean logged (weather year 2016; also the
    2025 build's, whose shapes are 2016 weather)."""
    out = profiles.round(4)
    out.index = out.index.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.index.name = "timestamp"
    for col in out.columns:
        log.add(
            f"profiles.csv:{col}", round(float(out[col].mean()), 4), "mean 0-1", 2016, sources[col]
        )
    return out


def build_generators(gens: pd.DataFrame, figures: pd.DataFrame, log: SourceLog) -> pd.DataFrame:
    cols = [
        "name",
        "zone",
        "technology",
        "capacity_mw",
        "units",
        "fuel",
        "efficiency",
        "min_stable_mw",
        "profile",
    ]
    out = gens.reindex(columns=cols).copy()
    out["capacity_mw"] = out["capacity_mw"].round(1)
    out["efficiency"] = out["efficiency"].round(4)
    out["min_stable_mw"] = out["min_stable_mw"].round(1)
    out["min_stable_mw"] = out["min_stable_mw"].where(out["min_stable_mw"] > 0)
    for _, r in out.iterrows():
        src = gens.loc[gens["name"] == r["name"], "source"].iloc[0]
        log.add(f"generators.csv:{r['name']}:capacity_mw", r["capacity_mw"], "MW", 2016, src)
        log.add(
            f"generators.csv:{r['name']}:units",
            r["units"],
            "count",
            2016,
            src,
            "rows of the source list (clusters: Nunits)",
        )
        if r["fuel"] == "nuclear":
            log.figure(figures, "fuel.nuclear.efficiency", f"generators.csv:{r['name']}:efficiency")
            log.add(
                f"generators.csv:{r['name']}:min_stable_mw",
                r["min_stable_mw"],
                "MW",
                2016,
                src,
                "PartLoadMin x capacity: nuclear must-run (no unit commitment for other plants)",
            )
        elif pd.notna(r["efficiency"]):
            log.add(
                f"generators.csv:{r['name']}:efficiency",
                r["efficiency"],
                "MWh_e/MWh_th",
                2016,
                src,
                "capacity-weighted over the units of the cluster",
            )
    return out


def build_hydro_inflows(
    monthly: pd.DataFrame, sources: pd.Series, log: SourceLog, year: int = 2016
) -> pd.DataFrame:
    """Monthly energy rows per generator (index: generator, columns: month), logged for
    ``year``. Also the 2025 build's."""
    rows = []
    for gen, energy in monthly.iterrows():
        for month, mwh in energy.items():
            rows.append({"generator": gen, "month": int(month), "energy_mwh": round(float(mwh))})
        log.add(
            f"hydro_inflows.csv:{gen}",
            round(float(energy.sum())),
            "MWh/yr",
            year,
            sources[gen],
            "monthly energy = inflow; no draw-down of the reservoir across months",
        )
    return pd.DataFrame(rows)


def build_storage(storage: pd.DataFrame, figures: pd.DataFrame, log: SourceLog) -> pd.DataFrame:
    out = storage.copy()
    hours = figures.loc["storage.hours.pumped", "value"]
    eu_rte = round(0.8 * 0.8, 4)
    for i, r in out.iterrows():
        if pd.isna(r.get("energy_mwh")):
            out.loc[i, "energy_mwh"] = r["power_mw"] * hours
            log.figure(
                figures,
                "storage.hours.pumped",
                f"storage.csv:{r['name']}:energy_mwh",
                f"{r['power_mw'] * hours:.0f} MWh",
            )
            out.loc[i, "round_trip_efficiency"] = eu_rte
            log.add(
                f"storage.csv:{r['name']}:round_trip_efficiency",
                eu_rte,
                "0-1",
                2016,
                pv.eu(f"PowerPlants/{r['zone'] if r['zone'] != 'GR' else 'EL'}/clustered.csv"),
                "HPHS Efficiency 0.8 x STOChargingEfficiency 0.8",
            )
        else:
            log.add(
                f"storage.csv:{r['name']}:energy_mwh",
                r["energy_mwh"],
                "MWh",
                2015,
                r["source"],
                "STOCapacity",
            )
            log.add(
                f"storage.csv:{r['name']}:round_trip_efficiency",
                r["round_trip_efficiency"],
                "0-1",
                2015,
                r["source"],
                "Efficiency x STOChargingEfficiency",
            )
        log.add(f"storage.csv:{r['name']}:power_mw", r["power_mw"], "MW", 2016, r["source"])
    for _, r in out.iterrows():
        if pd.isna(r["charge_power_mw"]):
            log.add(
                f"storage.csv:{r['name']}:charge_power_mw",
                r["power_mw"],
                "MW",
                2016,
                "assumption",
                "no pumping capacity in the source: equal to the turbine power",
            )
        else:
            log.add(
                f"storage.csv:{r['name']}:charge_power_mw",
                r["charge_power_mw"],
                "MW",
                2015,
                r["source"],
                "STOMaxChargingPower",
            )
        log.add(
            f"storage.csv:{r['name']}:initial_soc_fraction",
            0.5,
            "0-1",
            2016,
            "assumption",
            "half full at the start and, cyclically, at the end of the year (format default)",
        )
    out["charge_power_mw"] = out["charge_power_mw"].fillna(out["power_mw"])
    out["initial_soc_fraction"] = 0.5
    out["technology"] = "pumped_hydro"
    return out[STORAGE_COLS]


def _backcast_border_note(columns: list[str]) -> str:
    """Note on a zone-to-zone border of the 2016 backcast, where Kosovo is part of Serbia."""
    note = "constant 2015 columns " + ", ".join(columns)
    if "XK" in " ".join(columns):
        note += "; Kosovo's border added to Serbia's (XK is inside RS)"
    return note


def build_interconnectors(
    ntc: pd.DataFrame,
    figures: pd.DataFrame,
    log: SourceLog,
    zones: Iterable[str] = dv.ZONES,
    border_note: Callable[[list[str]], str] = _backcast_border_note,
) -> pd.DataFrame:
    """Borders between ``zones`` from the 2015 Balkans NTC columns, the GAP_BORDERS from
    figures.csv and the MARKETS edges. Shared by the 2016 backcast and the 2025 build, which
    differ only in their zones and in the note on a zone-to-zone border (``border_note``, given
    the NTC columns summed into it)."""
    zones = set(zones)
    hurdle = log.figure(figures, "hurdle", "interconnectors.csv:*:hurdle_cost_eur_per_mwh")
    pair: dict[tuple[str, str], dict[str, float]] = {}
    cols: dict[tuple[str, str], list[str]] = {}
    for _, r in ntc.iterrows():
        a, b = r["from"], r["to"]
        if a not in zones and b not in zones:
            continue
        key = tuple(sorted((a, b)))
        d = pair.setdefault(key, {"fwd": 0.0, "rev": 0.0})
        d["fwd" if a == key[0] else "rev"] += r["mw"]
        cols.setdefault(key, []).append(f"{r['column']} {r['mw']:.0f}")
    rows = []
    bsrc = pv.balkans("DayAheadNTC/1h/NTC_2015.csv")
    for (a, b), d in sorted(pair.items()):
        if a not in zones or b not in zones:
            continue  # edges handled below
        if (a, b) in GAP_BORDERS or d["fwd"] + d["rev"] == 0:
            continue
        name = f"{a.lower()}-{b.lower()}"
        rows.append(
            {
                "name": name,
                "from_zone": a,
                "to_zone": b,
                "capacity_mw": d["fwd"],
                "capacity_reverse_mw": d["rev"],
            }
        )
        note = border_note(cols[(a, b)])
        log.add(f"interconnectors.csv:{name}:capacity_mw", d["fwd"], "MW", 2015, bsrc, note)
        log.add(f"interconnectors.csv:{name}:capacity_reverse_mw", d["rev"], "MW", 2015, bsrc, note)
    for (a, b), key in GAP_BORDERS.items():
        name = f"{a.lower()}-{b.lower()}"
        mw = log.figure(figures, key, f"interconnectors.csv:{name}:capacity_mw")
        log.figure(figures, key, f"interconnectors.csv:{name}:capacity_reverse_mw")
        rows.append(
            {
                "name": name,
                "from_zone": a,
                "to_zone": b,
                "capacity_mw": mw,
                "capacity_reverse_mw": mw,
            }
        )
    for market, links in MARKETS.items():
        for zone, key in links:
            name = f"{zone.lower()}-{market.lower()}"
            if key is None:
                d = pair[tuple(sorted((zone, market)))]
                fwd, rev = (d["fwd"], d["rev"]) if zone < market else (d["rev"], d["fwd"])
                note = "constant 2015 columns " + ", ".join(cols[tuple(sorted((zone, market)))])
                log.add(f"interconnectors.csv:{name}:capacity_mw", fwd, "MW", 2015, bsrc, note)
                log.add(
                    f"interconnectors.csv:{name}:capacity_reverse_mw", rev, "MW", 2015, bsrc, note
                )
            else:
                fwd = rev = log.figure(figures, key, f"interconnectors.csv:{name}:capacity_mw")
                log.figure(figures, key, f"interconnectors.csv:{name}:capacity_reverse_mw")
            rows.append(
                {
                    "name": name,
                    "from_zone": zone,
                    "to_zone": market,
                    "capacity_mw": fwd,
                    "capacity_reverse_mw": rev,
                }
            )
    out = pd.DataFrame(rows)
    out["hurdle_cost_eur_per_mwh"] = hurdle
    return out


def build_market_prices(figures: pd.DataFrame, log: SourceLog) -> pd.DataFrame:
    data = {}
    for market in MARKETS:
        data[market] = log.figure(figures, f"price.{market}", f"market_prices.csv:{market}")
    out = pd.DataFrame(data, index=dv.HOURS.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out.index.name = "timestamp"
    return out


def add_co2_factors(fuels: dict, figures: pd.DataFrame, log: SourceLog, year: int) -> None:
    """CO2 factors of the fossil fuels (figures.csv) and zero for biomass and nuclear, logged for
    `year`. Also the 2025 build's."""
    for fuel in ("gas", "lignite", "coal", "oil"):
        fuels[fuel]["co2_t_per_mwh_th"] = log.figure(
            figures, f"co2.factor.{fuel}", f"system.yaml:fuels.{fuel}.co2_t_per_mwh_th"
        )
    fuels["biomass"]["co2_t_per_mwh_th"] = 0.0
    fuels["nuclear"]["co2_t_per_mwh_th"] = 0.0
    log.add(
        "system.yaml:fuels.biomass.co2_t_per_mwh_th",
        0.0,
        "t/MWh_th",
        year,
        "convention",
        "biomass counted CO2-neutral, as in the EU ETS",
    )


def build_system_yaml(figures: pd.DataFrame, fuel_2015: pd.DataFrame, log: SourceLog) -> dict:
    fuels = {}
    for fuel in ("gas", "coal", "oil", "biomass"):
        base = float(fuel_2015.loc[fuel, "price"])
        if fuel == "biomass":
            price = round(base, 2)
            note = (
                "mean of the hourly 2015 series (unit not stated; Dispa-SET uses EUR/MWh of "
                "fuel); no 2016 index found, the 2015 level is used for 2016"
            )
        else:
            i15 = float(figures.loc[f"fuel.index.{fuel}.2015", "value"])
            i16 = float(figures.loc[f"fuel.index.{fuel}.2016", "value"])
            price = round(base * i16 / i15, 2)
            note = (
                f"2015 mean of the hourly series ({base:.2f}) x 2016/2015 ratio of the BP price "
                f"index ({i16} / {i15}, figures.csv fuel.index.{fuel}.*); ratio in USD, the "
                "exchange-rate change between the two years is ignored"
            )
        fuels[fuel] = {"price_eur_per_mwh_th": price}
        log.add(
            f"system.yaml:fuels.{fuel}.price_eur_per_mwh_th",
            price,
            "EUR/MWh_th",
            2016 if fuel != "biomass" else 2015,
            fuel_2015.loc[fuel, "source"],
            note,
        )
    fuels["lignite"] = {
        "price_eur_per_mwh_th": log.figure(
            figures, "fuel.lignite.price", "system.yaml:fuels.lignite.price_eur_per_mwh_th"
        )
    }
    fuels["nuclear"] = {
        "price_eur_per_mwh_th": log.figure(
            figures, "fuel.nuclear.price", "system.yaml:fuels.nuclear.price_eur_per_mwh_th"
        )
    }
    fuels["waste"] = {"price_eur_per_mwh_th": 0.0, "co2_t_per_mwh_th": 0.0}
    add_co2_factors(fuels, figures, log, 2016)
    # EU ETS: only the EU zones paid for CO2 in 2016; the others (RS, BA, ME, MK, AL) paid none,
    # the default of carbon.non_eu_price_eur_per_t. CBAM did not exist.
    carbon = {
        "eu_members": sorted(EU_ZONES),
        "ets_price_eur_per_t_by_year": {
            2016: log.figure(
                figures, "co2.price", "system.yaml:carbon.ets_price_eur_per_t_by_year.2016"
            )
        },
        "cbam": {"enabled": False},
    }
    voll = log.figure(figures, "voll", "system.yaml:value_of_lost_load_eur_per_mwh")
    return {
        "name": "backcast-2016",
        "description": (
            "Regional backcast of 2016: Serbia (with Kosovo, then in the Serbian control area) and "
            "its neighbours HU, RO, BG, HR, BA, ME, MK, AL and GR (Greece; EL in the source data) "
            "as explicit zones, with flat-priced edge markets AT, SK, UA, SI, IT and TR. Built by "
            "scripts/build_backcast_2016.py from public Dispa-SET and powerplantmatching data; "
            "every number is in sources.csv; comparison with 2016 statistics in docs/backcast.md."
        ),
        "zones": list(dv.ZONES),
        "markets": list(MARKETS),
        "year": 2016,
        "currency": "EUR",
        "timezone": "Europe/Belgrade",
        "value_of_lost_load_eur_per_mwh": voll,
        "carbon": carbon,
        "fuels": fuels,
        # Dispa-SET prices fuel per MWh of the energy its units' efficiencies count and costs a
        # unit as price / efficiency: one basis, kept as it is (no gross-over-net uplift on gas).
        "gas": {"plant_efficiency_basis": "gross"},
    }


def _sources(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Distinct source strings per group, joined with ' | '."""
    return frame.groupby(keys)["source"].agg(lambda s: " | ".join(dict.fromkeys(s)))


def derived_tables(
    gens: pd.DataFrame,
    totals: pd.DataFrame,
    storage: pd.DataFrame,
    monthly: pd.DataFrame,
    monthly_src: pd.Series,
    ntc: pd.DataFrame,
) -> dict:
    """Small derived figures kept beside the build, each row with its source (repository, commit,
    file, licence). The tests check the system folder against them."""
    keys = ["zone", "technology"]
    cap = gens.groupby(keys)["capacity_mw"].sum().round(1).to_frame()
    cap["source"] = _sources(gens, keys)
    st = storage.assign(technology="pumped_hydro")
    stc = st.groupby(keys)["power_mw"].sum().round(1).rename("capacity_mw").to_frame()
    stc["source"] = _sources(st, keys)
    cap = pd.concat([cap, stc]).reset_index().sort_values(keys)
    hydro = monthly.round(0).astype(int)
    hydro.columns = [f"month_{m:02d}_mwh" for m in hydro.columns]
    hydro["source"] = monthly_src.reindex(hydro.index)
    hydro.index.name = "generator"
    ntc = ntc.assign(source=pv.balkans("DayAheadNTC/1h/NTC_2015.csv"))
    return {
        "capacity_by_zone_technology.csv": cap,
        "demand_totals.csv": totals.assign(
            energy_twh=totals["energy_twh"].round(4), peak_mw=totals["peak_mw"].round(1)
        ),
        "hydro_monthly_energy.csv": hydro.reset_index(),
        "ntc_2015_by_direction.csv": ntc,
    }


def write(out: Path = OUT) -> Path:
    figures = read_figures()
    log = SourceLog()
    demand, totals = dv.demand()
    p = dv.plants()
    out.mkdir(parents=True, exist_ok=True)
    DERIVED.mkdir(exist_ok=True)

    system = build_system_yaml(figures, dv.fuel_prices_2015(), log)
    with (out / "system.yaml").open("w", encoding="utf-8") as fh:
        fh.write("# Built by scripts/build_backcast_2016.py; sources in sources.csv.\n")
        yaml.safe_dump(system, fh, sort_keys=False, allow_unicode=True, width=100)
    build_generators(p["generators"], figures, log).to_csv(out / "generators.csv", index=False)
    build_storage(p["storage"], figures, log).to_csv(out / "storage.csv", index=False)
    build_hydro_inflows(p["hydro_monthly"], p["hydro_monthly_sources"], log).to_csv(
        out / "hydro_inflows.csv", index=False
    )
    build_interconnectors(dv.ntc_2015(), figures, log).to_csv(
        out / "interconnectors.csv", index=False
    )
    build_demand(demand, totals, log).to_csv(out / "demand.csv")
    build_profiles(p["profiles"], p["profile_sources"], log).to_csv(out / "profiles.csv")
    build_market_prices(figures, log).to_csv(out / "market_prices.csv")
    pd.DataFrame(log.rows).to_csv(out / "sources.csv", index=False)

    tables = derived_tables(
        p["generators"],
        totals,
        p["storage"],
        p["hydro_monthly"],
        p["hydro_monthly_sources"],
        dv.ntc_2015(),
    )
    for name, table in tables.items():
        table.to_csv(DERIVED / name, index=False)
    return out


__all__ = ["np", "write"]
