"""The embedded regional 2025 system ``see-2025`` (scripts/build_see_2025.py).

Expected figures come from outside the build where possible: serbia-2025 as shipped (Serbia's
zone must equal it), the derived tables kept beside the build, the sourced statistics table, the
shared pack's powerplantmatching list (read here directly; skipped if the pack is absent) and the
installed MW the pack's maintainers measured in its README.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import check_capacities_match_derived_table, worst_zone_imbalance_of_first_hours

import powerpact

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "src" / "powerpact" / "data" / "see-2025"
SERBIA = REPO / "src" / "powerpact" / "data" / "serbia-2025"
REGION = REPO / "scripts" / "region"
DERIVED = REGION / "derived"

ZONES = ["RS", "XK", "HU", "RO", "BG", "HR", "BA", "ME", "MK", "AL", "GR"]
MARKETS = {"AT", "SK", "UA", "SI", "IT", "TR"}

_shared = Path(os.environ.get("POWERPACT_SHARED_DATA", REPO.parent / "shared" / "data"))
if not _shared.exists():
    _shared = Path("/work/shared/data")
PPM = _shared / "see-region" / "powerplantmatching" / "powerplants_see.csv"

# powerplantmatching MW by Fueltype, as measured in the see-region README (2024 fleet, all rows);
# only zone-fuel pairs without a unit retired before 2025 in the list.
README_PPM_MW = {
    ("BG", "nuclear"): 2080,
    ("HU", "nuclear"): 1899,
    ("RO", "nuclear"): 1300,
    ("XK", "lignite"): 1188,
    ("BA", "lignite"): 1912,
    ("ME", "lignite"): 207,
    ("MK", "lignite"): 738,
    ("MK", "gas"): 418,
    ("HR", "gas"): 1441,
    ("BG", "lignite"): 4807,
    ("HU", "lignite"): 815,
}
COUNTRY = {
    "XK": "Kosovo",
    "HU": "Hungary",
    "RO": "Romania",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "BA": "Bosnia and Herzegovina",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "AL": "Albania",
    "GR": "Greece",
}
FUELTYPE = {
    "nuclear": "Nuclear",
    "lignite": "Lignite",
    "coal": "Hard Coal",
    "gas": "Natural Gas",
    "oil": "Oil",
    "biomass": "Solid Biomass",
}


@pytest.fixture(scope="module")
def system():
    return powerpact.load("see-2025")


def test_loads_and_validates(system):
    assert system.name == "see-2025"
    assert system.n_hours == 8760
    assert system.snapshots[0] == pd.Timestamp("2025-01-01T00:00:00Z")
    sources = pd.read_csv(FOLDER / "sources.csv")
    assert list(sources.columns) == ["item", "value", "unit", "year", "source", "note"]
    assert sources["source"].notna().all()
    size = sum(f.stat().st_size for f in FOLDER.iterdir() if f.is_file())
    assert size < 5e6


def test_zones_and_markets(system):
    assert list(system.settings.zones) == ZONES
    assert set(system.settings.markets) == MARKETS
    assert set(system.generators["zone"]) == set(ZONES)
    links = system.interconnectors
    assert {"rs-xk", "al-xk", "me-xk", "mk-xk"} <= set(links.index)
    # edge markets only at the edge: every link touching a market starts in a model zone
    for _, row in links.iterrows():
        assert row["from_zone"] in ZONES
        assert row["to_zone"] in ZONES or row["to_zone"] in MARKETS


def test_capacities_match_derived_table(system):
    check_capacities_match_derived_table(
        system, DERIVED / "see2025_capacity_by_zone_technology.csv"
    )


def test_capacities_match_published_measurements(system):
    cap = system.generators.groupby(["zone", "technology"])["capacity_mw"].sum()
    for key, mw in README_PPM_MW.items():
        assert cap.get(key, 0.0) == pytest.approx(mw, abs=1.0), key


@pytest.mark.skipif(not PPM.exists(), reason="shared data pack (see-region) not available")
def test_thermal_capacities_recomputed_from_the_pack(system):
    p = pd.read_csv(PPM)
    p = p[~(p["DateOut"] < 2025) & ~(p["DateIn"] > 2025)]
    cap = system.generators.groupby(["zone", "technology"])["capacity_mw"].sum()
    for zone, country in COUNTRY.items():
        for tech, fueltype in FUELTYPE.items():
            expect = p[(p["Country"] == country) & (p["Fueltype"] == fueltype)]["Capacity"].sum()
            assert cap.get((zone, tech), 0.0) == pytest.approx(expect, abs=0.2), (zone, tech)
        hydro = p[(p["Country"] == country) & (p["Fueltype"] == "Hydro")]
        pumped = hydro[hydro["Technology"] == "Pumped Storage"]["Capacity"].sum()
        got = system.storage.loc[system.storage["zone"] == zone, "power_mw"].sum()
        assert got == pytest.approx(pumped, abs=0.2), zone
        other = hydro[hydro["Technology"] != "Pumped Storage"]["Capacity"].sum()
        got = cap.get((zone, "hydro_reservoir"), 0.0) + cap.get((zone, "run_of_river"), 0.0)
        assert got == pytest.approx(other, abs=0.3), zone


def test_annual_demand(system):
    twh = system.demand.sum() / 1e6
    totals = pd.read_csv(DERIVED / "see2025_demand_totals.csv").set_index("zone")["energy_twh"]
    stats = pd.read_csv(REGION / "stats_2024.csv")
    ember = stats[stats["item"] == "demand"].set_index("zone")["value"]
    for zone in ZONES:
        assert twh[zone] == pytest.approx(totals[zone], rel=1e-4), zone
        if zone in ember.index and zone != "RS":
            assert twh[zone] == pytest.approx(ember[zone], rel=1e-4), zone
    # RS: serbia-2025's end-consumer consumption (AERS 2024, 30.8 TWh) plus network losses at
    # their sourced share of gross consumption, hour by hour
    serbia = pd.read_csv(SERBIA / "demand.csv")["RS"].to_numpy()
    figures = pd.read_csv(REGION / "figures.csv").set_index("key")
    share = float(figures.loc["see2025.demand.RS.network_losses_share", "value"])
    got = system.demand["RS"].to_numpy()
    assert abs(got - serbia / (1 - share)).max() <= 0.05 + 1e-9  # written to 0.1 MW
    assert twh["RS"] == pytest.approx(30.8 / (1 - share), rel=1e-6)


def test_serbia_equals_serbia_2025(system):
    ref = powerpact.load("serbia-2025")
    g = system.generators[system.generators["zone"] == "RS"]
    r = ref.generators
    assert set(g.index) == set(r.index)
    cols = ["technology", "capacity_mw", "units", "fuel", "efficiency", "min_stable_mw"]
    pd.testing.assert_frame_equal(
        g.loc[r.index, cols], r[cols], check_dtype=False, check_names=False
    )
    s = system.storage[system.storage["zone"] == "RS"]
    assert set(s.index) == set(ref.storage.index)
    for col in ("power_mw", "energy_mwh", "charge_power_mw", "round_trip_efficiency"):
        assert (s.loc[ref.storage.index, col] == ref.storage[col]).all(), col
    a = pd.read_csv(FOLDER / "hydro_inflows.csv")
    b = pd.read_csv(SERBIA / "hydro_inflows.csv")
    a = a[a["generator"].isin(b["generator"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    for name, row in r.iterrows():
        if isinstance(row["profile"], str) and row["profile"]:
            got = system.profiles[f"RS_{row['profile']}"].to_numpy()
            assert (got == ref.profiles[row["profile"]].to_numpy()).all(), name
    fuels = ref.settings.fuels if hasattr(ref.settings, "fuels") else None
    if fuels is not None:
        for fuel in ("gas", "lignite"):
            assert system.settings.fuels[fuel].price_eur_per_mwh_th == pytest.approx(
                fuels[fuel].price_eur_per_mwh_th
            )


def test_every_number_has_a_source_row(system):
    items = set(pd.read_csv(FOLDER / "sources.csv")["item"])
    for name, row in system.generators.iterrows():
        assert f"generators.csv:{name}:capacity_mw" in items, name
        if isinstance(row["fuel"], str) and row["fuel"]:
            assert f"generators.csv:{name}:efficiency" in items, name
    for name in system.storage.index:
        for col in ("power_mw", "energy_mwh", "round_trip_efficiency"):
            assert f"storage.csv:{name}:{col}" in items, (name, col)
    for name in system.interconnectors.index:
        assert f"interconnectors.csv:{name}:capacity_mw" in items
        assert f"interconnectors.csv:{name}:capacity_reverse_mw" in items
    for col in system.profiles.columns:
        assert f"profiles.csv:{col}" in items, col
    for zone in ZONES:
        assert f"demand.csv:{zone}" in items
    for market in system.settings.markets:
        assert f"market_prices.csv:{market}" in items
    for gen in system.hydro_inflows.index.unique():
        assert f"hydro_inflows.csv:{gen}" in items, gen


def test_one_week_dispatch_closes_every_zone_balance(tmp_path):
    assert worst_zone_imbalance_of_first_hours(FOLDER, tmp_path / "see-1w", 7 * 24) < 1e-6


def test_green_corridor_figures_are_sourced():
    figures = pd.read_csv(REGION / "figures.csv").set_index("key")
    assert figures.loc["corridor.cable.capacity", "value"] == 1300
    for key in figures.index[figures.index.str.startswith("corridor.")]:
        assert not str(figures.loc[key, "source"]).startswith("UNSOURCED"), key
