"""N-1, supply standard and indicators against hand calculations from Regulation 2017/1938."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.gas import GasOptions, indicators, n_minus_1, supply_standard
from powerpact.gas.indicators import herfindahl_hirschman, shannon
from powerpact.gas.standard import high_demand_window
from powerpact.system.load import DATA_DIR

TINY = Path(__file__).parent / "data" / "tiny"
GEN = {"name": "lignite", "zone": "A", "technology": "lignite", "capacity_mw": 100}


def _system(make_system, entries, storage=(), settings=None, gas_demand=None, gens=(GEN,), **kw):
    gas_demand = gas_demand or {"A": [6.0, 8.0, 7.0]}
    days = len(next(iter(gas_demand.values())))
    return make_system(
        generators=list(gens),
        demand={zone: [50.0] * 24 * days for zone in gas_demand},
        settings={
            "gas": {"energy_mwh_per_mcm": 10000, "ncv_mwh_per_mcm": 10000},
            **(settings or {}),
        },
        gas_demand=gas_demand,
        gas_entries=list(entries),
        **({"gas_storage": list(storage)} if storage else {}),
        **kw,
    )


def _entry(name, capacity, kind="pipeline", zone="A", supplier=""):
    return {
        "name": name,
        "zone": zone,
        "kind": kind,
        "capacity_mcm_per_day": capacity,
        "supplier": supplier,
    }


def _store(name, withdrawal, volume=100.0, fill=0.5, zone="A"):
    return {
        "name": name,
        "zone": zone,
        "working_volume_mcm": volume,
        "withdrawal_mcm_per_day": withdrawal,
        "initial_fill_fraction": fill,
    }


BASE = [
    _entry("pipe-1", 10),
    _entry("pipe-2", 4),
    _entry("field", 2, "production"),
    _entry("lng-1", 3, "lng"),
]


def test_n_minus_1_by_hand(make_system) -> None:
    system = _system(
        make_system,
        BASE,
        [_store("st", 6)],
        settings={"gas": {"peak_day_demand_mcm": 20, "demand_side_measures_mcm_per_day": 5}},
    )
    head = n_minus_1(system).headline()
    # EPm 14, Pm 2, Sm 6, LNGm 3, Im = pipe-1 (10): (14 + 2 + 6 + 3 − 10) / 20 = 75 %
    assert (head["EPm_mcm_per_day"], head["Pm_mcm_per_day"]) == (14.0, 2.0)
    assert (head["Sm_mcm_per_day"], head["LNGm_mcm_per_day"]) == (6.0, 3.0)
    assert head["largest_infrastructure"] == "pipe-1" and head["Im_mcm_per_day"] == 10.0
    assert head["n_minus_1_percent"] == pytest.approx(75.0)
    # with demand-side measures: 15 / (20 − 5) = 100 %
    assert head["n_minus_1_demand_side_percent"] == pytest.approx(100.0)


def test_storage_then_second_route_become_the_largest(make_system) -> None:
    settings = {"gas": {"peak_day_demand_mcm": 20}}
    big_store = _system(make_system, BASE, [_store("st", 12)], settings=settings)
    head = n_minus_1(big_store).headline()
    # storage (12) is now larger than pipe-1 (10): (14 + 2 + 12 + 3 − 12) / 20 = 95 %
    assert head["largest_infrastructure"] == "st"
    assert head["largest_infrastructure_kind"] == "storage"
    assert head["n_minus_1_percent"] == pytest.approx(95.0)
    second = _system(
        make_system, [*BASE, _entry("pipe-3", 13)], [_store("st", 12)], settings=settings
    )
    head = n_minus_1(second).headline()
    # a 13 mcm/d route beats the storage: (27 + 2 + 12 + 3 − 13) / 20 = 155 %
    assert head["largest_infrastructure"] == "pipe-3"
    assert head["n_minus_1_percent"] == pytest.approx(155.0)


def test_computed_dmax_and_zones(make_system) -> None:
    plant = {
        "name": "ccgt",
        "zone": "A",
        "technology": "gas",
        "capacity_mw": 250,
        "fuel": "gas",
        "efficiency": 0.5,
    }
    system = _system(
        make_system,
        [_entry("pipe-a", 9), _entry("pipe-b", 3, zone="B")],
        [_store("st-b", 2, zone="B")],
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30}}},
        gas_demand={"A": [6.0, 8.0, 7.0], "B": [1.0, 1.5, 2.0]},
        gens=[plant],
    )
    terms = n_minus_1(system).terms
    # plant: 250 / 0.5 × 24 h = 12,000 MWh_th / 10,000 MWh per mcm = 1.2 mcm/d
    assert terms.at["A", "Dmax"] == pytest.approx(8.0 + 1.2)
    assert terms.at["B", "Dmax"] == pytest.approx(2.0)
    # system: largest day of the sum (8 + 1.5 = 9.5 on day 2, 7 + 2 = 9 on day 3) + 1.2
    assert terms.at["system", "Dmax"] == pytest.approx(10.7)
    # zone A loses its only pipe: (9 − 9) / 9.2; zone B: (3 + 2 − 3) / 2 = 100 %
    assert terms.at["A", "n_minus_1_percent"] == pytest.approx(0.0)
    assert terms.at["B", "n_minus_1_percent"] == pytest.approx(100.0)
    assert terms.at["system", "n_minus_1_percent"] == pytest.approx(100 * (9 + 3 + 2 - 9) / 10.7)
    assert terms.at["system", "dmax_from"] == "computed"


def test_scenario_outages_do_not_change_n_minus_1() -> None:
    base = n_minus_1(powerpact.load(TINY)).headline()
    scenario = powerpact.load(TINY / "scenarios" / "new-plant.yaml")
    assert len(scenario.outages) and n_minus_1(scenario).headline() == base


def test_default_system_n_minus_1_from_its_csv_files() -> None:
    """Recompute Serbia's N-1 from the shipped CSV files, without the loader."""
    folder = DATA_DIR / "serbia-2025"
    if not (folder / "gas_entries.csv").is_file():
        pytest.skip("default data not written yet")
    entries = pd.read_csv(folder / "gas_entries.csv")
    storage = pd.read_csv(folder / "gas_storage.csv")
    capacities = [*entries["capacity_mcm_per_day"], *storage["withdrawal_mcm_per_day"]]
    dmax = powerpact.load("serbia-2025").settings.gas.peak_day_demand_mcm
    expected = 100 * (sum(capacities) - max(capacities)) / dmax
    assert n_minus_1(powerpact.load("serbia-2025")).percent == pytest.approx(expected)


