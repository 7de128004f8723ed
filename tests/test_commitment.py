"""Unit commitment: hand-solved cases, a brute-force check, rolling horizon, PyPSA cross-check."""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import write_system
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.dispatch import DispatchOptions, DispatchResult, run
from powerpact.system import System


def unit(name: str, capacity_mw: float, cost: float, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "zone": "A",
        "technology": extra.pop("technology", "other"),
        "capacity_mw": capacity_mw,
        "marginal_cost_eur_per_mwh": cost,
        **extra,
    }


def committable(
    name: str,
    capacity_mw: float,
    cost: float,
    min_stable: float,
    start_cost_per_mw: float = 0.0,
    **extra: object,
) -> dict[str, object]:
    return unit(
        name,
        capacity_mw,
        cost,
        min_stable_fraction=min_stable,
        start_cost_eur_per_mw=start_cost_per_mw,
        **extra,
    )


def milp(system: System, window_h: int | None = None, keep_h: int = 24) -> DispatchResult:
    """The exact MILP (gap 1e-9), over the whole horizon unless a window is given."""
    return run(
        system,
        DispatchOptions(commitment="milp", mip_gap=1e-9, window_h=window_h, keep_h=keep_h),
    )


def test_units_without_commitment_data_keep_todays_result(make_system) -> None:
    system = make_system(
        generators=[unit("base", 100, 10, min_stable_mw=50), unit("peak", 100, 50)],
        demand={"A": [20, 120, 80]},
    )
    off = run(system)
    on = milp(system)
    assert on.total_cost_eur == pytest.approx(off.total_cost_eur)
    assert on.generation_mw["base"].tolist() == pytest.approx([50, 100, 80])
    assert on.start_cost_eur == 0.0


def test_expensive_start_keeps_unit_off(make_system) -> None:
    # The cheap unit saves 20 EUR/MWh × 50 MWh = 1000 EUR in the one peak hour, less than its
    # 1500 EUR start (it is offline before the first hour: it starts online and must stop first).
    system = make_system(
        generators=[
            committable("cheap", 100, 30, 0.5, start_cost_per_mw=15),
            unit("dear", 200, 50),
        ],
        demand={"A": [0, 0, 50, 0]},
    )
    result = milp(system)
    assert result.generation_mw["cheap"].tolist() == pytest.approx([0, 0, 0, 0])
    assert result.total_cost_eur == pytest.approx(50 * 50)
    assert result.starts_by_unit["cheap"] == 0


def test_cheap_start_starts_once_and_stays_on(make_system) -> None:
    # Two hours without demand: staying on at the 50 MW minimum would cost 2 × 500 EUR, more
    # than the 600 EUR start, so the unit stops. It then starts once rather than twice, holding
    # its minimum through the dip (500 EUR < 600 EUR) and spilling 20 MW.
    system = make_system(
        generators=[committable("base", 100, 10, 0.5, start_cost_per_mw=6), unit("dear", 100, 80)],
        demand={"A": [0, 0, 80, 30, 80]},
    )
    result = milp(system)
    assert result.starts_by_unit["base"] == pytest.approx(1)
    assert result.start_cost_eur == pytest.approx(600)
    assert result.generation_mw["base"].tolist() == pytest.approx([0, 0, 80, 50, 80])
    assert result.total_cost_eur == pytest.approx(600 + 10 * (80 + 50 + 80))
    assert result.spilled_mw["A"].tolist() == pytest.approx([0, 0, 0, 20, 0])
    assert result.cost_breakdown_eur["start_up_eur"] == pytest.approx(600)
    assert result.objective_eur == pytest.approx(result.total_cost_eur)


def test_min_down_time_keeps_unit_off(make_system) -> None:
    # Holding the 50 MW minimum through the two empty hours would cost 2 × 2500 EUR; stopping
    # costs only the dearer hour 3 (60 × (60 − 50) EUR; stopping already in hour 0 would cost
    # 100 × 10), because the 3-hour minimum down time
    # keeps it off in hours 1-3 even though restarting would be free.
    system = make_system(
        generators=[committable("base", 100, 50, 0.5, min_down_h=3), unit("dear", 100, 60)],
        demand={"A": [100, 0, 0, 60, 60]},
    )
    result = milp(system)
    assert result.generation_mw["base"].tolist() == pytest.approx([100, 0, 0, 0, 60])
    assert result.generation_mw["dear"].tolist() == pytest.approx([0, 0, 0, 60, 0])


