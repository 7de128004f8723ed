"""The embedded regional backcast system ``backcast-2016`` (scripts/build_backcast_2016.py).

Expected figures come from outside the build: the installed capacities and annual loads measured by
the maintainers of the shared data pack (``../shared/data/see-region/README.md``, tables "Installed
MW by fuel" and "Load"), and the derived tables kept beside the build script.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import check_capacities_match_derived_table, worst_zone_imbalance_of_first_hours

import powerpact

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "src" / "powerpact" / "data" / "backcast-2016"
DERIVED = REPO / "scripts" / "region" / "derived"

ZONES = ["RS", "HU", "RO", "BG", "HR", "BA", "ME", "MK", "AL", "GR"]

# Installed MW by zone and fuel, as measured in the see-region README (clustered files:
# PowerCapacity x Nunits; unit lists: sum of PowerCapacity). RS includes Kosovo's units.
README_MW = {
    ("BG", "nuclear"): 2000,
    ("BG", "lignite"): 4882,
    ("BG", "gas"): 552,
    ("HU", "nuclear"): 1887,
    ("HU", "lignite"): 1007,
    ("HU", "gas"): 4068,
    ("RO", "nuclear"): 1298,
    ("RO", "lignite"): 4546,
    ("RO", "coal"): 957,
    ("RO", "gas"): 4879,
    ("HR", "coal"): 325,
    ("HR", "gas"): 723,
    ("HR", "oil"): 950,
    ("GR", "lignite"): 3912,
    ("GR", "gas"): 5396,
    ("BA", "lignite"): 1534,
    ("ME", "lignite"): 210,
    ("MK", "lignite"): 824,
    ("AL", "oil"): 98,
    ("RS", "lignite"): 3936 + 915,
    ("RS", "gas"): 353,
}
# All hydro (reservoir + run-of-river + pumped storage), MW, same README table (WAT column).
README_HYDRO_MW = {
    "RS": 2848 + 46,
    "BA": 2089,
    "ME": 682,
    "MK": 548,
    "AL": 1797,
    "RO": 6703,
    "BG": 2943,
    "GR": 3102,
    "HR": 2090,
}
# Annual load, TWh, README "Load" table; AL and BA are 2015 series laid onto leap-year 2016.
README_LOAD_TWH = {
    "BG": 37.63,
    "GR": 50.70,
    "HR": 16.98,
    "HU": 41.88,
    "ME": 3.23,
    "MK": 6.94,
    "RO": 58.51,
    "RS": 39.00,
    "AL": 7.27 * 366 / 365,
    "BA": 12.37 * 366 / 365,
}


@pytest.fixture(scope="module")
def system():
    return powerpact.load("backcast-2016")


def test_loads_and_validates(system):
    assert system.name == "backcast-2016"
    assert system.n_hours == 8784
    assert system.snapshots[0] == pd.Timestamp("2016-01-01T00:00:00Z")
    sources = pd.read_csv(FOLDER / "sources.csv")
    assert list(sources.columns) == ["item", "value", "unit", "year", "source", "note"]
    assert sources["source"].notna().all()


def test_has_required_zones(system):
    assert list(system.settings.zones) == ZONES
    assert "EL" not in system.settings.zones
    assert set(system.settings.markets) == {"AT", "SK", "UA", "SI", "IT", "TR"}
    assert "XK" not in system.settings.zones  # Kosovo is inside RS in 2016


def test_capacities_match_published_measurements(system):
    cap = system.generators.groupby(["zone", "technology"])["capacity_mw"].sum()
    for key, mw in README_MW.items():
        assert cap.get(key, 0.0) == pytest.approx(mw, abs=1.0), key
    hydro = cap[cap.index.get_level_values(1).isin(["hydro_reservoir", "run_of_river"])]
    hydro = (
        hydro.groupby(level=0)
        .sum()
        .add(system.storage.groupby("zone")["power_mw"].sum(), fill_value=0.0)
    )
    for zone, mw in README_HYDRO_MW.items():
        assert hydro[zone] == pytest.approx(mw, abs=1.5), zone


def test_capacities_match_derived_table(system):
    check_capacities_match_derived_table(system, DERIVED / "capacity_by_zone_technology.csv")


def test_annual_demand(system):
    twh = system.demand.sum() / 1e6
    totals = pd.read_csv(DERIVED / "demand_totals.csv").set_index("zone")["energy_twh"]
    for zone in ZONES:
        assert twh[zone] == pytest.approx(totals[zone], rel=1e-4), zone
        assert twh[zone] == pytest.approx(README_LOAD_TWH[zone], rel=0.005), zone


def test_two_week_dispatch_closes_every_zone_balance(tmp_path):
    assert worst_zone_imbalance_of_first_hours(FOLDER, tmp_path / "bc-2w", 14 * 24) < 1e-6


def test_every_number_has_a_source_row(system):
    items = set(pd.read_csv(FOLDER / "sources.csv")["item"])
    for name, row in system.generators.iterrows():
        assert f"generators.csv:{name}:capacity_mw" in items
        if row["fuel"]:
            assert f"generators.csv:{name}:efficiency" in items
    for name in system.storage.index:
        for col in ("power_mw", "energy_mwh", "charge_power_mw", "round_trip_efficiency"):
            assert f"storage.csv:{name}:{col}" in items
    for name in system.interconnectors.index:
        assert f"interconnectors.csv:{name}:capacity_mw" in items
        assert f"interconnectors.csv:{name}:capacity_reverse_mw" in items
    for col in system.profiles.columns:
        assert f"profiles.csv:{col}" in items
    for zone in ZONES:
        assert f"demand.csv:{zone}" in items
    for market in system.settings.markets:
        assert f"market_prices.csv:{market}" in items
    for gen in system.hydro_inflows.index.unique():
        assert f"hydro_inflows.csv:{gen}" in items


def test_monthly_hydro_matches_derived_table(system):
    derived = pd.read_csv(DERIVED / "hydro_monthly_energy.csv").set_index("generator")
    inflows = pd.read_csv(FOLDER / "hydro_inflows.csv")
    table = inflows.pivot(index="generator", columns="month", values="energy_mwh")
    assert set(table.index) == set(derived.index)
    for gen, row in table.iterrows():
        for month, mwh in row.items():
            assert mwh == pytest.approx(derived.loc[gen, f"month_{month:02d}_mwh"], abs=1.0)
    # A reservoir can never be given more energy than its turbines can produce in the month.
    hours = pd.Series(system.snapshots.month).value_counts()
    cap = system.generators["capacity_mw"]
    for gen, row in table.iterrows():
        for month, mwh in row.items():
            assert mwh <= cap[gen] * hours[month] + 1.0
