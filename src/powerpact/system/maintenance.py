"""Planned maintenance placed by the levelised-reserve heuristic.

Each dispatchable unit (lignite, gas, reservoir hydro) is taken out for its planned maintenance
duration once in the horizon, in whole weeks. Units are placed one by one, largest outage
(capacity × duration) first, in the weeks whose reserve (dispatchable capacity in service,
minus the week's peak load, minus the maintenance already placed) is largest: the
levelised-reserve method of Garver (1966), as described in Billinton and Allan, "Reliability
Evaluation of Power Systems", ch. 2 (maintenance scheduling). Peak-load weeks carry the least
reserve, so maintenance leaves them alone as long as other weeks have room.

Durations come from the IEEE Reliability Test System (1979), by technology and unit size
(scripts/operations/figures.csv). The schedule is returned as outages and applied through
`with_outages`, so units on maintenance are out of both dispatch and adequacy. A generator row of
several identical units is maintained as one block (the outage mechanism takes whole rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.system.model import System
from powerpact.system.operations import figure
from powerpact.system.variant import with_outages

HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Maintenance:
    """One unit's planned outage: first week (0-based, from the horizon's first hour)."""

    generator: str
    start_week: int
    weeks: int
    capacity_mw: float


def maintenance_weeks(technology: str, unit_mw: float) -> int:
    """Planned maintenance weeks a year (IEEE RTS-79); 0 for technologies without a figure."""
    tech = technology.lower()
    if tech in ("lignite", "coal", "hard_coal"):
        if unit_mw <= 100:
            return int(figure("maintenance_weeks_coal_le_100mw"))
        if unit_mw <= 200:
            return int(figure("maintenance_weeks_coal_le_200mw"))
        return int(figure("maintenance_weeks_coal_gt_200mw"))
    if "ocgt" in tech or "gas_turbine" in tech:
        return int(figure("maintenance_weeks_gas_turbine"))
    if tech in ("gas", "ccgt", "chp", "gas_chp", "oil"):
        return int(figure("maintenance_weeks_steam_gas"))
    if tech == "hydro_reservoir":
        return int(figure("maintenance_weeks_hydro"))
    return 0


def schedule(system: System) -> list[Maintenance]:
    """The levelised-reserve schedule of `system`'s dispatchable generators, per zone."""
    n_weeks = system.n_hours // HOURS_PER_WEEK
    gens = system.generators
    dispatchable = gens[gens["profile"] == ""]
    in_service = system.in_service("generators").to_numpy()[: n_weeks * HOURS_PER_WEEK]
    already = set(system.outages["component"])
    placed: list[Maintenance] = []
    for zone in system.settings.zones:
        peak = (
            system.demand[zone]
            .to_numpy(float)[: n_weeks * HOURS_PER_WEEK]
            .reshape(n_weeks, HOURS_PER_WEEK)
            .max(axis=1)
        )
        in_zone = dispatchable[dispatchable["zone"] == zone]
        columns = gens.index.get_indexer(in_zone.index)
        capacity = in_zone["capacity_mw"].to_numpy(float)
        weekly = (in_service[:, columns] * capacity).reshape(n_weeks, HOURS_PER_WEEK, -1)
        reserve = weekly.min(axis=1).sum(axis=1) - peak
        jobs = [
            (name, maintenance_weeks(str(row["technology"]), row["capacity_mw"] / row["units"]))
            for name, row in in_zone.iterrows()
            if name not in already
        ]
        jobs = [(n, w) for n, w in jobs if 0 < w <= n_weeks]
        # Largest outage first: the hardest to fit is placed while the most room is left.
        jobs.sort(key=lambda job: (-in_zone.at[job[0], "capacity_mw"] * job[1], job[0]))
        for name, weeks in jobs:
            size = float(in_zone.at[name, "capacity_mw"])
            start = _best_start(reserve, weeks)
            reserve[start : start + weeks] -= size
            placed.append(Maintenance(str(name), start, weeks, size))
    return placed


def _best_start(reserve: np.ndarray, weeks: int) -> int:
    """First week of the `weeks`-long window whose smallest reserve is largest (ties: the
    larger total reserve, then the earliest)."""
    windows = np.lib.stride_tricks.sliding_window_view(reserve, weeks)
    score = windows.min(axis=1) + 1e-9 * windows.sum(axis=1)
    return int(np.argmax(score))


def with_maintenance(system: System) -> System:
    """`system` with its planned maintenance (see `schedule`) as scenario outages."""
    plan = schedule(system)
    if not plan:
        return system
    first = pd.Timestamp(system.snapshots[0])
    return with_outages(
        system,
        [
            {
                "component": job.generator,
                "start": (first + pd.Timedelta(weeks=job.start_week)).isoformat(),
                "days": 7 * job.weeks,
            }
            for job in plan
        ],
    )
