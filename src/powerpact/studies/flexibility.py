"""Starts, ramps and the value of flexibility of a new plant (the Niš options).

A plant's flexibility only has a value when the dispatch knows what inflexibility costs: with
unit commitment on (start-up costs, minimum stable output, minimum up and down times, rolling
48/24 h windows) a plant that starts cheaply and runs down to a low load saves the system more
than the same plant in the dispatch without commitment, where no unit pays for starting. The
value of flexibility of a plant is therefore its system-cost saving under commitment minus its
saving without commitment; both savings are against the same system without the plant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from powerpact.dispatch import DispatchOptions, DispatchResult, run
from powerpact.dispatch.commitment import with_commitment
from powerpact.studies.assess import new_thermal_plants
from powerpact.system import System, without
from powerpact.system.figures import Figures

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment


@dataclass(frozen=True)
class FlexibilityFigures(Figures):
    """One plant's operation under commitment and what it saves the system (EUR over the run's
    horizon; negative saving: the plant costs the system more than it saves)."""

    plant: str
    hours: int
    commitment: str  # "lp" (tight relaxation: fractional starts) or "milp"
    starts: float
    hours_online: int  # hours with output above zero
    capacity_factor: float
    ramp_mw_per_h_mean: float  # mean of |output change| over hours online or changing
    ramp_mw_per_h_max: float
    start_cost_eur: float
    saving_commitment_eur: float  # system cost without the plant minus with it, commitment on
    saving_no_commitment_eur: float  # the same with commitment off
    value_of_flexibility_eur: float  # saving_commitment_eur − saving_no_commitment_eur


@dataclass(frozen=True)
class FlexibilityResult:
    system: str
    with_plant: DispatchResult  # commitment on
    figures_: FlexibilityFigures

    def figures(self) -> FlexibilityFigures:
        return self.figures_

    def headline(self) -> dict[str, Any]:
        return self.figures_.to_dict()


def commitment_options(
    commitment: Literal["lp", "milp"], window_h: int | None = 48, keep_h: int = 24
) -> DispatchOptions:
    """Rolling 48/24 h windows by default, as the dispatch runs commitment."""
    return DispatchOptions(commitment=commitment, window_h=window_h, keep_h=keep_h)


def flexibility(
    system: System,
    plant: str,
    commitment: Literal["lp", "milp"] = "lp",
    window_h: int | None = 48,
) -> FlexibilityResult:
    """Operation of `plant` in `system` with commitment on, and its value of flexibility.

    Four dispatches: with and without the plant, with commitment on and off. Commitment applies
    the derived commitment data (data/derived/commitment.csv), so the plant is committable when
    it has a row there (the Niš options do)."""
    rest = without(system, "generators", [plant])
    on = commitment_options(commitment, window_h)
    off = DispatchOptions()
    with_on, rest_on = run(system, on), run(rest, on)
    with_off, rest_off = run(system, off), run(rest, off)
    saving_on = rest_on.total_cost_eur - with_on.total_cost_eur
    saving_off = rest_off.total_cost_eur - with_off.total_cost_eur
    output_mw = with_on.generation_mw[plant].to_numpy()
    ramps = np.abs(np.diff(output_mw))
    moving = ramps[(output_mw[1:] > 0) | (output_mw[:-1] > 0)]
    starts = float(with_on.starts_by_unit.get(plant, 0.0))
    figures = FlexibilityFigures(
        plant=plant,
        hours=len(output_mw),
        commitment=commitment,
        starts=starts,
        hours_online=int((output_mw > 0).sum()),
        capacity_factor=with_on.capacity_factor_by_unit()[plant],
        ramp_mw_per_h_mean=float(moving.mean()) if len(moving) else 0.0,
        ramp_mw_per_h_max=float(ramps.max(initial=0.0)),
        start_cost_eur=starts * start_cost_per_start_eur(system, plant),
        saving_commitment_eur=saving_on,
        saving_no_commitment_eur=saving_off,
        value_of_flexibility_eur=saving_on - saving_off,
    )
    return FlexibilityResult(system=system.name, with_plant=with_on, figures_=figures)


def start_cost_per_start_eur(system: System, plant: str) -> float:
    """Cost of one start of one of `plant`'s units, with the derived commitment data applied;
    0 for a plant that is not committable."""
    row = with_commitment(system).generators.loc[plant]
    if np.isnan(row["min_stable_fraction"]):
        return 0.0
    return float(row["start_cost_eur_per_mw"] * row["capacity_mw"] / row["units"])


def of_assessment(
    assessment: Assessment, commitment: Literal["lp", "milp"] = "lp"
) -> list[FlexibilityResult]:
    """The study for every new thermal plant of every scenario of `assessment` (plants its
    baseline lacks), on the scenario's own horizon (`assess --hours` cuts it)."""
    baseline = assessment.by_name()[assessment.baseline].system
    return [
        flexibility(scenario.system, plant, commitment)
        for scenario in assessment.scenarios
        for plant in new_thermal_plants(scenario.system, baseline)
    ]
