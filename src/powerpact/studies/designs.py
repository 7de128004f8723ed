"""The same site built as open cycle or combined cycle, appraised side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from powerpact.economics.appraisal import Appraisal
from powerpact.economics.costs import technology_costs, technology_table
from powerpact.economics.options import AppraisalOptions
from powerpact.studies.appraisal import appraise
from powerpact.system import InputError, System, variant


@dataclass(frozen=True)
class DesignComparison:
    site_zone: str
    capacity_mw: float
    appraisals: dict[str, Appraisal]

    def table(self) -> pd.DataFrame:
        """Headline figures, one column per design."""
        return pd.DataFrame({d: a.headline() for d, a in self.appraisals.items()})

    def headline(self) -> dict[str, Any]:
        return {d: a.headline() for d, a in self.appraisals.items()}


def with_design(system: System, zone: str, capacity_mw: float, design: str) -> System:
    """`system` plus a generator `new-<design>` of the shipped technology data, made as a variant
    so it is validated like any user input."""
    technology_costs(design)  # an InputError naming the known designs if there is no row
    costs = technology_table().loc[design]
    row = {
        "name": f"new-{design}",
        "zone": zone,
        "technology": "gas",
        "fuel": system.settings.gas.fuel,
        "capacity_mw": capacity_mw,
        "efficiency": float(costs["efficiency"]),
        "variable_om_eur_per_mwh": float(costs["variable_om_eur_per_mwh"]),
        "forced_outage_rate": float(costs["forced_outage_rate"]),
    }
    return variant(system, {"name": f"{system.name}+{design}", "add": {"generators": [row]}})


def compare_designs(
    system: System,
    site_zone: str,
    capacity_mw: float,
    designs: tuple[str, ...] = ("ocgt", "ccgt"),
    options: AppraisalOptions | None = None,
    risk: bool = True,
) -> DesignComparison:
    """Appraise a new gas plant at `site_zone` in each design; the system without it is
    dispatched once and shared by every design's with/without comparison."""
    from powerpact.dispatch import run

    if site_zone not in system.settings.zones:
        raise InputError(system.name, f"unknown zone {site_zone!r}", field="site_zone")
    options = options or AppraisalOptions()
    baseline = run(system) if risk else None
    appraisals = {}
    for design in designs:
        extended = with_design(system, site_zone, capacity_mw, design.lower())
        chosen = options.model_copy(update={"technology": design.lower()})
        appraisals[design] = appraise(
            extended, f"new-{design.lower()}", chosen, dispatch_without=baseline, risk=risk
        )
    return DesignComparison(site_zone, capacity_mw, appraisals)
