"""``technology_costs.csv``: investment and running costs of new plant, for the appraisal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .common import YEAR, hicp_factor, write_csv
from .figures import Figures

PRICE_BASE = f"EUR{YEAR}"
ROUNDED_TO_CENTS = [
    "overnight_capex_eur_per_kw",
    "fixed_om_eur_per_kw_yr",
    "variable_om_eur_per_mwh",
]
# Danish Energy Agency catalogue sheets of the gas technologies.
DEA_SHEETS = {"ccgt": "05", "ocgt": "52"}
GAS_NOTE_TAIL = {
    "ccgt": " construction_yr and forced_outage_rate are assumptions (typical 3 years; 3-7 % for "
    "gas turbines, to verify)",
    "ocgt": " construction_yr and forced_outage_rate are assumptions",
}


def gas_technology(figures: Figures, tech: str) -> dict[str, Any]:
    """A gas technology from the DEA catalogue (via PyPSA technology-data), EUR2015 -> EUR2025."""
    f = figures
    factor = hicp_factor(f)
    capex_eur2015 = f.value(f"technology.{tech}.overnight_capex_eur2015_per_kw")
    fom_share = f.value(f"technology.{tech}.fixed_om_share_of_capex")
    vom_eur2015 = f.value(f"technology.{tech}.variable_om_eur2015_per_mwh")
    fom_label = "FOM {:.2f} %/yr of capex" if tech == "ccgt" else "FOM {:.2f} %/yr"
    note = (
        f"EUR2015 {capex_eur2015:,}/kW, {fom_label.format(fom_share * 100)}, VOM "
        f"{vom_eur2015:.2f}/MWh (DEA sheet {DEA_SHEETS[tech]})." + GAS_NOTE_TAIL[tech]
    )
    return {
        "technology": tech,
        "overnight_capex_eur_per_kw": capex_eur2015 * factor,
        "fixed_om_eur_per_kw_yr": capex_eur2015 * fom_share * factor,
        "variable_om_eur_per_mwh": vom_eur2015 * factor,
        "efficiency": f.value(f"technology.{tech}.efficiency"),
        "lifetime_yr": f.value(f"technology.{tech}.lifetime_yr"),
        "construction_yr": f.value(f"technology.{tech}.construction_yr"),
        "forced_outage_rate": f.value(f"technology.{tech}.forced_outage_rate"),
        "source": (
            "PyPSA technology-data costs_2025.csv (commit 634cdc1a), Danish Energy Agency "
            "technology catalogue; EUR2015 inflated to EUR2025 with euro-area HICP factor "
            f"{factor:.4f} (2016-2025 annual averages)"
        ),
        "year": YEAR,
        "note": note,
    }


def lignite_technology(figures: Figures) -> dict[str, Any]:
    """Lignite for comparison: Kostolac B3's cost (with its mine), inflated 2023 -> 2025."""
    f = figures
    capex_usd = f.value("technology.lignite.kostolac_b3_capex_usd")
    capacity_kw = f.value("generators.kostolac-b3.capacity_mw") * 1e3
    capex = capex_usd * f.value("technology.lignite.eur_per_usd") / capacity_kw  # EUR2023/kW
    for year in (2024, 2025):
        capex *= 1 + f.value(f"hicp.inflation_{year}_pct") / 100
    fom_share = f.value("technology.lignite.fixed_om_share_of_capex")
    vom_eur2015 = f.value("technology.lignite.variable_om_eur2015_per_mwh")
    return {
        "technology": "lignite",
        "overnight_capex_eur_per_kw": capex,
        "fixed_om_eur_per_kw_yr": capex * fom_share,
        "variable_om_eur_per_mwh": vom_eur2015 * hicp_factor(f),
        "efficiency": f.value("generators.kostolac-b3.efficiency"),
        "lifetime_yr": f.value("technology.lignite.lifetime_yr"),
        "construction_yr": f.value("technology.lignite.construction_yr"),
        "forced_outage_rate": f.value("technology.lignite.forced_outage_rate"),
        "source": "Kostolac B3: USD 715.6 m for the 350 MW unit plus the Drmno mine "
        "expansion (electricity.trade ~2024), net efficiency 37.3 % (BGEN); FOM "
        "1.31 %/yr and VOM EUR2015 4.10/MWh from PyPSA technology-data; FOR from "
        "OF_2015 fleet Oct-Mar mean",
        "year": YEAR,
        "note": "for comparison only. Capex converted at 0.925 EUR/USD (2023 average, "
        "assumption) and inflated 2023->2025 by HICP (2.4 %, 2.1 %); includes the mine "
        "expansion, so it overstates the plant alone. PyPSA's EUR 4,812/kW (Lazard "
        "range incl. CCS) is not used. Lifetime 40 yr and construction 8 yr "
        "(B3: 2014 contract to 2023 handover) are assumptions",
    }


def build_technology_costs(figures: Figures, path: Path) -> pd.DataFrame:
    """Write ``technology_costs.csv`` (CCGT, OCGT and lignite for comparison)."""
    rows = [gas_technology(figures, "ccgt"), gas_technology(figures, "ocgt")]
    costs = pd.DataFrame([*rows, lignite_technology(figures)])
    for column in ROUNDED_TO_CENTS:
        costs[column] = costs[column].round(2)
    costs.insert(1, "price_base", PRICE_BASE)
    write_csv(costs, path)
    return costs
