"""The week-decomposed dispatch (`horizon="weeks"`): a feasible solution of the whole-horizon LP,
so every balance closes and every budget holds, costing at least its optimum and not much more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.dispatch import DispatchOptions, run
from powerpact.dispatch.coarse import coarse
from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.model import build
from powerpact.dispatch.solve import solve
from powerpact.dispatch.weeks import spans
from powerpact.system import InputError, first_hours
from powerpact.system.time import horizon_share_of_year

TINY = Path(__file__).parent / "data" / "tiny"
WEEKS = DispatchOptions(horizon="weeks")
MW_TOL = 1e-5
MWH_PER_MCM = 10550.0


@st.composite
def multi_week_systems(draw: st.DrawFn) -> dict:
    return _system_data(draw(st.integers(0, 2**32 - 1)), draw(st.integers(9, 25)))


def _system_data(seed: int, days: int) -> dict:
    """Two zones over `days` days across a month's end, with everything that couples the weeks:
    reservoir hydro with monthly budgets, a fuel limit, storage, take-or-pay gas, gas storage."""
    rng = np.random.default_rng(seed)
    hours = np.arange(24 * days)
    daily = np.sin(2 * np.pi * hours / 24)
    demand = {
        zone: list(
            rng.uniform(150, 250) + rng.uniform(20, 80) * daily + rng.uniform(0, 40, len(hours))
        )
        for zone in ("A", "B")
    }
    gens = [
        {
            "name": "lignite",
            "zone": "A",
            "technology": "lignite",
            "fuel": "lignite",
            "capacity_mw": rng.uniform(50, 200),
            "efficiency": 0.35,
            "min_stable_mw": rng.uniform(0, 40),
        },
        {
            "name": "ccgt",
            "zone": "B",
            "technology": "gas",
            "fuel": "gas",
            "capacity_mw": rng.uniform(50, 200),
            "efficiency": rng.uniform(0.4, 0.6),
        },
        {
            "name": "peaker",
            "zone": "B",
            "technology": "other",
            "capacity_mw": 300,
            "marginal_cost_eur_per_mwh": rng.uniform(150, 300),
        },
        {
            "name": "dam",
            "zone": "B",
            "technology": "hydro_reservoir",
            "capacity_mw": rng.uniform(20, 120),
        },
        {
            "name": "wind",
            "zone": "A",
            "technology": "wind",
            "capacity_mw": rng.uniform(0, 200),
            "profile": "wind",
        },
    ]
    return {
        "generators": gens,
        "demand": demand,
        "start": "2030-01-20T00:00:00Z",
        "profiles": {"wind": list(rng.uniform(0, 1, len(hours)))},
        "settings": {
            "markets": ["M"],
            "fuels": {
                "gas": {"price_eur_per_mwh_th": 35.0, "co2_t_per_mwh_th": 0.2},
                "lignite": {
                    "price_eur_per_mwh_th": 4.0,
                    "co2_t_per_mwh_th": 0.4,
                    "annual_limit_mwh_th": rng.uniform(1e6, 5e6),
                },
            },
        },
        "market_prices": {"M": list(rng.uniform(20, 200, len(hours)))},
        "gas_demand": {"A": list(rng.uniform(0, 1, days)), "B": list(rng.uniform(0, 1, days))},
        "hydro_inflows": [
            {"generator": "dam", "month": 1, "energy_mwh": rng.uniform(1e3, 3e4)},
            {"generator": "dam", "month": 2, "energy_mwh": rng.uniform(1e3, 3e4)},
        ],
        "storage": [
            {
                "name": "pump",
                "zone": "A",
                "power_mw": rng.uniform(10, 100),
                "energy_mwh": rng.uniform(50, 2000),
                "round_trip_efficiency": 0.75,
                "initial_soc_fraction": rng.uniform(0, 1),
            },
        ],
        "interconnectors": [
            {
                "name": "a-b",
                "from_zone": "A",
                "to_zone": "B",
                "capacity_mw": rng.uniform(0, 150),
                "hurdle_cost_eur_per_mwh": 1.0,
            },
            {"name": "b-m", "from_zone": "B", "to_zone": "M", "capacity_mw": rng.uniform(0, 100)},
        ],
        "gas_entries": [
            {"name": "pipe", "zone": "A", "capacity_mcm_per_day": rng.uniform(0.5, 3)},
            {"name": "lng", "zone": "B", "capacity_mcm_per_day": rng.uniform(0, 1)},
        ],
        "gas_contracts": [
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": rng.uniform(50, 400),
                "annual_min_mcm": rng.uniform(0, 50),
                "price_eur_per_mwh_th": rng.uniform(10, 60),
            },
        ],
        "gas_storage": [
            {
                "name": "cavern",
                "zone": "B",
                "working_volume_mcm": 5,
                "withdrawal_mcm_per_day": rng.uniform(0, 1),
                "injection_mcm_per_day": 0.5,
                "initial_fill_fraction": rng.uniform(0, 1),
            },
        ],
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=multi_week_systems())
def test_weeks_are_feasible_for_the_year_and_cost_at_least_its_optimum(make_system, data) -> None:
    system = make_system(**data)
    year, weeks = run(system), run(system, WEEKS)
    assert len(spans(system.day_of_hour)) >= 1
    _power_balances_close(system, weeks)
    _gas_balances_close(system, weeks)
    _stores_are_continuous(system, weeks)
    _budgets_hold(system, weeks)
    # feasible for the year's LP, so no cheaper than its optimum (up to the solver's tolerance)
    assert weeks.total_cost_eur >= year.objective_eur - 1e-6 * abs(year.objective_eur) - 1e-3
    # the cost of what the weeks did is what they report
    assert weeks.objective_eur == weeks.total_cost_eur


def test_result_has_the_same_type_and_shape_as_the_year(tiny) -> None:
    year, weeks = run(tiny), run(tiny, WEEKS)
    assert type(weeks) is type(year)
    for name, value in vars(year).items():
        other = getattr(weeks, name)
        if isinstance(value, pd.DataFrame | pd.Series):
            assert other.index.equals(value.index), name
            if isinstance(value, pd.DataFrame):
                assert other.columns.equals(value.columns), name
    assert weeks.summary().to_dict().keys() == year.summary().to_dict().keys()
    # A horizon shorter than a week is one week: the plan's allocations are then all it changes.
    assert weeks.total_cost_eur == pytest.approx(year.objective_eur, rel=1e-6)


@pytest.mark.parametrize(
    ("name", "days", "limit"), [("see-2025", 28, 1e-3), ("serbia-2025", 21, 3e-3)]
)
def test_gap_stays_small_on_the_regional_and_default_systems(name, days, limit) -> None:
    """The loss of perfect foresight across weeks, measured: a few weeks of each shipped system.
    Hourly prices still come out of the weeks' LPs, zone by zone."""
    system = first_hours(powerpact.load(name), days * 24)
    year, weeks = run(system), run(system, WEEKS)
    gap = weeks.total_cost_eur / year.objective_eur - 1
    assert -1e-7 <= gap < limit
    _power_balances_close(system, weeks)
    _stores_are_continuous(system, weeks)
    prices = weeks.price_eur_per_mwh.to_numpy()
    assert np.isfinite(prices).all() and prices.shape == (
        system.n_hours,
        len(system.settings.zones),
    )
    # prices follow the year's: same mean within a few percent
    assert weeks.mean_price_eur_per_mwh == pytest.approx(year.mean_price_eur_per_mwh, rel=0.05)


