"""Multi-area Monte Carlo: exact answers by enumeration, the transfers against a linear program
(HiGHS), the copper-plate limit, monotonicity and reproducibility."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd
import pytest
from conftest import write_system
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from typer.testing import CliRunner

import powerpact
from powerpact.adequacy import MonteCarloOptions, monte_carlo
from powerpact.adequacy.multiarea import merge_areas, monte_carlo_areas, sampled_states
from powerpact.cli import app
from powerpact.system import System

MakeSystem = Callable[..., System]
Line = tuple[int, int, float, float]  # from area, to area, forward MW, reverse MW


def unit(name: str, zone: str, capacity_mw: float, rate: float, units: int = 1, **extra: Any):
    return {
        "name": name,
        "zone": zone,
        "technology": "oil",
        "capacity_mw": capacity_mw,
        "units": units,
        "forced_outage_rate": rate,
        "mttr_h": 20,
        **extra,
    }


def line(name: str, a: str, b: str, forward: float, reverse: float, rate: float = 0.0) -> dict:
    return {
        "name": name,
        "from_zone": a,
        "to_zone": b,
        "capacity_mw": forward,
        "capacity_reverse_mw": reverse,
        "forced_outage_rate": rate,
        "mttr_h": 30,
    }


# --- The policy, stated independently with linear programs (HiGHS) ---------------------


def _min_unserved(
    load: np.ndarray, supply: np.ndarray, lines: Sequence[Line], fixed: Mapping[int, float]
) -> np.ndarray:
    """Unserved load by area of: minimise Σ unserved subject to area balances and line limits,
    with the unserved load of areas in `fixed` held at the given values."""
    n, m = len(load), len(lines)
    # Variables: generation g (n), unserved u (n), line flows f (m).
    cost = np.concatenate([np.zeros(n), np.ones(n), np.zeros(m)])
    a_ub = np.zeros((n, 2 * n + m))
    for area in range(n):
        a_ub[area, area] = a_ub[area, n + area] = -1.0
    for k, (a, b, _, _) in enumerate(lines):
        a_ub[a, 2 * n + k] += 1.0  # flow out of a
        a_ub[b, 2 * n + k] -= 1.0  # flow into b
    bounds = (
        [(0.0, s) for s in supply]
        + [(fixed[a], fixed[a]) if a in fixed else (0.0, max(load[a], 0.0)) for a in range(n)]
        + [(-rev, fwd) for _, _, fwd, rev in lines]
    )
    done = linprog(cost, A_ub=a_ub, b_ub=-np.asarray(load), bounds=bounds, method="highs")
    assert done.status == 0, done.message
    return np.asarray(done.x[n : 2 * n])


def policy_unserved(load: np.ndarray, firm: np.ndarray, lines: Sequence[Line]) -> np.ndarray:
    """Each area's own capacity serves its own load first; the surpluses then serve the
    shortfalls over the lines, area 0 as much as possible, then area 1, … (lexicographic)."""
    surplus = np.maximum(firm - load, 0.0)
    short = np.maximum(load - firm, 0.0)
    fixed: dict[int, float] = {}
    for area in range(len(load)):
        fixed[area] = float(_min_unserved(short, surplus, lines, fixed)[area])
    return np.array([fixed[a] for a in range(len(load))])


def exact_by_enumeration(
    units: Sequence[tuple[int, float, float]],
    lines: Sequence[tuple[int, int, float, float, float]],
    loads: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-area LOLE (h) and EENS (MWh) over the hours of `loads` (hours × areas), enumerating
    every up/down state of units (area, MW, outage rate) and lines (a, b, fwd, rev, rate)."""
    n = loads.shape[1]
    rates = [u[2] for u in units] + [ln[4] for ln in lines]
    lole, eens = np.zeros(n), np.zeros(n)
    for state in itertools.product((0, 1), repeat=len(rates)):  # 1: on outage
        probability = float(
            np.prod([q if down else 1 - q for q, down in zip(rates, state, strict=True)])
        )
        firm = np.zeros(n)
        for (area, mw, _), down in zip(units, state[: len(units)], strict=True):
            firm[area] += 0.0 if down else mw
        up = [
            (a, b, fwd, rev)
            for (a, b, fwd, rev, _), down in zip(lines, state[len(units) :], strict=True)
            if not down
        ]
        for load in loads:
            unserved = policy_unserved(load, firm, up)
            lole += probability * (unserved > 1e-6)
            eens += probability * unserved
    return lole, eens


