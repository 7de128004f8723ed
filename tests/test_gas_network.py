"""The gas network (issue 16): N-1 and the extra Azerbaijani gas by hand, and the daily LP's
properties (capacity, conservation, monotonicity, protected customers first)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import write_system
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import powerpact
from powerpact.cli import app
from powerpact.gas.network import (
    PENALTY,
    max_additional_gas,
    national_n_minus_1,
    risk_group_n_minus_1,
    solve_network,
)
from powerpact.system import InputError, System

GEN = {"name": "lignite", "zone": "A", "technology": "lignite", "capacity_mw": 100}
TOL = 1e-6


def _node(node: str, kind: str = "transit", **kw: Any) -> dict[str, Any]:
    return {"node": node, "country": kw.pop("country", node), "kind": kind, **kw}


def _pipe(name: str, start: str, end: str, capacity: float, **kw: Any) -> dict[str, Any]:
    return {"name": name, "from": start, "to": end, "capacity_mcm_per_day": capacity, **kw}


def _load(folder: Path, nodes, pipes, gas_demand=(10.0, 12.0, 11.0), entries=(), **kw) -> System:
    tables: dict[str, Any] = {"gas_nodes": nodes, "gas_pipelines": pipes}
    if entries:
        tables["gas_entries"] = list(entries)
    return powerpact.load(
        write_system(
            folder,
            generators=[GEN],
            demand={"A": [50.0] * 24 * len(gas_demand)},
            settings={
                "gas": {"energy_mwh_per_mcm": 10000, "ncv_mwh_per_mcm": 10000, **kw.pop("gas", {})}
            },
            gas_demand={"A": list(gas_demand)},
            **tables,
            **kw,
        )
    )


def test_n_minus_1_by_hand_on_two_nodes(tmp_path: Path) -> None:
    # Node S feeds the zone's node A by two pipes (10 and 6); A has a field of 2 and a storage
    # site giving 3. N-1 = (EPm 16 + Pm 2 + Sm 3 - Im 10) / Dmax 12 = 91.67 %.
    system = _load(
        tmp_path / "two",
        [_node("S", "source", supply_mcm_per_day=30), _node("A", "demand", zone="A")],
        [_pipe("p1", "S", "A", 10), _pipe("p2", "S", "A", 6)],
        entries=[{"name": "field", "zone": "A", "kind": "production", "capacity_mcm_per_day": 2}],
        gas_storage=[
            {"name": "st", "zone": "A", "working_volume_mcm": 100, "withdrawal_mcm_per_day": 3}
        ],
        gas={"peak_day_demand_mcm": 12},
    )
    terms = national_n_minus_1(system)
    assert terms["EPm_mcm_per_day"] == 16
    assert terms["Pm_mcm_per_day"] == 2
    assert terms["Sm_mcm_per_day"] == 3
    assert terms["largest"] == "p1"
    assert terms["n_minus_1_percent"] == pytest.approx(100 * (16 + 2 + 3 - 10) / 12)


def test_risk_group_n_minus_1_aggregates_by_hand(tmp_path: Path) -> None:
    # Group {B, A}: entries from outside are S->B 20 and S->A 5 (B->A is internal); LNG at B 8.
    # Dmax = A's 12 + B's corridor demand 6 + the obligation 1 owed at B; Im = S->B 20.
    system = _load(
        tmp_path / "group",
        [
            _node("S", "source", supply_mcm_per_day=50),
            _node("B", "transit", country="BG", demand_mcm_per_day=6),
            _node("L", "source", country="BG", supply_mcm_per_day=8, supply_kind="lng"),
            _node("A", "demand", zone="A"),
        ],
        [
            _pipe("sb", "S", "B", 20, transit_obligation_mcm_per_day=1),
            _pipe("sa", "S", "A", 5),
            _pipe("ba", "B", "A", 7),
            _pipe("lb", "L", "B", 9),
        ],
        gas={"peak_day_demand_mcm": 12},
    )
    result = risk_group_n_minus_1(system, ("BG",))
    assert result["EPm_mcm_per_day"] == 25
    assert result["LNGm_mcm_per_day"] == 8
    assert result["Dmax_mcm_per_day"] == 19
    assert result["largest"] == "sb"
    assert result["n_minus_1_percent"] == pytest.approx(100 * (25 + 8 - 20) / 19)


def test_max_additional_gas_by_hand(tmp_path: Path) -> None:
    # AZ exports 20; T has 8 committed; T->A carries 5. A already contracts 365 mcm/yr (1 a day)
    # on that pipe, so the extra is (5 - 1) x 365; with AZ->T at 10, T's 8 leaves 2: (2 - 1) x 365.
    def case(upstream: float, folder: str) -> dict[str, Any]:
        system = _load(
            tmp_path / folder,
            [
                _node("AZ", "source", supply_mcm_per_day=20, supplier="SOCAR"),
                _node("T", "transit", demand_mcm_per_day=8, demand_supplier="SOCAR"),
                _node("A", "demand", zone="A"),
            ],
            [_pipe("az-t", "AZ", "T", upstream), _pipe("t-a", "T", "A", 5)],
            entries=[{"name": "t-a", "zone": "A", "capacity_mcm_per_day": 5}],
            gas_contracts=[
                {"name": "c", "supplier": "SOCAR", "entry": "t-a", "annual_max_mcm": 365}
            ],
        )
        return max_additional_gas(system)

    assert case(15, "wide")["mcm_per_year"] == pytest.approx(4 * 365)
    assert case(15, "wide")["binding"] == "t-a"
    assert case(10, "narrow")["mcm_per_year"] == pytest.approx(1 * 365)
    assert case(10, "narrow")["binding"] == "az-t"


def test_protected_customers_are_served_first(tmp_path: Path) -> None:
    # 7 a day reaches A for a demand of 10, 60 % protected: the 3 short are all non-protected.
    system = _load(
        tmp_path / "prot",
        [
            _node("S", "source", supply_mcm_per_day=7),
            _node("A", "demand", zone="A", protected_share=0.6),
        ],
        [_pipe("p", "S", "A", 50)],
        gas_demand=(10.0, 10.0),
    )
    run = solve_network(system, system.days)
    assert run.shortfall[("A", "protected")].sum() == pytest.approx(0.0, abs=TOL)
    assert run.shortfall[("A", "non_protected")].to_numpy() == pytest.approx([3.0, 3.0])


def test_contract_caps_the_pipe_it_names(tmp_path: Path) -> None:
    system = _load(
        tmp_path / "contract",
        [_node("S", "source", supply_mcm_per_day=50), _node("A", "demand", zone="A")],
        [_pipe("e", "S", "A", 50)],
        entries=[{"name": "e", "zone": "A", "capacity_mcm_per_day": 50}],
        gas_contracts=[{"name": "c", "supplier": "X", "entry": "e", "annual_max_mcm": 2920}],
        gas_demand=(10.0,),
    )
    run = solve_network(system, system.days)
    # 2920 mcm/yr is 8 a day: 2 of the 10 go short.
    assert run.flows["e"].iloc[0] == pytest.approx(8.0)
    assert run.node_shortfall_mcm("A") == pytest.approx(2.0)


def test_pipeline_to_unknown_node_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown gas node 'Q'"):
        _load(tmp_path / "bad", [_node("A", "demand", zone="A")], [_pipe("p", "Q", "A", 1)])


# --- properties on a random four-node network ---------------------------------------------------

NODES = ["S", "L", "X", "A"]
PIPES = [("sx", "S", "X"), ("xa", "X", "A"), ("sa", "S", "A"), ("la", "L", "X"), ("ax", "A", "X")]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> System:
    return _load(
        tmp_path_factory.mktemp("net") / "base",
        [
            _node("S", "source", supply_mcm_per_day=10),
            _node(
                "L", "source", supply_mcm_per_day=5, storage_mcm=6, storage_withdrawal_mcm_per_day=2
            ),
            _node("X", "transit", demand_mcm_per_day=4),
            _node("A", "demand", zone="A"),
        ],
        [_pipe(name, a, b, 1.0) for name, a, b in PIPES],
        gas_demand=(9.0, 14.0, 12.0),
    )


def _random(base: System, data: st.DataObject) -> System:
    small = st.floats(0.0, 20.0, allow_nan=False)
    pipes = base.gas_pipelines.copy()
    pipes["capacity_mcm_per_day"] = [data.draw(small) for _ in PIPES]
    pipes["reverse_capacity_mcm_per_day"] = [data.draw(st.floats(0.0, 5.0)) for _ in PIPES]
    pipes["booked_by_others_mcm_per_day"] = [
        data.draw(st.floats(0.0, 1.0)) * c for c in pipes["capacity_mcm_per_day"]
    ]
    pipes["transit_obligation_mcm_per_day"] = [
        data.draw(st.sampled_from([0.0, 2.0])) for _ in PIPES
    ]
    nodes = base.gas_nodes.copy()
    nodes["supply_mcm_per_day"] = [data.draw(small), data.draw(small), 0.0, 0.0]
    nodes["demand_mcm_per_day"] = [0.0, 0.0, data.draw(small), 0.0]
    nodes["protected_share"] = [0.0, 0.0, data.draw(st.floats(0, 1)), data.draw(st.floats(0, 1))]
    return dataclasses.replace(base, gas_pipelines=pipes, gas_nodes=nodes)


def _weighted(run) -> float:
    return float(
        sum(
            PENALTY[c] * run.shortfall.xs(c, axis=1, level="class").to_numpy().sum()
            for c in PENALTY
        )
    )


@hyp_settings(max_examples=40)
@given(data=st.data())
def test_flows_within_capacity_and_booking(base: System, data: st.DataObject) -> None:
    system = _random(base, data)
    run = solve_network(system, system.days)
    pipes = system.gas_pipelines
    free = pipes["capacity_mcm_per_day"] - pipes["booked_by_others_mcm_per_day"]
    assert (run.flows <= free + TOL).all().all()
    assert (-run.flows <= pipes["reverse_capacity_mcm_per_day"] + TOL).all().all()
    assert (run.shortfall <= run.demand + TOL).all().all()


@hyp_settings(max_examples=40)
@given(data=st.data())
def test_gas_is_conserved_at_every_node_each_day(base: System, data: st.DataObject) -> None:
    system = _random(base, data)
    run = solve_network(system, system.days)
    pipes = system.gas_pipelines
    for node in NODES:
        inflow = run.flows.loc[:, pipes.index[pipes["to"] == node]].sum(axis=1)
        outflow = run.flows.loc[:, pipes.index[pipes["from"] == node]].sum(axis=1)
        local = [n for n, at in run.node_of.items() if at == node]
        supply = run.supply.reindex(columns=local).fillna(0).sum(axis=1)
        storage = run.withdrawal.reindex(columns=local).fillna(0).sum(axis=1)
        served = run.demand[node].sum(axis=1) - run.shortfall[node].sum(axis=1)
        np.testing.assert_allclose(inflow - outflow + supply + storage, served, atol=1e-6)
    # never more drawn from storage than it held
    assert (run.storage_fill >= -TOL).all().all()


@hyp_settings(max_examples=40)
@given(data=st.data())
def test_taking_a_route_out_never_lowers_the_shortfall(base: System, data: st.DataObject) -> None:
    system = _random(base, data)
    route = data.draw(st.sampled_from([name for name, _, _ in PIPES]))
    before = solve_network(system, system.days)
    after = solve_network(system, system.days, pipelines_out=(route,))
    # Within the LP's tolerance: HiGHS solves to a relative 1e-7 or so, not exactly.
    slack = 1e-6 * max(1.0, abs(_weighted(before)))
    assert _weighted(after) >= _weighted(before) - slack
    # a lost source too
    lost = solve_network(system, system.days, sources_out=("S",))
    assert _weighted(lost) >= _weighted(before) - slack


def test_a_demand_near_the_solver_tolerance_is_solved(base: System) -> None:
    # Found by the property above: HiGHS' presolve called this LP infeasible although every
    # demand can go short; the network must still be solved.
    pipes = base.gas_pipelines.copy()
    pipes["capacity_mcm_per_day"] = 0.0
    pipes["reverse_capacity_mcm_per_day"] = [0.0, 1.0, 0.0, 0.0, 0.0]
    nodes = base.gas_nodes.copy()
    nodes["supply_mcm_per_day"] = 0.0
    nodes["demand_mcm_per_day"] = [0.0, 0.0, 1.1920929e-07, 0.0]
    nodes["protected_share"] = [0.0, 0.0, 0.5, 0.0]
    system = dataclasses.replace(base, gas_pipelines=pipes, gas_nodes=nodes)
    run = solve_network(system, system.days, pipelines_out=("sx",))
    # Nothing can reach X or A: every demand goes short, to the solver's tolerance.
    for node in ("X", "A"):
        np.testing.assert_allclose(
            run.shortfall[node].sum(axis=1), run.demand[node].sum(axis=1), atol=1e-6
        )


# --- the embedded default ----------------------------------------------------------------------


def test_default_network_results() -> None:
    result = json.loads(
        CliRunner().invoke(app, ["gas", "serbia-2025", "--json"], catch_exceptions=False).output
    )
    # Sourced capacities into Serbia's grid: Gastrans 11.47 + IBS 4.93 + Horgos 13.46, with
    # production 0.764 and Banatski Dvor 5 (docs/gas-network-data.md, case C), against the
    # 1-in-20 D_max 21.63 = 18 + 0.7092 x 5.12 (scripts/serbia_default/gas_peak_day.csv) and
    # against the observed peak 18.
    supply = 11.47 + 4.93 + 13.46 + 0.764 + 5 - 13.46
    assert result["n_minus_1_network_percent"] == pytest.approx(supply / 21.63 * 100)
    assert result["n_minus_1_network_at_observed_peak_percent"] == pytest.approx(supply / 18 * 100)
    assert math.isfinite(result["n_minus_1_risk_group_percent"])
    assert result["max_additional_az_gas_to_rs_mcm_per_year"] >= 0
    drills = result["network_drills"]
    assert set(drills) == {
        "tanap-outage",
        "shah-deniz-outage",
        "turkstream-stop",
        "bulgaria-serbia-route",
        "lng-unavailable",
    }
    for row in drills.values():
        assert row["shortfall_mcm"] >= row["undisturbed_shortfall_mcm"] - 1e-6
        assert row["shortfall_by_class_mcm"]["protected"] == pytest.approx(0.0, abs=1e-6)
    # a TurkStream stop reaches Hungary through the Gastrans transit it is owed
    assert drills["turkstream-stop"]["other_nodes_shortfall_mcm"]["HU"] > 0
    assert (
        drills["turkstream-stop"]["shortfall_mcm"]
        > drills["turkstream-stop"]["undisturbed_shortfall_mcm"]
    )
    # The one-node entries take the same sourced rows (Gastrans 11.47, IBS 4.93), with Horgos at
    # the 6 mcm/d Serbia can draw from its gas in Hungary: case B of docs/gas-network-data.md.
    one_node = 11.47 + 4.93 + 6.0 + 0.764 + 5 - 11.47
    assert result["n_minus_1_percent"] == pytest.approx(one_node / 21.63 * 100, abs=0.01)
    assert result["n_minus_1_at_observed_peak_percent"] == pytest.approx(one_node / 18 * 100)


def test_without_network_tables_nothing_changes(tiny: System) -> None:
    assert not tiny.has_gas_network
    assert isinstance(tiny.gas_nodes, pd.DataFrame)


def test_scenario_outage_of_an_entry_takes_its_pipeline_out() -> None:
    system = powerpact.load("gas-route-outage")
    days = pd.DatetimeIndex(system.gas_demand.index)
    run = solve_network(system, days)
    out = system.outages[system.outages["component"] == "balkan-stream-zajecar"].iloc[0]
    during = (days >= out["start"].floor("D")) & (days < out["end"].floor("D"))
    assert during.any()
    assert run.flows.loc[during, "balkan-stream-zajecar"].abs().max() == pytest.approx(0.0)
