"""One gas model: the energy basis and the entry capacities and contracts every engine reads.

Hand calculations use a gross calorific value of 10,000 MWh/mcm and a net one of 9,000 (plant
efficiencies are net), so any engine that converts plant fuel at the gross value is 10 % off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import write_system
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.adequacy.inputs import prepare as adequacy_prepare
from powerpact.dispatch.inputs import prepare as dispatch_prepare
from powerpact.economics.engine import plant_inputs
from powerpact.economics.options import AppraisalOptions
from powerpact.gas import drill
from powerpact.gas.balance import entry_daily_capacity
from powerpact.gas.common import GasOptions
from powerpact.gas.drill import full_output_gas_mcm
from powerpact.system import InputError, System
from powerpact.system.settings import GasSettings

GCV, NCV = 10_000.0, 9_000.0
PRICE = 30.0  # EUR per MWh GCV
PLANT = {
    "name": "ccgt",
    "zone": "A",
    "technology": "gas",
    "capacity_mw": 100,
    "fuel": "gas",
    "efficiency": 0.5,
}
DAYS = 4
FLAT = GasOptions(derate_below_fill=0.0)


def _system(
    folder: Path,
    entries: list[dict[str, Any]],
    contracts: tuple[dict[str, Any], ...] = (),
    gas_demand: float = 7.0,
    swing: float = 1.0,
    load_mw: float = 80.0,
) -> System:
    tables: dict[str, Any] = {"gas_entries": entries}
    if contracts:
        tables["gas_contracts"] = list(contracts)
    return powerpact.load(
        write_system(
            folder,
            generators=[PLANT],
            demand={"A": [load_mw] * 24 * DAYS},
            settings={
                "fuels": {"gas": {"price_eur_per_mwh_th": PRICE}},
                "gas": {
                    "energy_mwh_per_mcm": GCV,
                    "ncv_mwh_per_mcm": NCV,
                    "contract_swing": swing,
                },
            },
            gas_demand={"A": [gas_demand] * DAYS},
            gas_storage=[
                {
                    "name": "st",
                    "zone": "A",
                    "working_volume_mcm": 40,
                    "withdrawal_mcm_per_day": 5,
                    "initial_fill_fraction": 0.5,
                }
            ],
            **tables,
        )
    )


def _plenty(tmp_path: Path) -> System:
    return _system(tmp_path / "plenty", [{"name": "pipe", "zone": "A", "capacity_mcm_per_day": 20}])


def test_plant_gas_is_net_energy_over_the_net_calorific_value(tmp_path: Path) -> None:
    system = _plenty(tmp_path)
    # 80 MW × 24 h / 0.5 = 3,840 MWh net a day = 3,840 / 9,000 mcm
    burn_per_day = 80 * 24 / 0.5 / NCV
    result = powerpact.dispatch.run(system)
    assert result.gas_burn_mcm["ccgt"].to_numpy() == pytest.approx([burn_per_day] * DAYS, rel=1e-6)
    # the report's figure is the dispatch's
    assert result.summary().gas_burn_mcm == pytest.approx(burn_per_day * DAYS, rel=1e-6)
    # full output: 100 MW × 24 h / 0.5 / 9,000
    days = pd.DatetimeIndex(system.gas_demand.index)
    assert full_output_gas_mcm(system, days).to_numpy() == pytest.approx(
        [100 * 24 / 0.5 / NCV] * DAYS
    )


def test_gas_priced_per_mwh_gross_sets_the_power_price(tmp_path: Path) -> None:
    # The plant is marginal: one MWh electric needs 2 MWh net = 2 × 10/9 MWh GCV at EUR 30.
    result = powerpact.dispatch.run(_plenty(tmp_path))
    expected = PRICE * (GCV / NCV) / 0.5
    assert result.price_eur_per_mwh["A"].to_numpy() == pytest.approx(
        [expected] * 24 * DAYS, rel=1e-6
    )


def test_uncoupled_fuel_cost_and_appraisal_use_the_same_basis(tmp_path: Path) -> None:
    # Without gas entries the plant pays the fuel price directly, on the same basis.
    folder = write_system(
        tmp_path / "uncoupled",
        generators=[PLANT],
        demand={"A": [80.0] * 24 * DAYS},
        settings={
            "fuels": {"gas": {"price_eur_per_mwh_th": PRICE}},
            "gas": {"energy_mwh_per_mcm": GCV, "ncv_mwh_per_mcm": NCV},
        },
    )
    system = powerpact.load(folder)
    cost = float(system.generators.at["ccgt", "fuel_cost_eur_per_mwh"])
    assert cost == pytest.approx(PRICE * (GCV / NCV) / 0.5)
    dispatch = powerpact.dispatch.run(system)
    plant = plant_inputs(system, dispatch, "ccgt", AppraisalOptions())
    assert plant.fuel_mwh_th_per_mwh == pytest.approx((GCV / NCV) / 0.5)
    assert plant.energy_mwh_per_mcm == NCV


def test_gross_efficiencies_need_no_conversion(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "gross",
        generators=[PLANT],
        demand={"A": [80.0] * 24},
        settings={
            "fuels": {"gas": {"price_eur_per_mwh_th": PRICE}},
            "gas": {"energy_mwh_per_mcm": GCV, "plant_efficiency_basis": "gross"},
        },
    )
    gas = powerpact.load(folder).settings.gas
    assert gas.plant_mwh_per_mcm == GCV
    assert gas.gross_per_plant_mwh == 1.0


def test_default_net_value_is_ninety_percent_of_the_gross() -> None:
    gas = GasSettings()
    assert gas.ncv == pytest.approx(0.9 * 10_550)
    assert gas.gross_per_plant_mwh == pytest.approx(1 / 0.9)


def test_net_above_gross_is_refused(tmp_path: Path) -> None:
    folder = write_system(
        tmp_path / "bad",
        generators=[PLANT],
        demand={"A": [80.0] * 24},
        settings={"gas": {"energy_mwh_per_mcm": 9000, "ncv_mwh_per_mcm": 10000}},
    )
    with pytest.raises(InputError, match="ncv_mwh_per_mcm"):
        powerpact.load(folder)


def test_gas_for_power_is_the_same_in_dispatch_and_drill(tmp_path: Path) -> None:
    system = _plenty(tmp_path)
    result = powerpact.dispatch.run(system)
    burn = result.gas_burn_mcm.sum(axis=1)
    run = drill(system, route="pipe", days=1, power_gas_mcm_per_day=burn, options=FLAT)
    # the baseline has gas to spare: it gives the plants exactly what the dispatch burnt
    days = run.baseline.index
    assert run.baseline["gas_for_power_mcm"].to_numpy() == pytest.approx(
        burn.reindex(days).to_numpy(), rel=1e-9
    )
    assert run.baseline["power_gas_shortfall_mcm"].sum() == pytest.approx(0.0)
    # and the drill's MWh are on the plants' basis: mcm × 9,000
    assert run.baseline["gas_for_power_mwh_th"].sum() == pytest.approx(
        float(burn.reindex(days).sum()) * NCV
    )


def test_every_engine_reads_one_capacity_and_contract_cap(tmp_path: Path) -> None:
    # 1,460 mcm/yr = 4 mcm/d at swing 1, 6 mcm/d at swing 1.5, below the pipe's 10.
    contract = {"name": "c", "supplier": "S", "entry": "pipe", "annual_max_mcm": 1460}
    for swing, cap in ((1.0, 4.0), (1.5, 6.0)):
        system = _system(
            tmp_path / f"swing-{swing}",
            [
                {"name": "pipe", "zone": "A", "capacity_mcm_per_day": 10},
                {"name": "spot", "zone": "A", "capacity_mcm_per_day": 3},
            ],
            contracts=(contract,),
            swing=swing,
        )
        days = pd.DatetimeIndex(system.gas_demand.index)
        drill_caps = entry_daily_capacity(system, days, GasOptions())
        assert drill_caps["pipe"].tolist() == pytest.approx([cap] * DAYS)
        assert drill_caps["spot"].tolist() == pytest.approx([3.0] * DAYS)
        adequacy = adequacy_prepare(system).gas_entry_mcm
        assert adequacy == pytest.approx(drill_caps.to_numpy().T)
        inputs = dispatch_prepare(system)
        assert inputs.contract_daily_max_mwh[:, 0] / GCV == pytest.approx([cap] * DAYS)
        # the dispatch never takes more through the contract in a day
        result = powerpact.dispatch.run(system)
        assert result.gas_entry_mcm["pipe"].max() <= cap + 1e-6


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    capacities=st.lists(st.floats(0.0, 10.0), min_size=3, max_size=3),
    annual=st.floats(100.0, 4000.0),
    demand=st.floats(1.0, 20.0),
    out=st.sets(st.sampled_from(["a", "b", "c", "st"]), min_size=1),
    extra=st.sampled_from(["a", "b", "c", "st"]),
)
def test_taking_a_route_out_never_lowers_a_shortfall(
    tmp_path_factory: pytest.TempPathFactory,
    capacities: list[float],
    annual: float,
    demand: float,
    out: set[str],
    extra: str,
) -> None:
    folder = tmp_path_factory.mktemp("route")
    entries = [
        {"name": name, "zone": "A", "capacity_mcm_per_day": cap}
        for name, cap in zip("abc", capacities, strict=True)
    ]
    contract = {"name": "k", "supplier": "S", "entry": "a", "annual_max_mcm": annual}
    system = _system(folder, entries, contracts=(contract,), gas_demand=demand)
    start = system.days[0]

    def shortfalls(route: set[str]) -> tuple[float, float]:
        bal = drill(system, route=sorted(route), start=start, days=DAYS).balance
        return (
            float(bal["non_power_shortfall_mcm"].sum()),
            float(bal["power_gas_shortfall_mcm"].sum()),
        )

    fewer, more = shortfalls(out), shortfalls(out | {extra})
    assert more[0] >= fewer[0] - 1e-9
    assert sum(more) >= sum(fewer) - 1e-9


def test_gas_by_supplier_names_volume_share_and_route() -> None:
    from powerpact.gas import indicators

    head = indicators(powerpact.load("serbia-2025")).headline()
    volumes, routes = head["supplier_volumes_mcm_per_year"], head["supplier_routes"]
    # contracts.csv: Gazprom 2,200 mcm/yr through Balkan Stream, SOCAR 400 through IBS; NIS
    # produces 0.764 mcm/d all year; Horgos is spot gas from Hungary with no contracted volume.
    assert volumes["Gazprom"] == 2200 and volumes["SOCAR"] == 400
    assert volumes["NIS"] == pytest.approx(0.764 * 365)
    assert routes["Gazprom"] == ["balkan-stream-zajecar"]
    assert routes["SOCAR"] == ["ibs-dimitrovgrad"]
    assert routes["spot (Hungary)"] == ["horgos-reverse"]
    assert "spot (Hungary)" not in volumes
    shares = head["supplier_shares"]
    assert shares["Gazprom"] == pytest.approx(2200 / (2200 + 400 + 0.764 * 365))