def test_min_up_time_keeps_unit_on(make_system) -> None:
    # Started in hour 1 for the peak, a 3-hour minimum up time holds it at its 50 MW minimum
    # in hours 2 and 3 (500 EUR each, spilling 30 MW) where the dear unit alone would cost 400.
    system = make_system(
        generators=[committable("peaker", 100, 10, 0.5, min_up_h=3), unit("dear", 100, 20)],
        demand={"A": [0, 100, 20, 20, 0]},
    )
    result = milp(system)
    assert result.generation_mw["peaker"].tolist() == pytest.approx([0, 100, 50, 50, 0])
    assert result.spilled_mw["A"].tolist() == pytest.approx([0, 0, 30, 30, 0])
    assert result.starts_by_unit["peaker"] == pytest.approx(1)


def test_ramp_limit_binds(make_system) -> None:
    # 30 %/h of 100 MW. Staying on through hour 0 at the 20 MW minimum (spilled, 200 EUR) lets
    # it reach 50 MW in hour 1 instead of the 30 MW a start allows: 20 → 50 → 80 → 90.
    system = make_system(
        generators=[
            committable("slow", 100, 10, 0.2, ramp_up_fraction_per_h=0.3),
            unit("dear", 100, 80),
        ],
        demand={"A": [0, 90, 90, 90]},
    )
    result = milp(system)
    assert result.generation_mw["slow"].tolist() == pytest.approx([20, 50, 80, 90])
    assert result.generation_mw["dear"].tolist() == pytest.approx([0, 40, 10, 0])


def test_clustered_units_commit_in_whole_units(make_system) -> None:
    # 4 units of 50 MW, 60 % minimum: 70 MW needs 2 units online (1 cannot exceed 50 MW).
    system = make_system(
        generators=[committable("fleet", 200, 10, 0.6, units=4), unit("dear", 100, 80)],
        demand={"A": [70, 70]},
    )
    result = milp(system)
    assert result.generation_mw["fleet"].tolist() == pytest.approx([70, 70])
    relaxed = run(system, DispatchOptions(commitment="lp", window_h=None))
    assert relaxed.total_cost_eur <= result.total_cost_eur + 1e-6


def _small_case(make_system) -> System:
    return make_system(
        generators=[
            committable("a", 100, 20, 0.6, start_cost_per_mw=4, min_up_h=2, min_down_h=2),
            committable("b", 80, 35, 0.4, start_cost_per_mw=1),
            unit("dear", 300, 90),
        ],
        demand={"A": [30, 120, 150, 40, 130, 70]},
    )


def _brute_force(system: System) -> float:
    """Cheapest cost over every on/off schedule of units a and b: each hour is then a merit
    order (the units online at least at their minimum, any excess spilled for free, the rest
    from the cheapest capacity), worked out here without the LP."""
    gens = system.generators
    names = ["a", "b"]
    capacity = gens.loc[names, "capacity_mw"].to_numpy(float)
    minimum = capacity * gens.loc[names, "min_stable_fraction"].to_numpy(float)
    cost = gens.loc[names, "marginal_cost_eur_per_mwh"].to_numpy(float)
    start_cost = capacity * gens.loc[names, "start_cost_eur_per_mw"].to_numpy(float)
    min_up = gens.loc[names, "min_up_h"].to_numpy(int)
    min_down = gens.loc[names, "min_down_h"].to_numpy(int)
    dear_cost = float(gens.loc["dear", "marginal_cost_eur_per_mwh"])
    demand = system.demand["A"].to_numpy()
    hours = len(demand)
    best = np.inf
    for bits in itertools.product([0, 1], repeat=2 * hours):
        schedule = np.array(bits).reshape(2, hours)
        # Online before hour 0, as the model assumes: starts are 0 → 1 changes.
        change = np.diff(np.hstack([np.ones((2, 1)), schedule]), axis=1)
        if not _times_ok(change > 0, schedule, min_up) or not _times_ok(
            change < 0, 1 - schedule, min_down
        ):
            continue
        total = float(((change > 0).sum(axis=1) * start_cost).sum())
        for t in range(hours):
            on = schedule[:, t] == 1
            total += float((minimum * cost)[on].sum())
            rest = max(demand[t] - minimum[on].sum(), 0.0)
            # Headroom of the online units, then the dear unit, cheapest first.
            offers = sorted(
                [(cost[u], capacity[u] - minimum[u]) for u in range(2) if on[u]]
                + [(dear_cost, np.inf)]
            )
            for price, room in offers:
                used = min(rest, room)
                total += used * price
                rest -= used
        best = min(best, total)
    return best