def test_coarse_blocks_of_one_hour_are_the_hourly_problem(tiny) -> None:
    """The block model is the hourly LP read in MWh per block: with one-hour blocks it is the
    same LP; day blocks stay within days and keep every MWh of demand."""
    inp = prepare(tiny)
    same, starts = coarse(inp, 1)
    assert (starts == np.arange(tiny.n_hours)).all()
    objective = [solve(build(i)[0], DispatchOptions()).objective for i in (inp, same)]
    assert objective[0] == pytest.approx(objective[1], rel=1e-12)
    daily, starts = coarse(inp, 24)
    assert (np.diff(inp.day_of_hour[starts]) >= 1).all()
    assert daily.demand_mw.sum() == pytest.approx(inp.demand_mw.sum())
    assert daily.link_export_price.shape == (len(starts), inp.link_export_price.shape[1])


@pytest.mark.parametrize("days", [9, 16])
def test_start_from_weeks_reaches_the_same_optimum(make_system, monkeypatch, days) -> None:
    """Crossover from the weeks' solution, then simplex: the whole-horizon optimum, exactly.
    Small systems would plan in one-hour blocks (then the LP is solved once, from scratch), so
    the plan is forced to 6-hour blocks here."""
    from powerpact.dispatch import warm, weeks

    monkeypatch.setattr(weeks, "plan_block_h", lambda inp: 6)
    monkeypatch.setattr(warm, "plan_block_h", lambda inp: 6)
    system = make_system(**_system_data(seed=days, days=days))
    cold, started = run(system), run(system, DispatchOptions(start="weeks"))
    assert "started from" in started.solver
    assert started.objective_eur == pytest.approx(cold.objective_eur, rel=1e-9)
    assert started.total_cost_eur == pytest.approx(cold.total_cost_eur, rel=1e-9)
    _power_balances_close(system, started)
    _budgets_hold(system, started)


