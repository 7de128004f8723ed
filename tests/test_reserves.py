"""Operating reserves: schema, hand-solved dispatch cases, invariants, adequacy withholding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import powerpact
from powerpact import adequacy
from powerpact.adequacy import CoptOptions, MonteCarloOptions
from powerpact.dispatch import DispatchOptions, run
from powerpact.system import InputError, System


def gen(name: str, capacity_mw: float, cost: float, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "zone": extra.pop("zone", "A"),
        "technology": extra.pop("technology", "other"),
        "capacity_mw": capacity_mw,
        "marginal_cost_eur_per_mwh": cost,
        **extra,
    }


def with_import(make_system, up_mw: float, down_mw: float = 0.0, **extra: object) -> System:
    """Zone A: a 100 MW unit at 10 EUR/MWh, imports from market M at 30 EUR/MWh over 100 MW."""
    return make_system(
        generators=[gen("cheap", 100, 10)],
        demand={"A": [100.0, 100.0]},
        settings={"markets": ["M"]},
        market_prices={"M": [30.0, 30.0]},
        interconnectors=[{"name": "link", "from_zone": "M", "to_zone": "A", "capacity_mw": 100}],
        reserves=[{"zone": "A", "upward_mw": up_mw, "downward_mw": down_mw, **extra}],
    )


def test_hand_solved_upward_reserve(make_system) -> None:
    # Without reserve the cheap unit runs flat out (cost 2 × 100 × 10 = 2000). Holding 30 MW up
    # it must leave 30 MW free each hour: 70 MW own at 10 plus 30 MW imported at 30 = 1600 an hour.
    system = with_import(make_system, up_mw=30)
    held = run(system)
    free = run(system, DispatchOptions(reserves=False))
    assert free.total_cost_eur == pytest.approx(2000.0)
    assert held.total_cost_eur == pytest.approx(3200.0)
    assert held.generation_mw["cheap"].tolist() == pytest.approx([70.0, 70.0])
    assert held.summary().reserve_shortfall_mwh == pytest.approx(0.0)


def test_shortfall_is_penalised_not_infeasible(make_system) -> None:
    # 250 MW up cannot be held: at most 100 MW (all load imported, the unit idle). The LP keeps
    # 100 MW and reports 150 MW short each hour at 1000 EUR/MWh: 2 × (100 × 30 + 150 × 1000).
    system = with_import(make_system, up_mw=250)
    held = run(system)
    assert held.reserve_shortfall_mwh == pytest.approx(300.0)
    assert held.cost_breakdown_eur["reserve_shortfall_eur"] == pytest.approx(300_000.0)
    assert held.total_cost_eur == pytest.approx(6000.0 + 300_000.0)
    assert held.figures().cost_without_lost_load_eur == pytest.approx(6000.0)
    assert held.unserved_mwh == pytest.approx(0.0)


def test_downward_reserve_keeps_units_above_their_minimum(make_system) -> None:
    # A must-run of 60 MW and 20 MW down: the unit must run at 80 MW or more to be able to
    # come down by 20, so with demand at 70 MW it spills 10.
    system = make_system(
        generators=[gen("base", 100, 10, min_stable_mw=60)],
        demand={"A": [70.0]},
        reserves=[{"zone": "A", "upward_mw": 0, "downward_mw": 20}],
    )
    held = run(system)
    assert held.generation_mw["base"].iloc[0] == pytest.approx(80.0)
    assert held.spilled_mw["A"].iloc[0] == pytest.approx(10.0)
    assert held.reserve_shortfall_mwh == pytest.approx(0.0)


def test_storage_holds_reserve(make_system) -> None:
    # A 50 MW store idle counts 50 MW up: the cheap unit may run flat out.
    system = make_system(
        generators=[gen("cheap", 100, 10)],
        demand={"A": [100.0, 100.0]},
        storage=[{"name": "pump", "zone": "A", "power_mw": 50, "energy_mwh": 200}],
        reserves=[{"zone": "A", "upward_mw": 50}],
    )
    held = run(system)
    assert held.total_cost_eur == pytest.approx(2000.0)
    assert held.reserve_shortfall_mwh == pytest.approx(0.0)


@given(
    up=st.floats(0, 300),
    down=st.floats(0, 150),
    demand=st.lists(st.floats(0, 180), min_size=3, max_size=3),
)
def test_reserves_never_lower_cost(tmp_path_factory, up: float, down: float, demand) -> None:
    from conftest import write_system

    folder = write_system(
        tmp_path_factory.mktemp("r"),
        generators=[gen("base", 120, 10, min_stable_mw=30), gen("peak", 80, 60)],
        demand={"A": demand},
        settings={"markets": ["M"]},
        market_prices={"M": [40.0, 20.0, 70.0]},
        interconnectors=[{"name": "link", "from_zone": "M", "to_zone": "A", "capacity_mw": 60}],
        reserves=[{"zone": "A", "upward_mw": up, "downward_mw": down}],
    )
    system = powerpact.load(folder)
    held = run(system).total_cost_eur
    free = run(system, DispatchOptions(reserves=False)).total_cost_eur
    assert held >= free - 1e-6 * max(1.0, abs(free))


def test_commitment_counts_only_units_online(make_system) -> None:
    # Committed, the expensive unit (50 MW, 5 MW minimum) must be online to count: it runs at
    # its 5 MW minimum and the cheap unit makes 95, so 45 + 5 = 50 MW are held up. Aggregated
    # (no commitment) the idle unit counts whole and costs nothing.
    system = make_system(
        generators=[
            gen("cheap", 100, 10, min_stable_fraction=0.0),
            gen("dear", 50, 80, min_stable_fraction=0.1),
        ],
        demand={"A": [100.0]},
        reserves=[{"zone": "A", "upward_mw": 50}],
    )
    committed = run(system, DispatchOptions(commitment="milp", window_h=None, mip_gap=1e-9))
    assert committed.generation_mw["dear"].iloc[0] == pytest.approx(5.0)
    assert committed.total_cost_eur == pytest.approx(95 * 10 + 5 * 80)
    assert committed.reserve_shortfall_mwh == pytest.approx(0.0)
    aggregated = run(system)
    assert aggregated.total_cost_eur == pytest.approx(1000.0)


def test_reserve_table_is_validated(make_system) -> None:
    with pytest.raises(InputError, match="unknown zone"):
        make_system(generators=[gen("a", 10, 1)], demand={"A": [1.0]}, reserves=[{"zone": "B"}])
    with pytest.raises(InputError, match="below the value of lost load"):
        make_system(
            generators=[gen("a", 10, 1)],
            demand={"A": [1.0]},
            reserves=[{"zone": "A", "upward_mw": 5, "shortfall_cost_eur_per_mwh": 20000}],
        )
    with pytest.raises(InputError, match="upward_mw"):
        make_system(
            generators=[gen("a", 10, 1)],
            demand={"A": [1.0]},
            reserves=[{"zone": "A", "upward_mw": -1}],
        )


def _two_units(make_system, up_mw: float) -> System:
    return make_system(
        generators=[
            gen("g1", 100, 10, forced_outage_rate=0.1),
            gen("g2", 100, 10, forced_outage_rate=0.1),
        ],
        demand={"A": [60.0, 150.0]},
        reserves=[{"zone": "A", "upward_mw": up_mw}],
    )


def test_adequacy_withholds_the_upward_requirement(make_system) -> None:
    # Two 100 MW units, each out with p = 0.1. Hour 1 (60 MW): short only with both out, 0.01.
    # Hour 2 (150 MW): short unless both are up, 0.19. Withholding 50 MW makes hour 1 need 110
    # MW (0.19) and hour 2 need 200 MW (0.19): LOLE 0.38 instead of 0.20 h.
    system = _two_units(make_system, 50)
    held = adequacy.copt(system)
    free = adequacy.copt(system, CoptOptions(withhold_reserves=False))
    assert free.figures().lole_hours == pytest.approx(0.20)
    assert held.figures().lole_hours == pytest.approx(0.38)
    sampled = adequacy.monte_carlo(system, samples=4000, seed=3)
    assert sampled.figures().lole_hours == pytest.approx(0.38, abs=0.05)
    unsampled = adequacy.monte_carlo(
        system, samples=4000, seed=3, options=MonteCarloOptions(withhold_reserves=False)
    )
    assert unsampled.figures().lole_hours == pytest.approx(0.20, abs=0.05)


def test_multi_area_withholds_each_zone_requirement(make_system) -> None:
    # Zone B's 100 MW unit serves 60 MW; 50 MW withheld leave 50 < 60: B is short every hour
    # its own unit cannot cover it and the empty link brings nothing (A has no spare).
    system = make_system(
        generators=[gen("a", 100, 10, zone="A"), gen("b", 100, 10, zone="B")],
        demand={"A": [100.0, 100.0], "B": [60.0, 60.0]},
        interconnectors=[{"name": "ab", "from_zone": "A", "to_zone": "B", "capacity_mw": 100}],
        reserves=[{"zone": "B", "upward_mw": 50}],
    )
    held = adequacy.monte_carlo_areas(system, samples=50, seed=1)
    free = adequacy.monte_carlo_areas(
        system, samples=50, seed=1, options=MonteCarloOptions(withhold_reserves=False)
    )
    assert held.zone_indices()["B"]["lole_hours"] == pytest.approx(2.0)
    assert free.zone_indices()["B"]["lole_hours"] == pytest.approx(0.0)
    assert np.isfinite(held.zone_indices()["A"]["lole_hours"])


def test_cli_json_reports_reserve_and_commitment_keys(tmp_path) -> None:
    import json

    from conftest import write_system
    from typer.testing import CliRunner

    from powerpact.cli import app

    folder = write_system(
        tmp_path / "cli",
        generators=[gen("cheap", 100, 10, min_stable_fraction=0.2, start_cost_eur_per_mw=1)],
        demand={"A": [50.0, 100.0]},
        reserves=[{"zone": "A", "upward_mw": 30}],
    )
    output = CliRunner().invoke(
        app, ["dispatch", str(folder), "--json", "--commitment", "milp", "--window-h", "0"]
    )
    assert output.exit_code == 0, output.output
    figures = json.loads(output.output)
    for key in ("starts_by_unit", "start_cost_eur", "curtailment_mwh", "reserve_shortfall_mwh"):
        assert key in figures
    # Hour 2: 100 MW of load on the only 100 MW unit leaves no headroom: 30 MW short.
    assert figures["reserve_shortfall_mwh"] == pytest.approx(30.0)
    off = CliRunner().invoke(app, ["dispatch", str(folder), "--json", "--reserves", "off"])
    assert json.loads(off.output)["reserve_shortfall_mwh"] == 0.0


def test_commitment_uses_the_derived_data_by_default() -> None:
    from powerpact.system import window

    system = window(powerpact.load("serbia-2025"), 24 * 182, 24 * 189)
    committed = run(system, DispatchOptions(commitment="lp"))
    assert committed.starts_by_unit.sum() > 0
    bare = run(system, DispatchOptions(commitment="lp", commitment_data=False))
    assert bare.starts_by_unit.sum() == 0


def test_weeks_refuse_reserves_rather_than_drop_them(make_system) -> None:
    # The weekly solves hold no reserve rows: a system asking for reserves must not be solved
    # week by week as if it had none.
    system = with_import(make_system, up_mw=30)
    with pytest.raises(InputError, match="reserves"):
        run(system, DispatchOptions(horizon="weeks"))
    assert run(system, DispatchOptions(horizon="weeks", reserves=False)).total_cost_eur == (
        pytest.approx(2000.0)
    )
