"""Appraisal on real dispatches: consistency with the dispatch, the fast price-risk approximation
against full dispatch re-runs, reproducibility, design comparison."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from powerpact.dispatch import run
from powerpact.economics import AppraisalOptions, RiskOptions
from powerpact.economics.engine import plant_inputs, price_drivers
from powerpact.economics.risk import approximate_generation, shifted_prices
from powerpact.studies.appraisal import appraise
from powerpact.studies.designs import compare_designs
from powerpact.system import InputError, System

HOURS = 72
# Demand swings across the lignite, CCGT, old gas and scarcity price levels.
DEMAND = [
    250 + 350 * (0.5 - 0.5 * np.cos(2 * np.pi * h / 24)) + 30 * (h // 24) for h in range(HOURS)
]


def small_system(
    make_system: Callable[..., System],
    gas_price: float = 30.0,
    co2_price: float = 20.0,
    lignite_limit_mwh_th: float | None = None,
    **tables: object,
) -> System:
    lignite: dict[str, float] = {"price_eur_per_mwh_th": 8.0, "co2_t_per_mwh_th": 0.4}
    if lignite_limit_mwh_th is not None:
        lignite["annual_limit_mwh_th"] = lignite_limit_mwh_th
    return make_system(
        generators=[
            {
                "name": "lignite",
                "zone": "A",
                "technology": "lignite",
                "capacity_mw": 300,
                "fuel": "lignite",
                "efficiency": 0.35,
            },
            {
                "name": "nis-ccgt",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 200,
                "fuel": "gas",
                "efficiency": 0.57,
                "variable_om_eur_per_mwh": 5.0,
            },
            {
                "name": "old-gas",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 150,
                "fuel": "gas",
                "efficiency": 0.38,
            },
        ],
        demand={"A": DEMAND},
        settings={
            "co2_price_eur_per_t": co2_price,
            "value_of_lost_load_eur_per_mwh": 3000,
            "fuels": {
                "gas": {"price_eur_per_mwh_th": gas_price, "co2_t_per_mwh_th": 0.2},
                "lignite": lignite,
            },
        },
        **tables,
    )


def cheap_contract_gas(make_system: Callable[..., System]) -> System:
    """Gas from a 20 EUR/MWh_th contract (spot price 30): the day's gas price is 20."""
    return small_system(
        make_system,
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 5.0}],
        gas_contracts=[
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": 5000.0,
                "price_eur_per_mwh_th": 20.0,
            }
        ],
    )


@pytest.mark.parametrize(("gas_factor", "co2_factor"), [(1.4, 1.3), (0.7, 0.8), (1.0, 2.0)])
def test_fast_approximation_matches_full_dispatch_rerun(
    make_system: Callable[..., System], gas_factor: float, co2_factor: float
) -> None:
    base = small_system(make_system)
    dispatch = run(base)
    options = AppraisalOptions()
    inputs = plant_inputs(base, dispatch, "nis-ccgt", options)
    drivers = price_drivers(base, dispatch, "A")
    gas_change, co2_change = 30.0 * (gas_factor - 1), 20.0 * (co2_factor - 1)
    prices = shifted_prices(
        inputs.price_eur_per_mwh, drivers, np.array(gas_change), np.array(co2_change), np.array(1.0)
    )
    generation = approximate_generation(
        inputs.dispatch_view(), prices, np.array(gas_change), np.array(co2_change)
    )
    moved = run(small_system(make_system, 30.0 * gas_factor, 20.0 * co2_factor))
    full_price = moved.price_eur_per_mwh["A"].to_numpy()
    full_generation = moved.generation_mw["nis-ccgt"].to_numpy()
    np.testing.assert_allclose(prices, full_price, atol=0.05)
    np.testing.assert_allclose(generation, full_generation, atol=0.5)
    assert (generation * prices).sum() == pytest.approx(
        (full_generation * full_price).sum(), rel=1e-3
    )


def test_gas_need_equals_fuel_the_dispatch_burned(tiny: System) -> None:
    dispatch = run(tiny)
    result = appraise(
        tiny, "gas-1", AppraisalOptions(technology="ccgt"), dispatch=dispatch, risk=False
    )
    inputs = plant_inputs(tiny, dispatch, "gas-1", AppraisalOptions())
    burned_mcm = float(dispatch.gas_burn_mcm["gas-1"].sum())
    horizon_bcm = result.gas_need_bcm_per_year * tiny.n_hours / inputs.hours_per_year
    assert horizon_bcm * 1000 == pytest.approx(burned_mcm, rel=1e-9)
    # CO2 with the factor the dispatch used (t per MWh electric of the generator row).
    dispatch_co2_t = float(
        (dispatch.generation_mw["gas-1"] * tiny.generators.at["gas-1", "co2_t_per_mwh"]).sum()
    )
    assert result.co2_t_per_year * tiny.n_hours / inputs.hours_per_year == pytest.approx(
        dispatch_co2_t, rel=1e-9
    )
    assert dispatch_co2_t > 0
    assert result.capacity_factor == pytest.approx(
        dispatch.capacity_factor_by_unit()["gas-1"], rel=1e-9
    )


