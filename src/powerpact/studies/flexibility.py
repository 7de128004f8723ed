"""Starts, ramps and the value of flexibility of a new plant (the Niš options).

A plant's flexibility only has a value when the dispatch knows what inflexibility costs: with
unit commitment on (start-up costs, minimum stable output, minimum up and down times, rolling
48/24 h windows) a plant that starts cheaply and runs down to a low load saves the system more
than the same plant in the dispatch without commitment, where no unit pays for starting. The
value of flexibility of a plant is therefore its system-cost saving under commitment minus its
saving without commitment; both savings are against the same system without the plant.

**Full and quick forms.** The full form dispatches the whole horizon four times (with and without
the plant, commitment on and off): tens of minutes a plant on the regional year. The quick form
(assess's default) dispatches the same four cases on each representative week
(flexibility_weeks.py: the peak net-load week and each season's medoid week) and weights each
week's figures by the hours it stands for. Each week starts afresh (units online, stores at their
initial level, its share of the hydro and fuel budgets), as a window of the horizon does. Its
value of flexibility carries a rough sampling error (`sampling_error_eur`); docs/flexibility.md
compares both forms on the Niš options.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from powerpact.dispatch import DispatchOptions, DispatchResult, run
from powerpact.dispatch.commitment import with_commitment
from powerpact.dispatch.inputs import prepare
from powerpact.studies.assess import new_thermal_plants
from powerpact.studies.flexibility_weeks import (
    Weeks,
    representative_weeks,
    week_of,
    whole_horizon,
    with_storage_plan,
)
from powerpact.system import System, without
from powerpact.system.figures import Figures

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment


@dataclass(frozen=True)
class FlexibilityFigures(Figures):
    """One plant's operation under commitment and what it saves the system (EUR over the run's
    horizon; negative saving: the plant costs the system more than it saves)."""

    plant: str
    form: str  # "full" (the whole horizon) or "quick" (representative weeks scaled to it)
    weeks: int  # periods dispatched: 1 for the full form
    hours: int  # the horizon's hours (the figures are for all of them)
    commitment: str  # "lp" (tight relaxation: fractional starts) or "milp"
    starts: float
    hours_online: float  # hours with output above zero (weighted sum in the quick form)
    capacity_factor: float
    ramp_mw_per_h_mean: float  # mean of |output change| over hours online or changing
    ramp_mw_per_h_max: float  # the largest in the periods dispatched
    start_cost_eur: float
    saving_commitment_eur: float  # system cost without the plant minus with it, commitment on
    saving_no_commitment_eur: float  # the same with commitment off
    value_of_flexibility_eur: float  # saving_commitment_eur − saving_no_commitment_eur
    # The quick form's rough standard error of the value of flexibility from sampling weeks
    # (sampling_error_eur below); 0 for the full form, which samples none.
    value_of_flexibility_se_eur: float


@dataclass(frozen=True)
class FlexibilityResult:
    system: str
    figures_: FlexibilityFigures
    seconds: float  # wall clock of the four dispatches of every period

    def figures(self) -> FlexibilityFigures:
        return self.figures_

    def headline(self) -> dict[str, Any]:
        return self.figures_.to_dict()


@dataclass(frozen=True)
class PeriodFigures:
    """The four dispatches of one period, as sums that weights scale to the horizon."""

    hours: int
    starts: float
    hours_online: int
    full_load_hours: float  # capacity factor × hours
    ramp_sum_mw: float  # sum of |output change| over hours online or changing
    ramp_count: int
    ramp_max_mw: float
    saving_commitment_eur: float
    saving_no_commitment_eur: float


def commitment_options(
    commitment: Literal["lp", "milp"], window_h: int | None = 48, keep_h: int = 24
) -> DispatchOptions:
    """Rolling 48/24 h windows by default, as the dispatch runs commitment."""
    return DispatchOptions(commitment=commitment, window_h=window_h, keep_h=keep_h)


def period_figures(
    system: System, rest: System, plant: str, on: DispatchOptions, rest_runs: RestRuns
) -> PeriodFigures:
    """Four dispatches of one period: `system` and `rest` (it without `plant`), commitment `on`
    and off. The runs of `rest` come from `rest_runs` (shared by options whose systems without
    their plant are the same dispatch problem)."""
    off = DispatchOptions()
    rest_on, rest_off = rest_runs.cost_eur(rest, on), rest_runs.cost_eur(rest, off)
    with_on, with_off = run(system, on), run(system, off)
    output_mw = with_on.generation_mw[plant].to_numpy()
    ramps = np.abs(np.diff(output_mw))
    moving = ramps[(output_mw[1:] > 0) | (output_mw[:-1] > 0)]
    return PeriodFigures(
        hours=len(output_mw),
        starts=float(with_on.starts_by_unit.get(plant, 0.0)),
        hours_online=int((output_mw > 0).sum()),
        full_load_hours=with_on.capacity_factor_by_unit()[plant] * len(output_mw),
        ramp_sum_mw=float(moving.sum()),
        ramp_count=len(moving),
        ramp_max_mw=float(ramps.max(initial=0.0)),
        saving_commitment_eur=rest_on - with_on.total_cost_eur,
        saving_no_commitment_eur=rest_off - with_off.total_cost_eur,
    )


class RestRuns:
    """Dispatches of the systems without the plant, by what is dispatched: the Niš options
    differ only in their plant (and the N-1 peak day, which the dispatch does not read), so the
    system without it is dispatched once for both."""

    def __init__(self) -> None:
        self._costs: dict[tuple[str, DispatchOptions], float] = {}
        self._plans: dict[str, DispatchResult] = {}
        # Fingerprints by system object (kept, so that its id is not reused): one per system.
        self._fingerprints: dict[int, tuple[System, str]] = {}

    def cost_eur(self, rest: System, options: DispatchOptions) -> float:
        key = (self._fingerprint(rest), options)
        if key not in self._costs:
            self._costs[key] = run(rest, options).total_cost_eur
        return self._costs[key]

    def plan(self, rest: System) -> DispatchResult:
        """The year's dispatch (no commitment) of `rest`."""
        key = self._fingerprint(rest)
        if key not in self._plans:
            self._plans[key] = run(rest, DispatchOptions())
        return self._plans[key]

    def _fingerprint(self, system: System) -> str:
        if id(system) not in self._fingerprints:
            self._fingerprints[id(system)] = (system, dispatch_fingerprint(system))
        return self._fingerprints[id(system)][1]