def test_supply_standard_by_hand(make_system) -> None:
    # pipe 5 mcm/d; storage 20 mcm, 4 mcm/d, half full (10 mcm); demand 6, 8, 7 (peak 8)
    system = _system(make_system, [_entry("pipe", 5)], [_store("st", 4, volume=20.0)])
    flat = supply_standard(system, GasOptions(derate_below_fill=0.0)).summary()
    # (a) 7 days × 8: storage gives 3, 3, 3, 1 then is empty: short 2 + 3 × 3 = 11
    assert flat.at["peak_7_day", "shortfall_mcm"] == pytest.approx(11.0)
    assert flat.at["peak_7_day", "storage_left_mcm"] == pytest.approx(0.0)
    # (c) the pipe (5) is the largest: average winter day 7 from storage alone:
    # 4, 4, 2 then nothing → short 3 + 3 + 5 + 27 × 7 = 200 over 30 days
    assert flat.at["largest_infrastructure_out_30_day", "shortfall_mcm"] == pytest.approx(200.0)
    assert not flat["met"].any()
    curved = supply_standard(system).summary()
    # with the curve (full rate above 40 % fill): fill 10 → 7 → 4 → 2 → 1 → 0.5 → 0.25 → 0.125,
    # the daily rate 4 × fill / 8 below 8 mcm caps the draw at 2, 1, 0.5, 0.25, 0.125
    assert curved.at["peak_7_day", "shortfall_mcm"] == pytest.approx(1 + 2 + 2.5 + 2.75 + 2.875)
    assert curved.at["peak_7_day", "storage_left_mcm"] == pytest.approx(0.125)


def test_high_demand_window_picks_and_scales_the_coldest_30_days(make_system) -> None:
    demand = [5.0] * 40
    demand[6:36] = [10.0] * 30
    demand[20] = 12.0
    system = _system(
        make_system,
        [_entry("pipe", 30)],
        gas_demand={"A": demand},
        settings={"gas": {"peak_day_demand_mcm": 18}},
    )
    window = high_demand_window(system)
    # days 6..35 hold the most gas; scaled so the largest day (12) becomes D_max 18 (no plants)
    expected = [10.0 * 1.5] * 30
    expected[14] = 18.0
    assert window.tolist() == pytest.approx(expected)


