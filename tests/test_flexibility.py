"""The flexibility study (starts, ramps, value of flexibility of a new plant): hand-solved case,
the Niš options' sourced commitment data, and the report section."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.dispatch.commitment import DEFAULT_COMMITMENT, with_commitment
from powerpact.dispatch.inputs import prepare
from powerpact.report.flexibility import document, ranking, section
from powerpact.studies.flexibility import (
    PeriodFigures,
    RestRuns,
    flexibility,
    scaled_figures,
    start_cost_per_start_eur,
)
from powerpact.studies.flexibility_weeks import (
    WEEK_H,
    Weeks,
    representative_weeks,
    week_of,
    with_storage_plan,
)
from powerpact.system import variant, without

# A 100 MW plant at 30 EUR/MWh with a 50 % minimum and 1,000 EUR per start, beside a dear
# 80 EUR/MWh unit.
PLANT_AND_DEAR = [
    {
        "name": "plant",
        "zone": "A",
        "technology": "gas",
        "capacity_mw": 100,
        "marginal_cost_eur_per_mwh": 30,
        "min_stable_fraction": 0.5,
        "start_cost_eur_per_mw": 10,
    },
    {
        "name": "dear",
        "zone": "A",
        "technology": "other",
        "capacity_mw": 200,
        "marginal_cost_eur_per_mwh": 80,
    },
]


def _case(make_system):
    # Demand 50, 0, 50 MW (the plant online before the first hour).
    return make_system(generators=PLANT_AND_DEAR, demand={"A": [50, 0, 50]})


def _daily_case(make_system, days: int):
    # The plant on a daily cycle: no demand for 6 hours (it stops: 6 h at its 50 MW minimum
    # would waste 9,000 EUR against a 1,000 EUR restart), then 60 MW (it restarts). Nothing links
    # one day to the next but the plant's state, and that is "off" at every day's hour 5.
    return make_system(generators=PLANT_AND_DEAR, demand={"A": ([0] * 6 + [60] * 18) * days})


def test_value_of_flexibility_by_hand(make_system) -> None:
    result = flexibility(_case(make_system), "plant", "milp")
    f = result.figures()
    # Without commitment the plant serves 100 MWh at 30 instead of 80: it saves 5,000 EUR.
    assert f.saving_no_commitment_eur == pytest.approx(5000)
    # With commitment: 50 MW in hour 0 (1,500), off in the empty hour (staying on would spill
    # 50 MWh at 1,500 EUR, more than the 1,000 EUR restart), restarted for hour 2
    # (1,000 + 1,500; the dear unit would cost 4,000): 4,000 EUR against 8,000 without it.
    assert f.saving_commitment_eur == pytest.approx(4000)
    assert f.value_of_flexibility_eur == pytest.approx(-1000)
    assert f.starts == pytest.approx(1)
    assert f.start_cost_eur == pytest.approx(1000)
    assert f.hours_online == 2
    assert f.capacity_factor == pytest.approx(100 / 300)
    assert (f.ramp_mw_per_h_mean, f.ramp_mw_per_h_max) == pytest.approx((50, 50))


def test_a_cheaper_start_is_worth_more_flexibility(make_system) -> None:
    # The same plant with a free start: the restart costs nothing, so commitment takes only the
    # must-run-free hour-1 stop: saving 5,000 with commitment too, flexibility value 0; between
    # the two start costs the value rises by the 1,000 EUR start it no longer pays.
    system = _case(make_system)
    free = variant(system, {"modify": {"generators": {"plant": {"start_cost_eur_per_mw": 0.0}}}})
    dear, cheap = flexibility(system, "plant", "milp"), flexibility(free, "plant", "milp")
    assert cheap.figures().value_of_flexibility_eur == pytest.approx(0, abs=1e-6)
    assert (
        cheap.figures().value_of_flexibility_eur - dear.figures().value_of_flexibility_eur
    ) == pytest.approx(1000)


def test_nis_options_take_pypsa_eur_commitment_data() -> None:
    # Figures of PyPSA-Eur's data/unit_commitment.csv (commit 5c3e0947, Feb 2026), read from
    # the derived table the build script writes, applied to the scenarios' plants.
    table = pd.read_csv(DEFAULT_COMMITMENT).set_index("generator")
    assert table.loc["nis-ccgt", ["part_load_min_2015", "min_up_h", "min_down_h"]].tolist() == [
        0.45,
        4,
        2,
    ]
    assert table.loc["nis-ocgt", "part_load_min_2015"] == 0.2
    for name, per_mw in (("nis-ccgt", 60.0), ("nis-ocgt", 24.0)):
        system = powerpact.load(name)
        gens = with_commitment(system).generators
        unit_mw = gens.at[name, "capacity_mw"] / gens.at[name, "units"]
        assert start_cost_per_start_eur(system, name) == pytest.approx(per_mw * unit_mw)
    assert with_commitment(powerpact.load("nis-ocgt")).generators.at[
        "nis-ocgt", "min_stable_fraction"
    ] == pytest.approx(0.2)


def test_report_section_and_results_keys(make_system) -> None:
    result = flexibility(_case(make_system), "plant", "milp")
    html = section([result])
    assert html is not None and "plant" in html.body and "1.0" in html.body
    assert section([]) is None
    doc = document([result])
    assert doc["flexibility"][result.system]["plant"]["starts"] == pytest.approx(1)
    assert document([]) == {}


def test_assess_flexibility_adds_section_and_results(tmp_path) -> None:
    # The tiny system and its scenario that adds gas-new: the study runs for that new plant
    # only, on the cut horizon, and its figures reach results.json and the report.
    tiny = Path(__file__).parent / "data" / "tiny"
    out = tmp_path / "out"
    args = [str(tiny), str(tiny / "scenarios" / "new-plant.yaml"), "--out", str(out)]
    args += ["--hours", "48", "--samples", "5", "--robustness", "off", "--flexibility", "full"]
    result = CliRunner().invoke(app, ["assess", *args])
    assert result.exit_code == 0, result.output
    document = json.loads((out / "results.json").read_text())
    figures = document["flexibility"]["new-plant"]["gas-new"]
    assert figures["hours"] == 48
    assert figures["value_of_flexibility_eur"] == pytest.approx(
        figures["saving_commitment_eur"] - figures["saving_no_commitment_eur"]
    )
    assert 'id="flexibility"' in (out / "report.html").read_text()


def _without_form(figures) -> dict:
    # The mean ramp differs by the ramp across the weeks' boundary, which weeks dispatched
    # apart do not see (checked by hand below).
    skip = ("form", "weeks", "ramp_mw_per_h_mean")
    return {k: v for k, v in figures.to_dict().items() if k not in skip}


def test_quick_form_on_a_short_horizon_is_the_full_form(make_system) -> None:
    # Fewer whole weeks than representative weeks: the quick form dispatches the whole horizon
    # with weight 1, so it is the full form, figure for figure.
    system = _daily_case(make_system, 3)
    weeks = representative_weeks(system)
    assert (weeks.begin_h.tolist(), weeks.hours.tolist(), weeks.weight.tolist()) == (
        [0],
        [72],
        [1.0],
    )
    quick = flexibility(system, "plant", "milp", weeks=weeks)
    full = flexibility(system, "plant", "milp")
    assert quick.figures() == full.figures()
    assert full.figures().form == "full" and full.figures().value_of_flexibility_se_eur == 0


def test_weeks_weighted_add_up_to_the_horizon(make_system) -> None:
    # Two identical weeks: each week alone (weight 1 each), or the first standing for both
    # (weight 2), gives the whole horizon's figures, as nothing links the weeks. By hand, per
    # day: one stop and one restart (1,000 EUR), 18 h at 60 MW; ramps 60 MW up and 60 down.
    system = _daily_case(make_system, 14)
    full = flexibility(system, "plant", "milp").figures()
    both = Weeks(np.array([0, WEEK_H]), np.array([WEEK_H, WEEK_H]), np.array([1.0, 1.0]))
    first = Weeks(np.array([0]), np.array([WEEK_H]), np.array([2.0]))
    for weeks in (both, first):
        quick = flexibility(system, "plant", "milp", weeks=weeks).figures()
        assert quick.form == "quick"
        # Per week: 7 rises and 6 falls of 60 MW over 7 × 19 − 1 hours online or changing;
        # the two weeks together: 14 rises and 13 falls over 14 × 19 − 1.
        assert quick.ramp_mw_per_h_mean == pytest.approx(13 * 60 / 132)
        assert _without_form(quick) == pytest.approx(
            {**_without_form(full), "value_of_flexibility_se_eur": 0.0}, abs=1e-6
        )
    assert full.starts == pytest.approx(14)
    assert full.ramp_mw_per_h_mean == pytest.approx(27 * 60 / 265)
    assert full.hours_online == 14 * 18
    assert full.capacity_factor == pytest.approx(14 * 18 * 60 / (336 * 100))
    # The dear unit's 80 EUR/MWh against 30 and a start a day.
    assert full.saving_commitment_eur == pytest.approx(14 * (18 * 60 * 50 - 1000))


def test_sampling_error_grows_with_the_spread_of_the_weeks() -> None:
    # Weeks whose value of flexibility per hour differs by d: the error is the weeks' standard
    # deviation per week times the square root of the weeks they stand for.
    def week(value_eur: float) -> PeriodFigures:
        return PeriodFigures(WEEK_H, 0.0, 0, 0.0, 0.0, 0, 0.0, value_eur, 0.0)

    weight = np.array([26.0, 26.0])
    same = scaled_figures([week(100.0), week(100.0)], weight, "p", "lp", "quick")
    apart = scaled_figures([week(0.0), week(200.0)], weight, "p", "lp", "quick")
    assert same.value_of_flexibility_se_eur == 0
    assert apart.value_of_flexibility_eur == pytest.approx(same.value_of_flexibility_eur)
    assert apart.value_of_flexibility_se_eur == pytest.approx(np.std([0, 200], ddof=1) * 52**0.5)


def test_representative_weeks_of_the_regional_year() -> None:
    # The embedded default's year: the peak net-load week for itself and four seasons'
    # medoids, weights adding up to the year's hours; every week whole and in the horizon.
    system = powerpact.load("nis-ocgt")
    weeks = representative_weeks(system)
    assert len(weeks) == 5
    assert (weeks.weight * weeks.hours).sum() == system.n_hours
    assert sorted(weeks.weight)[0] == 1.0  # the peak week stands for itself
    assert (weeks.begin_h % WEEK_H == 0).all() and (weeks.begin_h + WEEK_H <= 8760).all()
    months = system.snapshots[weeks.begin_h + WEEK_H // 2].month
    seasons = {(m % 12) // 3 for m in months}
    assert len(seasons) >= 4


def test_rest_runs_are_shared_by_options_that_differ_only_in_their_plant(make_system) -> None:
    # The same system with the plant called differently: without it, the same dispatch problem,
    # dispatched once; the figures are those of separate runs.
    system = _daily_case(make_system, 2)
    renamed = variant(
        without(system, "generators", ["plant"]),
        {"add": {"generators": [{**_plant_row(system), "name": "other"}]}},
    )
    shared = RestRuns()
    a = flexibility(system, "plant", "milp", rest_runs=shared).figures()
    b = flexibility(renamed, "other", "milp", rest_runs=shared).figures()
    assert len(shared._costs) == 2  # commitment on and off, once each
    assert dataclasses.replace(b, plant="plant") == a


def _plant_row(system) -> dict:
    row = system.generators.loc["plant"]
    return {
        "zone": row["zone"],
        "technology": row["technology"],
        "capacity_mw": 100,
        "marginal_cost_eur_per_mwh": 30,
        "min_stable_fraction": 0.5,
        "start_cost_eur_per_mw": 10,
    }


def test_report_says_when_the_quick_form_does_not_rank(make_system) -> None:
    system = _daily_case(make_system, 14)
    weeks = Weeks(np.array([0, WEEK_H]), np.array([WEEK_H, WEEK_H]), np.array([1.0, 1.0]))
    one = flexibility(system, "plant", "milp", weeks=weeks)
    wide = dataclasses.replace(one.figures(), value_of_flexibility_se_eur=1e9)
    two = dataclasses.replace(one, figures_=wide)
    assert "does not rank" in ranking([one, two])
    assert "not settled" in section([two]).body
    assert ranking([one]) == ""


def test_assess_flexibility_option_parses(tmp_path) -> None:
    # quick, full and off are accepted (off: no section); anything else is a one-line error.
    tiny = Path(__file__).parent / "data" / "tiny"
    base = [str(tiny), str(tiny / "scenarios" / "new-plant.yaml"), "--hours", "24"]
    base += ["--samples", "5", "--robustness", "off", "--credit-samples", "0"]
    base += ["--out", str(tmp_path / "out")]
    bad = CliRunner().invoke(app, ["assess", *base, "--flexibility", "yes"])
    assert bad.exit_code == 2 and "--flexibility: must be off, quick or full" in bad.output
    for form, has_key in (("off", False), ("quick", True)):
        result = CliRunner().invoke(app, ["assess", *base, "--flexibility", form])
        assert result.exit_code == 0, result.output
        document = json.loads((tmp_path / "out" / "results.json").read_text())
        assert ("flexibility" in document) is has_key


def test_a_week_takes_the_years_gas_storage_use_and_contract_gas(tiny) -> None:
    # A year's plan (two days here) that injects 1 mcm into tiny's store (zone A, 60 mcm at
    # the start) on day 0 and draws 0.5 on day 1, and took 2 and 0 mcm of the contracts on
    # day 1: the storage use becomes zone A's gas demand, and the second day's dispatch may take
    # from each contract exactly what the plan took that day.
    days = tiny.gas_demand.index[:2]
    plan = SimpleNamespace(
        gas_storage_level_mcm=pd.DataFrame({"store-1": [61.0, 60.5]}, index=days),
        gas_contract_mcm=pd.DataFrame({"east-lt": [3.0, 2.0], "south-lt": [1.0, 0.0]}, index=days),
    )
    year = with_storage_plan(tiny, plan)
    assert year.gas_demand["A"].iloc[:2].tolist() == pytest.approx(
        (tiny.gas_demand["A"].iloc[:2] + np.array([1.0, -0.5])).tolist()
    )
    assert year.gas_demand["B"].equals(tiny.gas_demand["B"])
    day = week_of(year, plan, 24, 48)
    inputs = prepare(day)
    assert inputs.contract_max_mwh == pytest.approx(np.array([2.0, 0.0]) * inputs.mwh_per_mcm)
    # east-lt's take-or-pay (600 mcm a year, 1.64 mcm a day) stays below what may be taken
    assert inputs.contract_min_mwh == pytest.approx([600 * 24 / 8760 * inputs.mwh_per_mcm, 0])
