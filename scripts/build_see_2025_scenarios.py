"""Write the partnership scenarios of the regional system ``see-2025`` from ``serbia-2025``'s.

Each scenario keeps the name, question and Serbian changes of the serbia-2025 file of the same
name (read here, so the two cannot drift); what the region changes is written into its
assumptions. ``az-green-corridor-2032`` is rebuilt as a path: an Azerbaijani source zone with wind
and solar, the Black Sea cable to Romania and Serbia's capacity right over it and the
Romania–Serbia border (``settings.paths``, docs/input-format.md). Corridor figures come from
``scripts/region/figures.csv`` (keys ``corridor.*``).

Run:  python scripts/build_see_2025_scenarios.py   (rewrites see-2025/scenarios byte for byte)
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from powerpact.system.settings import CBAM_EU_FACTOR_T_PER_MWH, ETS_PRICE_EUR_PER_T_BY_YEAR

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "powerpact" / "data"
SOURCE = DATA / "serbia-2025" / "scenarios"
TARGET = DATA / "see-2025" / "scenarios"
FIGURES = ROOT / "scripts" / "region" / "figures.csv"
HEADER = (
    "# Written by scripts/build_see_2025_scenarios.py from serbia-2025's scenario; do not edit.\n"
)

SERBIA = "RS"
CORRIDOR = "az-green-corridor-2032"
ELECTRIFICATION = "electrification-2032.csv"
AZ_PROFILES = "az-profiles-2032.csv"

# Appended to every scenario: how the region enters.
REGION = (
    "Regional system see-2025 (docs/see-2025.md): Serbia (RS, serbia-2025's fleet; its demand "
    "with network losses) "
    "among Kosovo, HU, RO, BG, HR, BA, ME, MK, AL and GR as zones with their own fleets, demand "
    "and borders, and edge markets AT, SK, UA, SI, IT, TR; Serbia's prices and trade come from "
    "the regional dispatch, not from assumed neighbour prices."
)
DEMAND_WITH_LOSSES = (
    "The growth factor applies to Serbia's demand only, and to see-2025's RS demand, which "
    "includes network losses (serbia-2025's consumption / (1 - 0.13), docs/see-2025.md): "
    "Serbian demand totals quoted above from serbia-2025 are end-consumer consumption, about "
    "13 % below this scenario's."
)
LIGNITE_LIMIT = (
    "serbia-2025's annual lignite (mine) limit applies to Serbia's plants only "
    "(fuels.lignite.annual_limit_mwh_th_by_zone.RS): the other zones' lignite has no limit, as in "
    "see-2025."
)
NEIGHBOURS_2032 = (
    "Neighbours in 2032: Greece's lignite is closed (below); otherwise the neighbours keep their "
    "2025 fleets and demand (UNSOURCED for 2032: no other sourced closure, commissioning or "
    "demand forecast of HU, RO, BG, HR, BA, ME, MK, AL or Kosovo was applied, and Greece's "
    "replacement capacity is not added); EU zones pay the EU ETS path's 2032 price (its 2030 "
    "outlook, EUR 160/t, held flat) and CBAM is charged on flows into the EU: the 2032 region is "
    "today's region with Serbia's 2032 changes, Greece without lignite and the 2032 carbon prices."
)
# Closed in every 2032 scenario (they all build on demand-2032).
CLOSED_BY_2032 = {"gr-lignite": "Greece"}
GREEK_LIGNITE = (
    "Greece's lignite (see-2025's gr-lignite, 3,332 MW) is closed: Greece's National Energy and "
    "Climate Plan provides for a full lignite phase-out by 2028, and PPC aims to stop its "
    "lignite plants by 2026 (PPC, 'Decarbonisation', https://www.ppcgroup.com/en/environment/"
    "decarbonisation, read 2026). What replaces it (the plan's solar, wind and gas) is not added "
    "(UNSOURCED here), so Greece's 2032 supply is understated and its imports overstated."
)


def figures() -> dict[str, float]:
    with open(FIGURES, encoding="utf-8") as fh:
        return {row["key"]: float(row["value"]) for row in csv.DictReader(fh) if row["value"]}


def read(name: str) -> dict[str, Any]:
    with open(SOURCE / f"{name}.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def regional(spec: dict[str, Any]) -> dict[str, Any]:
    """serbia-2025's scenario with its Serbian changes scoped to RS on the regional system."""
    out = copy.deepcopy(spec)
    notes = [REGION]
    demand = out.get("demand", {})
    if isinstance(demand.get("scale"), float | int):
        # A bare factor would scale every zone of the region; the scenario means Serbia's.
        demand["scale"] = {SERBIA: demand["scale"]}
        notes.append(DEMAND_WITH_LOSSES)
    fuels = out.get("settings", {}).get("fuels", {})
    for fuel in fuels.values():
        # A system-wide limit would bind every zone's plants of the fuel; it is Serbia's mines'.
        if "annual_limit_mwh_th" in fuel:
            fuel["annual_limit_mwh_th_by_zone"] = {SERBIA: fuel.pop("annual_limit_mwh_th")}
            notes.append(LIGNITE_LIMIT)
    if not out.get("settings"):
        out.pop("settings", None)
    if (out.get("settings") or {}).get("year", 0) >= 2032 or "2032" in out["name"]:
        notes.append(NEIGHBOURS_2032)
    if out.get("base") == ".." and (out.get("settings") or {}).get("year", 0) >= 2032:
        removed = out.setdefault("remove", {}).setdefault("generators", [])
        removed += list(CLOSED_BY_2032)
        notes.append(GREEK_LIGNITE)
    out["assumptions"] = [*out.get("assumptions", []), *notes]
    return out