def dispatch_fingerprint(system: System) -> str:
    """A hash of what the dispatch reads of `system`: its dispatch inputs (the LP's arrays), its
    tables (commitment data, reserves and heat are read from them) and its settings but for the
    name, the description and the N-1 peak day (read by the gas security engine only)."""
    digest = hashlib.sha256()
    inputs = prepare(system)
    for item in dataclasses.fields(inputs):
        value = getattr(inputs, item.name)
        if isinstance(value, np.ndarray):
            digest.update(item.name.encode() + np.ascontiguousarray(value).tobytes())
        elif not isinstance(value, System):
            digest.update(f"{item.name}={value!r}".encode())
    for item in dataclasses.fields(system):
        value = getattr(system, item.name)
        if isinstance(value, pd.DataFrame) and item.name != "sources":
            hashed = pd.util.hash_pandas_object(value.astype(str), index=True)
            digest.update(item.name.encode() + hashed.to_numpy().tobytes())
    settings = system.settings.model_dump(exclude={"name", "description"})
    settings["gas"].pop("peak_day_demand_mcm", None)
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def flexibility(
    system: System,
    plant: str,
    commitment: Literal["lp", "milp"] = "lp",
    window_h: int | None = 48,
    weeks: Weeks | None = None,
    rest_runs: RestRuns | None = None,
    plan: DispatchResult | None = None,
) -> FlexibilityResult:
    """Operation of `plant` in `system` with commitment on, and its value of flexibility.

    Four dispatches of each period of `weeks` (None: the whole horizon, the full form): with and
    without the plant, with commitment on and off; each period's figures are weighted by the
    hours it stands for (flexibility_weeks.py). A week takes its gas storage use and contract gas
    from the year's dispatch without commitment (`plan` for `system`, run when not given; run
    for the system without the plant). Commitment applies the derived commitment data
    (data/derived/commitment.csv), so the plant is committable when it has a row there (the Niš
    options do)."""
    started = time.perf_counter()
    weeks = weeks if weeks is not None else whole_horizon(system.n_hours)
    rest_runs = rest_runs or RestRuns()
    on = commitment_options(commitment, window_h)
    rest = without(system, "generators", [plant])
    full = len(weeks) == 1 and weeks.hours[0] == system.n_hours
    if full:
        periods = [period_figures(system, rest, plant, on, rest_runs)]
    else:
        plan = plan if plan is not None else run(system, DispatchOptions())
        rest_plan = rest_runs.plan(rest)
        year, rest_year = with_storage_plan(system, plan), with_storage_plan(rest, rest_plan)
        periods = [
            period_figures(
                week_of(year, plan, int(b), int(b + h)),
                week_of(rest_year, rest_plan, int(b), int(b + h)),
                plant,
                on,
                rest_runs,
            )
            for b, h in zip(weeks.begin_h, weeks.hours, strict=True)
        ]
    figures = scaled_figures(periods, weeks.weight, plant, commitment, "full" if full else "quick")
    figures = dataclasses.replace(
        figures, start_cost_eur=figures.starts * start_cost_per_start_eur(system, plant)
    )
    return FlexibilityResult(system.name, figures, time.perf_counter() - started)


