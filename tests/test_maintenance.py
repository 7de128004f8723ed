"""Planned maintenance: levelised-reserve placement, applied as outages to dispatch and adequacy."""

from __future__ import annotations

import numpy as np
import pytest

import powerpact
from powerpact import adequacy
from powerpact.system.maintenance import HOURS_PER_WEEK, schedule, with_maintenance


def lignite(name: str, capacity_mw: float) -> dict[str, object]:
    return {
        "name": name,
        "zone": "A",
        "technology": "lignite",
        "capacity_mw": capacity_mw,
        "marginal_cost_eur_per_mwh": 10,
        "forced_outage_rate": 0.05,
    }


def test_hand_case_goes_to_the_weeks_with_most_reserve(make_system) -> None:
    # Eight weeks; load peaks at 900 MW in week 0, then 400 MW. Units a (500 MW: 5 weeks) and
    # b (150 MW: 4 weeks); 650 MW in all, so the weekly reserve is [-250, 250 × 7].
    # a goes first (500 × 5 > 150 × 4): every window from week 1 on has 250 at its smallest, so
    # the earliest, weeks 1-5; the reserve becomes [-250, -250 × 5, 250, 250]. Every 4-week
    # window of b then holds a -250 week; the tie goes to the largest total, weeks 4-7 (0).
    demand = np.r_[np.full(HOURS_PER_WEEK, 900.0), np.full(7 * HOURS_PER_WEEK, 400.0)]
    system = make_system(
        generators=[lignite("a", 500), lignite("b", 150)], demand={"A": demand.tolist()}
    )
    plan = {job.generator: job for job in schedule(system)}
    assert (plan["a"].start_week, plan["a"].weeks) == (1, 5)
    assert (plan["b"].start_week, plan["b"].weeks) == (4, 4)


def test_default_schedule_places_each_unit_once_outside_peak_weeks() -> None:
    system = powerpact.load("serbia-2025")
    plan = schedule(system)
    names = [job.generator for job in plan]
    assert len(names) == len(set(names))
    lignite_rows = system.generators.index[system.generators["technology"] == "lignite"]
    assert set(lignite_rows) <= set(names)
    n_weeks = system.n_hours // HOURS_PER_WEEK
    peak = system.demand["RS"].to_numpy()[: n_weeks * HOURS_PER_WEEK]
    weekly_peak = peak.reshape(n_weeks, HOURS_PER_WEEK).max(axis=1)
    order = np.argsort(-weekly_peak)
    # No unit is out in the three weeks of highest load (the winter peak)...
    for job in plan:
        assert not set(order[:3]) & set(range(job.start_week, job.start_week + job.weeks)), job
    # ...and in each of the ten highest-load weeks less capacity is out than on average.
    out = np.zeros(n_weeks)
    for job in plan:
        out[job.start_week : job.start_week + job.weeks] += job.capacity_mw
    assert out[order[:10]].max() < out.mean()


def test_units_on_maintenance_are_out_of_dispatch_and_adequacy(make_system) -> None:
    demand = np.r_[np.full(HOURS_PER_WEEK, 900.0), np.full(5 * HOURS_PER_WEEK, 400.0)]
    system = make_system(
        generators=[lignite("a", 500), lignite("b", 500)], demand={"A": demand.tolist()}
    )
    maintained = with_maintenance(system)
    plan = schedule(system)
    hours = system.snapshots
    for job in plan:
        window = slice(job.start_week * HOURS_PER_WEEK, (job.start_week + job.weeks) * 168)
        available = maintained.available_mw()[job.generator].to_numpy()
        assert (available[window] == 0).all()
        assert (available[: job.start_week * HOURS_PER_WEEK] > 0).all()
        result = powerpact.dispatch.run(maintained)
        assert result.generation_mw[job.generator].iloc[window].abs().max() == pytest.approx(0)
    assert len(hours) == maintained.n_hours
    # Adequacy: with one 500 MW unit out for five weeks at 400 MW load, the risk is that the
    # other (p = 0.05) fails; the exact table gives it.
    before = adequacy.copt(system).figures().lole_hours
    after = adequacy.copt(maintained).figures().lole_hours
    assert after > before
