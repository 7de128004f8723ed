"""The scenario files in ``scenarios/``: one builder per file, and their rows of sources.csv."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import YEAR, ZONE, Context, eur2025, hicp_factor, write_csv, write_yaml
from .gas import entry_capacity_mcm_per_day, peak_day_figure, storage_figure

SCENARIO_YEAR = 2032
NIS_TECHNOLOGIES = {"nis-ccgt": "ccgt", "nis-ocgt": "ocgt"}
# Units EPS's plan closes 2030-2034 (Vučić, 25 Jan 2026), all assumed closed by 2032.
CLOSURES = ["tent-a1", "tent-a2", "kostolac-a1", "kostolac-a2", "kolubara-a5", "kolubara-a1-a4"]
GAS_ROUTE_OUTAGE_START = f"{YEAR}-01-10"  # the coldest weeks of the synthetic gas-demand year


def build_baseline(ctx: Context, gens: pd.DataFrame, hydro_gwh: float) -> None:
    """``baseline-2025.yaml``: the system as built."""
    f = ctx.figures
    capacity = gens.groupby("technology")["capacity_mw"].sum()
    write_yaml(
        ctx.scenarios / "baseline-2025.yaml",
        {
            "name": "baseline-2025",
            "base": "..",
            "description": "Serbia's 2025 power and gas system as built, with no changes.",
            "assumptions": [
                f"Demand {f.value('demand.annual_energy_mwh') / 1e6:.1f} TWh (2024 level, AERS "
                f"2024 report), hydro {hydro_gwh / 1e3:.1f} TWh (2024), wind "
                f"{capacity['wind']:.0f} MW, solar {capacity['solar']:.0f} MW, lignite "
                f"{capacity['lignite']:,.0f} MW (sources.csv).",
                f"No domestic CO2 price; EU ETS {f.value('appraisal.eu_ets_price_2025'):.0f} EUR/t "
                "(2025) is used only for CBAM in the appraisal.",
            ],
        },
    )


def nis_generator(ctx: Context, name: str) -> dict[str, Any]:
    """The Niš plant as a generator row: combined cycle or open cycle."""
    f = ctx.figures
    tech = NIS_TECHNOLOGIES[name]
    return {
        "name": name,
        "zone": ZONE,
        "technology": "gas",
        "fuel": "gas",
        "capacity_mw": f.value("scenarios.nis.capacity_mw"),
        "units": f.value(f"scenarios.{name}.units"),
        "efficiency": f.value(f"technology.{tech}.efficiency"),
        "variable_om_eur_per_mwh": eur2025(f, f"technology.{tech}.variable_om_eur2015_per_mwh"),
        "forced_outage_rate": f.value(f"technology.{tech}.forced_outage_rate"),
        "mttr_h": f.value("generators.gas.mttr_h"),
    }


def nis_gas_mcm_per_day(ctx: Context, plant: dict[str, Any]) -> float:
    """Gas the plant burns in a day at full output: its efficiency is net, so the net calorific
    value converts (as GasSettings.plant_mwh_per_mcm does in the engines)."""
    f = ctx.figures
    ncv_mwh_per_mcm = f.value("system.gas.energy_mwh_per_mcm") * f.value("system.gas.ncv_per_gcv")
    return plant["capacity_mw"] / plant["efficiency"] * 24 / ncv_mwh_per_mcm


def nis_peak_day_setting(ctx: Context, plant: dict[str, Any]) -> dict[str, Any]:
    peak_mcm = float(peak_day_figure(ctx).number)
    return {"gas": {"peak_day_demand_mcm": round(peak_mcm + nis_gas_mcm_per_day(ctx, plant), 2)}}


def nis_peak_day_assumption(ctx: Context, plant: dict[str, Any]) -> str:
    peak_mcm = float(peak_day_figure(ctx).number)
    gas_mcm = nis_gas_mcm_per_day(ctx, plant)
    return (
        f"N-1 peak day D_max (1-in-20) raised from {peak_mcm:.2f} to "
        f"{peak_mcm + gas_mcm:.2f} mcm/d: "
        f"the plant at full output burns {gas_mcm:.2f} mcm/d."
    )


def socar_contract_change(ctx: Context) -> dict[str, Any]:
    annual_max_mcm = ctx.figures.value("scenarios.nis.socar_annual_max_mcm")
    return {"socar-srbijagas": {"annual_max_mcm": annual_max_mcm}}


def nis_common_assumptions(ctx: Context) -> list[str]:
    """Assumptions shared by the Niš scenarios."""
    f = ctx.figures
    ibs_mcm_per_day = entry_capacity_mcm_per_day(ctx, "ibs-dimitrovgrad")
    outage_pct = f.value("technology.ccgt.forced_outage_rate") * 100
    return [
        "Site near Krušce, Niš; EPS + Srbijagas + SOCAR; agreement of 15 Feb 2026; target "
        "2029; about EUR 600 m (serbia-facts.md §4).",
        "Reports differ between 500 MWe and 350 MWe + 150 MWth; this scenario assumes 500 MW "
        "electric. Scale generators.nis-*.capacity_mw to test 350 MW.",
        "SOCAR–Srbijagas contract raised from "
        f"{f.value('gas_contracts.socar-srbijagas.annual_max_mcm'):,.0f} to "
        f"{f.value('scenarios.nis.socar_annual_max_mcm'):,.0f} mcm/yr: Azerbaijan's foreign "
        "minister's stated aim of up to 1 bcm/yr (News.az, 2 Sep 2024). It still flows through "
        f"IBS ({ibs_mcm_per_day} mcm/d = {ibs_mcm_per_day * 365 / 1000:.1f} bcm/yr), which is "
        "unchanged.",
        "Gas price of the plant = the system's gas fuel price (TTF 2025 proxy "
        f"{f.value('system.fuels.gas.price_eur_per_mwh_th'):.0f} EUR/MWh); the SOCAR price is "
        "not published.",
        f"Forced outage rate {outage_pct:.0f} % (typical 3–7 % for gas turbines, to verify "
        "against ERAA/GADS).",
    ]


def build_nis_ccgt(ctx: Context) -> None:
    """``nis-ccgt.yaml``: a 500 MW combined-cycle plant near Niš on Azerbaijani gas."""
    plant = nis_generator(ctx, "nis-ccgt")
    write_yaml(
        ctx.scenarios / "nis-ccgt.yaml",
        {
            "name": "nis-ccgt",
            "base": "..",
            "description": "A 500 MW combined-cycle gas plant near Niš, fuelled by Azerbaijani gas "
            "via the Southern Gas Corridor and the Bulgaria–Serbia interconnector (IBS), with the "
            "SOCAR contract enlarged toward 1 bcm/yr.",
            "assumptions": [
                *nis_common_assumptions(ctx),
                f"Efficiency {plant['efficiency']} and variable O&M "
                f"{plant['variable_om_eur_per_mwh']} EUR/MWh (EUR2025): DEA catalogue via PyPSA "
                f"technology-data costs_2025 (CCGT {plant['efficiency']}, EUR2015 "
                f"{ctx.figures.value('technology.ccgt.variable_om_eur2015_per_mwh')} × HICP "
                f"{hicp_factor(ctx.figures):.3f}).",
                nis_peak_day_assumption(ctx, plant),
            ],
            "settings": nis_peak_day_setting(ctx, plant),
            "add": {"generators": [plant]},
            "modify": {"gas_contracts": socar_contract_change(ctx)},
        },
    )


def build_nis_ocgt(ctx: Context) -> None:
    """``nis-ocgt.yaml``: the open-cycle alternative at the same site."""
    plant = nis_generator(ctx, "nis-ocgt")
    unit_mw = plant["capacity_mw"] / plant["units"]
    write_yaml(
        ctx.scenarios / "nis-ocgt.yaml",
        {
            "name": "nis-ocgt",
            "base": "..",
            "description": "The open-cycle alternative: 500 MW of gas turbines near Niš (cheaper, "
            "faster, less efficient), with the same enlarged SOCAR contract.",
            "assumptions": [
                *nis_common_assumptions(ctx),
                f"Two {unit_mw:.0f} MW units; efficiency {plant['efficiency']} and variable O&M "
                f"{plant['variable_om_eur_per_mwh']} EUR/MWh (EUR2025): DEA catalogue via PyPSA "
                f"technology-data costs_2025 (OCGT {plant['efficiency']}, EUR2015 "
                f"{ctx.figures.value('technology.ocgt.variable_om_eur2015_per_mwh')} × HICP "
                f"{hicp_factor(ctx.figures):.3f}).",
                nis_peak_day_assumption(ctx, plant),
            ],
            "settings": nis_peak_day_setting(ctx, plant),
            "add": {"generators": [plant]},
            "modify": {"gas_contracts": socar_contract_change(ctx)},
        },
    )


def electrification_profile_mw(ctx: Context) -> np.ndarray:
    """Extra hourly load of heat pumps (winter, morning/evening) and EVs (evening charging).

    A stated shape, not data: the hours are UTC (Belgrade is UTC+1/+2).
    """
    month = ctx.hours.month.to_numpy()
    hour = ctx.hours.hour.to_numpy()
    heat_season = np.array([1.0, 0.9, 0.6, 0.3, 0.05, 0, 0, 0, 0.05, 0.3, 0.6, 0.9])[month - 1]
    heat_diurnal = 1.0 + 0.3 * np.isin(hour, [4, 5, 6, 7, 15, 16, 17, 18])
    heat = heat_season * heat_diurnal
    ev = 0.4 + 1.0 * np.isin(hour, [16, 17, 18, 19, 20, 21]) + 0.3 * np.isin(hour, [22, 23, 0])
    heat_share = ctx.figures.value("scenarios.demand-2032.heat_pump_share")
    shape = heat_share * heat / heat.sum() + (1 - heat_share) * ev / ev.sum()
    return shape * ctx.figures.value("scenarios.demand-2032.electrification_twh") * 1e6


def build_electrification_csv(ctx: Context) -> np.ndarray:
    """``electrification-2032.csv``: the added hourly load of demand-2032."""
    extra_mw = electrification_profile_mw(ctx)
    frame = pd.DataFrame({"timestamp": ctx.timestamps, ZONE: np.round(extra_mw, 1)})
    write_csv(frame, ctx.scenarios / "electrification-2032.csv")
    return extra_mw


def demand_2032_assumptions(
    ctx: Context, trend: float, total_2032_mwh: float, demand_2024_mwh: float
) -> list[str]:
    f = ctx.figures
    trend_per_year = f.value("scenarios.demand-2032.trend_per_year")
    data_centres_mw = f.value("scenarios.demand-2032.data_centres_mw")
    electrification_twh = f.value("scenarios.demand-2032.electrification_twh")
    heat_share = f.value("scenarios.demand-2032.heat_pump_share")
    return [
        f"Trend growth {trend_per_year:.0%}/yr 2025–2032 (× {trend}): EMS's 2017 plan had about "
        "0.9 %/yr (medium), 2024 grew 2.7 %; EPS's 2026 plan assumed no growth. UNSOURCED: no "
        "current official forecast to 2032 was found.",
        f"Data centres {data_centres_mw:.0f} MW of flat load "
        f"({data_centres_mw * 8.76 / 1000:.2f} TWh/yr): two 100 MW campuses, each about 2 % of "
        "annual consumption (NIN, ~2026). UNSOURCED: no national data-centre projection exists.",
        f"Electrification +{electrification_twh} TWh/yr (heat pumps {heat_share * 100:.0f} %, "
        f"winter-weighted; electric vehicles {(1 - heat_share) * 100:.0f} %, evening charging), "
        "shape in "
        "electrification-2032.csv. Assumption, UNSOURCED.",
        f"Resulting demand about {total_2032_mwh / 1e6:.1f} TWh in 2032 versus "
        f"{demand_2024_mwh / 1e6:.1f} TWh in 2024.",
        "Fleet kept as in 2025 (no new renewables, no closures) to isolate the demand effect; "
        "the weather year and timestamps stay those of the 2025 default.",
    ]


def build_demand_2032(ctx: Context, demand_mw: np.ndarray, extra_mw: np.ndarray) -> None:
    """``demand-2032.yaml``: trend growth, flat data-centre load and electrification."""
    f = ctx.figures
    trend_per_year = f.value("scenarios.demand-2032.trend_per_year")
    trend = round((1 + trend_per_year) ** (SCENARIO_YEAR - YEAR), 4)
    data_centres_mw = f.value("scenarios.demand-2032.data_centres_mw")
    total_2032_mwh = demand_mw.sum() * trend + data_centres_mw * 8760 + extra_mw.sum()
    demand_2024_mwh = f.value("demand.annual_energy_mwh")
    write_yaml(
        ctx.scenarios / "demand-2032.yaml",
        {
            "name": "demand-2032",
            "base": "..",
            "description": "Serbian demand in 2032: trend growth plus data centres and "
            "electrification, on today's fleet.",
            "assumptions": demand_2032_assumptions(ctx, trend, total_2032_mwh, demand_2024_mwh),
            "settings": {"year": SCENARIO_YEAR},
            "demand": {
                "scale": trend,
                "add_mw": {ZONE: data_centres_mw},
                "add_profile_csv": "electrification-2032.csv",
            },
        },
    )


def build_az_green_corridor(ctx: Context) -> None:
    """``az-green-corridor-2032.yaml``: firm Azerbaijani renewable import after the closures."""
    f = ctx.figures
    key = "scenarios.az-green-corridor-2032"
    capacity_mw = f.value(f"{key}.capacity_mw")
    price = f.value(f"{key}.price_eur_per_mwh")
    outage_rate = f.value(f"{key}.forced_outage_rate")
    repair_h = f.value(f"{key}.mttr_h")
    write_yaml(
        ctx.scenarios / "az-green-corridor-2032.yaml",
        {
            "name": "az-green-corridor-2032",
            "base": "coal-exit-2032.yaml",
            "description": "The 2032 system after the coal closures (coal-exit-2032) with a firm "
            "import of Azerbaijani renewable electricity over the Caspian–Black Sea–Europe green "
            "corridor (Black Sea HVDC, 1,300 MW, planned 2032), modelled as a firm 500 MW supply "
            "contract delivered to Serbia: the alternative to nis-ccgt-2032 for the same gap.",
            "assumptions": [
                "Demand, closures and mine limit as in coal-exit-2032.",
                "Azerbaijan's export potential is about 2 GW today (Aliyev, Feb 2026), with "
                "8 GW of "
                "wind and solar targeted by 2032; the Black Sea HVDC cable (Georgia–Romania, "
                "1,300 MW, 525 kV) is planned for 2032 (Report.az, 23 Jan 2026).",
                f"Serbia contracts {capacity_mw:.0f} MW firm (assumption: same size as the Niš "
                "plant, so the two options compare like for like; about 38 % of the cable).",
                f"Delivered price {price:.0f} EUR/MWh (assumption): about 40 EUR/MWh generation "
                "in Azerbaijan (below Serbia's 2024 auction results of 50.9 solar / 53.5 wind) + "
                "about 39 EUR/MWh for the cable (EUR 3.5 bn, 8 %/30 yr annuity, 70 % utilisation "
                "of 1,300 MW) + about 5 EUR/MWh transit and losses through Romania.",
                "Firm means shaped and backed by Azerbaijan's system; the remaining risk is the "
                f"subsea link: forced outage rate {outage_rate * 100:.0f} % with {repair_h} h mean "
                "repair time (assumption).",
                "Transit capacity through Romania to Serbia is assumed to be added with the "
                "corridor, so the RS–RO border capacity is not reduced.",
            ],
            "add": {
                "generators": [
                    {
                        "name": "az-green-import",
                        "zone": ZONE,
                        "technology": "other",
                        "capacity_mw": capacity_mw,
                        "units": 1,
                        "marginal_cost_eur_per_mwh": price,
                        "forced_outage_rate": outage_rate,
                        "mttr_h": repair_h,
                    }
                ]
            },
        },
    )


def _day(date: pd.Timestamp) -> str:
    """'10 January': English month names whatever the locale."""
    return f"{date.day} {date.month_name()}"


def gas_route_outage_assumptions(ctx: Context, start: pd.Timestamp, end: pd.Timestamp) -> list[str]:
    f = ctx.figures
    domestic_mcm_per_day = f.value("gas_entries.domestic-production.annual_mcm") / 365
    return [
        "Balkan Stream (Gastrans) carries almost all of Serbia's Russian gas (Russian "
        "contract more than 80 % of needs, Dec 2025), so it is the single largest "
        "infrastructure (Im) of the N-1 formula.",
        "What remains: IBS "
        f"{entry_capacity_mcm_per_day(ctx, 'ibs-dimitrovgrad')} mcm/d (SOCAR "
        f"{f.value('gas_contracts.socar-srbijagas.annual_max_mcm'):.0f} mcm/yr contract plus "
        "spot), Horgoš reverse "
        f"{entry_capacity_mcm_per_day(ctx, 'horgos-reverse'):.0f} mcm/d (Serbia's gas stored "
        f"in Hungary, drawn at that rate in 2022/23), domestic production "
        f"{domestic_mcm_per_day:.2f} mcm/d, Banatski Dvor withdrawal "
        f"{storage_figure(ctx, 'withdrawal_mcm_per_day'):.0f} mcm/d (original specification).",
        f"{_day(start)}–{_day(end)} covers the coldest weeks of the synthetic gas-demand year.",
    ]


def build_gas_route_outage(ctx: Context) -> None:
    """``gas-route-outage.yaml``: the largest entry route lost for a month in winter."""
    days = ctx.figures.value("scenarios.gas-route-outage.days")
    start = pd.Timestamp(GAS_ROUTE_OUTAGE_START)
    end = start + pd.Timedelta(days=days - 1)
    write_yaml(
        ctx.scenarios / "gas-route-outage.yaml",
        {
            "name": "gas-route-outage",
            "base": "..",
            "description": "Loss of the largest gas entry route, Balkan Stream/TurkStream at "
            f"Zaječar, for {days} winter days from {_day(start)}.",
            "assumptions": gas_route_outage_assumptions(ctx, start, end),
            "outages": [
                {
                    "component": "balkan-stream-zajecar",
                    "start": GAS_ROUTE_OUTAGE_START,
                    "days": days,
                }
            ],
        },
    )


def coal_exit_limit_mwh_th(gens: pd.DataFrame, lignite_limit_mwh_th: float) -> tuple[float, float]:
    """Capacity closed and the mine limit left after the closures.

    The mines deliver to the plants they feed: with a fifth of the units gone, keeping 2024 mine
    output would force it through fewer units and make closing plants look cheaper.
    """
    closed_mw = float(gens.set_index("name").loc[CLOSURES, "capacity_mw"].sum())
    lignite_mw = float(gens.loc[gens["fuel"] == "lignite", "capacity_mw"].sum())
    return closed_mw, round(lignite_limit_mwh_th * (1 - closed_mw / lignite_mw), -3)


def build_coal_exit(ctx: Context, closed_mw: float, limit_mwh_th: float, base_limit: float) -> None:
    """``coal-exit-2032.yaml``: 2032 demand after the oldest lignite units close."""
    write_yaml(
        ctx.scenarios / "coal-exit-2032.yaml",
        {
            "name": "coal-exit-2032",
            "base": "demand-2032.yaml",
            "description": "2032 demand after the announced closure of the oldest lignite units "
            f"(TENT A1–A2, Kostolac A, Kolubara A: {closed_mw:,.0f} MW), with nothing built "
            "in their place: the gap the Niš plant is meant to fill.",
            "assumptions": [
                "President Vučić said on 25 Jan 2026 that EPS's decarbonisation plan closes TENT "
                "A1, A2, Kostolac (A) and TE Kolubara between 2030 and 2034 (naslovi.net / "
                "Euronews Srbija). This stress case assumes all are closed by 2032.",
                "Demand as in demand-2032. The lignite mine limit falls in proportion to the "
                f"capacity closed, to {limit_mwh_th / 1e6:.1f} TWh_th (assumption: the mines "
                f"supply the units they feed; 2024 output was {base_limit / 1e6:.1f} TWh_th).",
            ],
            "settings": {"fuels": {"lignite": {"annual_limit_mwh_th": limit_mwh_th}}},
            "remove": {"generators": CLOSURES},
        },
    )


def build_nis_ccgt_2032(ctx: Context) -> None:
    """``nis-ccgt-2032.yaml``: the Niš CCGT filling the coal-exit gap."""
    plant = nis_generator(ctx, "nis-ccgt")
    write_yaml(
        ctx.scenarios / "nis-ccgt-2032.yaml",
        {
            "name": "nis-ccgt-2032",
            "base": "coal-exit-2032.yaml",
            "description": "The 500 MW Niš combined-cycle plant in 2032, after the coal closures "
            "of coal-exit-2032, with the SOCAR contract enlarged toward 1 bcm/yr.",
            "assumptions": [
                *nis_common_assumptions(ctx),
                "Plant data and contract as in nis-ccgt; closures and demand as in coal-exit-2032.",
            ],
            "settings": nis_peak_day_setting(ctx, plant),
            "add": {"generators": [plant]},
            "modify": {"gas_contracts": socar_contract_change(ctx)},
        },
    )


def log_scenario_figures(ctx: Context, closed_mw: float, limit_mwh_th: float) -> None:
    """Sources rows of the scenarios' numbers, after the files (the order of sources.csv)."""
    f, log = ctx.figures, ctx.log
    coal_exit = "scenarios.coal-exit-2032"
    log.add(
        "scenarios:coal-exit-2032:lignite_limit_mwh_th",
        f[f"{coal_exit}.lignite_limit_mwh_th"].derive(limit_mwh_th),
    )
    log.add("scenarios:coal-exit-2032:closed_mw", f[f"{coal_exit}.closed_mw"].derive(closed_mw))
    for item in ("trend_per_year", "data_centres_mw", "electrification_twh"):
        log.add(f"scenarios:demand-2032:{item}", f[f"scenarios.demand-2032.{item}"])
    az = "scenarios.az-green-corridor-2032"
    log.add("scenarios:az-green-corridor-2032:capacity_mw", f[f"{az}.capacity_mw"])
    log.add("scenarios:az-green-corridor-2032:price", f[f"{az}.price_eur_per_mwh"])
    log.add("scenarios:nis-*:socar_annual_max_mcm", f["scenarios.nis.socar_annual_max_mcm"])
    log.add("scenarios:nis-*:capacity_mw", f["scenarios.nis.capacity_mw"])


def build_scenarios(
    ctx: Context,
    demand_mw: np.ndarray,
    gens: pd.DataFrame,
    hydro_gwh: float,
    lignite_limit_mwh_th: float,
) -> None:
    """Write every scenario file, then log the scenarios' figures."""
    ctx.scenarios.mkdir(exist_ok=True)
    build_baseline(ctx, gens, hydro_gwh)
    build_nis_ccgt(ctx)
    build_nis_ocgt(ctx)
    build_demand_2032(ctx, demand_mw, build_electrification_csv(ctx))
    build_az_green_corridor(ctx)
    build_gas_route_outage(ctx)
    closed_mw, exit_limit = coal_exit_limit_mwh_th(gens, lignite_limit_mwh_th)
    build_coal_exit(ctx, closed_mw, exit_limit, lignite_limit_mwh_th)
    build_nis_ccgt_2032(ctx)
    log_scenario_figures(ctx, closed_mw, exit_limit)
