"""The figures behind operating reserves, planned maintenance and heat-led CHP, and the default
reserve requirement of Serbia. Written by scripts/build_operations_data.py from
scripts/operations/figures.csv, where each figure's source, year and licence are (UNSOURCED ones
are marked there and in the `sourced` column)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pandas as pd

from powerpact.system.errors import InputError
from powerpact.system.model import System
from powerpact.system.variant import variant

OPERATIONS = Path(__file__).resolve().parents[1] / "data" / "derived" / "operations.csv"


@cache
def figures() -> pd.DataFrame:
    return pd.read_csv(OPERATIONS, dtype=str, keep_default_na=False).set_index("item")


def figure(item: str) -> float:
    return float(figures().at[item, "value"])


def figure_list(item: str) -> list[float]:
    return [float(v) for v in figures().at[item, "value"].split(",")]


def serbia_reserves_mw() -> tuple[float, float]:
    """Upward and downward reserve of Serbia (zone RS), MW. Up: Serbia's share of Continental
    Europe's 3000 MW of FCR plus FRR for its dimensioning incident (a 620 MW TENT B unit, which
    includes the 160 MW of aFRR). Down: FCR plus aFRR (downward mFRR not found)."""
    fcr_mw = figure("fcr_continental_europe_total") * figure("fcr_share_rs")
    up_mw = fcr_mw + figure("frr_dimensioning_incident_rs")
    down_mw = fcr_mw + figure("afrr_rs") + figure("mfrr_down_rs")
    return up_mw, down_mw


def with_reserves(
    system: System, requirements: Mapping[str, tuple[float, float]] | None = None
) -> System:
    """`system` holding operating reserves: `requirements` maps a zone to its (upward,
    downward) MW; None gives Serbia's (zone RS) from `serbia_reserves_mw`. A zone that already has
    a row is overwritten."""
    if requirements is None:
        if "RS" not in system.settings.zones:
            raise InputError(
                f"reserves of {system.name}", "the default requirement is Serbia's: no zone RS"
            )
        requirements = {"RS": serbia_reserves_mw()}
    cost = figure("reserve_shortfall_cost")
    rows = {
        zone: {"upward_mw": up, "downward_mw": down, "shortfall_cost_eur_per_mwh": cost}
        for zone, (up, down) in requirements.items()
    }
    existing = set(system.reserves.index)
    overlay = {
        "add": {"reserves": [{"zone": z, **r} for z, r in rows.items() if z not in existing]},
        "modify": {"reserves": {z: r for z, r in rows.items() if z in existing}},
    }
    return variant(system, overlay, origin=f"reserves of {system.name}")
