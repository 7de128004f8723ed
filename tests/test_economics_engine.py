"""Appraisal on real dispatches: consistency with the dispatch, the fast price-risk approximation
against full dispatch re-runs, reproducibility, design comparison."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from powerpact.dispatch import run
from powerpact.economics import AppraisalOptions, RiskOptions, appraise, compare_designs
from powerpact.economics.engine import plant_inputs, price_drivers
from powerpact.economics.risk import approximate_generation, shifted_prices
from powerpact.system import InputError, System

HOURS = 72
# Demand swings across the lignite, CCGT, old gas and scarcity price levels.
DEMAND = [250 + 350 * (0.5 - 0.5 * np.cos(2 * np.pi * h / 24)) + 30 * (h // 24) for h in
          range(HOURS)]


def small_system(make_system: Callable[..., System], gas_price: float = 30.0,
                 co2_price: float = 20.0) -> System:
    return make_system(
        generators=[
            {"name": "lignite", "zone": "A", "technology": "lignite", "capacity_mw": 300,
             "fuel": "lignite", "efficiency": 0.35},
            {"name": "nis-ccgt", "zone": "A", "technology": "gas", "capacity_mw": 200,
             "fuel": "gas", "efficiency": 0.57, "variable_om_eur_per_mwh": 5.0},
            {"name": "old-gas", "zone": "A", "technology": "gas", "capacity_mw": 150,
             "fuel": "gas", "efficiency": 0.38},
        ],
        demand={"A": DEMAND},
        settings={"co2_price_eur_per_t": co2_price, "value_of_lost_load_eur_per_mwh": 3000,
                  "fuels": {"gas": {"price_eur_per_mwh_th": gas_price, "co2_t_per_mwh_th": 0.2},
                            "lignite": {"price_eur_per_mwh_th": 8.0,
                                        "co2_t_per_mwh_th": 0.4}}},
    )


@pytest.mark.parametrize(("gas_factor", "co2_factor"), [(1.4, 1.3), (0.7, 0.8), (1.0, 2.0)])
def test_fast_approximation_matches_full_dispatch_rerun(
        make_system: Callable[..., System], gas_factor: float, co2_factor: float) -> None:
    base = small_system(make_system)
    dispatch = run(base)
    options = AppraisalOptions()
    inputs = plant_inputs(base, dispatch, "nis-ccgt", options)
    drivers = price_drivers(base, dispatch, "A")
    gas_change, co2_change = 30.0 * (gas_factor - 1), 20.0 * (co2_factor - 1)
    prices = shifted_prices(inputs.price_eur_per_mwh, drivers, np.array(gas_change),
                            np.array(co2_change), np.array(1.0))
    generation = approximate_generation(inputs.dispatch_view(), prices, np.array(gas_change),
                                        np.array(co2_change))
    moved = run(small_system(make_system, 30.0 * gas_factor, 20.0 * co2_factor))
    full_price = moved.price_eur_per_mwh["A"].to_numpy()
    full_generation = moved.generation_mw["nis-ccgt"].to_numpy()
    np.testing.assert_allclose(prices, full_price, atol=0.05)
    np.testing.assert_allclose(generation, full_generation, atol=0.5)
    assert (generation * prices).sum() == pytest.approx((full_generation * full_price).sum(),
                                                        rel=1e-3)


def test_gas_need_equals_fuel_the_dispatch_burned(tiny: System) -> None:
    dispatch = run(tiny)
    result = appraise(tiny, "gas-1", AppraisalOptions(technology="ccgt"), dispatch=dispatch,
                      risk=False)
    inputs = plant_inputs(tiny, dispatch, "gas-1", AppraisalOptions())
    burned_mcm = float(dispatch.gas_burn_mcm["gas-1"].sum())
    horizon_bcm = result.gas_need_bcm_per_year * tiny.n_hours / inputs.hours_per_year
    assert horizon_bcm * 1000 == pytest.approx(burned_mcm, rel=1e-9)
    assert result.capacity_factor == pytest.approx(
        dispatch.capacity_factor_by_unit()["gas-1"], rel=1e-9)


def test_monte_carlo_is_seeded_and_reproducible(make_system: Callable[..., System]) -> None:
    system = small_system(make_system)
    dispatch, without = run(system), run(small_system(make_system))
    options = AppraisalOptions(risk=RiskOptions(paths=64, seed=7))
    first = appraise(system, "nis-ccgt", options, dispatch=dispatch, dispatch_without=without)
    again = appraise(system, "nis-ccgt", options, dispatch=dispatch, dispatch_without=without)
    other = appraise(system, "nis-ccgt", AppraisalOptions(risk=RiskOptions(paths=64, seed=8)),
                     dispatch=dispatch, dispatch_without=without)
    assert first.npv_risk == again.npv_risk
    assert first.npv_risk != other.npv_risk
    assert first.npv_risk["p10"] <= first.npv_risk["p50"] <= first.npv_risk["p90"]


def test_unknown_plant_and_non_thermal_plant_are_input_errors(tiny: System) -> None:
    with pytest.raises(InputError, match="no generator"):
        appraise(tiny, "nope", risk=False)
    with pytest.raises(InputError, match="burns no fuel"):
        appraise(tiny, "wind-1", AppraisalOptions(technology="ccgt"), risk=False)


def test_compare_designs_from_shipped_technology_data(make_system: Callable[..., System]) -> None:
    system = small_system(make_system)
    comparison = compare_designs(system, "A", 100.0, risk=False)
    ocgt, ccgt = comparison.appraisals["ocgt"], comparison.appraisals["ccgt"]
    # The combined cycle burns less gas per MWh and so runs at least as often.
    assert ccgt.capacity_factor >= ocgt.capacity_factor
    assert ocgt.gas_need_mcm_per_day_full_load > ccgt.gas_need_mcm_per_day_full_load
    assert list(comparison.table().columns) == ["ocgt", "ccgt"]


def test_cli_json_holds_the_headline_keys() -> None:
    from typer.testing import CliRunner

    from powerpact.cli import app

    result = CliRunner().invoke(app, ["appraise", "tests/data/tiny", "--plant", "gas-1",
                                      "--technology", "ccgt", "--json", "--paths", "20"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("lcoe_eur_per_mwh", "npv_eur", "irr", "payback_years", "capacity_factor",
                "gas_need_bcm_per_year", "co2_t_per_year", "npv_p10_eur", "npv_p50_eur",
                "npv_p90_eur"):
        assert key in data
    assert data["npv_p10_eur"] <= data["npv_p50_eur"] <= data["npv_p90_eur"]


def test_cli_unknown_plant_is_one_line_exit_2() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "powerpact", "appraise", "tests/data/tiny",
                           "--plant", "nope", "--no-risk"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "no generator named 'nope'" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_design_is_an_input_error(make_system: Callable[..., System]) -> None:
    with pytest.raises(InputError, match="no cost data"):
        compare_designs(small_system(make_system), "A", 100.0, designs=("fusion",), risk=False)
