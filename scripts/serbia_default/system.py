"""``system.yaml``: settings, fuels, markets and the gas N-1 inputs; and the calibration rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .common import YEAR, ZONE, Context, hicp_factor, write_yaml
from .figures import Figures
from .gas import peak_day_figure

HEADER = "# Built by scripts/build_serbia_default.py; sources in sources.csv.\n"
DESCRIPTION = (
    "Serbia's power and gas system in 2025 (one zone, RS) with four neighbouring "
    "markets (HU, RO, BG and an aggregated Western Balkans market WB). Built by "
    "scripts/build_serbia_default.py from published totals and public shape data; "
    "every number is in sources.csv, the method in docs/default-data.md."
)


def generation_2024_mwh(figures: Figures, share_key: str) -> float:
    """A technology's 2024 generation: its share of the 2024 total."""
    return figures.value(share_key) * (figures.value("generation.total_2024_gwh") * 1e3)


def log_calibration(ctx: Context) -> None:
    """Sources rows of 2024 outputs the default is checked against (not written elsewhere)."""
    f, log = ctx.figures, ctx.log
    log.add(
        "calibration:lignite_generation_2024",
        f["calibration.lignite_generation_2024_mwh"].derive(
            round(generation_2024_mwh(f, "generation.coal_share_2024"))
        ),
    )
    log.add(
        "calibration:chp_generation_2024",
        f["calibration.chp_generation_2024_mwh"].derive(
            round(generation_2024_mwh(f, "generation.chp_share_2024"))
        ),
    )
    log.add("calibration:pumped_storage_national_mw", f["calibration.pumped_storage_national_mw"])


def lignite_fuel_limit_mwh_th(ctx: Context, gens: pd.DataFrame) -> float:
    """Lignite the mines supplied in 2024: coal-fired output over the fleet's efficiency.

    Serbian lignite plants burn what the Kolubara and Drmno mines deliver; the mines, not the
    plants, set coal output.
    """
    lignite = gens[gens["fuel"] == "lignite"]
    fleet_efficiency = float(
        (lignite["capacity_mw"] * lignite["efficiency"]).sum() / lignite["capacity_mw"].sum()
    )
    coal_mwh = generation_2024_mwh(ctx.figures, "generation.coal_share_2024")
    limit = round(coal_mwh / fleet_efficiency, -3)
    ctx.log.add(
        "system.yaml:fuels.lignite.annual_limit_mwh_th",
        ctx.figures["system.fuels.lignite.annual_limit_mwh_th"].derive(
            limit, fleet_efficiency=fleet_efficiency
        ),
    )
    return limit


def build_system(
    ctx: Context, gens: pd.DataFrame, import_availability: dict[str, float]
) -> dict[str, Any]:
    """Write ``system.yaml``; return its settings."""
    f, log = ctx.figures, ctx.log

    def setting(key: str) -> float:
        return log.add(f"system.yaml:{key}", f[f"system.{key}"])

    gas_price = setting("fuels.gas.price_eur_per_mwh_th")
    gas_co2 = setting("fuels.gas.co2_t_per_mwh_th")
    lignite_price = setting("fuels.lignite.price_eur_per_mwh_th")
    lignite_limit = lignite_fuel_limit_mwh_th(ctx, gens)
    lignite_co2 = setting("fuels.lignite.co2_t_per_mwh_th")
    co2_price = setting("co2_price_eur_per_t")
    # The EU ETS price enters the appraisal (CBAM on exports), not the dispatch.
    log.add("appraisal:eu_ets_price_2025", f["appraisal.eu_ets_price_2025"])
    log.add("appraisal:eu_ets_price_2024", f["appraisal.eu_ets_price_2024"])
    value_of_lost_load = setting("value_of_lost_load_eur_per_mwh")
    reliability_standard = setting("reliability_standard_lole_hours")
    energy_mwh_per_mcm = setting("gas.energy_mwh_per_mcm")
    ncv_per_gcv = f["system.gas.ncv_per_gcv"]
    ncv_mwh_per_mcm = log.add(
        "system.yaml:gas.ncv_mwh_per_mcm",
        ncv_per_gcv.derive(round(energy_mwh_per_mcm * ncv_per_gcv.number, 1), unit="MWh/mcm"),
    )
    contract_swing = setting("gas.contract_swing")
    peak_day_mcm = log.add("system.yaml:gas.peak_day_demand_mcm", peak_day_figure(ctx))
    observed_peak_mcm = setting("gas.observed_peak_day_mcm")
    demand_side_mcm_per_day = setting("gas.demand_side_measures_mcm_per_day")
    system = {
        "name": "serbia-2025",
        "description": DESCRIPTION,
        "zones": [ZONE],
        "markets": {m: {"import_availability": v} for m, v in import_availability.items()},
        "year": YEAR,
        "currency": "EUR",
        "timezone": "Europe/Belgrade",
        "value_of_lost_load_eur_per_mwh": value_of_lost_load,
        "reliability_standard_lole_hours": reliability_standard,
        "co2_price_eur_per_t": co2_price,
        "fuels": {
            "gas": {"price_eur_per_mwh_th": gas_price, "co2_t_per_mwh_th": gas_co2},
            "lignite": {
                "price_eur_per_mwh_th": lignite_price,
                "co2_t_per_mwh_th": lignite_co2,
                "annual_limit_mwh_th": lignite_limit,
            },
        },
        "gas": {
            "fuel": "gas",
            "energy_mwh_per_mcm": energy_mwh_per_mcm,
            "ncv_mwh_per_mcm": ncv_mwh_per_mcm,
            # The plants' efficiencies (PP_2015, DEA technology data) are on the net basis.
            "plant_efficiency_basis": "net",
            "contract_swing": contract_swing,
            # 1-in-20, anchored on Srbijagas's expected peak (scripts/gas_peak_day.py); the
            # observed peak stays for N-1's at_observed_peak figures.
            "peak_day_demand_mcm": peak_day_mcm,
            "peak_day_basis": "1-in-20",
            "observed_peak_day_mcm": observed_peak_mcm,
            "demand_side_measures_mcm_per_day": demand_side_mcm_per_day,
        },
    }
    write_yaml(ctx.out / "system.yaml", system, header=HEADER)
    return system


def log_price_base(ctx: Context) -> None:
    """Sources row of the EUR2015 -> EUR2025 factor used by VOM and technology costs."""
    ctx.log.add(
        "technology_costs:hicp_2015_to_2025",
        ctx.figures["hicp.factor_2015_to_2025"].derive(round(hicp_factor(ctx.figures), 4)),
    )
