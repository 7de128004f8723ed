"""Adequacy engines against hand calculations, each other, and invariants."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pytest
from conftest import write_system
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.adequacy import (
    MonteCarloOptions,
    copt,
    merge,
    monte_carlo,
    outage_table,
)
from powerpact.system import System

MakeSystem = Callable[..., System]


def unit(name: str, capacity_mw: float, rate: float, units: int = 1, **extra: Any) -> dict:
    return {
        "name": name,
        "zone": "A",
        "technology": "oil",
        "capacity_mw": capacity_mw,
        "units": units,
        "forced_outage_rate": rate,
        "mttr_h": 20,
        **extra,
    }


# --- COPT by hand -----------------------------------------------------------------------


def test_outage_table_of_five_identical_units_matches_billinton_allan() -> None:
    # Billinton & Allan, Reliability Evaluation of Power Systems, 2nd ed., Table 2.3: five
    # 40 MW units with forced outage rate 0.01; individual state probabilities.
    table = outage_table(np.full(5, 40.0), np.full(5, 0.01), step_mw=40.0)
    expected = [0.950990, 0.048030, 0.000970, 0.0000098, 0.0000000495, 1e-10]
    assert table.probability == pytest.approx(expected, rel=1e-3, abs=1e-12)
    assert table.installed_mw == 200.0


def test_copt_two_units_by_hand(make_system: MakeSystem) -> None:
    # Outage states of a 100 MW (q = 0.1) and a 50 MW (q = 0.2) unit:
    # 0 MW 0.72, 50 MW 0.18, 100 MW 0.08, 150 MW 0.02. Loads 60, 110, 140, 30 MW:
    # LOLP 0.08 + 0.02 | 0.18 + 0.08 + 0.02 | the same | 0.02       → LOLE 0.68 h
    # EENS 0.08×10 + 0.02×60 | 0.18×10 + 0.08×60 + 0.02×110 | 0.18×40 + 0.08×90 + 0.02×140
    #      | 0.02×30 = 2.0 + 8.8 + 17.2 + 0.6                          → 28.6 MWh
    system = make_system(
        generators=[unit("big", 100, 0.1), unit("small", 50, 0.2)], demand={"A": [60, 110, 140, 30]}
    )
    result = copt(system)
    assert result.lole_hours == pytest.approx(0.68)
    assert result.eens_mwh == pytest.approx(28.6)
    assert result.lolp == pytest.approx(0.68 / 4)
    assert result.lold_days == pytest.approx(0.28)  # one day, its riskiest hour


def test_copt_subtracts_must_take_and_shaves_peaks_with_reservoir_hydro(
    make_system: MakeSystem,
) -> None:
    # The dam's January energy 3,720 MWh gives the 2-hour horizon 3,720 × 2 / 744 = 10 MWh,
    # which shaves the higher hour: net loads 60 − 100 × 0.5 (wind) = 10 and 103 → 10 and 93.
    # The 100 MW unit (q = 0.1) is short only when out: LOLP 0.1 + 0.1, EENS 0.1 × (10 + 93).
    system = make_system(
        generators=[
            unit("thermal", 100, 0.1),
            {
                "name": "wind",
                "zone": "A",
                "technology": "wind",
                "capacity_mw": 100,
                "profile": "wind",
            },
            {"name": "dam", "zone": "A", "technology": "hydro_reservoir", "capacity_mw": 100},
        ],
        demand={"A": [60, 103]},
        profiles={"wind": [0.5, 0.0]},
        hydro_inflows=[{"generator": "dam", "month": 1, "energy_mwh": 3720}],
    )
    result = copt(system)
    assert result.lole_hours == pytest.approx(0.2)
    assert result.eens_mwh == pytest.approx(0.1 * 10 + 0.1 * 93)


def test_copt_counts_imports_and_scenario_outages(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "imports",
        [unit("thermal", 100, 0.1)],
        {"A": [120, 120, 120]},
        settings={"markets": {"M": {"import_availability": 0.5}}},
        market_prices={"M": [50, 50, 50]},
        interconnectors=[{"name": "link", "from_zone": "M", "to_zone": "A", "capacity_mw": 60}],
    )
    # 100 MW thermal + 60 × 0.5 = 30 MW of import ≥ 120 MW unless the thermal unit fails.
    result = copt(powerpact.load(folder))
    assert result.lole_hours == pytest.approx(3 * 0.1)
    assert result.eens_mwh == pytest.approx(3 * 0.1 * 90)
    # The link out for the first two hours: 20 MW short when the unit is up, 120 MW when down.
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "cut.yaml").write_text(
        "name: cut\nbase: ..\noutages:\n  - {component: link, start: '2030-01-01', days: 0.08}\n"
    )
    result = copt(powerpact.load(folder / "scenarios" / "cut.yaml"))
    assert result.lole_hours == pytest.approx(2 * 1.0 + 0.1)
    assert result.eens_mwh == pytest.approx(2 * (0.9 * 20 + 0.1 * 120) + 0.1 * 90)


# --- Monte Carlo ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def week_system(tmp_path_factory: pytest.TempPathFactory) -> System:
    """A week of load on four unit rows: no storage, hydro or imports."""
    hours = np.arange(168)
    load = 260 + 60 * np.sin(2 * np.pi * (hours - 6) / 24)
    gens = [
        unit("a", 100, 0.08, units=2),
        unit("b", 60, 0.05),
        unit("c", 40, 0.1, units=2),
        unit("d", 30, 0.02),
    ]
    return powerpact.load(
        write_system(tmp_path_factory.mktemp("week") / "week", gens, {"A": load.round(1).tolist()})
    )


def test_monte_carlo_agrees_with_copt_within_three_standard_errors(week_system: System) -> None:
    exact = copt(week_system)
    result = monte_carlo(week_system, samples=4000, seed=3)
    assert exact.lole_hours > 1  # risky enough that the comparison means something
    assert abs(result.lole_hours - exact.lole_hours) < 3 * result.lole_hours_stderr
    assert abs(result.eens_mwh - exact.eens_mwh) < 3 * result.eens_mwh_stderr
    probability = result.shortfall_probability.stack()
    exact_probability = exact.shortfall_probability.stack()
    assert np.abs(probability - exact_probability).max() < 0.05


def test_same_seed_same_numbers_whatever_threads_chunks_or_ranges(week_system: System) -> None:
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = monte_carlo(week_system, 300, seed=11)
    finally:
        numba.set_num_threads(threads)
    chunked = monte_carlo(week_system, 300, seed=11, options=MonteCarloOptions(chunk_samples=7))
    parts = [monte_carlo(week_system, 100, seed=11, sample_offset=k) for k in (200, 0, 100)]
    merged = merge(parts)
    for other in (chunked, merged):
        assert other.per_sample.equals(single.per_sample)
        assert other.headline() == single.headline()
        assert np.allclose(other.cell_eens_mwh, single.cell_eens_mwh)
    assert monte_carlo(week_system, 300, seed=12).per_sample.ne(single.per_sample).any().any()


def test_result_breakdowns_add_up(week_system: System) -> None:
    result = monte_carlo(week_system, 200, seed=1)
    assert result.by_month["lole_hours"].sum() == pytest.approx(result.lole_hours)
    assert result.by_hour_of_day["eens_mwh"].sum() == pytest.approx(result.eens_mwh)
    assert result.convergence["lole_hours"].iloc[-1] == pytest.approx(result.lole_hours)
    distribution = result.unserved_distribution
    assert distribution["mean_mwh"] <= distribution["worst_mwh"]
    assert result.cell_hours.to_numpy().sum() == week_system.n_hours


# --- Gas --------------------------------------------------------------------------------


def gas_system(make_system: MakeSystem, entry: dict | None = None, **kwargs: Any) -> System:
    return make_system(
        generators=[
            {
                "name": "ccgt",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 100,
                "fuel": "gas",
                "efficiency": 0.5,
            }
        ],
        demand={"A": [80.0] * 48},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30}}},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 0.2, **(entry or {})}],
        **kwargs,
    )


def test_gas_limit_binds_by_hand(make_system: MakeSystem) -> None:
    # 0.2 mcm/day × 9,495 MWh/mcm (net: the default 0.9 × 10,550, the basis of the plant's
    # efficiency) / 24 h = 79.125 MWh_th per hour → × 0.5 = 39.56 MW of gas power against 80 MW
    # of load: 40.44 MW short every hour of the two days.
    ncv = 0.9 * 10550
    result = monte_carlo(gas_system(make_system), samples=20, seed=1)
    short_mw = 80 - 0.2 * ncv / 24 * 0.5
    assert result.lole_hours == 48
    assert result.eens_mwh == pytest.approx(48 * short_mw)
    assert result.eens_mwh_stderr == 0
    # Non-power demand of 0.1 mcm/day on day 2, gas storage of 0.05 mcm/day both days.
    result = monte_carlo(
        gas_system(
            make_system,
            gas_demand={"A": [0.0, 0.1]},
            gas_storage=[
                {
                    "name": "store",
                    "zone": "A",
                    "working_volume_mcm": 10,
                    "withdrawal_mcm_per_day": 0.05,
                }
            ],
        ),
        samples=5,
        seed=1,
    )
    day_1 = min(100, 0.25 * ncv / 24 * 0.5)
    day_2 = 0.15 * ncv / 24 * 0.5
    assert result.eens_mwh == pytest.approx(24 * (80 - day_1) + 24 * (80 - day_2))
    # Without the gas balance the plant runs at full output: nothing short.
    unlimited = monte_carlo(gas_system(make_system), 5, 1, MonteCarloOptions(gas_limited=False))
    assert unlimited.eens_mwh == 0


def test_scenario_outage_of_a_gas_route_applies_in_every_sample(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "g",
        [
            {
                "name": "ccgt",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 100,
                "fuel": "gas",
                "efficiency": 0.5,
            }
        ],
        {"A": [40.0] * 48},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30.0}}},
        gas_entries=[{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 1.0}],
    )
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "cut.yaml").write_text(
        "name: cut\nbase: ..\noutages:\n  - {component: pipe, start: '2030-01-02', days: 1}\n"
    )
    result = monte_carlo(powerpact.load(folder / "scenarios" / "cut.yaml"), samples=10, seed=2)
    assert result.lole_hours == 24
    assert result.eens_mwh == pytest.approx(24 * 40)


def test_gas_route_outages_raise_lole_of_a_gas_heavy_system(make_system: MakeSystem) -> None:
    def run(rate: float) -> float:
        system = make_system(
            generators=[
                {
                    "name": "ccgt",
                    "zone": "A",
                    "technology": "gas",
                    "capacity_mw": 300,
                    "units": 3,
                    "fuel": "gas",
                    "efficiency": 0.55,
                    "forced_outage_rate": 0.05,
                },
                unit("coal", 100, 0.1),
            ],
            demand={"A": [250.0] * (24 * 60)},
            settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30.0}}},
            gas_entries=[
                {
                    "name": "pipe",
                    "zone": "A",
                    "capacity_mcm_per_day": 2.0,
                    "outage_rate_per_year": rate,
                    "outage_duration_days": 10,
                }
            ],
        )
        return monte_carlo(system, samples=200, seed=5).lole_hours

    calm, stormy = run(0.0), run(6.0)
    # Rate 6/yr for 10 days over 60 days: about 1 − exp(−6 × (60 + 10) / 365) ≈ 68 % of samples
    # see an outage of ~10 days, during which only coal serves 250 MW: ~160 h lost on average.
    assert stormy > calm + 50


@pytest.mark.parametrize("fixed", [True, False])
def test_gas_outages_cover_the_expected_share_of_days(make_system: MakeSystem, fixed: bool) -> None:
    # Outages of mean 5 days arriving at 20/yr. Fixed: a day is out unless no outage started in
    # the 5 days before its midpoint, probability exp(−20 × 5 / 365). Exponential: the number of
    # outages under way is Poisson with mean rate × mean duration (M/G/∞), the same figure.
    system = make_system(
        generators=[
            {
                "name": "ccgt",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 100,
                "fuel": "gas",
                "efficiency": 0.5,
            }
        ],
        demand={"A": [10.0] * (24 * 60)},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30.0}}},
        gas_entries=[
            {
                "name": "pipe",
                "zone": "A",
                "capacity_mcm_per_day": 1.0,
                "outage_rate_per_year": 20,
                "outage_duration_days": 5,
            }
        ],
    )
    result = monte_carlo(system, 2000, 9, MonteCarloOptions(fixed_gas_durations=fixed))
    share_out = result.lold_days / 60
    assert share_out == pytest.approx(
        1 - np.exp(-20 * 5 / 365), abs=4 * result.lold_days_stderr / 60
    )


# --- Storage and hydro (Monte Carlo) ----------------------------------------------------


def test_storage_and_hydro_cover_shortfalls_within_their_energy(make_system: MakeSystem) -> None:
    # 50 MW firm, load 40 MW for 2 h then 70 MW for 3 h: 20 MW short in each of those hours.
    # Storage: 10 MW, 25 MWh, starts at 40 % = 10 MWh and recharges from the 10 MW surplus:
    # 10 × 0.75 = 7.5 MWh in hour 0, the remaining 7.5 MWh in hour 1 → full at 25 MWh.
    system = make_system(
        generators=[
            unit("firm", 50, 0.0),
            {"name": "dam", "zone": "A", "technology": "hydro_reservoir", "capacity_mw": 5},
        ],
        demand={"A": [40, 40, 70, 70, 70]},
        hydro_inflows=[{"generator": "dam", "month": 1, "energy_mwh": 744 * 2}],
        storage=[
            {
                "name": "pump",
                "zone": "A",
                "power_mw": 10,
                "energy_mwh": 25,
                "initial_soc_fraction": 0.4,
                "round_trip_efficiency": 0.75,
            }
        ],
    )
    # Hydro budget: 1,488 MWh × 5 / 744 = 10 MWh, at most 5 MW: hours 2 and 3 (5 MW each).
    # Need after firm: 20, 20, 20. Hydro 5, 5, 0. Storage 10, 10, 5 (25 MWh). Short 5, 5, 15.
    result = monte_carlo(system, samples=3, seed=1)
    assert result.eens_mwh == pytest.approx(5 + 5 + 15)
    assert result.lole_hours == 3


# --- Invariants -------------------------------------------------------------------------

_units = st.lists(
    st.tuples(st.integers(10, 120), st.sampled_from([0.0, 0.02, 0.1, 0.3]), st.integers(1, 3)),
    min_size=1,
    max_size=4,
)
_load = st.lists(st.floats(0, 400, allow_nan=False), min_size=3, max_size=24)


def _system(
    make_system: MakeSystem,
    rows: list,
    load: list[float],
    scale: float = 1.0,
    extra: dict | None = None,
    with_storage: bool = False,
) -> System:
    gens = [unit(f"u{i}", cap * n, rate, units=n) for i, (cap, rate, n) in enumerate(rows)]
    storage = (
        [{"name": "pump", "zone": "A", "power_mw": 30, "energy_mwh": 60}] if with_storage else []
    )
    return make_system(
        generators=gens + ([extra] if extra else []),
        demand={"A": [x * scale for x in load]},
        **({"storage": storage} if storage else {}),
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=_units,
    load=_load,
    extra_mw=st.integers(1, 100),
    factor=st.floats(1.0, 1.5),
    with_storage=st.booleans(),
)
def test_more_capacity_or_less_load_never_hurts(
    make_system: MakeSystem,
    rows: list,
    load: list[float],
    extra_mw: int,
    factor: float,
    with_storage: bool,
) -> None:
    base = _system(make_system, rows, load, with_storage=with_storage)
    bigger = _system(
        make_system, rows, load, extra=unit("new", extra_mw, 0.1), with_storage=with_storage
    )
    heavier = _system(make_system, rows, load, scale=factor, with_storage=with_storage)
    for method in (copt, lambda s: monte_carlo(s, 30, 4)):
        results = [method(s) for s in (base, bigger, heavier)]
        for r in results:
            assert r.eens_mwh >= 0
            assert 0 <= r.lole_hours <= r.horizon_hours
            assert 0 <= r.lold_days <= r.horizon_hours / 24 + 1
        middle, more, heavy = results
        assert more.lole_hours <= middle.lole_hours + 1e-9
        assert more.eens_mwh <= middle.eens_mwh + 1e-6
        assert heavy.lole_hours >= middle.lole_hours - 1e-9
        assert heavy.eens_mwh >= middle.eens_mwh - 1e-6


def test_block_skipping_matches_the_hour_by_hour_path(tmp_path: Path) -> None:
    # An empty storage unit changes nothing physically but makes the kernel visit every hour
    # (storage could charge), so the two code paths must give the same samples.
    hours = np.arange(24 * 21)
    load = (240 + 70 * np.sin(2 * np.pi * hours / 24)).round(1).tolist()
    gens = [unit("a", 100, 0.08, units=2), unit("b", 60, 0.05), unit("c", 40, 0.1, units=2)]
    plain = powerpact.load(write_system(tmp_path / "plain", gens, {"A": load}))
    visited = powerpact.load(
        write_system(
            tmp_path / "visited",
            gens,
            {"A": load},
            storage=[{"name": "empty", "zone": "A", "power_mw": 0, "energy_mwh": 0}],
        )
    )
    fast, slow = monte_carlo(plain, 300, 5), monte_carlo(visited, 300, 5)
    assert fast.lole_hours > 1
    assert fast.per_sample["lol_hours"].equals(slow.per_sample["lol_hours"])
    assert np.allclose(fast.per_sample["unserved_mwh"], slow.per_sample["unserved_mwh"])


def test_breakdowns_use_the_system_time_zone(make_system: MakeSystem) -> None:
    # One risky hour at 23:00 UTC on 31 January is 00:00 on 1 February in Belgrade (UTC+1).
    load = [10.0] * 48
    load[30 * 24 + 23 - 24 * 29] = 150.0  # the horizon starts on 30 January
    system = make_system(
        generators=[unit("a", 100, 0.1)],
        demand={"A": load},
        start="2030-01-30T00:00:00Z",
        settings={"timezone": "Europe/Belgrade"},
    )
    result = copt(system)
    assert result.cell_lole_hours.loc[2, 0] == pytest.approx(1.0)
    assert result.cell_lole_hours.drop(index=2).to_numpy().sum() == pytest.approx(0.1 * 47)


def test_copt_hydro_energy_is_kept_within_its_month(make_system: MakeSystem) -> None:
    # One hour of each month: January's share 300 × 744 / 744 = 300 MWh shaves 320 to 20 MW,
    # February's 130 MWh shaves it to 190 MW (hydro is outside the table, so its fractional
    # outputs cannot be rounded by the 200 MW unit's grid).
    # January: short only when the thermal unit (q = 0.1) is out: 20 MW.
    # February: 200 ≥ 190 with the unit up; 190 MW short when out.
    system = make_system(
        generators=[
            unit("thermal", 200, 0.1),
            {"name": "dam", "zone": "A", "technology": "hydro_reservoir", "capacity_mw": 300},
        ],
        demand={"A": [320.0, 320.0]},
        start="2030-01-31T23:00:00Z",
        hydro_inflows=[
            {"generator": "dam", "month": 1, "energy_mwh": 300 * 744},
            {"generator": "dam", "month": 2, "energy_mwh": 130 * 672},
        ],
    )
    result = copt(system)
    assert result.lole_hours == pytest.approx(0.1 + 0.1)
    assert result.eens_mwh == pytest.approx(0.1 * 20 + 0.1 * 190)


def test_gas_plants_without_gas_entries_are_not_gas_limited(make_system: MakeSystem) -> None:
    # No gas_entries.csv: as in the dispatch, gas plants then burn gas bought at the fuel price
    # with no gas balance, so a 100 MW plant that never fails serves 80 MW every hour.
    system = make_system(
        generators=[
            {
                "name": "ccgt",
                "zone": "A",
                "technology": "gas",
                "capacity_mw": 100,
                "fuel": "gas",
                "efficiency": 0.5,
            }
        ],
        demand={"A": [80.0] * 48},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30}}},
    )
    result = monte_carlo(system, samples=5, seed=1)
    assert (result.lole_hours, result.eens_mwh) == (0, 0)
    assert copt(system).lole_hours == 0


def test_outages_last_mttr_and_standard_error_is_std_over_root_n(make_system: MakeSystem) -> None:
    # One unit, forced outage rate 0.5, mean repair time 1,000 h (so MTTF 1,000 h), serving
    # 50 MW for 48 h. The stationary start puts it down with probability 0.5, and it changes
    # state within 48 h with probability 1 − exp(−48 / 1000) ≈ 4.7 %: nearly every sample loses
    # all 48 hours or none. Drawn hour by hour instead (no chain) a sample would lose 24 ± 3.5 h.
    system = make_system(
        generators=[unit("slow", 100, 0.5) | {"mttr_h": 1000}], demand={"A": [50.0] * 48}
    )
    result = monte_carlo(system, samples=2000, seed=4)
    hours = result.per_sample["lol_hours"]
    assert hours.isin([0, 48]).mean() > 0.9
    assert result.lole_hours == pytest.approx(24, abs=3 * result.lole_hours_stderr)
    # Per-sample hours are ~48 × Bernoulli(0.5), standard deviation ~24: error ~24 / √2000.
    assert result.lole_hours_stderr == pytest.approx(24 / np.sqrt(2000), rel=0.1)
    assert result.lold_days == pytest.approx(1.0, abs=3 * result.lold_days_stderr)
