"""Bad gas data gives one clear InputError: the loader's checks on the gas files, and the
engine's checks on what the loader cannot know."""

from __future__ import annotations

import pytest

from powerpact.gas import GasOptions, drill, n_minus_1, supply_standard
from powerpact.system import InputError

GEN = {"name": "g", "zone": "A", "technology": "lignite", "capacity_mw": 100}
PIPE = {"name": "pipe", "zone": "A", "capacity_mcm_per_day": 10}


def _make(make_system, start="2030-01-01T00:00:00Z", gas_demand=(6.0, 7.0), settings=None, **kw):
    tables = {"gas_entries": [PIPE], **kw}
    return make_system(
        generators=[GEN],
        demand={"A": [50.0] * 24 * len(gas_demand)},
        gas_demand={"A": list(gas_demand)},
        start=start,
        settings=settings,
        **tables,
    )


@pytest.mark.parametrize(
    ("tables", "file", "field", "message"),
    [
        # 2,000 mcm/d is an annual figure typed as daily
        (
            {"gas_entries": [{**PIPE, "capacity_mcm_per_day": 2000}]},
            "gas_entries.csv",
            "capacity_mcm_per_day",
            "must be >= 0 and <= 500, got 2000",
        ),
        (
            {"gas_entries": [{**PIPE, "kind": "ship"}]},
            "gas_entries.csv",
            "kind",
            "must be one of pipeline, production, lng",
        ),
        ({"gas_entries": [{**PIPE, "zone": "Z"}]}, "gas_entries.csv", "zone", "unknown zone 'Z'"),
        (
            {
                "gas_storage": [
                    {
                        "name": "s",
                        "zone": "A",
                        "working_volume_mcm": -5,
                        "withdrawal_mcm_per_day": 1,
                    }
                ]
            },
            "gas_storage.csv",
            "working_volume_mcm",
            "must be >= 0 and <= 100000, got -5",
        ),
        (
            {
                "gas_storage": [
                    {
                        "name": "s",
                        "zone": "A",
                        "working_volume_mcm": 500,
                        "withdrawal_mcm_per_day": 5_000_000,
                    }
                ]
            },
            "gas_storage.csv",
            "withdrawal_mcm_per_day",
            "must be >= 0 and <= 500",
        ),
        (
            {
                "gas_contracts": [
                    {"name": "c", "supplier": "S", "entry": "nowhere", "annual_max_mcm": 100}
                ]
            },
            "gas_contracts.csv",
            "entry",
            "unknown gas entry 'nowhere' (known: pipe)",
        ),
        (
            {
                "gas_contracts": [
                    {"name": "c", "supplier": "S", "entry": "pipe", "annual_max_mcm": -100}
                ]
            },
            "gas_contracts.csv",
            "annual_max_mcm",
            "must be >= 0 and <= 200000, got -100",
        ),
        (
            {
                "gas_contracts": [
                    {
                        "name": "c",
                        "supplier": "S",
                        "entry": "pipe",
                        "annual_max_mcm": 100,
                        "annual_min_mcm": 200,
                    }
                ]
            },
            "gas_contracts.csv",
            "annual_min_mcm",
            "200 exceeds annual_max_mcm 100",
        ),
    ],
)
def test_loader_rejects_bad_gas_tables(make_system, tables, file, field, message) -> None:
    with pytest.raises(InputError) as caught:
        _make(make_system, **tables)
    error = caught.value
    assert file in error.where and error.field == field and message in error.message


def test_loader_rejects_negative_gas_demand(make_system) -> None:
    with pytest.raises(InputError, match="gas demand must be >= 0") as caught:
        _make(make_system, gas_demand=(6.0, -1.0))
    assert "gas_demand.csv line 3" in caught.value.where


def test_engine_rejects_gas_demand_in_the_wrong_unit(make_system) -> None:
    # 2,700 mcm on one day: an annual figure (or m3) in the daily column
    system = _make(make_system, gas_demand=(6.0, 2700.0))
    with pytest.raises(InputError, match="is it in m3/day or mcm/yr") as caught:
        n_minus_1(system)
    assert "gas_demand.csv, day 2030-01-02" in caught.value.where and caught.value.field == "A"


def test_demand_side_measures_must_stay_below_dmax(make_system) -> None:
    system = _make(make_system, settings={"gas": {"demand_side_measures_mcm_per_day": 7}})
    with pytest.raises(InputError, match="must be below D_max 7") as caught:
        n_minus_1(system)
    assert caught.value.field == "gas.demand_side_measures_mcm_per_day"
    assert caught.value.where.endswith("system.yaml")


def test_no_gas_demand_at_all_needs_a_dmax(make_system) -> None:
    with pytest.raises(InputError, match=r"give gas\.peak_day_demand_mcm"):
        n_minus_1(_make(make_system, gas_demand=(0.0, 0.0)))


def test_drill_arguments_are_checked(make_system) -> None:
    system = _make(make_system)
    with pytest.raises(InputError, match="'nope' is not a gas entry or gas storage site"):
        drill(system, route="nope")
    with pytest.raises(InputError, match="2030-03-01 is not a winter day"):
        drill(system, start="2030-03-01")
    with pytest.raises(InputError, match="positive number of days"):
        drill(system, days=0)
    with pytest.raises(InputError, match="contract_swing"):
        GasOptions(contract_swing=0)


def test_summer_horizon_has_no_winter(make_system) -> None:
    system = _make(make_system, start="2030-07-01T00:00:00Z")
    with pytest.raises(InputError, match="no winter day"):
        drill(system)
    with pytest.raises(InputError, match="no winter day"):
        supply_standard(system)
    assert n_minus_1(system).percent == pytest.approx(0.0)  # structural: no winter needed
