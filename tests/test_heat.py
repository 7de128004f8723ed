"""Heat-led CHP: heat demand from degree days, the minimum electric output it forces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import powerpact
from powerpact.dispatch import run
from powerpact.system import InputError, first_hours
from powerpact.system.heat import (
    HeatPlant,
    hdd_index,
    heat_demand_mw_th,
    nis_with_heat,
    with_heat_led_chp,
)
from powerpact.system.operations import figure


def test_annual_heat_is_capacity_times_full_load_hours_times_hdd_index() -> None:
    system = powerpact.load("serbia-2025")
    plant = HeatPlant(100.0, 2000.0, True, 0.5)
    normal = heat_demand_mw_th(system, plant, "RS")
    assert normal.sum() == pytest.approx(100.0 * 2000.0, rel=1e-9)
    cold = heat_demand_mw_th(system, plant, "RS", climate_year=1985)
    hot_water = figure("hot_water_share") * 200_000.0
    assert cold.sum() == pytest.approx(hot_water + (200_000.0 - hot_water) * hdd_index("RS", 1985))
    # July holds hot water only: the flat share of the year.
    july = system.snapshots.month == 7
    assert normal[july] == pytest.approx(hot_water / 8760.0)
    assert normal.max() <= 100.0


def test_industrial_steam_is_flat() -> None:
    system = powerpact.load("serbia-2025")
    steam = heat_demand_mw_th(system, HeatPlant(80.0, 6000.0, False, 1.0), "RS")
    assert steam == pytest.approx(np.full(system.n_hours, 80.0 * 6000.0 / 8760.0))


def test_heat_led_minimum_holds_in_dispatch(make_system) -> None:
    # A dear CHP (100 MW, c_b 0.5) beside a cheap unit: without heat it never runs; with heat
    # its output is exactly c_b × heat each hour (the cheap unit takes the rest).
    hours = pd.date_range("2030-01-01", periods=48, freq="h", tz="UTC")
    system = make_system(
        generators=[
            {
                "name": "cheap",
                "zone": "A",
                "technology": "x",
                "capacity_mw": 500,
                "marginal_cost_eur_per_mwh": 5,
            },
            {
                "name": "chp",
                "zone": "A",
                "technology": "gas_chp",
                "capacity_mw": 100,
                "marginal_cost_eur_per_mwh": 80,
            },
        ],
        demand={"A": [300.0] * len(hours)},
    )
    plant = HeatPlant(60.0, 3000.0, True, 0.5)
    heat = heat_demand_mw_th(system, plant, "A")
    assert run(system).generation_mw["chp"].sum() == pytest.approx(0.0)
    led = run(with_heat_led_chp(system, {"chp": plant}))
    assert led.generation_mw["chp"].to_numpy() == pytest.approx(0.5 * heat)
    assert (heat > 0).all()


def test_unknown_plant_is_one_line(make_system) -> None:
    system = make_system(
        generators=[
            {
                "name": "a",
                "zone": "A",
                "technology": "x",
                "capacity_mw": 1,
                "marginal_cost_eur_per_mwh": 1,
            }
        ],
        demand={"A": [1.0]},
    )
    with pytest.raises(InputError, match="no generator named 'b'"):
        with_heat_led_chp(system, {"b": HeatPlant(1, 1, True, 1)})


def test_nis_with_heat_runs_heat_led_in_winter() -> None:
    system = first_hours(powerpact.load("nis-ccgt"), 24 * 7)
    heated = nis_with_heat(system)
    assert heated.generators.at["nis-ccgt", "capacity_mw"] == 350.0
    result = run(heated)
    minimum = heated.profiles["heat:nis-ccgt"].to_numpy() * 350.0
    assert minimum.min() > 0
    assert (result.generation_mw["nis-ccgt"].to_numpy() >= minimum - 1e-6).all()
    for name in ("novi-sad-chp", "pancevo-ccgt"):
        floor = (
            heated.profiles[f"heat:{name}"].to_numpy() * heated.generators.at[name, "capacity_mw"]
        )
        assert (result.generation_mw[name].to_numpy() >= floor - 1e-6).all()
