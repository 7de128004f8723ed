"""The flexibility study (starts, ramps, value of flexibility of a new plant): hand-solved case,
the Niš options' sourced commitment data, and the report section."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.dispatch.commitment import DEFAULT_COMMITMENT, with_commitment
from powerpact.report.flexibility import document, section
from powerpact.studies.flexibility import flexibility, start_cost_per_start_eur
from powerpact.system import variant


def _case(make_system):
    # A 100 MW plant at 30 EUR/MWh with a 50 % minimum and 1,000 EUR per start, beside a dear
    # 80 EUR/MWh unit, for demand 50, 0, 50 MW (online before the first hour).
    return make_system(
        generators=[
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
        ],
        demand={"A": [50, 0, 50]},
    )


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
    args += ["--hours", "48", "--samples", "5", "--robustness", "off", "--flexibility"]
    result = CliRunner().invoke(app, ["assess", *args])
    assert result.exit_code == 0, result.output
    document = json.loads((out / "results.json").read_text())
    figures = document["flexibility"]["new-plant"]["gas-new"]
    assert figures["hours"] == 48
    assert figures["value_of_flexibility_eur"] == pytest.approx(
        figures["saving_commitment_eur"] - figures["saving_no_commitment_eur"]
    )
    assert 'id="flexibility"' in (out / "report.html").read_text()
