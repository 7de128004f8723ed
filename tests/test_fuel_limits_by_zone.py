"""Fuel limits and prices per zone (`annual_limit_mwh_th_by_zone`, `price_eur_per_mwh_th_by_zone`).

Two zones without a link between them, each with a 100 MW lignite unit (efficiency 0.4) and a
dear 80 EUR/MWh unit, 80 MW of demand for 4 hours of an 8,760-hour year: the expected costs are
worked out by hand in each test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powerpact.dispatch import run
from powerpact.dispatch.inputs import prepare
from powerpact.system import InputError

HOURS = 4
# 438,000 MWh_th a year is 200 MWh_th over 4 of 8,760 hours: 80 MWh of lignite electricity.
LIMIT_80_MWH = 438_000.0


def _gens(zone: str, dear_eur_per_mwh: float = 80.0) -> list[dict[str, object]]:
    z = zone.lower()
    return [
        {"name": f"lignite-{z}", "zone": zone, "technology": "lignite", "capacity_mw": 100,
         "fuel": "lignite", "efficiency": 0.4},
        {"name": f"dear-{z}", "zone": zone, "technology": "oil", "capacity_mw": 200,
         "marginal_cost_eur_per_mwh": dear_eur_per_mwh},
    ]  # fmt: skip


def _system(make_system, dear_a: float = 80.0, **lignite: object):
    fuels = {"lignite": {"price_eur_per_mwh_th": 10, **lignite}}
    return make_system(
        generators=_gens("A", dear_a) + _gens("B"),
        demand={"A": [80] * HOURS, "B": [80] * HOURS},
        settings={"fuels": fuels},
    )


def test_zone_limit_binds_only_that_zone(make_system) -> None:
    result = run(_system(make_system, annual_limit_mwh_th_by_zone={"A": LIMIT_80_MWH}))
    assert result.generation_mw["lignite-a"].sum() == pytest.approx(80.0)
    assert result.generation_mw["lignite-b"].sum() == pytest.approx(320.0)
    # A: 80 MWh at 10 / 0.4 = 25 and 240 at 80; B: 320 MWh at 25
    assert result.total_cost_eur == pytest.approx(80 * 25 + 240 * 80 + 320 * 25)
    assert result.price_eur_per_mwh["A"].tolist() == pytest.approx([80] * HOURS)
    assert result.price_eur_per_mwh["B"].tolist() == pytest.approx([25] * HOURS)


def test_zone_and_system_limits_bind_together(make_system) -> None:
    # system-wide 240 MWh of lignite electricity; A (dear unit at 90) would take it all, but may
    # have 80: B gets the other 160
    system = _system(
        make_system,
        dear_a=90.0,
        annual_limit_mwh_th=3 * LIMIT_80_MWH,
        annual_limit_mwh_th_by_zone={"A": LIMIT_80_MWH},
    )
    inputs = prepare(system)
    assert inputs.limited_fuels == ["lignite", "lignite A"]
    result = run(system)
    assert result.generation_mw["lignite-a"].sum() == pytest.approx(80.0)
    assert result.generation_mw["lignite-b"].sum() == pytest.approx(160.0)
    assert result.total_cost_eur == pytest.approx(240 * 25 + 240 * 90 + 160 * 80)


def test_zone_price(make_system) -> None:
    result = run(_system(make_system, price_eur_per_mwh_th_by_zone={"B": 36}))
    # A's lignite at 10 / 0.4 = 25, B's at 36 / 0.4 = 90: dearer than B's 80 EUR/MWh unit
    assert result.generation_mw["lignite-b"].sum() == pytest.approx(0.0)
    assert result.total_cost_eur == pytest.approx(320 * 25 + 320 * 80)
    assert result.cost_breakdown_eur["fuel_eur"] == pytest.approx(320 * 25)


@pytest.mark.parametrize("key", ["annual_limit_mwh_th_by_zone", "price_eur_per_mwh_th_by_zone"])
def test_unknown_zone_is_named(make_system, key: str) -> None:
    with pytest.raises(InputError) as error:
        _system(make_system, **{key: {"C": 1000.0}})
    line = str(error.value)
    assert "system.yaml" in line and f"fuels.lignite.{key}.C" in line and "not a zone" in line


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone_limit=st.floats(0.0, 2.5),
    wide_limit=st.floats(0.0, 5.0),
)
def test_more_fuel_never_costs_more(make_system, zone_limit: float, wide_limit: float) -> None:
    """Loosening either limit can only lower the optimum (the LP's feasible set grows); each
    call writes a fresh folder, so the shared fixture holds no state between examples."""

    def cost(zone_share: float, wide_share: float) -> float:
        system = _system(
            make_system,
            annual_limit_mwh_th=LIMIT_80_MWH * (0.01 + wide_share),
            annual_limit_mwh_th_by_zone={"A": LIMIT_80_MWH * (0.01 + zone_share)},
        )
        return run(system).total_cost_eur

    base = cost(zone_limit, wide_limit)
    assert cost(zone_limit + 0.5, wide_limit) <= base + 1e-6
    assert cost(zone_limit, wide_limit + 0.5) <= base + 1e-6