def _times_ok(changes: np.ndarray, state: np.ndarray, length: np.ndarray) -> bool:
    """After each change, the new state holds for `length` hours (or to the horizon's end)."""
    for unit_pos, hours in enumerate(length):
        for t in np.flatnonzero(changes[unit_pos]):
            if not state[unit_pos, t : t + hours].all():
                return False
    return True


def test_milp_equals_brute_force_on_two_units_six_hours(make_system) -> None:
    system = _small_case(make_system)
    result = milp(system)
    assert result.total_cost_eur == pytest.approx(_brute_force(system), rel=1e-9)


def test_lp_relaxation_is_a_lower_bound(make_system) -> None:
    system = _small_case(make_system)
    exact = milp(system)
    relaxed = run(system, DispatchOptions(commitment="lp", window_h=None))
    assert relaxed.total_cost_eur <= exact.total_cost_eur + 1e-6
    assert relaxed.commitment == "lp" and exact.commitment == "milp"


def test_high_carbon_price_decommits_lignite(make_system) -> None:
    lignite = committable(
        "lignite",
        300,
        0,
        0.5,
        technology="lignite",
        fuel="lignite",
        efficiency=0.35,
    )
    lignite["marginal_cost_eur_per_mwh"] = ""
    gas = unit("ccgt", 400, 60)
    demand = {"A": [200, 100, 200, 250]}

    def system_at(co2: float) -> System:
        return make_system(
            generators=[lignite, gas],
            demand=demand,
            settings={
                "co2_price_eur_per_t": co2,
                "fuels": {"lignite": {"price_eur_per_mwh_th": 3.0, "co2_t_per_mwh_th": 0.36}},
            },
        )

    cheap_co2 = milp(system_at(10))
    assert cheap_co2.generation_mw["lignite"].tolist() == pytest.approx([200, 150, 200, 250])
    dear_co2 = milp(system_at(200))  # lignite: 3/0.35 + 200 × 0.36/0.35 ≈ 214 EUR/MWh
    assert dear_co2.generation_mw["lignite"].sum() == pytest.approx(0)
    # With commitment off its 150 MW must-run would keep it burning.
    must_run = make_system(
        generators=[{**lignite, "min_stable_mw": 150}, gas],
        demand=demand,
        settings={
            "co2_price_eur_per_t": 200,
            "fuels": {"lignite": {"price_eur_per_mwh_th": 3.0, "co2_t_per_mwh_th": 0.36}},
        },
    )
    assert run(must_run).generation_mw["lignite"].min() == pytest.approx(150)


def test_rolling_equals_whole_horizon_without_coupling_across_windows(make_system) -> None:
    # No storage, reservoirs, gas, start costs, minimum times or ramps: windows do not interact,
    # so the rolling horizon finds the whole-horizon optimum.
    rng = np.random.default_rng(3)
    demand = (120 + 80 * rng.random(96)).round(1).tolist()
    system = make_system(
        generators=[
            committable("base", 150, 10, 0.4),
            committable("mid", 100, 30, 0.3),
            unit("dear", 300, 90),
        ],
        demand={"A": demand},
    )
    whole = milp(system)
    rolling = milp(system, window_h=48, keep_h=24)
    assert rolling.total_cost_eur == pytest.approx(whole.total_cost_eur, rel=1e-6)
    assert "rolling" in rolling.solver
    lp_whole = run(system, DispatchOptions(commitment="lp", window_h=None))
    lp_rolling = run(system, DispatchOptions(commitment="lp", window_h=48, keep_h=24))
    assert lp_rolling.total_cost_eur == pytest.approx(lp_whole.total_cost_eur, rel=1e-6)


def test_rolling_horizon_keeps_storage_and_reservoir_on_their_targets(make_system) -> None:
    demand = ([150.0] * 8 + [300.0] * 8 + [200.0] * 8) * 3
    system = make_system(
        generators=[
            committable("base", 250, 20, 0.5, start_cost_per_mw=10, min_up_h=4, min_down_h=4),
            unit("dear", 300, 100),
            unit("lake", 80, 0, technology="hydro_reservoir"),
        ],
        demand={"A": demand},
        storage=[{"name": "pump", "zone": "A", "power_mw": 50, "energy_mwh": 200}],
        hydro_inflows=[{"generator": "lake", "month": 1, "energy_mwh": 1000.0}],
    )
    result = milp(system, window_h=48, keep_h=24)
    soc = result.storage_soc_mwh["pump"].to_numpy()
    assert soc[-1] == pytest.approx(100.0)  # cyclic over the horizon, as the first pass
    assert result.generation_mw["lake"].sum() <= 1000.0 * 72 / (31 * 24) + 1e-6
    assert result.unserved_mwh == pytest.approx(0)