def test_monte_carlo_is_seeded_and_reproducible(make_system: Callable[..., System]) -> None:
    system = small_system(make_system)
    dispatch, without = run(system), run(small_system(make_system))
    options = AppraisalOptions(risk=RiskOptions(paths=64, seed=7))
    first = appraise(system, "nis-ccgt", options, dispatch=dispatch, dispatch_without=without)
    again = appraise(system, "nis-ccgt", options, dispatch=dispatch, dispatch_without=without)
    other = appraise(
        system,
        "nis-ccgt",
        AppraisalOptions(risk=RiskOptions(paths=64, seed=8)),
        dispatch=dispatch,
        dispatch_without=without,
    )
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

    result = CliRunner().invoke(
        app,
        [
            "appraise",
            "tests/data/tiny",
            "--plant",
            "gas-1",
            "--technology",
            "ccgt",
            "--json",
            "--paths",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in (
        "lcoe_eur_per_mwh",
        "npv_eur",
        "irr",
        "payback_years",
        "capacity_factor",
        "gas_need_bcm_per_year",
        "co2_t_per_year",
        "npv_p10_eur",
        "npv_p50_eur",
        "npv_p90_eur",
    ):
        assert key in data
    assert data["npv_p10_eur"] <= data["npv_p50_eur"] <= data["npv_p90_eur"]


def test_cli_unknown_plant_is_one_line_exit_2() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "powerpact",
            "appraise",
            "tests/data/tiny",
            "--plant",
            "nope",
            "--no-risk",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no generator named 'nope'" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_design_is_an_input_error(make_system: Callable[..., System]) -> None:
    with pytest.raises(InputError, match="no cost data"):
        compare_designs(small_system(make_system), "A", 100.0, designs=("fusion",), risk=False)


def test_no_price_change_reproduces_the_dispatch_with_contract_gas(
    make_system: Callable[..., System],
) -> None:
    # The dispatch runs nis-ccgt at 5 + (20 + 20 × 0.2) / 0.57 = 47.11 EUR/MWh, not at its cost
    # with spot gas (64.65): unchanged prices must give back the dispatch's own hours.
    system = cheap_contract_gas(make_system)
    dispatch = run(system)
    assert dispatch.gas_price_eur_per_mwh_th["A"].to_numpy() == pytest.approx(20.0)
    inputs = plant_inputs(system, dispatch, "nis-ccgt", AppraisalOptions())
    drivers = price_drivers(system, dispatch, "A")
    zero = np.array(0.0)
    prices = shifted_prices(inputs.price_eur_per_mwh, drivers, zero, zero, np.array(1.0))
    generation = approximate_generation(inputs.dispatch_view(), prices, zero, zero)
    base = dispatch.generation_mw["nis-ccgt"].to_numpy()
    assert base.sum() > 0
    np.testing.assert_allclose(prices, inputs.price_eur_per_mwh)
    np.testing.assert_allclose(generation, base, atol=1e-6)


def test_fuel_cost_is_the_gas_price_the_dispatch_charged(
    make_system: Callable[..., System],
) -> None:
    system = cheap_contract_gas(make_system)
    dispatch = run(system)
    result = appraise(system, "nis-ccgt", dispatch=dispatch, risk=False)
    burnt_mwh_th = float(dispatch.gas_burn_mcm["nis-ccgt"].sum()) * 10550.0
    yearly = burnt_mwh_th * 8760 / HOURS
    assert result.cash_flows["fuel_eur"].max() == pytest.approx(yearly * 20.0, rel=1e-9)
    # Run only where the price covers that cost, the plant never loses on fuel and CO2.
    operating = result.cash_flows.iloc[-1]
    assert operating["revenue_eur"] >= operating["fuel_eur"] + operating["co2_eur"]


# 50,000 MWh_th over the 72 hours, about 80 % of what the lignite unit burns without a limit.
LIGNITE_LIMIT_MWH_TH = 50_000 * 8760 / HOURS


@pytest.mark.parametrize(("gas_factor", "co2_factor"), [(1.4, 1.3), (0.7, 0.8), (1.0, 2.0)])
def test_fast_approximation_with_energy_limited_lignite(
    make_system: Callable[..., System], gas_factor: float, co2_factor: float
) -> None:
    # The mine limit binds, so lignite's price includes a scarcity rent and its output is fixed:
    # a dearer CO2 price cannot push lignite out of the merit order, only the rent absorbs it.
    base = small_system(make_system, lignite_limit_mwh_th=LIGNITE_LIMIT_MWH_TH)
    dispatch = run(base)
    assert dispatch.generation_mw["lignite"].sum() / 0.35 == pytest.approx(50_000)
    inputs = plant_inputs(base, dispatch, "nis-ccgt", AppraisalOptions())
    drivers = price_drivers(base, dispatch, "A")
    gas_change, co2_change = 30.0 * (gas_factor - 1), 20.0 * (co2_factor - 1)
    prices = shifted_prices(
        inputs.price_eur_per_mwh, drivers, np.array(gas_change), np.array(co2_change), np.array(1.0)
    )
    generation = approximate_generation(
        inputs.dispatch_view(), prices, np.array(gas_change), np.array(co2_change)
    )
    moved = run(
        small_system(
            make_system,
            30.0 * gas_factor,
            20.0 * co2_factor,
            lignite_limit_mwh_th=LIGNITE_LIMIT_MWH_TH,
        )
    )
    full_price = moved.price_eur_per_mwh["A"].to_numpy()
    full_generation = moved.generation_mw["nis-ccgt"].to_numpy()
    np.testing.assert_allclose(prices, full_price, atol=0.05)
    # Where nis-ccgt shares the margin with energy-limited lignite the split between hours is
    # a tie; the plant's energy and revenue are not.
    assert generation.sum() == pytest.approx(full_generation.sum(), rel=1e-6)
    assert (generation * prices).sum() == pytest.approx(
        (full_generation * full_price).sum(), rel=1e-6
    )


def test_unknown_eu_market_is_an_input_error(tiny: System) -> None:
    system = tiny
    options = AppraisalOptions(technology="ccgt", eu_markets=("XX",))
    with pytest.raises(InputError, match="'XX' is not a market"):
        appraise(system, "gas-1", options, risk=False)
