"""Carbon prices by zone and CBAM on flows into the EU (settings `carbon`, docs/dispatch.md)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import powerpact
from powerpact.dispatch import run
from powerpact.system import InputError, System
from powerpact.system.carbon import co2_price_by_area, ets_price_eur_per_t
from powerpact.system.settings import Carbon

TINY = Path(__file__).parent / "data" / "tiny"
HOURS = 4

# RS (outside the EU): lignite at 10 EUR/MWh of fuel and 1.0 t CO2/MWh (efficiency 0.36).
# HU (EU): gas at 27 EUR/MWh GCV = 30 per MWh net (the default NCV is 0.9 × GCV; efficiencies are
# net), so 60 EUR/MWh of fuel and 0.4 t/MWh (efficiency 0.5): 60 + 0.4 × 80 = 92 EUR/MWh
# at an ETS price of 80. Without CBAM, RS lignite (10, no carbon price) fills the 500 MW link.
# With CBAM an exported MWh costs 10 + factor × 80, so RS exports only while that is below HU's
# gas at 92: below the break-even factor (92 − 10) / 80 = 1.025.
FUELS = {
    "lignite": {"price_eur_per_mwh_th": 3.6, "co2_t_per_mwh_th": 0.36},
    "gas": {"price_eur_per_mwh_th": 27.0, "co2_t_per_mwh_th": 0.2},
}
BREAK_EVEN_FACTOR = (92.0 - 10.0) / 80.0


def plant(name: str, zone: str, fuel: str, capacity_mw: float, efficiency: float) -> dict:
    return {
        "name": name,
        "zone": zone,
        "technology": fuel,
        "fuel": fuel,
        "capacity_mw": capacity_mw,
        "efficiency": efficiency,
    }


def two_zones(carbon: dict[str, Any] | None, **settings: Any) -> dict[str, Any]:
    extra = {} if carbon is None else {"carbon": carbon}
    return {
        "generators": [
            plant("tent", "RS", "lignite", 1000, 0.36),
            plant("ccgt", "HU", "gas", 1000, 0.5),
        ],
        "demand": {"RS": [200.0] * HOURS, "HU": [800.0] * HOURS},
        "settings": {"fuels": FUELS, **extra, **settings},
        "start": "2026-01-01T00:00:00Z",
        "interconnectors": [
            {"name": "rs-hu", "from_zone": "RS", "to_zone": "HU", "capacity_mw": 500}
        ],
    }


def carbon(factor: float, **cbam: Any) -> dict[str, Any]:
    return {
        "ets_price_eur_per_t_by_year": {2026: 80},
        "cbam": {"default_factor_t_per_mwh": {"RS": factor}, **cbam},
    }


@pytest.mark.parametrize("factor", [0.0, 0.5, 1.0, 1.02, 1.03, 1.05, 1.5])
def test_cbam_stops_exports_at_the_hand_computed_break_even(make_system, factor: float) -> None:
    result = run(make_system(**two_zones(carbon(factor))))
    export = 500.0 if factor < BREAK_EVEN_FACTOR else 0.0
    flow = result.flow_mw["rs-hu"].to_numpy()
    assert flow == pytest.approx([export] * HOURS, abs=1e-6)
    hourly = (200 + export) * 10 + export * factor * 80 + (800 - export) * 92
    assert result.total_cost_eur == pytest.approx(HOURS * hourly)
    assert result.cost_breakdown_eur["cbam_eur"] == pytest.approx(HOURS * export * factor * 80)
    summary = result.summary()
    assert summary.cbam_eur == pytest.approx(HOURS * export * factor * 80)
    assert summary.flow_mwh_by_link == pytest.approx({"RS->HU": HOURS * export, "HU->RS": 0.0})
    assert summary.net_import_mwh_by_zone == pytest.approx(
        {"RS": -HOURS * export, "HU": HOURS * export}
    )
    assert summary.co2_t_by_zone == pytest.approx(
        {"RS": HOURS * (200 + export) * 1.0, "HU": HOURS * (800 - export) * 0.4}
    )
    assert summary.price_eur_per_mwh_mean_by_zone["HU"] == pytest.approx(92)


def test_without_cbam_the_lignite_fills_the_link(make_system) -> None:
    result = run(make_system(**two_zones(carbon(1.05, enabled=False))))
    assert result.flow_mw["rs-hu"].to_numpy() == pytest.approx([500.0] * HOURS)
    assert result.cost_breakdown_eur["cbam_eur"] == 0.0
    # ... and so it does before CBAM's first year
    before = two_zones(carbon(1.05) | {"ets_price_eur_per_t_by_year": {2025: 80}})
    before["start"] = "2025-06-01T00:00:00Z"
    assert run(make_system(**before)).flow_mw["rs-hu"].to_numpy() == pytest.approx([500.0] * 4)


def test_cbam_is_charged_on_the_ets_price_less_the_carbon_price_paid_at_origin(
    make_system,
) -> None:
    # RS pays 20 EUR/t at home: lignite costs 30, CBAM 1.05 × (80 − 20) = 63, 93 in all > 92.
    # At 30 EUR/t: 40 + 1.05 × 50 = 92.5 > 92; at 40 EUR/t: 50 + 1.05 × 40 = 92 (a tie); at 60:
    # 70 + 21 = 91 < 92, so a carbon price at home brings exports back (it stays in RS).
    for home, export in ((20, 0.0), (30, 0.0), (60, 500.0)):
        data = two_zones(carbon(1.05) | {"non_eu_price_eur_per_t": {"RS": home}})
        result = run(make_system(**data))
        assert result.flow_mw["rs-hu"].to_numpy() == pytest.approx([export] * HOURS), home
        assert result.cost_breakdown_eur["cbam_eur"] == pytest.approx(
            HOURS * export * 1.05 * (80 - home)
        )


def test_actual_factor_is_the_exporting_zones_average_intensity(make_system) -> None:
    # With 300 MW of free hydro in RS, the dispatch without CBAM generates 200 + 500 MW in RS of
    # which 400 from lignite: 400 / 700 = 0.571 t/MWh, CBAM 45.7 EUR/MWh, exports stay (55.7 <
    # 92). The default factor 1.05 would stop them.
    data = two_zones(carbon(1.05, emission_factor="actual"))
    data["generators"].append(
        {"name": "hydro", "zone": "RS", "technology": "hydro", "capacity_mw": 300}
    )
    result = run(make_system(**data))
    assert result.flow_mw["rs-hu"].to_numpy() == pytest.approx([500.0] * HOURS)
    assert result.cost_breakdown_eur["cbam_eur"] == pytest.approx(HOURS * 500 * 400 / 700 * 80)


def test_cbam_applies_on_market_links_and_only_into_the_eu(make_system) -> None:
    # RS sells to the HU market at 100 EUR/MWh and trades with the BA market at 95. CBAM charges
    # RS → HU (1.05 × 80 = 84: 10 + 84 < 100, exports stay), never RS → BA (BA is not in the EU).
    data = two_zones(carbon(1.05))
    data["generators"] = [plant("tent", "RS", "lignite", 1000, 0.36)]
    data["demand"] = {"RS": [200.0] * HOURS}
    data["settings"]["markets"] = ["HU", "BA"]
    data["market_prices"] = {"HU": [100.0] * HOURS, "BA": [95.0] * HOURS}
    data["interconnectors"] = [
        {"name": "rs-hu", "from_zone": "RS", "to_zone": "HU", "capacity_mw": 300},
        {"name": "ba-rs", "from_zone": "BA", "to_zone": "RS", "capacity_mw": 100},
    ]
    result = run(make_system(**data))
    assert result.flow_mw["rs-hu"].to_numpy() == pytest.approx([300.0] * HOURS)
    assert result.cost_breakdown_eur["cbam_eur"] == pytest.approx(HOURS * 300 * 84)
    summary = result.summary()
    assert summary.flow_mwh_by_link["RS->HU"] == pytest.approx(HOURS * 300)
    assert summary.flow_mwh_by_link["RS->BA"] == pytest.approx(HOURS * 100)
    # Buying BA at 95 to resell to HU at 100 − 84 = 16 does not pay.
    assert summary.flow_mwh_by_link["BA->RS"] == pytest.approx(0.0)


def test_one_price_everywhere_overrides_the_paths(make_system) -> None:
    """`co2_price_eur_per_t` with a carbon section: every zone pays it and CBAM is zero, the same
    optimum as the system without a carbon section."""
    with_paths = run(make_system(**two_zones(carbon(1.05), co2_price_eur_per_t=50)))
    today = run(make_system(**two_zones(None, co2_price_eur_per_t=50)))
    assert with_paths.objective_eur == pytest.approx(today.objective_eur, rel=1e-12)
    assert with_paths.cost_breakdown_eur["cbam_eur"] == 0.0
    assert with_paths.flow_mw.equals(today.flow_mw)


def test_a_scenario_setting_one_price_overrides_the_paths(make_system) -> None:
    system = make_system(**two_zones(carbon(1.05)))
    assert co2_price_by_area(system.settings, 2026) == {"RS": 0.0, "HU": 80.0}
    everywhere = system.variant({"settings": {"co2_price_eur_per_t": 50}})
    assert co2_price_by_area(everywhere.settings, 2026) == {"RS": 50.0, "HU": 50.0}
    assert run(everywhere).cost_breakdown_eur["cbam_eur"] == 0.0


def test_a_scenario_adding_carbon_replaces_the_bases_one_price(make_system) -> None:
    system = make_system(**two_zones(None, co2_price_eur_per_t=50))
    zonal = system.variant({"settings": {"carbon": carbon(1.05)}})
    assert co2_price_by_area(zonal.settings, 2026) == {"RS": 0.0, "HU": 80.0}
    assert run(zonal).flow_mw["rs-hu"].to_numpy() == pytest.approx([0.0] * HOURS)


def test_ets_path_is_interpolated_and_flat_outside() -> None:
    path = Carbon(ets_price_eur_per_t_by_year={2025: 75, 2030: 125})
    assert ets_price_eur_per_t(path, 2027) == pytest.approx(95)
    assert ets_price_eur_per_t(path, 2020) == 75
    assert ets_price_eur_per_t(path, 2035) == 125


def test_unknown_zone_in_the_carbon_section_is_an_input_error(make_system) -> None:
    data = two_zones({"non_eu_price_eur_per_t": {"XX": 5}})
    with pytest.raises(InputError, match="XX"):
        make_system(**data)


# Objectives of the engine before zonal carbon (main at 5b64f1c), to the last bit: a system
# without a carbon section is solved exactly as before.
def window(system: System, first_day: int, days: int) -> System:
    hours = slice(first_day * 24, (first_day + days) * 24)
    return dataclasses.replace(
        system,
        demand=system.demand.iloc[hours],
        profiles=system.profiles.iloc[hours],
        market_prices=system.market_prices.iloc[hours],
        gas_demand=system.gas_demand.iloc[first_day : first_day + days],
    )


@pytest.mark.parametrize(
    ("name", "days", "objective"),
    # tiny: 224,532,893.22 before its gas plants burnt on the net basis (issue 16, +0.016 %);
    # serbia-2025's first week burns no plant gas, so it is unchanged.
    [(str(TINY), None, 224568322.5357474), ("serbia-2025", 7, 1896700709.8166797)],
)
def test_no_carbon_section_solves_as_before(name: str, days: int | None, objective: float) -> None:
    system = powerpact.load(name)
    assert system.settings.carbon is None
    result = run(system if days is None else window(system, 0, days))
    assert result.objective_eur == pytest.approx(objective, rel=1e-12)
    assert result.cost_breakdown_eur["cbam_eur"] == 0.0


def test_dispatch_json_keeps_totals_and_adds_zonal_keys(make_system, tmp_path: Path) -> None:
    from conftest import write_system

    from powerpact.cli import app

    folder = write_system(tmp_path / "rs-hu", **two_zones(carbon(1.0)))
    out = CliRunner().invoke(app, ["dispatch", str(folder), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in ("total_cost_eur", "co2_t", "net_import_mwh", "mean_price_eur_per_mwh"):
        assert key in data
    assert data["flow_mwh_by_link"]["RS->HU"] == pytest.approx(HOURS * 500)
    assert data["cbam_eur"] == pytest.approx(HOURS * 500 * 80)
    assert set(data["co2_t_by_zone"]) == {"RS", "HU"}
    assert set(data["net_import_mwh_by_zone"]) == {"RS", "HU"}
    assert set(data["price_eur_per_mwh_mean_by_zone"]) == {"RS", "HU"}


# Three zones, RS outside the EU, HU and RO inside, random plants, demand and links.
@st.composite
def three_zones(draw: st.DrawFn) -> dict[str, Any]:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    zones = ["RS", "HU", "RO"]
    fuel_of = {"lignite": 0.36, "gas": 0.5}
    gens = [
        plant(f"{fuel}-{zone}", zone, fuel, float(rng.uniform(0, 600)), efficiency)
        for zone in zones
        for fuel, efficiency in fuel_of.items()
    ]
    links = [
        {"name": f"{a}-{b}", "from_zone": a, "to_zone": b, "capacity_mw": rng.uniform(0, 300)}
        for a, b in (("RS", "HU"), ("RO", "RS"), ("HU", "RO"))
    ]
    return {
        "generators": gens,
        "demand": {z: list(rng.uniform(0, 500, HOURS)) for z in zones},
        "settings": {
            "fuels": FUELS,
            "value_of_lost_load_eur_per_mwh": 3000,
            "carbon": {
                "ets_price_eur_per_t_by_year": {2026: float(rng.uniform(0, 150))},
                "non_eu_price_eur_per_t": {"RS": float(rng.uniform(0, 50))},
                "cbam": {"enabled": bool(rng.random() < 0.7)},
            },
        },
        "start": "2026-03-01T00:00:00Z",
        "interconnectors": links,
    }


def scaled_links(system: System, factor: float) -> System:
    names = system.interconnectors.index
    return system.variant(
        {"scale": {"interconnectors": {n: {"capacity_mw": factor} for n in names}}}
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=three_zones())
def test_balances_close_and_more_transfer_capacity_never_raises_the_objective(
    make_system, data: dict
) -> None:
    system = make_system(**data)
    result = run(system)
    gens, links = system.generators, system.interconnectors
    for zone in system.settings.zones:
        supply = result.generation_mw[gens.index[gens["zone"] == zone]].sum(axis=1)
        supply += result.flow_mw.loc[:, (links["to_zone"] == zone).to_numpy()].sum(axis=1)
        supply -= result.flow_mw.loc[:, (links["from_zone"] == zone).to_numpy()].sum(axis=1)
        supply += result.unserved_mw[zone] - result.spilled_mw[zone]
        np.testing.assert_allclose(supply, system.demand[zone], atol=1e-5)
    assert sum(result.summary().net_import_mwh_by_zone.values()) == pytest.approx(0, abs=1e-5)
    # The LP's feasible set only grows with capacity, and CBAM is part of its objective: the cost
    # including CBAM never rises, with CBAM on or off. The cost without CBAM may (see below).
    bigger = run(scaled_links(system, 1.5))
    assert bigger.objective_eur <= result.objective_eur + 1e-6 * max(result.objective_eur, 1)


def test_more_capacity_can_raise_the_cost_without_cbam(make_system) -> None:
    """HU (EU) covers 300 MW with RS lignite at 10 + CBAM 0.5 × 80 = 50, or with a RO (EU) plant
    at 45 over a 100 MW link. Widening that link to 300 MW replaces RS lignite (10 EUR/MWh of
    resources) with RO's plant (45): the cost with CBAM falls from 14 500 to 13 500 EUR per hour,
    the cost without CBAM rises from 6 500 to 13 500."""
    data = two_zones(carbon(0.5))
    data["demand"] = {"RS": [0.0] * HOURS, "HU": [300.0] * HOURS, "RO": [0.0] * HOURS}
    data["generators"] = [
        plant("tent", "RS", "lignite", 1000, 0.36),
        {
            "name": "ro",
            "zone": "RO",
            "technology": "other",
            "capacity_mw": 1000,
            "marginal_cost_eur_per_mwh": 45,
        },
    ]
    data["interconnectors"].append(
        {"name": "ro-hu", "from_zone": "RO", "to_zone": "HU", "capacity_mw": 100}
    )
    system = make_system(**data)
    small = run(system)
    big = run(system.variant({"modify": {"interconnectors": {"ro-hu": {"capacity_mw": 300}}}}))
    assert small.objective_eur == pytest.approx(HOURS * 14_500)
    assert big.objective_eur == pytest.approx(HOURS * 13_500)
    without = [r.total_cost_eur - r.cost_breakdown_eur["cbam_eur"] for r in (small, big)]
    assert without == pytest.approx([HOURS * 6_500, HOURS * 13_500])


@pytest.mark.parametrize("emission_factor", ["default", "actual"])
def test_pypsa_reaches_the_same_optimum_with_zonal_carbon_and_cbam(
    make_system, emission_factor: str
) -> None:
    """RS (non-EU: lignite, hydro, its own 15 EUR/t) between HU and RO (EU, gas) and a BA market
    (non-EU), one link with a hurdle: CBAM is charged on RS → HU and RS → RO only, and binds."""
    pytest.importorskip("pypsa")
    from test_pypsa_crosscheck import pypsa_objective

    rng = np.random.default_rng(7)
    hours = 24
    data = {
        "generators": [
            plant("tent", "RS", "lignite", 900, 0.36),
            {"name": "hydro", "zone": "RS", "technology": "hydro", "capacity_mw": 200},
            plant("ccgt-hu", "HU", "gas", 600, 0.55),
            plant("ocgt-hu", "HU", "gas", 400, 0.35),
            plant("ccgt-ro", "RO", "gas", 800, 0.5),
        ],
        "demand": {z: list(rng.uniform(200, 900, hours)) for z in ("RS", "HU", "RO")},
        "settings": {
            "fuels": FUELS,
            "markets": ["BA"],
            "carbon": {
                "ets_price_eur_per_t_by_year": {2025: 75, 2030: 125},
                "non_eu_price_eur_per_t": {"RS": 15},
                "cbam": {"emission_factor": emission_factor},
            },
        },
        "start": "2027-05-01T00:00:00Z",
        "market_prices": {"BA": list(rng.uniform(40, 140, hours))},
        "interconnectors": [
            {"name": "rs-hu", "from_zone": "RS", "to_zone": "HU", "capacity_mw": 500},
            {
                "name": "ro-rs",
                "from_zone": "RO",
                "to_zone": "RS",
                "capacity_mw": 400,
                "hurdle_cost_eur_per_mwh": 1.5,
            },
            {"name": "hu-ro", "from_zone": "HU", "to_zone": "RO", "capacity_mw": 300},
            {"name": "ba-rs", "from_zone": "BA", "to_zone": "RS", "capacity_mw": 300},
        ],
    }
    system = make_system(**data)
    ours = run(system)
    assert ours.cost_breakdown_eur["cbam_eur"] > 0
    # CBAM binds: without it RS sends more into the EU.
    free = run(system.variant({"settings": {"carbon": {"cbam": {"enabled": False}}}}))
    into_eu = ("RS->HU", "RS->RO")
    flows, free_flows = ours.summary().flow_mwh_by_link, free.summary().flow_mwh_by_link
    assert sum(flows[k] for k in into_eu) < sum(free_flows[k] for k in into_eu) - 1.0
    theirs = pypsa_objective(system)
    assert abs(theirs - ours.total_cost_eur) <= 1e-6 * abs(ours.total_cost_eur)
