"""Plant appraisal core: LCOE, NPV, IRR and payback against hand calculations and a published
worked example; invariants with hypothesis."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from powerpact.economics.appraisal import PlantInputs, appraise_plant
from powerpact.economics.costs import PlantCosts, technology_costs, technology_of, with_overrides
from powerpact.economics.finance import build_cash_flows, irr, lcoe_eur_per_mwh, npv_eur
from powerpact.economics.options import AppraisalOptions, RiskOptions
from powerpact.economics.risk import PriceDrivers, price_multipliers
from powerpact.system import InputError

COSTS = PlantCosts(
    technology="ccgt",
    capex_eur_per_kw=1000.0,
    fixed_om_eur_per_kw_year=20.0,
    variable_om_eur_per_mwh=5.0,
    lifetime_years=20,
    construction_years=1,
    efficiency=0.55,
)


def crf(rate: float, years: int) -> float:
    """Capital recovery factor r(1+r)^n / ((1+r)^n − 1)."""
    return rate * (1 + rate) ** years / ((1 + rate) ** years - 1)


def plant(
    hours: int = 48, output_mw: float = 100.0, price: float = 90.0, **kw: object
) -> PlantInputs:
    values = dict(
        name="nis-ccgt",
        capacity_mw=100.0,
        efficiency=0.5,
        generation_mw=np.full(hours, output_mw),
        available_mw=np.full(hours, 100.0),
        price_eur_per_mwh=np.full(hours, price),
        marginal_cost_eur_per_mwh=80.0,
        fuel_price_eur_per_mwh_th=30.0,
        co2_t_per_mwh_th=0.2,
        co2_price_eur_per_t=50.0,
        hours_per_year=8760.0,
    )
    values.update(kw)
    return PlantInputs(**values)  # type: ignore[arg-type]


def test_lcoe_equals_capital_recovery_formula_for_level_flows() -> None:
    # With the investment at t = 0 and level yearly flows in years 1..n, the IEA/NEA sum reduces
    # to (I·CRF + FOM) / E + variable cost per MWh.
    rate, years = 0.07, 20
    flows = build_cash_flows(1e8, 1, years, 2e6, 5e5, 8e6, 1e6, 1e5, 0.0)
    expected = (1e8 * crf(rate, years) + 2e6) / 1e5 + (5e5 + 8e6 + 1e6) / 1e5
    assert lcoe_eur_per_mwh(flows, rate) == pytest.approx(expected, rel=1e-12)


def test_lcoe_npv_irr_by_explicit_sums_with_three_construction_years() -> None:
    rate = 0.08
    flows = build_cash_flows(9e7, 3, 4, 1e6, 2e5, 3e6, 4e5, 5e4, 9e6)
    t = np.arange(7)
    cost = np.array([3e7, 3e7, 3e7] + [1e6 + 2e5 + 3e6 + 4e5] * 4)
    energy = np.array([0, 0, 0] + [5e4] * 4)
    revenue = np.array([0, 0, 0] + [9e6] * 4)
    disc = 1.08**-t
    assert lcoe_eur_per_mwh(flows, rate) == pytest.approx(
        (cost * disc).sum() / (energy * disc).sum()
    )
    assert npv_eur(flows, rate) == pytest.approx(((revenue - cost) * disc).sum())
    found = irr(flows)
    assert ((revenue - cost) * (1 + found) ** -t).sum() == pytest.approx(0.0, abs=1e-3)


def test_irr_two_period_analytic() -> None:
    # −100 now, +121 in two years: (1 + r)² = 1.21, r = 10 %.
    flows = build_cash_flows(100.0, 1, 2, 0.0, 0.0, 0.0, 0.0, 1.0, np.array([0.0, 121.0]))
    assert irr(flows) == pytest.approx(0.10, abs=1e-10)


def test_published_worked_example_wisdem_plant_finance() -> None:
    """NREL WISDEM plant-finance tutorial (github.com/WISDEM/WISDEM,
    examples/08_plant_finance/example.py and docs/examples/08_finance/tutorial.rst): 87 turbines
    of 2,320 kW, turbine cost 1,093 USD/kW + balance of station 517 USD/kW, opex 43.56 USD/kW/yr,
    fixed charge rate 0.079216644, AEP 9,915,950 kWh per turbine less 15 % wake losses; published
    LCOE 0.04709575 USD/kWh. A fixed charge rate is a capital recovery factor, so the IEA/NEA sum
    with the rate r whose CRF over 20 years equals it must give the same LCOE."""
    fcr, lifetime = 0.079216644, 20
    rate = float(npf.rate(lifetime, fcr, -1.0, 0.0))
    assert crf(rate, lifetime) == pytest.approx(fcr, rel=1e-9)
    kw = 87 * 2320.0
    energy_mwh = 87 * 9915.95 * (1 - 0.15)
    flows = build_cash_flows(
        (1093 + 517) * kw, 1, lifetime, 43.56 * kw, 0.0, 0.0, 0.0, energy_mwh, 0.0
    )
    assert lcoe_eur_per_mwh(flows, rate) / 1000 == pytest.approx(0.04709575, rel=1e-6)


def test_appraisal_by_hand() -> None:
    # 48 h at 100 MW, price 110: 876,000 MWh/yr; efficiency 0.5, fuel 30, 0.2 t/MWh_th at 50 EUR/t.
    options = AppraisalOptions(discount_rate=0.07)
    result = appraise_plant(plant(price=110.0), COSTS, options)
    energy = 100 * 8760.0
    yearly_cost = 20.0 * 1e5 + energy * (5.0 + 30 / 0.5 + 0.2 / 0.5 * 50)
    assert result.capacity_factor == pytest.approx(1.0)
    assert result.lcoe_eur_per_mwh == pytest.approx((1e8 * crf(0.07, 20) + yearly_cost) / energy)
    net = energy * 110.0 - yearly_cost
    assert result.npv_eur == pytest.approx(-1e8 + net * (1 - 1.07**-20) / 0.07)
    assert result.payback_years == pytest.approx(1e8 / net)
    assert result.co2_t_per_year == pytest.approx(energy / 0.5 * 0.2)
    assert result.gas_need_bcm_per_year == pytest.approx(energy / 0.5 / 10550 / 1000)
    assert result.gas_need_mcm_per_day_full_load == pytest.approx(100 / 0.5 * 24 / 10550)
    assert result.captured_price_eur_per_mwh == pytest.approx(110.0)
    found = result.irr  # the annuity of the net flow at the IRR repays the investment
    assert net * (1 - (1 + found) ** -20) / found == pytest.approx(1e8, rel=1e-9)


def test_cbam_cost_is_ets_price_times_exported_emissions() -> None:
    exported = np.full(48, 25.0)  # a quarter of the output leaves for the EU
    result = appraise_plant(plant(exported_mwh=exported), COSTS, AppraisalOptions())
    assert result.export_share == pytest.approx(0.25)
    assert result.cbam_cost_eur_per_year == pytest.approx(100 * 8760 * 0.25 * 0.2 / 0.5 * 75.0)
    counted = appraise_plant(
        plant(exported_mwh=exported), COSTS, AppraisalOptions(cbam_in_npv=True)
    )
    assert counted.npv_eur < result.npv_eur


def test_zero_capacity_factor_gives_infinite_lcoe_and_a_message() -> None:
    result = appraise_plant(plant(output_mw=0.0), COSTS, AppraisalOptions())
    assert math.isinf(result.lcoe_eur_per_mwh)
    assert "never runs" in result.message
    assert math.isnan(result.irr)
    assert math.isinf(result.payback_years)
    assert result.npv_eur < 0
    assert result.headline()["message"] == result.message


def test_technology_mapping_and_overrides() -> None:
    assert technology_of("nis-ccgt", AppraisalOptions()) == "ccgt"
    assert technology_of("nis-ocgt", AppraisalOptions()) == "ocgt"
    assert technology_of("anything", AppraisalOptions(technology="OCGT")) == "ocgt"
    with pytest.raises(InputError, match="technology"):
        technology_of("pancevo", AppraisalOptions())
    changed = with_overrides(COSTS, AppraisalOptions(capex_eur_per_kw=700.0, lifetime_years=30))
    assert (changed.capex_eur_per_kw, changed.lifetime_years) == (700.0, 30)
    assert changed.fixed_om_eur_per_kw_year == COSTS.fixed_om_eur_per_kw_year


def test_shipped_technology_table_is_read() -> None:
    ccgt, ocgt = technology_costs("ccgt"), technology_costs("ocgt")
    assert ccgt.capex_eur_per_kw > ocgt.capex_eur_per_kw > 0
    assert ccgt.efficiency > ocgt.efficiency
    with pytest.raises(InputError, match="no cost data"):
        technology_costs("fusion")


money = st.floats(0.0, 1e3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    capex=st.floats(1.0, 5e3),
    fom=money,
    vom=money,
    fuel=money,
    construction=st.integers(1, 6),
    lifetime=st.integers(1, 40),
    low=st.floats(0.0, 0.3),
    step=st.floats(0.0, 0.3),
)
def test_higher_discount_rate_never_lowers_lcoe(
    capex: float,
    fom: float,
    vom: float,
    fuel: float,
    construction: int,
    lifetime: int,
    low: float,
    step: float,
) -> None:
    # Money is spent before (and while) energy is made, so discounting harder never helps.
    flows = build_cash_flows(
        capex * 1e3, construction, lifetime, fom * 1e3, vom * 1e3, fuel * 1e3, 0.0, 1e3, 0.0
    )
    assert lcoe_eur_per_mwh(flows, low + step) >= lcoe_eur_per_mwh(flows, low) * (1 - 1e-12)


@settings(max_examples=40, deadline=None)
@given(output=st.floats(0.0, 100.0), price=st.floats(-50.0, 500.0), rate=st.floats(0.0, 0.2))
def test_costs_are_never_negative(output: float, price: float, rate: float) -> None:
    result = appraise_plant(
        plant(output_mw=output, price=price), COSTS, AppraisalOptions(discount_rate=rate)
    )
    costs = result.cash_flows.drop(columns=["revenue_eur", "net_eur"])
    assert (costs.to_numpy() >= 0).all()
    assert result.lcoe_eur_per_mwh > 0


def test_price_paths_have_the_stated_mean_volatility_and_correlation() -> None:
    options = RiskOptions(paths=20_000, seed=11)
    paths = price_multipliers(options, 12)
    assert paths.shape == (20_000, 12, 3)
    np.testing.assert_array_equal(paths, price_multipliers(options, 12))
    # Mean-preserving: every year's mean multiplier is 1 (Monte Carlo error ~ σ/√n).
    np.testing.assert_allclose(paths.mean(axis=0), 1.0, atol=0.02)
    logs = np.log(paths)
    first = np.corrcoef(logs[:, 0].T)
    np.testing.assert_allclose(first, np.asarray(options.correlation()), atol=0.03)
    sigma = np.array([options.gas_volatility, options.co2_volatility, options.power_volatility])
    stationary = sigma / np.sqrt(1 - options.persistence**2)
    np.testing.assert_allclose(logs[:, -1].std(axis=0), stationary, rtol=0.03)
    np.testing.assert_allclose(logs[:, 0].std(axis=0), sigma, rtol=0.03)


def test_inconsistent_correlations_are_rejected() -> None:
    with pytest.raises(ValidationError, match="valid matrix"):
        RiskOptions(corr_gas_co2=0.9, corr_gas_power=0.9, corr_co2_power=-0.9)


def test_npv_distribution_brackets_and_is_reproducible() -> None:
    hours = 48
    price = np.where(np.arange(hours) % 24 < 12, 60.0, 120.0)
    drivers = PriceDrivers(
        gas_mwh_th_per_mwh=np.full(hours, 2.0),
        co2_t_per_mwh=np.full(hours, 0.4),
        market_set=np.zeros(hours),
        gas_price_eur_per_mwh_th=30.0,
        co2_price_eur_per_t=50.0,
    )
    options = AppraisalOptions(risk=RiskOptions(paths=200, seed=3))
    first = appraise_plant(plant(price_eur_per_mwh=price), COSTS, options, drivers=drivers)
    again = appraise_plant(plant(price_eur_per_mwh=price), COSTS, options, drivers=drivers)
    assert first.npv_risk == again.npv_risk
    risk = first.npv_risk
    assert risk["p10"] < risk["p50"] < risk["p90"]
    assert risk["var95"] > 0
    # With all volatilities zero every path is the base case.
    calm = AppraisalOptions(
        risk=RiskOptions(paths=5, gas_volatility=0, co2_volatility=0, power_volatility=0)
    )
    flat = appraise_plant(
        plant(price_eur_per_mwh=price, generation_mw=np.where(price > 80, 100.0, 0.0)),
        COSTS,
        calm,
        drivers=drivers,
    )
    assert flat.npv_risk["p10"] == pytest.approx(flat.npv_eur)
    assert flat.npv_risk["p90"] == pytest.approx(flat.npv_eur)
