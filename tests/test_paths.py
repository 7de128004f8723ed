"""Transmission paths (system/paths.py): a capacity right over a chain of interconnectors.

Checked against independent references: a path never makes a leg carry more than its capacity;
a right of 0 MW is the system without the path (dispatch and multi-area adequacy); the LP's
optimum equals one where the right is written by hand as its own one-way interconnector with the
legs cut down; trade is priced at the exporting and importing zones' duals by hand; bad paths
stop with one line naming the file and field.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import write_system
from hypothesis import given, settings
from hypothesis import strategies as st

import powerpact
from powerpact import dispatch
from powerpact.adequacy import MonteCarloOptions
from powerpact.adequacy.multiarea import monte_carlo_areas
from powerpact.system import InputError, System

MakeSystem = Callable[..., System]
HOURS = 24


def corridor(
    access_mw: float | None,
    ab_mw: float = 300.0,
    bc_mw: float = 200.0,
    demand_c: float = 250.0,
    demand_b: float = 150.0,
    rate: float = 0.0,
) -> dict[str, Any]:
    """A source zone A (cheap, varying output), transit B, sink C; lines A→B and B→C."""
    shape = (0.5 + 0.5 * np.sin(np.arange(HOURS) / 3.0)).round(4).tolist()
    settings: dict[str, Any] = {}
    if access_mw is not None:
        settings["paths"] = {"a-c": {"zones": ["A", "B", "C"], "capacity_mw": access_mw}}
    return dict(
        generators=[
            {"name": "a-wind", "zone": "A", "technology": "wind", "capacity_mw": 600.0}
            | {"marginal_cost_eur_per_mwh": 5.0, "profile": "a_wind"},
            {"name": "b-gas", "zone": "B", "technology": "gas", "capacity_mw": 400.0}
            | {"marginal_cost_eur_per_mwh": 60.0, "forced_outage_rate": 0.05},
            {"name": "c-coal", "zone": "C", "technology": "coal", "capacity_mw": 400.0}
            | {"marginal_cost_eur_per_mwh": 40.0, "forced_outage_rate": 0.05},
        ],
        demand={"A": [0.0] * HOURS, "B": [demand_b] * HOURS, "C": [demand_c] * HOURS},
        profiles={"a_wind": shape},
        settings=settings,
        interconnectors=[
            {"name": "ab", "from_zone": "A", "to_zone": "B", "capacity_mw": ab_mw}
            | {"capacity_reverse_mw": ab_mw, "hurdle_cost_eur_per_mwh": 1.0}
            | {"forced_outage_rate": rate, "mttr_h": 20.0},
            {"name": "bc", "from_zone": "B", "to_zone": "C", "capacity_mw": bc_mw}
            | {"capacity_reverse_mw": bc_mw, "hurdle_cost_eur_per_mwh": 1.0}
            | {"forced_outage_rate": rate, "mttr_h": 20.0},
        ],
    )


@settings(max_examples=15)
@given(
    access=st.floats(0.0, 200.0),
    ab=st.floats(200.0, 500.0),
    demand_c=st.floats(0.0, 500.0),
    demand_b=st.floats(0.0, 300.0),
)
def test_path_flows_never_exceed_either_leg(
    tmp_path_factory: pytest.TempPathFactory,
    access: float,
    ab: float,
    demand_c: float,
    demand_b: float,
) -> None:
    folder = tmp_path_factory.mktemp("path")
    system = powerpact.load(write_system(folder, **corridor(access, ab, 200.0, demand_c, demand_b)))
    result = dispatch.run(system)
    path = result.path_flow_mw["a-c"].to_numpy()
    tol = 1e-6
    assert (path <= access + tol).all() and (path >= -tol).all()
    for name, capacity in (("ab", ab), ("bc", 200.0)):
        flow = result.flow_mw[name].to_numpy()
        assert (flow <= capacity + tol).all() and (flow >= -capacity - tol).all()
    # Every zone's energy balance closes each hour with the path's flows inside the legs'.
    net = result.net_import_mwh_by_zone()
    for zone in ("A", "B", "C"):
        own = result.generation_mw.loc[:, result.zone == zone].sum(axis=1)
        balance = own.sum() + net[zone] + result.unserved_mw[zone].sum()
        balance -= result.spilled_mw[zone].sum() + result.demand_mw[zone].sum()
        assert abs(balance) < 1e-4


def test_access_zero_is_the_system_without_a_path(make_system: MakeSystem) -> None:
    without = dispatch.run(make_system(**corridor(None)))
    zero = dispatch.run(make_system(**corridor(0.0)))
    assert zero.total_cost_eur == pytest.approx(without.total_cost_eur, rel=1e-9)
    np.testing.assert_allclose(zero.flow_mw.to_numpy(), without.flow_mw.to_numpy(), atol=1e-6)
    # The 0 MW path's own figures (paths_*: nothing delivered) are the only extra keys.
    figures = zero.zone_figures("C").to_dict()
    assert figures.pop("paths_delivered_mwh") == 0.0
    assert {k: v for k, v in figures.items() if not k.startswith("paths_")} == pytest.approx(
        without.zone_figures("C").to_dict()
    )


def test_path_equals_a_reserved_line_written_by_hand(make_system: MakeSystem) -> None:
    """The reference: the right as its own one-way A→C interconnector paying both legs'
    hurdles, and the legs cut down by hand."""
    access = 120.0
    with_path = dispatch.run(make_system(**corridor(access)))
    by_hand = corridor(None)
    for line in by_hand["interconnectors"]:
        line["capacity_mw"] -= access
    by_hand["interconnectors"].append(
        {"name": "ac", "from_zone": "A", "to_zone": "C", "capacity_mw": access}
        | {"capacity_reverse_mw": 0.0, "hurdle_cost_eur_per_mwh": 2.0}
    )
    reference = dispatch.run(make_system(**by_hand))
    assert with_path.total_cost_eur == pytest.approx(reference.total_cost_eur, rel=1e-9)
    assert with_path.path_flow_mw["a-c"].sum() > 0  # the right is used: the test can fail
    assert with_path.cost_breakdown_eur["hurdle_eur"] == pytest.approx(
        reference.cost_breakdown_eur["hurdle_eur"], rel=1e-6
    )


def test_trade_is_priced_at_the_zones_of_origin_and_destination(make_system: MakeSystem) -> None:
    result = dispatch.run(make_system(**corridor(100.0)))
    price = result.price_eur_per_mwh
    path = result.path_flow_mw["a-c"].to_numpy()
    bc = result.flow_mw["bc"].to_numpy() - path  # what C trades with B itself
    paid = (
        bc.clip(min=0) @ price["B"].to_numpy()
        + path @ price["A"].to_numpy()  # the path's MWh bought at A's price
    )
    earned = (-bc).clip(min=0) @ price["B"].to_numpy()
    figures = result.zone_figures("C")
    assert figures.imports_paid_eur == pytest.approx(paid, rel=1e-9)
    assert figures.exports_earned_eur == pytest.approx(earned, rel=1e-9, abs=1e-6)
    gen_cost = (result.generation_mw["c-coal"] * 40.0).sum()
    assert figures.generation_cost_eur == pytest.approx(gen_cost, rel=1e-9)
    assert figures.cost_including_trade_eur == pytest.approx(gen_cost + paid - earned, rel=1e-9)


@pytest.mark.parametrize("wind_eur_per_mwh", [5.0, 45.0])
def test_zone_figures_say_what_the_path_delivered_and_why(
    make_system: MakeSystem, wind_eur_per_mwh: float
) -> None:
    """The path's figures in C's own account, checked against the LP's optimality: the right
    carries power only in hours where C's price is at least A's plus both legs' hurdles, and is
    full wherever C's price is above that (else the LP would send more)."""
    access = 100.0
    system_spec = corridor(access)
    system_spec["generators"][0]["marginal_cost_eur_per_mwh"] = wind_eur_per_mwh
    result = dispatch.run(make_system(**system_spec))
    figures = result.zone_figures("C")
    path = result.path_flow_mw["a-c"].to_numpy()
    spread = (result.price_eur_per_mwh["C"] - result.price_eur_per_mwh["A"]).to_numpy()
    hurdles = 2.0
    used = path > 1e-3
    assert (spread[used] >= hurdles - 1e-6).all()
    assert (path[spread > hurdles + 1e-6] >= access - 1e-6).all()
    assert figures.paths_delivered_mwh == pytest.approx(path.sum(), rel=1e-9, abs=1e-6)
    assert figures.paths_hours_used == int(used.sum())
    assert figures.paths_mean_spread_eur_per_mwh == pytest.approx(spread.mean())
    assert figures.paths_share_of_hours_dearer == pytest.approx((spread > 0).mean())
    if wind_eur_per_mwh > 40.0:  # C's own coal (40) undercuts the wind: nothing comes
        assert figures.paths_delivered_mwh == pytest.approx(0.0, abs=1e-6)
    else:
        assert figures.paths_delivered_mwh > 0.0
    assert "paths_delivered_mwh" not in result.zone_figures("B").to_dict()


