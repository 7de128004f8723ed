"""The N-1 infrastructure standard of Regulation (EU) 2017/1938, Annex II."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powerpact.gas.common import (
    check_gas_demand,
    observed_peak_day_mcm,
    peak_day_demand_mcm,
    settings_where,
)
from powerpact.system import InputError, System
from powerpact.system.figures import Figures

SYSTEM_ROW = "system"
TERMS = ["EPm", "Pm", "Sm", "LNGm", "Im", "Dmax", "Deff"]
ENTRY_TERM = {"pipeline": "EPm", "production": "Pm", "lng": "LNGm"}


@dataclass(frozen=True)
class NMinus1Figures(Figures):
    """N-1 of the whole system (the "system" row), mcm/day and %."""

    n_minus_1_percent: float
    n_minus_1_demand_side_percent: float
    largest_infrastructure: str
    largest_infrastructure_kind: str
    EPm_mcm_per_day: float
    Pm_mcm_per_day: float
    Sm_mcm_per_day: float
    LNGm_mcm_per_day: float
    Im_mcm_per_day: float
    Dmax_mcm_per_day: float
    Deff_mcm_per_day: float
    dmax_from: str
    # N-1 with D_max at the observed peak day (None when none is known): the sensitivity to
    # D_max's basis when D_max is a 1-in-20 value, N-1 itself when D_max is the observed peak.
    n_minus_1_at_observed_peak_percent: float | None


@dataclass(frozen=True)
class NMinus1:
    """N-1 terms and result per zone and for the whole system (row "system"), all in mcm/day.

    Columns: EPm, Pm, Sm, LNGm, Im, Dmax, Deff, largest_infrastructure, largest_kind,
    n_minus_1_percent, n_minus_1_demand_side_percent, dmax_from,
    n_minus_1_at_observed_peak_percent (NaN without an observed peak).
    """

    system: str
    terms: pd.DataFrame

    @property
    def percent(self) -> float:
        return float(self.terms.at[SYSTEM_ROW, "n_minus_1_percent"])

    def figures(self) -> NMinus1Figures:
        row = self.terms.loc[SYSTEM_ROW]
        return NMinus1Figures(
            n_minus_1_percent=float(row["n_minus_1_percent"]),
            n_minus_1_demand_side_percent=float(row["n_minus_1_demand_side_percent"]),
            largest_infrastructure=str(row["largest_infrastructure"]),
            largest_infrastructure_kind=str(row["largest_kind"]),
            **{f"{term}_mcm_per_day": float(row[term]) for term in TERMS},
            dmax_from=str(row["dmax_from"]),
            n_minus_1_at_observed_peak_percent=_or_none(row["n_minus_1_at_observed_peak_percent"]),
        )

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()


def _infrastructures(system: System, zones: list[str]) -> pd.DataFrame:
    """Every single infrastructure that supplies the area: entry points and storage sites."""
    entries = system.gas_entries[system.gas_entries["zone"].isin(zones)]
    storage = system.gas_storage[system.gas_storage["zone"].isin(zones)]
    return pd.concat(
        [
            pd.DataFrame(
                {"kind": entries["kind"], "capacity_mcm_per_day": entries["capacity_mcm_per_day"]}
            ),
            pd.DataFrame(
                {"kind": "storage", "capacity_mcm_per_day": storage["withdrawal_mcm_per_day"]}
            ),
        ]
    )


def _largest(infra: pd.DataFrame) -> tuple[str, str, float]:
    """Name, kind and capacity of the largest infrastructure; ties go to the first name."""
    if infra.empty:
        return "", "", 0.0
    capacity, name, kind = min(
        (-float(cap), str(name), str(kind))
        for name, kind, cap in zip(
            infra.index, infra["kind"], infra["capacity_mcm_per_day"], strict=True
        )
    )
    return name, kind, -capacity


def _or_none(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


def _percent(numerator: float, denominator: float) -> float:
    return 100.0 * numerator / denominator if denominator > 0 else float(np.inf)


def _area(system: System, zones: list[str], zone: str | None, deff_total: float) -> dict:
    infra = _infrastructures(system, zones)
    by_kind = infra.groupby("kind")["capacity_mcm_per_day"].sum()
    row: dict[str, object] = {
        term: float(by_kind.get(kind, 0.0)) for kind, term in ENTRY_TERM.items()
    }
    row["Sm"] = float(by_kind.get("storage", 0.0))
    name, kind, im = _largest(infra)
    dmax, dmax_from = peak_day_demand_mcm(system, zone)
    system_dmax, _ = peak_day_demand_mcm(system)
    # D_eff is one system-wide setting; a zone gets its share of D_max.
    deff = deff_total * (dmax / system_dmax if system_dmax > 0 else 0.0)
    supply = row["EPm"] + row["Pm"] + row["Sm"] + row["LNGm"] - im  # type: ignore[operator]
    observed = observed_peak_day_mcm(system, zone)
    row.update(
        Im=im,
        Dmax=dmax,
        Deff=deff,
        largest_infrastructure=name,
        largest_kind=kind,
        n_minus_1_percent=_percent(supply, dmax),
        n_minus_1_demand_side_percent=_percent(supply, dmax - deff),
        dmax_from=dmax_from,
        n_minus_1_at_observed_peak_percent=(
            np.nan if observed is None else _percent(supply, observed)
        ),
    )
    return row


def n_minus_1(system: System) -> NMinus1:
    """N-1 [%] = (EPm + Pm + Sm + LNGm − Im) / Dmax × 100, and the variant over (Dmax − Deff).

    A structural indicator: technical capacities only, scenario outages and contracts ignored.
    """
    check_gas_demand(system)
    system_dmax, _ = peak_day_demand_mcm(system)
    deff = system.settings.gas.demand_side_measures_mcm_per_day
    where = settings_where(system)
    if system_dmax <= 0:
        raise InputError(
            where,
            "D_max is zero (no gas demand and no gas plants): give gas.peak_day_demand_mcm",
            field="gas.peak_day_demand_mcm",
        )
    if deff >= system_dmax:
        raise InputError(
            where,
            f"demand-side measures {deff:g} mcm/day must be below D_max {system_dmax:.4g} mcm/day",
            field="gas.demand_side_measures_mcm_per_day",
        )
    zones = list(system.settings.zones)
    rows = {zone: _area(system, [zone], zone, deff) for zone in zones}
    rows[SYSTEM_ROW] = _area(system, zones, None, deff)
    return NMinus1(system=system.name, terms=pd.DataFrame.from_dict(rows, orient="index"))
