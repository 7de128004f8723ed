"""Dispatch on systems small enough to solve by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import powerpact
from powerpact.dispatch import DispatchOptions, run

TINY = Path(__file__).parent / "data" / "tiny"
MWH_PER_MCM = 10550.0  # gross: gas bought and its price
NCV_MWH_PER_MCM = (
    0.9 * MWH_PER_MCM
)  # net (the default ratio): what net efficiencies turn into power


def unit(name: str, capacity_mw: float, cost: float, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "zone": "A",
        "technology": extra.pop("technology", "other"),
        "capacity_mw": capacity_mw,
        "marginal_cost_eur_per_mwh": cost,
        **extra,
    }


def gas_unit(capacity_mw: float = 500.0, efficiency: float = 0.5) -> dict[str, object]:
    return {
        "name": "ccgt",
        "zone": "A",
        "technology": "gas",
        "fuel": "gas",
        "capacity_mw": capacity_mw,
        "efficiency": efficiency,
    }


def test_merit_order_two_units(make_system) -> None:
    system = make_system(
        generators=[unit("cheap", 100, 10), unit("dear", 100, 50)], demand={"A": [50, 150]}
    )
    result = run(system)
    gen = result.generation_mw
    assert gen["cheap"].tolist() == pytest.approx([50, 100])
    assert gen["dear"].tolist() == pytest.approx([0, 50])
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([10, 50])
    assert result.total_cost_eur == pytest.approx(50 * 10 + 100 * 10 + 50 * 50)
    assert result.objective_eur == pytest.approx(result.total_cost_eur)


@pytest.mark.parametrize("method", ["simplex", "ipm"])
def test_storage_arbitrage_on_two_price_day(make_system, method: str) -> None:
    # 6 cheap hours (20), 6 dear (100), twice. 40 MWh store, 80 % round trip, starts and ends at
    # 20 MWh: buy 25 MWh (fills 20), sell 40, buy 50 (fills 40), sell 20.
    prices = ([20.0] * 6 + [100.0] * 6) * 2
    system = make_system(
        generators=[unit("none", 0, 0)],
        demand={"A": [0.0] * 24},
        settings={"markets": ["M"]},
        market_prices={"M": prices},
        storage=[
            {
                "name": "battery",
                "zone": "A",
                "power_mw": 10,
                "energy_mwh": 40,
                "round_trip_efficiency": 0.8,
                "initial_soc_fraction": 0.5,
            }
        ],
        interconnectors=[{"name": "a-m", "from_zone": "A", "to_zone": "M", "capacity_mw": 100}],
    )
    result = run(system, DispatchOptions(method=method))
    assert result.total_cost_eur == pytest.approx(25 * 20 - 40 * 100 + 50 * 20 - 20 * 100, abs=1e-4)
    soc = result.storage_soc_mwh["battery"].to_numpy()
    assert soc[[5, 11, 17, 23]] == pytest.approx([40, 0, 40, 20], abs=1e-5)
    charge = result.storage_charge_mw["battery"].to_numpy()
    assert charge[:6].sum() == pytest.approx(25, abs=1e-5)
    # the uncongested zone takes the market's price
    assert result.price_eur_per_mwh["A"].to_numpy() == pytest.approx(prices, abs=1e-4)
    assert result.market_export_mw["M"].sum() == pytest.approx(60, abs=1e-5)
    assert result.cost_breakdown_eur["export_revenue_eur"] == pytest.approx(6000, abs=1e-3)


GAS_SETTINGS = {"fuels": {"gas": {"price_eur_per_mwh_th": 30.0}}}


def test_gas_route_caps_gas_unit_and_households_come_first(make_system) -> None:
    # Entry 1 mcm/day, households 0.6: 0.4 mcm = 4220 MWh_th = 2110 MWh_el for the plant.
    system = make_system(
        generators=[gas_unit(), unit("oil", 500, 200)],
        demand={"A": [300.0] * 24},
        settings=GAS_SETTINGS,
        gas_demand={"A": [0.6]},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 1.0}],
    )
    result = run(system)
    assert result.gas_burn_mcm["ccgt"].sum() == pytest.approx(0.4)
    assert result.generation_mw["ccgt"].sum() == pytest.approx(0.4 * NCV_MWH_PER_MCM * 0.5)
    assert result.gas_shortfall_mcm.to_numpy().sum() == pytest.approx(0, abs=1e-9)
    oil_mwh = 7200 - 0.4 * NCV_MWH_PER_MCM * 0.5
    assert result.total_cost_eur == pytest.approx(MWH_PER_MCM * 30 + oil_mwh * 200)
    assert result.cost_breakdown_eur["gas_eur"] == pytest.approx(MWH_PER_MCM * 30)
    assert result.cost_breakdown_eur["fuel_eur"] == pytest.approx(0, abs=1e-6)
    # a MWh (gross) more gas would replace 0.5 × 0.9 MWh of oil at 200 EUR/MWh
    assert result.gas_price_eur_per_mwh_th["A"].iloc[0] == pytest.approx(90.0)


def test_short_gas_limits_the_plant_not_households(make_system) -> None:
    system = make_system(
        generators=[gas_unit()],
        demand={"A": [300.0] * 24},
        settings={**GAS_SETTINGS, "value_of_lost_load_eur_per_mwh": 3000},
        gas_demand={"A": [0.9]},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 1.0}],
    )
    result = run(system)
    assert result.gas_shortfall_mcm.to_numpy().sum() == pytest.approx(0, abs=1e-9)
    assert result.gas_burn_mcm["ccgt"].sum() == pytest.approx(0.1)
    assert result.unserved_mwh == pytest.approx(7200 - 0.1 * NCV_MWH_PER_MCM * 0.5)
    assert result.gas_price_eur_per_mwh_th["A"].iloc[0] == pytest.approx(3000 * 0.5 * 0.9)


def test_load_shedding_at_voll(make_system) -> None:
    system = make_system(
        generators=[unit("only", 100, 30)],
        demand={"A": [80, 150]},
        settings={"value_of_lost_load_eur_per_mwh": 3000},
    )
    result = run(system)
    assert result.unserved_mw["A"].tolist() == pytest.approx([0, 50])
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([30, 3000])
    assert result.cost_breakdown_eur["unserved_energy_eur"] == pytest.approx(50 * 3000)


def test_monthly_hydro_budget_binds_and_is_prorated(make_system) -> None:
    # 24 hours of January and 24 of February; budgets prorated to those hours.
    system = make_system(
        generators=[unit("dam", 100, 0, technology="hydro_reservoir"), unit("coal", 200, 40)],
        demand={"A": [50.0] * 48},
        start="2030-01-31T00:00:00Z",
        hydro_inflows=[
            {"generator": "dam", "month": 1, "energy_mwh": 744.0},
            {"generator": "dam", "month": 2, "energy_mwh": 6720.0},
        ],
    )
    result = run(system)
    dam = result.generation_mw["dam"].to_numpy()
    assert dam[:24].sum() == pytest.approx(744.0 * 24 / 744)
    assert dam[24:].sum() == pytest.approx(6720.0 * 24 / 672)
    assert result.price_eur_per_mwh["A"].iloc[:24].to_numpy() == pytest.approx(40.0)
    assert result.total_cost_eur == pytest.approx((50 * 48 - 24 - 240) * 40)


def take_or_pay_system(make_system, annual_min_mcm: float):
    # One day of a 365-day year: the minimum is prorated to annual_min / 365.
    return make_system(
        generators=[gas_unit(), unit("coal", 400, 40)],
        demand={"A": [300.0] * 24},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 50.0}}},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 5.0}],
        gas_contracts=[
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": max(365.0, annual_min_mcm),
                "annual_min_mcm": annual_min_mcm,
                "price_eur_per_mwh_th": 50.0,
            }
        ],
    )


def test_take_or_pay_minimum_forces_gas_use(make_system) -> None:
    without = run(take_or_pay_system(make_system, 0.0))
    assert without.generation_mw["ccgt"].sum() == pytest.approx(0, abs=1e-6)
    result = run(take_or_pay_system(make_system, 73.0))  # 0.2 mcm for the day
    assert result.gas_contract_mcm["deal"].sum() == pytest.approx(0.2)
    assert result.take_or_pay_unused_mcm["deal"] == pytest.approx(0, abs=1e-9)
    plant_mwh = 0.2 * NCV_MWH_PER_MCM * 0.5
    assert result.generation_mw["ccgt"].sum() == pytest.approx(plant_mwh)
    assert result.total_cost_eur == pytest.approx(0.2 * MWH_PER_MCM * 50 + (7200 - plant_mwh) * 40)


def test_take_or_pay_paid_when_gas_cannot_be_used(make_system) -> None:
    result = run(take_or_pay_system(make_system, 365.0 * 3))  # 3 mcm, more than a day can burn
    burnt = 300 * 24 / 0.5 / NCV_MWH_PER_MCM
    assert result.gas_contract_mcm["deal"].sum() == pytest.approx(burnt)
    assert result.take_or_pay_unused_mcm["deal"] == pytest.approx(3 - burnt)
    assert result.cost_breakdown_eur["gas_eur"] == pytest.approx(3 * MWH_PER_MCM * 50)


def test_scenario_outage_closes_the_route() -> None:
    base = run(powerpact.load(TINY))
    scenario = run(powerpact.load(TINY / "scenarios" / "new-plant.yaml"))
    assert base.gas_entry_mcm["pipe-east"].iloc[1] > 0.1
    assert scenario.gas_entry_mcm["pipe-east"].iloc[1] == pytest.approx(0, abs=1e-9)


def test_must_run_output_is_spilled_not_infeasible(make_system) -> None:
    system = make_system(
        generators=[unit("nuclear", 100, 5, min_stable_mw=90)], demand={"A": [40.0, 95.0]}
    )
    result = run(system)
    assert result.generation_mw["nuclear"].tolist() == pytest.approx([90, 95])
    assert result.spilled_mw["A"].tolist() == pytest.approx([50, 0])


def test_cli_json_has_the_headline_keys() -> None:
    from powerpact.cli import app

    output = CliRunner().invoke(app, ["dispatch", str(TINY), "--json"])
    assert output.exit_code == 0, output.output
    document = json.loads(output.stdout)
    for key in (
        "total_cost_eur",
        "unserved_mwh",
        "co2_t",
        "gas_burn_mcm",
        "net_import_mwh",
        "generation_mwh_by_technology",
        "capacity_factor_by_unit",
    ):
        assert key in document
    assert document["total_cost_eur"] == pytest.approx(
        run(powerpact.load(TINY)).total_cost_eur, rel=1e-7
    )
    assert np.isfinite(document["co2_t"])


def test_export_pypsa_cli_writes_a_network(tmp_path: Path) -> None:
    pytest.importorskip("pypsa")
    from powerpact.cli import app

    out = tmp_path / "tiny.nc"
    output = CliRunner().invoke(app, ["export-pypsa", str(TINY), str(out)])
    assert output.exit_code == 0, output.output
    assert out.stat().st_size > 0
    assert not list(tmp_path.glob(".*part"))


def test_export_without_pypsa_is_a_clear_input_error(monkeypatch, tmp_path: Path) -> None:
    import sys

    from powerpact.interop.pypsa_export import export_pypsa
    from powerpact.system import InputError

    monkeypatch.setitem(sys.modules, "pypsa", None)  # makes `import pypsa` fail
    with pytest.raises(InputError, match=r"powerpact\[pypsa\]"):
        export_pypsa(powerpact.load(TINY), tmp_path / "x.nc")
    assert not (tmp_path / "x.nc").exists()


def test_dispatch_never_imports_pypsa() -> None:
    import subprocess
    import sys

    code = (
        "import sys, powerpact; from powerpact.dispatch import run; "
        f"run(powerpact.load({str(TINY)!r})); assert 'pypsa' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_partial_days_prorate_daily_gas(make_system) -> None:
    # 12 hours from noon: half a day of entry capacity (0.5 mcm) and of household demand (0.3).
    system = make_system(
        generators=[gas_unit(), unit("oil", 500, 200)],
        demand={"A": [300.0] * 12},
        settings=GAS_SETTINGS,
        gas_demand={"A": [0.6]},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 1.0}],
        start="2030-01-01T12:00:00Z",
    )
    result = run(system)
    assert result.gas_entry_mcm["pipe"].sum() == pytest.approx(0.5)
    assert result.gas_burn_mcm["ccgt"].sum() == pytest.approx(0.2)


def test_annual_fuel_limit_binds_and_is_prorated(make_system) -> None:
    # 4 hours of an 8760-hour year: an annual limit of 438,000 MWh_th leaves 200 MWh_th, so the
    # 40 %-efficient lignite unit can make 80 MWh; the dear unit covers the other 240 MWh.
    settings = {"fuels": {"lignite": {"price_eur_per_mwh_th": 10, "annual_limit_mwh_th": 438_000}}}
    lignite = {**unit("lignite-1", 100, 0), "fuel": "lignite", "efficiency": 0.4}
    del lignite["marginal_cost_eur_per_mwh"]
    system = make_system(
        generators=[lignite, unit("dear", 200, 80)], demand={"A": [80] * 4}, settings=settings
    )
    result = run(system)
    assert result.generation_mw["lignite-1"].sum() == pytest.approx(80.0)
    assert result.total_cost_eur == pytest.approx(80 * 25 + 240 * 80)
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([80] * 4)


def test_must_run_scaled_down_to_fit_fuel_limit(make_system) -> None:
    # Must-run 50 MW for 4 h would burn 500 MWh_th against 200 allowed: scaled to 20 MW.
    settings = {"fuels": {"lignite": {"price_eur_per_mwh_th": 10, "annual_limit_mwh_th": 438_000}}}
    lignite = {
        **unit("lignite-1", 100, 0),
        "fuel": "lignite",
        "efficiency": 0.4,
        "min_stable_mw": 50,
    }
    del lignite["marginal_cost_eur_per_mwh"]
    system = make_system(
        generators=[lignite, unit("dear", 200, 80)], demand={"A": [80] * 4}, settings=settings
    )
    assert run(system).generation_mw["lignite-1"].tolist() == pytest.approx([20.0] * 4)


def test_two_zones_without_markets(make_system) -> None:
    # A 25 MW link carries A's cheap energy to B; B's own unit covers the rest. No markets at all.
    system = make_system(
        generators=[unit("cheap", 100, 10), {**unit("dear", 100, 50), "zone": "B"}],
        demand={"A": [10.0, 20.0], "B": [30.0, 40.0]},
        interconnectors=[{"name": "a-b", "from_zone": "A", "to_zone": "B", "capacity_mw": 25}],
    )
    result = run(system)
    assert result.flow_mw["a-b"].tolist() == pytest.approx([25, 25])
    assert result.generation_mw["cheap"].tolist() == pytest.approx([35, 45])
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([10, 10])
    assert result.price_eur_per_mwh["B"].tolist() == pytest.approx([50, 50])
    assert result.total_cost_eur == pytest.approx(80 * 10 + 20 * 50)
    assert result.net_import_mwh == 0.0


def transit_system(make_system, hurdle: float):
    # Zone A has no plant and no demand; it sits between market M1 (50 EUR/MWh, 100 MW link) and
    # M2 (53 EUR/MWh, 80 MW link). Carrying a MWh from M1 to M2 crosses both links.
    return make_system(
        generators=[unit("none", 0, 0)],
        demand={"A": [0.0] * 3},
        settings={"markets": ["M1", "M2"]},
        market_prices={"M1": [50.0] * 3, "M2": [53.0] * 3},
        interconnectors=[
            {
                "name": name,
                "from_zone": "A",
                "to_zone": market,
                "capacity_mw": capacity,
                "hurdle_cost_eur_per_mwh": hurdle,
            }
            for name, market, capacity in (("a-m1", "M1", 100), ("a-m2", "M2", 80))
        ],
    )


def test_hurdle_above_half_the_spread_stops_transit(make_system) -> None:
    result = run(transit_system(make_system, 2.0))  # spread 3 < 2 × 2
    assert result.flow_mw.abs().to_numpy().max() == pytest.approx(0, abs=1e-9)
    assert result.total_cost_eur == pytest.approx(0, abs=1e-9)


def test_hurdle_below_half_the_spread_lets_full_transit(make_system) -> None:
    result = run(transit_system(make_system, 1.0))  # spread 3 > 2 × 1
    assert result.flow_mw["a-m1"].tolist() == pytest.approx([-80] * 3)  # signed: M1 → A
    assert result.flow_mw["a-m2"].tolist() == pytest.approx([80] * 3)
    assert result.total_cost_eur == pytest.approx(-(53 - 50 - 2 * 1) * 80 * 3)
    costs = result.cost_breakdown_eur
    assert costs["hurdle_eur"] == pytest.approx(2 * 1 * 80 * 3)
    assert costs["imports_eur"] == pytest.approx(50 * 80 * 3)
    assert costs["export_revenue_eur"] == pytest.approx(53 * 80 * 3)
    # A MWh more in A would come from M1 (import link not full) and pay one hurdle.
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([51] * 3)


def test_hurdle_between_zones_adds_to_cost_not_to_flow(make_system) -> None:
    # As test_two_zones_without_markets: the 40 EUR/MWh spread is far above the 5 EUR hurdle.
    system = make_system(
        generators=[unit("cheap", 100, 10), {**unit("dear", 100, 50), "zone": "B"}],
        demand={"A": [10.0, 20.0], "B": [30.0, 40.0]},
        interconnectors=[
            {
                "name": "a-b",
                "from_zone": "B",
                "to_zone": "A",
                "capacity_mw": 0,
                "capacity_reverse_mw": 25,
                "hurdle_cost_eur_per_mwh": 5,
            }
        ],
    )
    result = run(system)
    assert result.flow_mw["a-b"].tolist() == pytest.approx([-25, -25])  # reverse: A → B
    assert result.total_cost_eur == pytest.approx(80 * 10 + 20 * 50 + 50 * 5)
    assert result.objective_eur == pytest.approx(result.total_cost_eur)  # the LP pays it too
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([10, 10])