def test_rolling_window_inherits_minimum_up_time(make_system) -> None:
    # Windows of one day without look-ahead: the first starts the unit for the evening peak
    # (hours 22-23); its 5-hour minimum up time must then hold it on through hours 24-26 of the
    # next window, at its 50 MW minimum with nothing to serve but spill.
    demand = [0.0] * 22 + [100.0, 100.0] + [0.0] * 24
    system = make_system(
        generators=[committable("unit", 100, 10, 0.5, min_up_h=5), unit("dear", 100, 90)],
        demand={"A": demand},
    )
    result = milp(system, window_h=24, keep_h=24)
    gen = result.generation_mw["unit"].to_numpy()
    assert gen[22:24] == pytest.approx([100, 100])
    assert gen[24:27] == pytest.approx([50, 50, 50])
    assert gen[27:] == pytest.approx(np.zeros(21))
    assert result.starts_by_unit["unit"] == pytest.approx(1)


def test_rolling_window_must_keep_whole_days(make_system) -> None:
    system = make_system(generators=[committable("base", 100, 10, 0.5)], demand={"A": [50.0] * 48})
    with pytest.raises(powerpact.InputError, match="whole UTC days"):
        run(system, DispatchOptions(commitment="milp", window_h=24, keep_h=12))


def test_summary_reports_commitment(make_system) -> None:
    system = make_system(
        generators=[
            committable("base", 100, 10, 0.5, start_cost_per_mw=6),
            unit("wind", 100, 0, profile="wind"),
        ],
        demand={"A": [0, 0, 80, 30, 80]},
        profiles={"wind": [1.0, 1.0, 0.0, 0.5, 0.0]},
    )
    # As in test_cheap_start_starts_once_and_stays_on: one start, held on through hour 3, where
    # its 50 MW minimum leaves no room for the 50 MW of wind and 20 MW more are spilled.
    summary = milp(system).summary().to_dict()
    assert summary["starts_by_unit"] == {"base": pytest.approx(1)}
    assert summary["start_cost_eur"] == pytest.approx(600)
    assert summary["curtailment_mwh"] == pytest.approx(100 + 100 + 50 + 20)


def _pypsa_objective(system: System, mip_gap: float = 1e-9) -> float:
    from powerpact.interop.pypsa_export import to_pypsa

    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    network = to_pypsa(system, commitment=True)
    status, condition = network.optimize(
        solver_name="highs",
        include_objective_constant=False,
        log_to_console=False,
        mip_rel_gap=mip_gap,
    )
    assert (status, condition) == ("ok", "optimal")
    return float(network.objective)


def test_milp_matches_pypsa_committable_units(make_system) -> None:
    pytest.importorskip("pypsa")
    rng = np.random.default_rng(7)
    demand = (200 + 150 * np.sin(np.arange(48) / 24 * 2 * np.pi) + 40 * rng.random(48)).round(1)
    system = make_system(
        generators=[
            committable("base", 200, 15, 0.4, start_cost_per_mw=30, min_up_h=6, min_down_h=4),
            # Ramps at least the minimum stable output: PyPSA's start-up ramp then coincides
            # with ours (see docs/dispatch.md on the one difference).
            committable(
                "mid",
                150,
                35,
                0.3,
                start_cost_per_mw=10,
                min_up_h=3,
                min_down_h=2,
                units=3,
                ramp_up_fraction_per_h=0.5,
                ramp_down_fraction_per_h=0.5,
            ),
            unit("dear", 400, 120),
        ],
        demand={"A": demand.tolist()},
    )
    ours = milp(system)
    theirs = _pypsa_objective(system)
    assert ours.starts_by_unit.sum() > 0  # commitment is exercised
    assert theirs == pytest.approx(ours.total_cost_eur, rel=1e-6)