def corridor(spec: dict[str, Any], fig: dict[str, float]) -> dict[str, Any]:
    """The green corridor as a path: AZ source zone, Black Sea cable, Serbia's capacity right."""
    cable_mw = fig["corridor.cable.capacity"]
    export_mw = fig["corridor.az.export_potential"]
    # Masdar–SOCAR 1 GW mix (figures.csv corridor.az.masdar_socar_1gw): 445 + 315 MW PV, 240 MW
    # wind; the export fleet is assumed to have the same mix.
    solar_share = (445 + 315) / 1000
    solar_mw, wind_mw = round(export_mw * solar_share), round(export_mw * (1 - solar_share))
    access_mw = 500.0
    # serbia-2025's delivered price: about 40 EUR/MWh generation + 39 EUR/MWh cable (both
    # assumptions there); the RO–RS hurdle and the cable's hurdle add the transit.
    offer = 79.0
    out = regional({k: v for k, v in spec.items() if k not in ("add", "assumptions")})
    out["description"] = (
        "The 2032 system after the coal closures (coal-exit-2032) with Azerbaijan's green "
        "corridor: Azerbaijani wind and solar exported over the Black Sea HVDC cable to Romania "
        f"({cable_mw:,.0f} MW, planned 2032) and on to Serbia over the Romania–Serbia border, "
        f"Serbia holding a {access_mw:,.0f} MW capacity right on both: the alternative to "
        "nis-ccgt-2032 for the same gap."
    )
    regional_notes = out["assumptions"]
    out["assumptions"] = [
        "Demand, closures and Serbian changes as in coal-exit-2032.",
        f"Azerbaijan targets 8 GW of wind and solar by 2032 (MENAFN, 20 Jan 2026; figures.csv "
        f"corridor.az.res_target_2032). The zone AZ holds only the share assumed dedicated to "
        f"export: {export_mw:,.0f} MW, the export potential President Aliyev stated in Belgrade "
        "(Today.az, 17 Feb 2026; corridor.az.export_potential), used as the 2032 export fleet "
        "(assumption, UNSOURCED as a 2032 figure).",
        f"Export fleet mix as the Masdar–SOCAR 1 GW projects (760 MW PV, 240 MW wind; "
        f"Environment+Energy Leader, 1 Jun 2024): {solar_mw:,} MW solar and {wind_mw:,} MW wind.",
        "Azerbaijan's own demand and the rest of its system are not modelled: the export plants "
        "serve exports only (zone AZ has no demand); surplus beyond the cable is curtailed, and "
        "nothing in Azerbaijan firms them.",
        "Hourly shapes: no public Azerbaijani wind or solar series was found (UNSOURCED): AZ "
        "solar is Greece's 2016 solar shape (same latitude, about 40 N) moved two hours earlier "
        "for Baku's longitude (49.9 E against about 22 E), AZ wind is Romania's 2016 wind shape "
        f"(Black Sea coast), both from see-2025's profiles.csv; written to {AZ_PROFILES}.",
        f"Black Sea HVDC cable Georgia–Romania, {cable_mw:,.0f} MW, 525 kV, planned 2032 "
        "(Report.az, 23 Jan 2026; corridor.cable.capacity), modelled as one link AZ–RO (the "
        "Azerbaijan–Georgia onshore leg is assumed not to limit it, UNSOURCED). Forced outage "
        "rate 3 % with 720 h mean repair time (assumption, UNSOURCED, as in serbia-2025).",
        f"Serbia's access: a capacity right of {access_mw:,.0f} MW over AZ→RO→RS "
        "(settings.paths.az-rs-corridor; same size as the Niš plant so the two options compare "
        "like for like, about 38 % of the cable). It is taken out of the cable and of the "
        "RO→RS border (1,300 MW), which keep the rest for other trade; no border upgrade was "
        "sourced. Set capacity_mw to 0 for no Serbian access.",
        f"Offer price of the AZ export plants {offer:.0f} EUR/MWh: serbia-2025's delivered "
        "price of 85 EUR/MWh less its 5 EUR/MWh transit share (about 40 generation + 39 cable, "
        "assumptions there); the cable and the RO–RS border add see-2025's 2 EUR/MWh hurdle "
        "each. Serbia pays AZ's zonal price for what the path delivers.",
        "CBAM: the AZ export plants are wind and solar only, so AZ's emission factor is 0 "
        "(settings.carbon.cbam.default_factor_t_per_mwh.AZ): Regulation (EU) 2023/956, Annex IV "
        "point 5, lets imported electricity declare its actual embedded emissions when it is "
        "bought under a power purchase agreement from an identified installation with the "
        "interconnection capacity firmly nominated, as a contracted corridor would be. With the "
        f"built-in fallback factor ({CBAM_EU_FACTOR_T_PER_MWH:g} t/MWh) the corridor's energy "
        f"would pay EUR {CBAM_EU_FACTOR_T_PER_MWH * max(ETS_PRICE_EUR_PER_T_BY_YEAR.values()):.0f}"
        "/MWh of CBAM at the 2032 ETS price on entering Romania.",
        *regional_notes,
    ]
    out["add_zones"] = ["AZ"]
    out["add_profiles_csv"] = AZ_PROFILES
    out["settings"] = {
        **out.get("settings", {}),
        "paths": {"az-rs-corridor": {"zones": ["AZ", "RO", SERBIA], "capacity_mw": access_mw}},
        "carbon": {"cbam": {"default_factor_t_per_mwh": {"AZ": 0.0}}},
    }
    plant = {"zone": "AZ", "units": 1, "marginal_cost_eur_per_mwh": offer}
    out["add"] = {
        "generators": [
            {"name": "az-solar", **plant, "technology": "solar", "capacity_mw": float(solar_mw)}
            | {"profile": "AZ_solar"},
            {"name": "az-wind", **plant, "technology": "wind", "capacity_mw": float(wind_mw)}
            | {"profile": "AZ_wind"},
        ],
        "interconnectors": [
            {
                "name": "az-ro-black-sea",
                "from_zone": "AZ",
                "to_zone": "RO",
                "capacity_mw": cable_mw,
                "capacity_reverse_mw": cable_mw,
                "hurdle_cost_eur_per_mwh": 2.0,
                "forced_outage_rate": 0.03,
                "mttr_h": 720.0,
            }
        ],
    }
    return out


def az_profiles() -> pd.DataFrame:
    profiles = pd.read_csv(DATA / "see-2025" / "profiles.csv")
    return pd.DataFrame(
        {
            "timestamp": profiles["timestamp"],
            "AZ_wind": profiles["RO_wind"],
            "AZ_solar": np.roll(profiles["GR_solar"].to_numpy(), -2),
        }
    )


def _yaml(data: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def render() -> dict[str, str]:
    """File name → text of every file of see-2025/scenarios."""
    fig = figures()
    files = {}
    for source in sorted(SOURCE.glob("*.yaml")):
        spec = read(source.stem)
        files[source.name] = _yaml(
            corridor(spec, fig) if source.stem == CORRIDOR else regional(spec)
        )
    files[ELECTRIFICATION] = (SOURCE / ELECTRIFICATION).read_text(encoding="utf-8")
    files[AZ_PROFILES] = az_profiles().to_csv(index=False, lineterminator="\n")
    return files


def main() -> None:
    TARGET.mkdir(exist_ok=True)
    for name, text in render().items():
        with open(TARGET / name, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
