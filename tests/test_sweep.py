"""Scenario sweeps run in this process: design, point building, results folder, resume."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.report.sweep_plot import plotted_outputs, write_plot
from powerpact.studies.sweep import engines
from powerpact.studies.sweep.design import design, point_seed
from powerpact.studies.sweep.point import point_system, run_point
from powerpact.studies.sweep.run import run_sweep
from powerpact.studies.sweep.spec import load_spec, parse_spec
from powerpact.studies.sweep.store import read_results
from powerpact.system import InputError
from powerpact.system.load import DATA_DIR

TINY = Path(__file__).parent / "data" / "tiny"
NEW_PLANT = {
    "name": "gas-new",
    "zone": "B",
    "technology": "gas",
    "fuel": "gas",
    "capacity_mw": 150,
    "efficiency": 0.57,
}


def spec_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "tiny-sweep",
        "base": str(TINY),
        "seed": 11,
        "overlay": {"add": {"generators": [NEW_PLANT]}},
        "parameters": {
            "new_mw": {"target": "generators.gas-new.capacity_mw", "values": [0, 100, 250]},
            "gas_price": {
                "target": "settings.fuels.gas.price_eur_per_mwh_th",
                "range": [20, 40],
                "steps": 2,
            },
        },
        "engines": {"overview": {}},
    }
    data.update(changes)
    return data


def make_spec(tmp_path: Path, **changes: Any):
    return parse_spec(spec_data(**changes), "spec.yaml", tmp_path)


def comparable(results: pd.DataFrame) -> pd.DataFrame:
    return results.drop(columns="elapsed_s")


# --- design ---------------------------------------------------------------------------------


def test_grid_is_every_combination_in_order(tmp_path: Path) -> None:
    points = design(make_spec(tmp_path))
    expected = list(itertools.product([0.0, 100.0, 250.0], [20.0, 40.0]))
    assert [tuple(row) for row in points.to_numpy()] == expected
    assert list(points.index) == list(range(6))


@settings(max_examples=25, deadline=None)
@given(samples=st.integers(1, 40), seed=st.integers(0, 2**32))
def test_latin_hypercube_has_one_point_per_stratum(samples: int, seed: int) -> None:
    data = spec_data(
        design="lhs",
        samples=samples,
        seed=seed,
        parameters={
            "price": {"target": "settings.co2_price_eur_per_t", "range": [10, 90]},
            "scale": {"target": "demand.scale", "range": [0.5, 1.5]},
        },
    )
    points = design(parse_spec(data, "spec.yaml", Path(".")))
    for name, (low, high) in {"price": (10, 90), "scale": (0.5, 1.5)}.items():
        strata = np.floor((points[name] - low) / (high - low) * samples).astype(int)
        assert sorted(strata) == list(range(samples))
    assert design(parse_spec(data, "spec.yaml", Path("."))).equals(points)


def test_latin_hypercube_spreads_listed_values_evenly(tmp_path: Path) -> None:
    spec = make_spec(
        tmp_path,
        design="lhs",
        samples=9,
        parameters={
            "size": {"target": "generators.gas-new.capacity_mw", "values": [0, 100, 200]},
        },
    )
    counts = design(spec)["size"].value_counts()
    assert counts.to_dict() == {0.0: 3, 100.0: 3, 200.0: 3}


def test_latin_hypercube_depends_on_the_seed(tmp_path: Path) -> None:
    lhs = {
        "design": "lhs",
        "samples": 8,
        "parameters": {"price": {"target": "settings.co2_price_eur_per_t", "range": [0, 100]}},
    }
    first = design(make_spec(tmp_path, seed=1, **lhs))
    assert not first.equals(design(make_spec(tmp_path, seed=2, **lhs)))


def test_point_seed_is_the_spawned_child_of_the_spec_seed() -> None:
    children = np.random.SeedSequence(2032).spawn(5)
    for index, child in enumerate(children):
        assert point_seed(2032, index) == int(child.generate_state(1, np.uint64)[0] >> 1)
    assert len({point_seed(2032, i) for i in range(1000)}) == 1000


# --- building a point's system -------------------------------------------------------------


def test_each_kind_of_target_edits_the_system(tmp_path: Path) -> None:
    spec = make_spec(
        tmp_path,
        parameters={
            "new_mw": {"target": "generators.gas-new.capacity_mw", "values": [80]},
            "coal_mw": {"target": "generators.coal-1.capacity_mw", "values": [222]},
            "wind_factor": {"target": "scale.generators.wind-1.capacity_mw", "values": [1.5]},
            "gas_price": {"target": "settings.fuels.gas.price_eur_per_mwh_th", "values": [44]},
            "co2": {"target": "settings.co2_price_eur_per_t", "values": [90]},
            "scale_a": {"target": "demand.scale.A", "values": [1.2]},
            "add_b": {"target": "demand.add_mw.B", "values": [15]},
            "pipe_rate": {"target": "gas_entries.pipe-east.outage_rate_per_year", "values": [0.3]},
        },
    )
    base = powerpact.load(TINY)
    system = point_system(spec, 0)
    assert system.generators.loc["gas-new", "capacity_mw"] == 80
    assert system.generators.loc["coal-1", "capacity_mw"] == 222
    assert system.generators.loc["wind-1", "capacity_mw"] == pytest.approx(
        1.5 * base.generators.loc["wind-1", "capacity_mw"]
    )
    assert system.settings.fuels["gas"].price_eur_per_mwh_th == 44
    assert system.settings.fuels["lignite"] == base.settings.fuels["lignite"]
    assert system.settings.co2_price_eur_per_t == 90
    np.testing.assert_allclose(system.demand["A"], 1.2 * base.demand["A"])
    np.testing.assert_allclose(system.demand["B"], base.demand["B"] + 15)
    assert system.gas_entries.loc["pipe-east", "outage_rate_per_year"] == 0.3


def test_shipped_example_builds_on_the_coal_exit_case() -> None:
    spec = load_spec("nis-size")
    points = design(spec)
    assert len(points) == 20
    last = len(points) - 1
    # the shipped sweep is serbia-2025's, whichever system is the default
    base = powerpact.load(DATA_DIR / "serbia-2025" / "scenarios" / "coal-exit-2032.yaml")
    system = point_system(spec, last)
    assert "tent-a1" not in system.generators.index
    assert system.generators.loc["nis-ccgt", "capacity_mw"] == 1000
    assert system.settings.fuels["gas"].price_eur_per_mwh_th == 50
    np.testing.assert_allclose(system.demand.to_numpy(), 1.1 * base.demand.to_numpy())
    assert point_system(spec, 0).generators.loc["nis-ccgt", "capacity_mw"] == 0


# --- bad specs: one line each -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"enginez": {}}, "unknown key"),
        ({"engines": {"warp-drive": {}}}, "unknown engine 'warp-drive'"),
        ({"engines": {"overview": {"turbo": 1}}}, "bad options"),
        ({"base": "no-such-system"}, "base 'no-such-system'"),
        ({"design": "lhs"}, "needs 'samples'"),
        (
            {"parameters": {"x": {"target": "settings.co2_price_eur_per_t", "range": [0, 1]}}},
            "needs 'steps'",
        ),
        (
            {"parameters": {"x": {"target": "generators.coal-1.capacity_mva", "values": [1]}}},
            "has no column 'capacity_mva'",
        ),
        ({"parameters": {"x": {"target": "pipelines.a.b", "values": [1]}}}, "cannot vary"),
        ({"parameters": {"seed": {"target": "demand.scale", "values": [1]}}}, "reserved"),
        (
            {"parameters": {"x": {"target": "demand.scale", "range": [2, 1], "steps": 2}}},
            "from low to high",
        ),
        ({"overlay": {"base": "x"}}, "overlay.base"),
        ({"overlay": {"ad": {}}}, "unknown key"),
    ],
)
def test_bad_spec_is_one_line_input_error(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        make_spec(tmp_path, **changes)
    assert "\n" not in str(caught.value)


def test_cli_reports_a_bad_spec_in_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    from powerpact import cli

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(spec_data(engines={"warp-drive": {}})), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["powerpact", "sweep", str(path)])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert "unknown engine 'warp-drive'" in error and "\n" not in error


# --- running ---------------------------------------------------------------------------------


def test_sweep_writes_every_point_with_the_engine_outputs(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    done = run_sweep(spec, tmp_path / "out")
    assert (done.ok, done.failed, done.points) == (6, 0, 6)
    results = pd.read_parquet(done.results_path)
    assert comparable(results).equals(comparable(read_results(tmp_path / "out")))
    # By hand: tiny has 300 MW of gas plant (gas-1 200 + gas-2 100) before the new one.
    np.testing.assert_allclose(results["capacity_mw_by_fuel.gas"], 300 + results["new_mw"])
    assert list(results["seed"]) == [point_seed(11, i) for i in range(6)]
    plot_path = write_plot(spec, results, tmp_path / "out" / "plot.html")
    html = plot_path.read_text(encoding="utf-8")
    assert all(name in html for name in [*plotted_outputs(spec, results), "new_mw"])


def test_plot_prefers_security_and_value_outputs(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    results = pd.DataFrame(
        {
            "new_mw": [0.0],
            "gas_price": [20.0],
            "status": ["ok"],
            "seed": [1],
            "a_mw": [1.0],
            "npv_eur": [2.0],
            "lole_hours": [3.0],
        }
    )
    assert plotted_outputs(spec, results) == ["npv_eur", "lole_hours"]


def test_a_failing_point_is_recorded_and_the_others_complete(tmp_path: Path) -> None:
    spec = make_spec(
        tmp_path,
        parameters={
            "new_mw": {"target": "generators.gas-new.capacity_mw", "values": [100, -50, 200]}
        },
    )
    done = run_sweep(spec, tmp_path / "out")
    results = pd.read_parquet(done.results_path)
    assert list(results["status"]) == ["ok", "failed", "ok"]
    assert "capacity_mw" in results.loc[1, "error"] and "InputError" in results.loc[1, "error"]
    assert results.loc[[0, 2], "capacity_mw_by_fuel.gas"].tolist() == [400, 500]
    # A resumed sweep keeps the failure as recorded and runs nothing again.
    again = run_sweep(spec, tmp_path / "out", resume=True)
    assert (again.ran, again.ok, again.failed) == (0, 2, 1)


def test_interrupted_sweep_resumes_to_the_uninterrupted_result(tmp_path: Path, monkeypatch) -> None:
    spec = make_spec(tmp_path)
    reference = read_results(run_sweep(spec, tmp_path / "whole").out)

    calls = {"n": 0, "stop_at": 4}
    overview = engines.ENGINES["overview"]

    def interrupting(system, seed, **options):
        calls["n"] += 1
        if calls["n"] == calls["stop_at"]:
            raise KeyboardInterrupt
        return overview(system, seed, **options)

    monkeypatch.setitem(engines.ENGINES, "overview", interrupting)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, tmp_path / "cut")
    assert len(read_results(tmp_path / "cut")) == 3
    assert not (tmp_path / "cut" / "results.parquet").exists()
    assert not list((tmp_path / "cut").rglob("*.part"))

    calls.update(n=0, stop_at=-1)
    resumed = run_sweep(spec, tmp_path / "cut", resume=True)
    assert (resumed.ran, calls["n"]) == (3, 3)
    pd.testing.assert_frame_equal(comparable(read_results(tmp_path / "cut")), comparable(reference))


def test_output_folder_guards(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    run_sweep(spec, tmp_path / "out")
    with pytest.raises(InputError, match="--resume"):
        run_sweep(spec, tmp_path / "out")
    changed = make_spec(tmp_path, seed=12)
    with pytest.raises(InputError, match="different spec"):
        run_sweep(changed, tmp_path / "out", resume=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        run_sweep(spec, tmp_path / "other")


def test_shared_output_names_are_qualified_by_engine(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(engines.ENGINES, "one", lambda system, seed: {"x": 1.0, "seed": 5})
    monkeypatch.setitem(engines.ENGINES, "two", lambda system, seed: {"x": 2.0, "y": 3.0})
    spec = make_spec(tmp_path, engines={"one": {}, "two": {}})
    record = run_point(spec, 0)
    assert record["status"] == "ok", record["error"]
    assert (record["one.x"], record["two.x"], record["y"]) == (1.0, 2.0, 3.0)
    assert record["one.seed"] == 5 and record["seed"] == point_seed(11, 0)


def test_outputs_select_columns_and_an_unknown_one_fails_the_point(tmp_path: Path) -> None:
    record = run_point(make_spec(tmp_path, outputs=["peak_demand_mw"]), 0)
    assert set(record) == {
        "point",
        "seed",
        "new_mw",
        "gas_price",
        "peak_demand_mw",
        "status",
        "error",
        "elapsed_s",
    }
    failed = run_point(make_spec(tmp_path, outputs=["lole_hourz"]), 0)
    assert failed["status"] == "failed" and "lole_hourz" in failed["error"]