# --- Exact two- and three-area systems -------------------------------------------------

TWO_LOADS = {"A": [150.0, 180.0, 120.0, 90.0], "B": [100.0, 60.0, 140.0, 170.0]}
THREE_LOADS = {
    "A": [150.0, 170.0, 90.0, 120.0],
    "B": [100.0, 140.0, 60.0, 120.0],
    "C": [120.0, 90.0, 150.0, 60.0],
}


def two_area(make_system: MakeSystem, line_mw: float = 50.0, rate: float = 0.05) -> System:
    return make_system(
        generators=[unit("a", "A", 200, 0.1, units=2), unit("b", "B", 200, 0.2)],
        demand={zone: load * 6 for zone, load in TWO_LOADS.items()},
        interconnectors=[line("ab", "A", "B", line_mw, 30.0, rate)],
    )


def three_area(make_system: MakeSystem) -> System:
    return make_system(
        generators=[
            unit("a", "A", 200, 0.1, units=2),
            unit("b", "B", 150, 0.15),
            unit("c", "C", 160, 0.1, units=2),
        ],
        demand={zone: load * 6 for zone, load in THREE_LOADS.items()},
        interconnectors=[
            line("ab", "A", "B", 50.0, 50.0, 0.05),
            line("bc", "B", "C", 40.0, 60.0),
            line("ac", "A", "C", 30.0, 30.0, 0.1),
        ],
    )


def _check_against_exact(result: Any, lole: np.ndarray, eens: np.ndarray) -> None:
    for k, zone in enumerate(result.zones):
        got = result.zone_indices()[zone]
        assert abs(got["lole_hours"] - lole[k]) <= 3 * got["lole_hours_stderr"] + 1e-9, zone
        assert abs(got["eens_mwh"] - eens[k]) <= 3 * got["eens_mwh_stderr"] + 1e-9, zone
    system = result.system
    assert abs(system.eens_mwh - eens.sum()) <= 3 * system.eens_mwh_stderr


def test_two_areas_with_a_binding_tie_line_match_enumeration(make_system: MakeSystem) -> None:
    loads = np.array([TWO_LOADS["A"], TWO_LOADS["B"]]).T
    units = [(0, 100.0, 0.1), (0, 100.0, 0.1), (1, 200.0, 0.2)]
    lole, eens = exact_by_enumeration(units, [(0, 1, 50.0, 30.0, 0.05)], loads)
    lole, eens = lole * 6, eens * 6  # the horizon repeats the four hours six times
    result = monte_carlo_areas(two_area(make_system), samples=6000, seed=2)
    _check_against_exact(result, lole, eens)
    # The line binds: A with one unit out (100 MW for 150–180 MW) is short even with B's help.
    assert lole[0] > 1.0 and lole[1] > 1.0


def test_three_areas_match_enumeration(make_system: MakeSystem) -> None:
    loads = np.array([THREE_LOADS[z] for z in "ABC"]).T
    units = [(0, 100.0, 0.1)] * 2 + [(1, 150.0, 0.15)] + [(2, 80.0, 0.1)] * 2
    lines = [(0, 1, 50.0, 50.0, 0.05), (1, 2, 40.0, 60.0, 0.0), (0, 2, 30.0, 30.0, 0.1)]
    lole, eens = exact_by_enumeration(units, lines, loads)
    result = monte_carlo_areas(three_area(make_system), samples=6000, seed=5)
    _check_against_exact(result, lole * 6, eens * 6)
    assert (lole > 0.1).all()


# --- Each hour's transfers against a linear program ------------------------------------