def test_zone_generation_costs_add_up_to_the_system_cost(make_system: MakeSystem) -> None:
    result = dispatch.run(make_system(**corridor(80.0)))
    breakdown = result.cost_breakdown_eur
    rest = sum(breakdown[k] for k in ("hurdle_eur", "cbam_eur", "unserved_energy_eur"))
    assert sum(result.generation_cost_eur_by_zone.values()) + rest == pytest.approx(
        result.total_cost_eur, rel=1e-9
    )


def test_adequacy_access_zero_is_the_system_without_a_path(make_system: MakeSystem) -> None:
    options = MonteCarloOptions()
    without = monte_carlo_areas(make_system(**corridor(None, rate=0.05)), 200, 3, options)
    zero = monte_carlo_areas(make_system(**corridor(0.0, rate=0.05)), 200, 3, options)
    assert zero.zone_indices() == without.zone_indices()
    # A right of all of B→C, whose path A→C cannot serve B: B can no longer import from A
    # except through the path's capacity, so reserving can only change B's and C's risk.
    full = monte_carlo_areas(make_system(**corridor(200.0, rate=0.05)), 200, 3, options)
    assert full.zone_indices()["A"] == without.zone_indices()["A"]


@pytest.mark.parametrize(
    ("paths", "field", "message"),
    [
        ({"p": {"zones": ["A", "C"], "capacity_mw": 10}}, "paths.p.zones", "no interconnector"),
        ({"p": {"zones": ["A", "B", "C"], "capacity_mw": 250}}, "paths.p.capacity_mw", "more"),
        ({"p": {"zones": ["A", "X"], "capacity_mw": 10}}, "paths", "not a zone"),
    ],
)
def test_bad_paths_name_file_and_field(
    tmp_path: Path, paths: dict[str, Any], field: str, message: str
) -> None:
    spec = corridor(None)
    spec["settings"] = {"paths": paths}
    folder = write_system(tmp_path / "bad", **spec)
    with pytest.raises(InputError) as caught:
        powerpact.load(folder)
    assert caught.value.field is not None and caught.value.field.startswith(field)
    assert "system.yaml" in caught.value.where and message in caught.value.message
    run = subprocess.run(
        [sys.executable, "-m", "powerpact", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    line = (run.stdout + run.stderr).strip()
    assert "system.yaml" in line and field in line


def test_pypsa_reaches_the_same_optimum_with_a_path(make_system: MakeSystem) -> None:
    pytest.importorskip("pypsa")
    from powerpact.interop.pypsa_export import to_pypsa

    system = make_system(**corridor(150.0))
    network = to_pypsa(system)
    status, _ = network.optimize(
        solver_name="highs", include_objective_constant=False, log_to_console=False
    )
    assert status == "ok"
    ours = dispatch.run(system).objective_eur
    assert float(network.objective) == pytest.approx(ours, rel=1e-6)