def scaled_figures(
    periods: Sequence[PeriodFigures],
    weight: np.ndarray,
    plant: str,
    commitment: str,
    form: str,
) -> FlexibilityFigures:
    """The periods' figures weighted to the horizon (start cost left at 0 for the caller)."""

    def total(name: str) -> float:
        return float(sum(w * getattr(p, name) for p, w in zip(periods, weight, strict=True)))

    hours = total("hours")
    ramp_count = total("ramp_count")
    on, off = total("saving_commitment_eur"), total("saving_no_commitment_eur")
    return FlexibilityFigures(
        plant=plant,
        form=form,
        weeks=len(periods),
        hours=round(hours),
        commitment=commitment,
        starts=total("starts"),
        hours_online=total("hours_online"),
        capacity_factor=total("full_load_hours") / hours,
        ramp_mw_per_h_mean=total("ramp_sum_mw") / ramp_count if ramp_count else 0.0,
        ramp_mw_per_h_max=max(p.ramp_max_mw for p in periods),
        start_cost_eur=0.0,
        saving_commitment_eur=on,
        saving_no_commitment_eur=off,
        value_of_flexibility_eur=on - off,
        value_of_flexibility_se_eur=sampling_error_eur(periods, weight),
    )


def sampling_error_eur(periods: Sequence[PeriodFigures], weight: np.ndarray) -> float:
    """A rough standard error of the weighted value of flexibility: as if each of the horizon's
    weeks differed from the week standing for it as much as the representative weeks differ
    from one another (their standard deviation per hour); this overstates it, since a season's
    weeks are closer to their medoid than to other seasons' weeks. 0 for one period of weight 1.
    """
    if len(periods) < 2:
        return 0.0
    per_hour = np.array(
        [(p.saving_commitment_eur - p.saving_no_commitment_eur) / p.hours for p in periods]
    )
    hours = np.array([p.hours for p in periods], dtype=float)
    weeks_standing_for = float((weight * hours).sum() / hours.mean())
    return float(per_hour.std(ddof=1) * hours.mean() * np.sqrt(weeks_standing_for))


def start_cost_per_start_eur(system: System, plant: str) -> float:
    """Cost of one start of one of `plant`'s units, with the derived commitment data applied;
    0 for a plant that is not committable."""
    row = with_commitment(system).generators.loc[plant]
    if np.isnan(row["min_stable_fraction"]):
        return 0.0
    return float(row["start_cost_eur_per_mw"] * row["capacity_mw"] / row["units"])


def of_assessment(
    assessment: Assessment, form: str = "quick", commitment: Literal["lp", "milp"] = "lp"
) -> list[FlexibilityResult]:
    """The study for every new thermal plant of every scenario of `assessment` (plants its
    baseline lacks), on the scenario's own horizon (`assess --hours` cuts it): on its
    representative weeks (`form` "quick", with the scenario's dispatch as the year's plan) or
    the whole horizon ("full")."""
    baseline = assessment.by_name()[assessment.baseline].system
    rest_runs = RestRuns()
    return [
        flexibility(
            scenario.system,
            plant,
            commitment,
            weeks=representative_weeks(scenario.system) if form == "quick" else None,
            rest_runs=rest_runs,
            plan=scenario.results.get("dispatch"),
        )
        for scenario in assessment.scenarios
        for plant in new_thermal_plants(scenario.system, baseline)
    ]