def mixed_system(make_system: MakeSystem) -> System:
    """Three areas with a market import, reservoir hydro, storage and an unlimited gas plant."""
    hours = np.arange(24 * 7)
    shape = 1 + 0.25 * np.sin(2 * np.pi * (hours - 6) / 24)
    return make_system(
        generators=[
            unit("a", "A", 240, 0.1, units=3),
            unit("a-gas", "A", 60, 0.08, fuel="gas", efficiency=0.5),
            unit("b", "B", 150, 0.12, units=2),
            unit("b-hydro", "B", 80, 0.05),
            unit("c", "C", 120, 0.1, units=2),
        ],
        demand={
            "A": (220 * shape).tolist(),
            "B": (130 * shape).tolist(),
            "C": (115 * shape).tolist(),
        },
        settings={
            "markets": {"M": {"import_availability": 0.5}},
            "fuels": {"gas": {"price_eur_per_mwh_th": 30, "co2_t_per_mwh_th": 0.2}},
        },
        market_prices={"M": [50.0] * len(hours)},
        interconnectors=[
            line("ab", "A", "B", 40.0, 40.0, 0.05),
            line("bc", "B", "C", 50.0, 30.0, 0.05),
            line("am", "M", "A", 60.0, 60.0, 0.02),
        ],
        hydro_inflows=[{"generator": "b-hydro", "month": 1, "energy_mwh": 300_000.0}],
        storage=[{"name": "c-store", "zone": "C", "power_mw": 30, "energy_mwh": 90}],
    )


def test_unserved_energy_of_sampled_hours_equals_the_linear_program(
    make_system: MakeSystem,
) -> None:
    system = mixed_system(make_system)
    short_hours = 0
    for sample in range(12):
        states = sampled_states(system, seed=3, sample=sample)
        zones = list(states.areas)
        area = {zone: k for k, zone in enumerate(zones)}
        frames = [states.areas[z] for z in zones]
        load = np.column_stack([f["net_load"] for f in frames])
        firm = np.column_stack([f["firm"] for f in frames])
        supply = np.column_stack(
            [f[["firm", "gas", "hydro", "storage"]].sum(axis=1) for f in frames]
        )
        engine = np.column_stack([f["unserved"] for f in frames]).sum(axis=1)
        ends = [(area[a], area[b]) for a, b in states.line_ends.to_numpy()]
        capacity = [states.lines[name].to_numpy() for name in states.line_ends.index]
        # Hours where every area covers its own load need no transfer and lose nothing; the
        # others are solved as the LP.
        flagged = (firm < load).any(axis=1)
        assert (engine[~flagged] == 0).all()
        for hour in np.flatnonzero(flagged):
            lines = [(a, b, *capacity[k][hour]) for k, (a, b) in enumerate(ends)]
            reference = _min_unserved(load[hour], supply[hour], lines, {}).sum()
            assert engine[hour] == pytest.approx(reference, abs=1e-6), (sample, hour)
            short_hours += reference > 1e-6
    assert short_hours >= 10
    # The debug hook is the run: its sample's unserved energy is the run's.
    run = monte_carlo_areas(system, samples=12, seed=3)
    assert engine.sum() == pytest.approx(run.system.per_sample["unserved_mwh"].iloc[11])


# --- The copper-plate limit -------------------------------------------------------------


def test_unlimited_ties_give_the_copper_plate_result(make_system: MakeSystem) -> None:
    system = make_system(
        generators=[
            unit("a", "A", 240, 0.1, units=3),
            unit("b", "B", 150, 0.12, units=2),
            unit("c", "C", 120, 0.1, units=2),
        ],
        demand={"A": [200.0, 230.0, 250.0] * 8, "B": [130.0, 120.0, 140.0] * 8, "C": [90.0] * 24},
        settings={"markets": {"M": {"import_availability": 0.5}}},
        market_prices={"M": [50.0] * 24},
        interconnectors=[
            line("ab", "A", "B", 1e6, 1e6),
            line("bc", "B", "C", 1e6, 1e6),
            line("am", "M", "A", 60.0, 60.0, 0.02),
        ],
    )
    areas = monte_carlo_areas(system, samples=2000, seed=4).system.per_sample
    pooled = monte_carlo(system, samples=2000, seed=4).per_sample
    assert areas["lol_hours"].sum() > 100
    assert areas["lol_hours"].equals(pooled["lol_hours"])
    assert areas["lol_days"].equals(pooled["lol_days"])
    assert np.allclose(areas["unserved_mwh"], pooled["unserved_mwh"], rtol=1e-9, atol=1e-6)


