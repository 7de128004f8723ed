"""The expansion comparison of an assessment (`powerpact assess --expansion`): the least-cost
portfolio of each scenario of the run's latest year (the 2032 scenarios of the default), and
for a scenario that adds a thermal plant to another of them (nis-ccgt-2032 to coal-exit-2032),
the extra cost of forcing a CCGT of that plant's size into its reference, or keeping CCGT out.

Each run is `studies.expand.run_expansion` with its defaults (representative days chosen
automatically, the security loop); it takes minutes per scenario on the regional default, so
assess runs it only when asked (docs/expansion.md).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Any

from powerpact.dispatch.candidates import Candidates
from powerpact.studies.assess import Assessment, new_thermal_plants
from powerpact.studies.expand import default_candidates_for, run_expansion
from powerpact.system import System

EXPANSION_SAMPLES = 100  # Monte Carlo samples of each security check (seeded by assess's seed)
WACC = 0.07


@dataclass(frozen=True)
class ExpansionComparison:
    headlines: dict[str, dict[str, Any]]  # scenario → ExpansionStudy.headline()
    # reference scenario, plant, zone, MW, and the total costs (EUR per horizon) of its least-cost
    # expansion, with a CCGT of the plant's size forced in, and with CCGT kept out; or None
    forcing: dict[str, Any] | None
    seconds: float


def _ccgt_bounds(
    candidates: Candidates, zone: str, low_mw: float, high_mw: float | None
) -> Candidates:
    """`zone`'s CCGT option at least `low_mw`, at most `high_mw` (None: its own bound, raised
    to `low_mw` if below)."""
    table = candidates.table.copy()
    rows = (table["technology"] == "ccgt") & (table["zone"] == zone)
    table.loc[rows, "min_mw"] = low_mw
    table.loc[rows, "max_mw"] = (
        table.loc[rows, "max_mw"].clip(lower=low_mw) if high_mw is None else high_mw
    )
    return dataclasses.replace(candidates, table=table)


def _forcing(
    assessment: Assessment, chosen: list[str], options: dict[str, Any]
) -> dict[str, Any] | None:
    """The first chosen scenario that adds thermal plants to a reference also chosen."""
    systems = {s.name: s.system for s in assessment.scenarios}
    for name in chosen:
        reference = assessment.references.get(name)
        if reference not in chosen:
            continue
        plants = new_thermal_plants(systems[name], systems[reference])
        if not plants:
            continue
        base: System = systems[reference]
        gens = systems[name].generators.loc[plants]
        zone, size_mw = str(gens["zone"].iloc[0]), float(gens["capacity_mw"].sum())
        candidates = default_candidates_for(base, WACC)
        forced_in = run_expansion(base, _ccgt_bounds(candidates, zone, size_mw, None), **options)
        forced_out = run_expansion(base, _ccgt_bounds(candidates, zone, 0.0, 0.0), **options)
        return {
            "reference": reference,
            "scenario": name,
            "plants": plants,
            "zone": zone,
            "plant_mw": size_mw,
            "forced_in_total_cost_eur": forced_in.result.total_cost_eur,
            "forced_out_total_cost_eur": forced_out.result.total_cost_eur,
        }
    return None


def compare(assessment: Assessment) -> ExpansionComparison:
    started = time.perf_counter()
    latest = max(s.system.year for s in assessment.scenarios)
    chosen = [s.name for s in assessment.scenarios if s.system.year == latest]
    options: dict[str, Any] = {
        "samples": EXPANSION_SAMPLES,
        "seed": assessment.options.seed,
        "climate_years": assessment.options.climate_years,
        "wacc": WACC,
    }
    headlines = {
        s.name: run_expansion(s.system, **options).headline()
        for s in assessment.scenarios
        if s.name in chosen
    }
    forcing = _forcing(assessment, chosen, options)
    if forcing is not None:
        least = headlines[forcing["reference"]]["total_cost_eur"]
        forcing["least_cost_total_cost_eur"] = least
    return ExpansionComparison(headlines, forcing, time.perf_counter() - started)