def test_weeks_with_commitment_is_a_one_line_error(tiny) -> None:
    with pytest.raises(InputError, match="horizon"):
        run(tiny, DispatchOptions(horizon="weeks", commitment="lp"))


def test_cli_horizon_option() -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "powerpact", "dispatch", str(TINY), *args],
            capture_output=True,
            text=True,
            timeout=300,
        )

    done = cli("--horizon", "weeks", "--json")
    assert done.returncode == 0, done.stderr
    assert '"net_import_mwh_by_zone"' in done.stdout and "weeks after a" in done.stdout
    bad = cli("--horizon", "month")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--horizon" in bad.stderr


def _power_balances_close(system, result) -> None:
    gens, links = system.generators, system.interconnectors
    for zone in system.settings.zones:
        supply = result.generation_mw[gens.index[gens["zone"] == zone]].sum(axis=1)
        at_zone = system.storage["zone"] == zone
        supply += result.storage_discharge_mw.loc[:, at_zone].sum(axis=1)
        supply -= result.storage_charge_mw.loc[:, at_zone].sum(axis=1)
        supply += result.flow_mw.loc[:, (links["to_zone"] == zone).to_numpy()].sum(axis=1)
        supply -= result.flow_mw.loc[:, (links["from_zone"] == zone).to_numpy()].sum(axis=1)
        supply += result.unserved_mw[zone] - result.spilled_mw[zone]
        np.testing.assert_allclose(supply, system.demand[zone], atol=MW_TOL * 100)


def _gas_balances_close(system, result) -> None:
    gens = system.generators
    for zone in system.settings.zones:
        entries = system.gas_entries.index[system.gas_entries["zone"] == zone]
        stores = system.gas_storage.index[system.gas_storage["zone"] == zone]
        burners = gens.index[(gens["zone"] == zone) & (gens["fuel"] == "gas")]
        supply = (
            result.gas_entry_mcm[entries].sum(axis=1)
            + result.gas_storage_withdrawal_mcm[stores].sum(axis=1)
            - result.gas_storage_injection_mcm[stores].sum(axis=1)
            + result.gas_shortfall_mcm[zone]
        )
        use = system.gas_demand[zone] + result.gas_burn_mcm[burners].sum(axis=1)
        np.testing.assert_allclose(supply, use, atol=1e-7)


def _stores_are_continuous(system, result) -> None:
    """State of charge follows charge and discharge every hour, week boundaries included, and
    ends where it started; the gas storage level likewise every day."""
    sto = system.storage
    for name in sto.index:
        soc = result.storage_soc_mwh[name].to_numpy()
        start = sto.at[name, "initial_soc_fraction"] * sto.at[name, "energy_mwh"]
        change = (
            sto.at[name, "round_trip_efficiency"] * result.storage_charge_mw[name].to_numpy()
            - result.storage_discharge_mw[name].to_numpy()
        )
        np.testing.assert_allclose(np.diff(soc, prepend=start), change, atol=MW_TOL * 100)
        assert soc[-1] == pytest.approx(start, abs=1e-4)
    for name in result.gas_storage_level_mcm.columns:
        level = result.gas_storage_level_mcm[name].to_numpy()
        store = system.gas_storage.loc[name]
        start = store["initial_fill_fraction"] * store["working_volume_mcm"]
        change = (
            result.gas_storage_injection_mcm[name] - result.gas_storage_withdrawal_mcm[name]
        ).to_numpy()
        np.testing.assert_allclose(np.diff(level, prepend=start), change, atol=1e-7)