# --- Monotonicity (hypothesis, fixed seeds) ---------------------------------------------


def _chain(folder: Path, caps: Sequence[float], lines_mw: Sequence[float], loads: Sequence[float]):
    zones = [f"Z{k}" for k in range(len(caps))]
    gens = [
        unit(f"g{k}", z, 2 * c, 0.15, units=2)
        for k, (z, c) in enumerate(zip(zones, caps, strict=True))
    ]
    ties = [
        line(f"t{k}", zones[k], zones[(k + 1) % len(zones)], mw, mw * 0.7, 0.05)
        for k, mw in enumerate(lines_mw)
    ]
    demand = {
        z: [load * f for f in (0.8, 1.0, 1.1, 0.9) * 6]
        for z, load in zip(zones, loads, strict=True)
    }
    return powerpact.load(write_system(folder, gens, demand, interconnectors=ties))


capacities = st.lists(st.integers(60, 200), min_size=3, max_size=3)
ties_mw = st.lists(st.integers(0, 120), min_size=3, max_size=3)


@settings(max_examples=12)
@given(
    caps=capacities,
    lines_mw=ties_mw,
    loads=st.lists(st.integers(60, 200), min_size=3, max_size=3),
    extra=st.integers(1, 150),
    where=st.integers(0, 2),
)
def test_more_tie_capacity_never_raises_eens_nor_own_capacity_own_lole(
    tmp_path_factory: pytest.TempPathFactory,
    caps: list[int],
    lines_mw: list[int],
    loads: list[int],
    extra: int,
    where: int,
) -> None:
    folder = tmp_path_factory.mktemp("chain")
    base = monte_carlo_areas(_chain(folder / "base", caps, lines_mw, loads), 40, seed=7)
    wider = list(lines_mw)
    wider[where] += extra
    more_ties = monte_carlo_areas(_chain(folder / "ties", caps, wider, loads), 40, seed=7)
    # Firm units only: each hour's maximum flow is monotone in line capacities, so no sample-year
    # may lose more.
    assert (
        more_ties.system.per_sample["unserved_mwh"] <= base.system.per_sample["unserved_mwh"] + 1e-6
    ).all()
    bigger = list(caps)
    bigger[where] += extra
    more_units = monte_carlo_areas(_chain(folder / "caps", bigger, lines_mw, loads), 40, seed=7)
    zone = f"Z{where}"
    assert (
        more_units.zone_per_sample[zone]["lol_hours"] <= base.zone_per_sample[zone]["lol_hours"]
    ).all()
    assert (
        more_units.system.per_sample["unserved_mwh"]
        <= base.system.per_sample["unserved_mwh"] + 1e-6
    ).all()


def _chain_with_energy(
    folder: Path,
    caps: Sequence[float],
    lines_mw: Sequence[float],
    loads: Sequence[float],
    energy: Sequence[tuple[float, float, float]],
) -> System:
    """`_chain` plus, in each zone, a reservoir hydro plant (MW, January energy MWh) and a
    storage (MW, 4 h of energy): energy carried between hours, which a new line can move."""
    zones = [f"Z{k}" for k in range(len(caps))]
    gens = [
        unit(f"g{k}", z, 2 * c, 0.15, units=2)
        for k, (z, c) in enumerate(zip(zones, caps, strict=True))
    ] + [unit(f"h{k}", z, e[0], 0.05) for k, (z, e) in enumerate(zip(zones, energy, strict=True))]
    ties = [
        line(f"t{k}", zones[k], zones[(k + 1) % len(zones)], mw, mw * 0.7, 0.05)
        for k, mw in enumerate(lines_mw)
    ]
    demand = {
        z: [load * f for f in (0.8, 1.0, 1.1, 0.9) * 6]
        for z, load in zip(zones, loads, strict=True)
    }
    # The horizon (24 h of January) gets 24/744 of the month's energy.
    inflows = [
        {"generator": f"h{k}", "month": 1, "energy_mwh": e[1] * 744 / 24}
        for k, e in enumerate(energy)
    ]
    storage = [
        {"name": f"s{k}", "zone": z, "power_mw": e[2], "energy_mwh": 4 * e[2]}
        for k, (z, e) in enumerate(zip(zones, energy, strict=True))
    ]
    return powerpact.load(
        write_system(
            folder, gens, demand, interconnectors=ties, hydro_inflows=inflows, storage=storage
        )
    )