def test_indicators_by_hand(make_system) -> None:
    system = _system(
        make_system,
        [
            _entry("east", 10, supplier="East"),
            _entry("south", 5, supplier="South"),
            _entry("field", 1, "production", supplier="Home"),
        ],
        [_store("st", 5, volume=140.0)],
        gas_contracts=[
            {"name": "c1", "supplier": "East", "entry": "east", "annual_max_mcm": 1000},
            {"name": "c2", "supplier": "South", "entry": "south", "annual_max_mcm": 300},
            {"name": "c3", "supplier": "East", "entry": "south", "annual_max_mcm": 200},
        ],
    )
    result = indicators(system)
    # East 1200, Home 365 (1 mcm/d all year), South 300 → total 1865
    volumes = result.supplier_volumes_mcm
    assert volumes.to_dict() == pytest.approx({"East": 1200, "Home": 365, "South": 300})
    # shares 64.343 %, 19.571 %, 16.086 %: HHI = 64.343² + 19.571² + 16.086² = 4,781.8;
    # Shannon = −(0.64343 ln 0.64343 + 0.19571 ln 0.19571 + 0.16086 ln 0.16086) = 0.89687
    assert result.supplier_hhi == pytest.approx(4781.82, abs=0.01)
    assert result.shannon_index == pytest.approx(0.89687, abs=1e-5)
    # Two equal suppliers: HHI 2 × 50² = 5,000 and Shannon ln 2.
    assert herfindahl_hirschman(pd.Series([0.5, 0.5])) == pytest.approx(5000.0)
    assert shannon(pd.Series([0.5, 0.5])) == pytest.approx(math.log(2))
    # consumption: 21 mcm in 3 days → 2555 mcm/yr; imports = 2555 − 365
    assert result.import_dependency_non_power == pytest.approx((2555 - 365) / 2555)
    # all consumption needs the power plants' gas (from a dispatch): without it, no figure
    assert result.import_dependency is None
    with_power = indicators(system, power_gas_mcm_per_year=445.0)
    assert with_power.import_dependency == pytest.approx((3000 - 365) / 3000)
    assert with_power.import_dependency_non_power == result.import_dependency_non_power
    # storage cover: 140 mcm / 7 mcm per winter day
    assert result.storage_cover_days == pytest.approx(20.0)
    # one supplier only: HHI 10,000 and Shannon 0
    single = indicators(
        _system(
            make_system,
            [_entry("only", 10, supplier="X")],
            gas_contracts=[{"name": "c", "supplier": "X", "entry": "only", "annual_max_mcm": 500}],
        )
    )
    assert (single.supplier_hhi, single.shannon_index) == (10_000.0, 0.0)


def test_electricity_import_dependency_needs_net_imports(make_system) -> None:
    system = _system(make_system, [_entry("pipe", 10)])
    assert indicators(system).electricity_import_dependency is None
    # demand 50 MW × 72 h = 3600 MWh; 360 MWh net imports → 10 %
    assert indicators(system, electricity_net_imports_mwh=360).electricity_import_dependency == (
        pytest.approx(0.1)
    )


def test_cli_json_holds_the_headline_figures() -> None:
    result = CliRunner().invoke(app, ["gas", str(TINY), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in (
        "n_minus_1_percent",
        "largest_infrastructure",
        "supplier_hhi",
        "import_dependency",
        "import_dependency_non_power",
        "storage_cover_days",
        "drill_non_power_shortfall_mcm",
    ):
        assert key in data
    assert data["n_minus_1_percent"] == pytest.approx(75.0)  # (6 + 0.5 + 2 − 4) / 6
    assert data["largest_infrastructure"] == "pipe-east"


def test_cli_bad_route_is_one_line_exit_2(monkeypatch, capsys) -> None:
    from powerpact.cli import main

    monkeypatch.setattr("sys.argv", ["powerpact", "gas", str(TINY), "--route", "nope"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    assert "'nope' is not a gas entry" in capsys.readouterr().err