def default_week(first_day: int) -> System:
    """A week of the default with the commitment data of its thermal units."""
    from powerpact.dispatch.commitment import with_commitment

    system = with_commitment(powerpact.load("serbia-2025"))
    hours = slice(first_day * 24, (first_day + 7) * 24)
    return replace(
        system,
        demand=system.demand.iloc[hours],
        profiles=system.profiles.iloc[hours],
        market_prices=system.market_prices.iloc[hours],
        gas_demand=system.gas_demand.iloc[first_day : first_day + 7],
    )


def test_default_week_matches_pypsa_within_mip_gap() -> None:
    # A July week: no gas shortfall penalty to dwarf the operating cost.
    pytest.importorskip("pypsa")
    system = default_week(182)
    gap = 0.005
    ours = run(system, DispatchOptions(commitment="milp", mip_gap=gap, window_h=None))
    theirs = _pypsa_objective(system, mip_gap=gap)
    assert ours.cost_breakdown_eur["gas_shortfall_eur"] == pytest.approx(0, abs=1e-3)
    assert ours.starts_by_unit.sum() > 0
    # Both stop within the gap above the optimum, so they lie within the gap of each other.
    assert abs(theirs - ours.total_cost_eur) <= gap * abs(ours.total_cost_eur)


def test_heat_led_unit_matches_pypsa(make_system) -> None:
    # A committable CHP whose heat holds it online every hour (min_profile > 0 throughout) is
    # exported as a must-run with its heat-led minimum; a peaker beside it stays committable.
    pytest.importorskip("pypsa")
    rng = np.random.default_rng(11)
    hours = np.arange(48)
    demand = (150 + 140 * np.sin(hours / 24 * 2 * np.pi) + 20 * rng.random(48)).round(1)
    heat = (0.45 + 0.25 * np.cos(hours / 24 * 2 * np.pi)).round(3)  # 0.2 .. 0.7 of capacity
    system = make_system(
        generators=[
            committable("chp", 100, 100, 0.3, start_cost_per_mw=20, min_profile="heat"),
            committable("peak", 150, 40, 0.4, start_cost_per_mw=15, min_up_h=3, min_down_h=2),
            unit("dear", 400, 120),
        ],
        demand={"A": demand.tolist()},
        profiles={"heat": heat.tolist()},
    )
    ours = milp(system)
    chp = ours.generation_mw["chp"].to_numpy()
    assert np.all(chp >= heat * 100 - 1e-6)
    assert np.any(np.isclose(chp, heat * 100) & (heat > 0.3))  # the heat-led minimum binds
    assert ours.starts_by_unit["peak"] > 0
    theirs = _pypsa_objective(system)
    assert theirs == pytest.approx(ours.total_cost_eur, rel=1e-6)


def test_default_week_with_heat_matches_pypsa_within_mip_gap() -> None:
    # An autumn week of the default inside the heating season: Novi Sad and Pančevo are
    # committable gas CHPs held online by their heat (min_profile), the lignite units cycle.
    pytest.importorskip("pypsa")
    from powerpact.dispatch.commitment import with_commitment
    from powerpact.system import window
    from powerpact.system.heat import with_heat_led_chp

    first = 300 * 24
    system = window(
        with_commitment(with_heat_led_chp(powerpact.load("serbia-2025"))), first, first + 168
    )
    gap = 0.005
    ours = run(system, DispatchOptions(commitment="milp", mip_gap=gap, window_h=None))
    assert ours.starts_by_unit.sum() > 0
    minimum = system.profiles["heat:pancevo-ccgt"].to_numpy() * 189.0
    assert np.any(np.isclose(ours.generation_mw["pancevo-ccgt"].to_numpy(), minimum))
    theirs = _pypsa_objective(system, mip_gap=gap)
    assert abs(theirs - ours.total_cost_eur) <= gap * abs(ours.total_cost_eur)


def test_cli_prints_commitment_figures(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "uc",
        generators=[
            committable("base", 100, 10, 0.5, start_cost_per_mw=6),
            unit("dear", 100, 80),
        ],
        demand={"A": [0.0, 0.0, 80.0, 30.0, 80.0]},
    )
    output = CliRunner().invoke(
        app, ["dispatch", str(folder), "--json", "--commitment", "milp", "--window-h", "0"]
    )
    assert output.exit_code == 0, output.output
    summary = json.loads(output.output)
    assert summary["start_cost_eur"] == pytest.approx(600)
    assert summary["starts_by_unit"] == {"base": pytest.approx(1)}
    assert summary["curtailment_mwh"] == pytest.approx(20)
    assert summary["commitment"] == "milp"