@settings(max_examples=25)
@given(
    caps=capacities,
    lines_mw=ties_mw,
    loads=st.lists(st.integers(60, 200), min_size=3, max_size=3),
    energy=st.lists(
        st.tuples(st.integers(5, 80), st.integers(20, 600), st.integers(1, 60)),
        min_size=3,
        max_size=3,
    ),
    extra=st.integers(1, 150),
    where=st.integers(0, 2),
)
@example(
    caps=[60, 60, 60],
    lines_mw=[0, 0, 39],
    loads=[163, 61, 65],
    energy=[(5, 20, 1), (5, 20, 1), (5, 20, 1)],
    extra=16,
    where=0,
)
@example(
    caps=[60, 100, 60],
    lines_mw=[102, 0, 1],
    loads=[90, 159, 60],
    energy=[(5, 20, 1), (5, 20, 1), (5, 20, 1)],
    extra=1,
    where=0,
)
def test_more_tie_capacity_barely_raises_eens_with_hydro_and_storage(
    tmp_path_factory: pytest.TempPathFactory,
    caps: list[int],
    lines_mw: list[int],
    loads: list[int],
    energy: list[tuple[int, int, int]],
    extra: int,
    where: int,
) -> None:
    # The backcast-2016 case: by zone order and own plants first, a new line could shift a
    # shortfall onto a neighbour's small storage, empty it, and so raise unserved energy later.
    folder = tmp_path_factory.mktemp("energy")
    base = monte_carlo_areas(
        _chain_with_energy(folder / "base", caps, lines_mw, loads, energy), 30, seed=5
    )
    wider = list(lines_mw)
    wider[where] += extra
    more_ties = monte_carlo_areas(
        _chain_with_energy(folder / "ties", caps, wider, loads, energy), 30, seed=5
    )
    # On the same sampled states: the system's EENS. A sequential order of energy-limited plants is
    # a heuristic without foresight, so one sample-year may lose a little (1.4 MWh in the first
    # example below) where another gains, and the sum over the samples may too: by 1.2 MWh of
    # 11,476 (0.01 %) in the second example, three sample-years losing under 1 MWh each, no
    # loss-of-load hour added. The expectation may rise by at most 0.1 % (docs/adequacy.md).
    base_eens = base.system.per_sample["unserved_mwh"].sum()
    assert more_ties.system.per_sample["unserved_mwh"].sum() <= base_eens * 1.001 + 1e-6


@pytest.mark.parametrize("new_line_mw", [0.0, 50.0])
def test_a_new_line_does_not_empty_a_small_storage_a_later_hour_needs(
    make_system: MakeSystem, new_line_mw: float
) -> None:
    # The backcast-2016 mechanism by hand. Hour 1: A (first in zone order) and B are each 50
    # MW short; F has 50 MW spare, reaching B (and, over the new line F → A, A). A has a long
    # storage (1,000 MWh), B a short one (50 MWh). Hour 2: C is 50 MW short and only B's
    # storage reaches it. With the new line F's surplus goes to A first; B's shortfall must
    # then come from A's long storage (back along F → A's flow, then F → B), not from B's
    # own, or C loses 50 MWh (it did, before the longest-lasting-first order).
    lines = [line("fb", "F", "B", 50, 50), line("bc", "B", "C", 50, 50)]
    if new_line_mw:
        lines.append(line("af", "A", "F", 0.0, new_line_mw))
    store = {"round_trip_efficiency": 1.0, "forced_outage_rate": 0.0, "mttr_h": 10}
    system = make_system(
        generators=[unit("f", "F", 100, 0.0)],
        demand={"A": [50, 0], "B": [50, 0], "C": [0, 50], "F": [50, 100]},
        interconnectors=lines,
        storage=[
            {"name": "long", "zone": "A", "power_mw": 50, "energy_mwh": 2000, **store},
            {"name": "short", "zone": "B", "power_mw": 50, "energy_mwh": 100, **store},
        ],
    )
    result = monte_carlo_areas(system, 3, seed=1)
    assert (result.system.per_sample["unserved_mwh"] == 0).all()