def _budgets_hold(system, result) -> None:
    """Monthly reservoir budgets (prorated to the hours of each month in the horizon), the
    lignite limit and the contract's quantities, recomputed from the system's tables."""
    months = result.generation_mw.index.tz_convert("UTC").tz_localize(None).to_period("M")
    used = result.generation_mw["dam"].groupby(months).sum()
    for month, mwh in used.items():
        hours = int((months == month).sum())
        budget = system.hydro_inflows.loc["dam", month.month] * hours / (month.days_in_month * 24)
        assert mwh <= budget + 1e-4
    share = horizon_share_of_year(system)
    gens = system.generators
    burn = result.generation_mw["lignite"].sum() / gens.at["lignite", "efficiency"]
    assert burn <= system.settings.fuels["lignite"].annual_limit_mwh_th * share + 1e-3
    deal = system.gas_contracts.loc["deal"]
    taken = result.gas_contract_mcm["deal"].sum()
    assert taken <= deal["annual_max_mcm"] * share + 1e-7
    paid = taken + result.take_or_pay_unused_mcm["deal"]
    assert paid >= deal["annual_min_mcm"] * share - 1e-7


def test_the_systems_dispatch_horizon_is_the_default_and_options_override_it() -> None:
    # see-2025 asks for weeks in its system.yaml: every engine and study that dispatches it
    # without saying otherwise solves weeks apart; an explicit horizon wins, and commitment keeps
    # its own rolling windows.
    region = first_hours(powerpact.load("see-2025"), 24 * 14)
    assert region.settings.dispatch_horizon == "weeks"
    assert "weeks" in run(region).solver
    assert "weeks" not in run(region, DispatchOptions(horizon="year")).solver
    one_zone = first_hours(powerpact.load("serbia-2025"), 24 * 14)
    assert one_zone.settings.dispatch_horizon == "year" and "weeks" not in run(one_zone).solver


@pytest.mark.parametrize("annual_max_mcm", [4000.0, 300.0])
def test_weeks_neither_force_nor_cap_a_contracts_gas_at_the_plans_intake(
    make_system, monkeypatch, annual_max_mcm: float
) -> None:
    """A contract without take-or-pay, the only gas: its weeks take what their hours burn, so
    no day's gas price falls below the contract's (gas forced on a week would be priced at its
    value in power). With room under the annual maximum no week is capped at the plan's intake
    either, and every day's price is the contract's, as in the year's LP; with the maximum
    binding, the quantities still add up to it. The plan is forced to 6-hour blocks, as on the
    regional default: its blocks average the peaks the gas unit cannot meet, so it burns more
    gas than the hours do."""
    from powerpact.dispatch import weeks as weeks_module

    monkeypatch.setattr(weeks_module, "plan_block_h", lambda inp: 6)
    days = 23
    hours = np.arange(24 * days)
    demand = 200 + 150 * np.sin(2 * np.pi * hours / 24) ** 2 + 40 * np.sin(hours / 50)
    system = make_system(
        generators=[
            {
                "name": "ccgt",
                "zone": "A",
                "technology": "gas",
                "fuel": "gas",
                "capacity_mw": 250,
                "efficiency": 0.5,
            },
            {
                "name": "oil",
                "zone": "A",
                "technology": "oil",
                "capacity_mw": 400,
                "marginal_cost_eur_per_mwh": 150,
            },
        ],
        demand={"A": list(demand)},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 60.0}}},
        gas_demand={"A": [0.1] * days},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 5.0}],
        gas_contracts=[
            {
                "name": "deal",
                "supplier": "X",
                "entry": "pipe",
                "annual_max_mcm": annual_max_mcm,
                "annual_min_mcm": 0.0,
                "price_eur_per_mwh_th": 30.0,
            },
        ],
    )
    weeks, year = run(system, WEEKS), run(system, DispatchOptions(horizon="year"))
    assert len(spans(system.day_of_hour)) >= 3
    price = weeks.gas_price_eur_per_mwh_th["A"].to_numpy()
    assert price.min() >= 30.0 - 1e-6
    share = horizon_share_of_year(system)
    assert weeks.gas_contract_mcm["deal"].sum() <= annual_max_mcm * share + 1e-7
    if annual_max_mcm * share > year.gas_contract_mcm["deal"].sum() + 1:
        np.testing.assert_allclose(price, 30.0, atol=1e-6)
        np.testing.assert_allclose(year.gas_price_eur_per_mwh_th["A"].to_numpy(), 30.0, atol=1e-6)