def test_an_area_short_itself_keeps_its_hydro_and_storage_for_its_own_load(
    make_system: MakeSystem,
) -> None:
    # A is first in zone order and 50 MW short with nothing of its own; B is 50 MW short with
    # 30 MW of hydro and 20 MW of storage, and a line to A. Own load first: B's plants serve
    # B; A, though first in order, gets nothing.
    store = {"round_trip_efficiency": 1.0, "forced_outage_rate": 0.0, "mttr_h": 10}
    system = make_system(
        generators=[unit("hydro", "B", 30, 0.0)],
        demand={"A": [50.0] * 4, "B": [50.0] * 4},
        interconnectors=[line("ab", "A", "B", 100, 100)],
        hydro_inflows=[{"generator": "hydro", "month": 1, "energy_mwh": 30.0 * 744}],
        storage=[{"name": "s", "zone": "B", "power_mw": 20, "energy_mwh": 400, **store}],
    )
    zones = monte_carlo_areas(system, 2, seed=1).zone_per_sample
    assert (zones["A"]["unserved_mwh"] == 200.0).all()
    assert (zones["B"]["unserved_mwh"] == 0.0).all()


# --- Reproducibility --------------------------------------------------------------------


def test_same_seed_same_numbers_across_threads_chunks_and_offsets(
    make_system: MakeSystem,
) -> None:
    system = mixed_system(make_system)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = monte_carlo_areas(system, 60, seed=11)
    finally:
        numba.set_num_threads(threads)
    chunked = monte_carlo_areas(system, 60, 11, MonteCarloOptions(chunk_samples=7))
    tail = monte_carlo_areas(system, 20, 11, sample_offset=40)
    assert single.system.per_sample.equals(chunked.system.per_sample)
    for zone in single.zones:
        assert single.zone_per_sample[zone].equals(chunked.zone_per_sample[zone])
        assert tail.zone_per_sample[zone].equals(single.zone_per_sample[zone].iloc[40:])
    assert single.headline() == chunked.headline()
    parts = [monte_carlo_areas(system, 30, 11, sample_offset=k) for k in (30, 0)]
    assert merge_areas(parts).headline() == single.headline()
    other = monte_carlo_areas(system, 60, seed=12).system.per_sample
    assert not other.equals(single.system.per_sample)


def test_zone_figures_add_up_to_the_system(make_system: MakeSystem) -> None:
    result = monte_carlo_areas(mixed_system(make_system), 100, seed=1)
    zones = result.zone_indices()
    assert sum(z["eens_mwh"] for z in zones.values()) == pytest.approx(result.system.eens_mwh)
    assert max(z["lole_hours"] for z in zones.values()) <= result.system.lole_hours + 1e-12
    assert set(zones["A"]) == {
        f"{k}{s}" for k in ("lole_hours", "eens_mwh", "lolp", "lold_days") for s in ("", "_stderr")
    }


# --- CLI ---------------------------------------------------------------------------------


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, ["adequacy", *args])


def test_cli_solves_zones_as_areas_and_refuses_a_pooled_copt(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "two",
        [unit("a", "A", 200, 0.1, units=2), unit("b", "B", 200, 0.2)],
        {zone: load * 6 for zone, load in TWO_LOADS.items()},
        interconnectors=[line("ab", "A", "B", 50.0, 30.0, 0.05)],
    )
    done = _cli(str(folder), "--samples", "50", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout[done.stdout.index("{") :])
    assert set(data["zones"]) == {"A", "B"}
    assert {"lole_hours", "lole_hours_stderr", "eens_mwh", "samples"} <= set(data)
    assert data["eens_mwh"] == pytest.approx(
        monte_carlo_areas(powerpact.load(folder), 50, 1).system.eens_mwh
    )
    refused = subprocess.run(
        [sys.executable, "-m", "powerpact", "adequacy", str(folder), "--method", "copt"],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert "zones A, B" in refused.stderr and "Traceback" not in refused.stderr
    pooled = _cli(str(folder), "--method", "copt", "--copper-plate", "--json")
    assert pooled.exit_code == 0, pooled.output
    assert "zones" not in json.loads(pooled.stdout[pooled.stdout.index("{") :])


def test_cli_single_zone_output_is_unchanged(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "one", [unit("a", "A", 200, 0.1, units=2)], {"A": [150.0, 180.0] * 12}
    )
    done = _cli(str(folder), "--samples", "30", "--json")
    data = json.loads(done.stdout[done.stdout.index("{") :])
    assert "zones" not in data
    expected = json.loads(json.dumps(monte_carlo(powerpact.load(folder), 30, 1).headline()))
    assert data == expected


def test_a_zone_without_lines_stands_alone(make_system: MakeSystem) -> None:
    # No interconnector between the zones: B's surplus cannot help A.
    system = make_system(
        generators=[unit("a", "A", 100, 0.0), unit("b", "B", 500, 0.0)],
        demand={"A": [150.0] * 4, "B": [10.0] * 4},
    )
    result = monte_carlo_areas(system, 5, seed=1)
    assert result.zone_indices()["A"]["eens_mwh"] == pytest.approx(200.0)
    assert result.zone_indices()["B"]["lole_hours"] == 0.0
    assert result.system.lole_hours == 4
    assert isinstance(result.system.per_sample, pd.DataFrame)


def test_one_zone_gives_the_pooled_engine_samples(make_system: MakeSystem) -> None:
    # With one area there is nothing to transfer: gas within the day's gas, hydro, storage and
    # its recharging follow the pooled engine's order, so every sample is the same.
    hours = np.arange(24 * 14)
    load = (330 + 90 * np.sin(2 * np.pi * (hours - 6) / 24)).round(1).tolist()
    system = make_system(
        generators=[
            unit("coal", "A", 300, 0.1, units=2),
            unit("ccgt", "A", 120, 0.06, fuel="gas", efficiency=0.55),
            unit("ocgt", "A", 60, 0.08, fuel="gas", efficiency=0.35),
            unit("hydro", "A", 80, 0.05),
        ],
        demand={"A": load},
        settings={"fuels": {"gas": {"price_eur_per_mwh_th": 30}}},
        gas_entries=[
            {
                "name": "pipe",
                "zone": "A",
                "capacity_mcm_per_day": 0.6,
                "outage_rate_per_year": 20,
                "outage_duration_days": 2,
            }
        ],
        hydro_inflows=[{"generator": "hydro", "month": 1, "energy_mwh": 20_000.0}],
        storage=[{"name": "store", "zone": "A", "power_mw": 40, "energy_mwh": 160}],
    )
    areas = monte_carlo_areas(system, 300, seed=8)
    pooled = monte_carlo(system, 300, seed=8).per_sample
    assert pooled["lol_hours"].sum() > 100
    assert areas.system.per_sample["lol_hours"].equals(pooled["lol_hours"])
    assert np.allclose(areas.system.per_sample["unserved_mwh"], pooled["unserved_mwh"])
    assert areas.zone_per_sample["A"]["unserved_mwh"].equals(
        areas.system.per_sample["unserved_mwh"]
    )


@pytest.mark.parametrize("order", [["A", "B", "C"], ["B", "A", "C"]])
def test_competing_short_zones_are_served_in_system_yaml_order(
    make_system: MakeSystem, order: list[str]
) -> None:
    # A and B are each 50 MW short; C has 60 MW spare and a 100 MW line to each: the first
    # listed of A and B gets 50 MW, the other the remaining 10 MW.
    loads = {"A": 150.0, "B": 150.0, "C": 40.0}
    system = make_system(
        generators=[unit(z.lower(), z, 100, 0.0) for z in "ABC"],
        demand={zone: [loads[zone]] * 4 for zone in order},
        interconnectors=[line("ca", "C", "A", 100, 100), line("cb", "C", "B", 100, 100)],
    )
    zones = monte_carlo_areas(system, 3, seed=1).zone_indices()
    first, second = order[0], order[1]
    assert zones[first]["eens_mwh"] == pytest.approx(0.0)
    assert zones[second]["eens_mwh"] == pytest.approx(4 * 40.0)
    assert zones["C"]["lole_hours"] == 0.0
