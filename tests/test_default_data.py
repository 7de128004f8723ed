"""Checks of the embedded Serbia default data against published figures and its own contract.

Tolerances are stated next to each check. Published figures and their sources are in
``src/powerpact/data/serbia-2025/sources.csv`` and ``docs/default-data.md``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from serbia_default import synthesis as syn

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "src" / "powerpact" / "data" / "serbia-2025"
SCENARIOS = [
    "baseline-2025",
    "nis-ccgt",
    "nis-ocgt",
    "demand-2032",
    "az-green-corridor-2032",
    "gas-route-outage",
    "coal-exit-2032",
    "nis-ccgt-2032",
]


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FOLDER / name)


@pytest.fixture(scope="module")
def gens() -> pd.DataFrame:
    return _csv("generators.csv")


@pytest.fixture(scope="module")
def profiles() -> pd.DataFrame:
    return _csv("profiles.csv")


# --- published totals ------------------------------------------------------------------------


def test_installed_capacity_by_technology(gens: pd.DataFrame) -> None:
    cap = gens.groupby("technology")["capacity_mw"].sum()
    # Lignite: sum of the sourced units (TENT A 1,651 + TENT B 1,240 + Kostolac 1,360 +
    # Kolubara A 270 + Morava 125 = 4,646 MW); the older "about 4,400 MW" figure predates B3.
    assert cap["lignite"] == pytest.approx(4646.0, abs=0.5)
    assert 4400.0 <= cap["lignite"] <= 4700.0
    # Hydro: national conventional 2,507 MW (end 2025), exactly by construction.
    assert cap["run_of_river"] + cap["hydro_reservoir"] == pytest.approx(2507.0, abs=0.5)
    assert cap["wind"] == pytest.approx(807.0)
    assert cap["solar"] == pytest.approx(318.0, abs=1.0)  # 192 utility + 126 prosumers
    assert cap["gas"] == pytest.approx(189 + 110 + 208 + 45)
    named = gens.set_index("name")["capacity_mw"]
    assert named["djerdap-1"] == 1140.0
    assert named["djerdap-2"] == 270.0
    assert named["bajina-basta"] == 420.0
    assert named[[f"tent-a{i}" for i in range(1, 7)]].sum() == pytest.approx(1651.0)
    assert named[["tent-b1", "tent-b2"]].sum() == 1240.0


def test_pumped_storage() -> None:
    st = _csv("storage.csv").set_index("name").loc["bajina-basta-psh"]
    assert st["power_mw"] == 614.0
    assert st["charge_power_mw"] == 620.0
    assert 150_000 <= st["energy_mwh"] <= 250_000  # 153 mcm live volume at ~520-600 m head


def test_annual_demand_matches_2024_consumption() -> None:
    demand = _csv("demand.csv")
    assert demand["RS"].sum() / 1e6 == pytest.approx(30.8, rel=1e-4)  # AERS 2024: 30.8 TWh


def test_peak_and_daily_records_are_plausible() -> None:
    demand = _csv("demand.csv")
    ts = pd.to_datetime(demand["timestamp"], utc=True)
    daily = demand.set_index(ts)["RS"].resample("D").sum() / 1e3
    month = daily.index.month
    summer = daily[(month >= 6) & (month <= 8)].max()
    winter = daily[(month <= 2) | (month == 12)].max()
    # Summer daily records: 98.5 GWh (26 Jun 2025), 105.8 GWh (17 Jul 2024); a normal synthetic
    # year should come close to but not far above them.
    assert 90.0 <= summer <= 110.0
    # Winter and summer daily peaks differ by less than 20 % (EMS chief dispatcher, 2024).
    assert 0.9 <= winter / summer <= 1.2
    # Peak MW is UNSOURCED; only a plausibility band (2010 peak without Kosovo: 6,601 MW at
    # 34.4 TWh).
    assert 4500.0 <= demand["RS"].max() <= 6500.0
    assert demand["RS"].min() > 1500.0


def test_wind_energy_matches_2024_output_scaled_to_fleet(profiles: pd.DataFrame) -> None:
    cf_2024 = 1243.0e3 / (530.0 * 8784)  # 1,243 GWh from an assumed 530 MW average fleet
    expected = 807.0 * 8760 * cf_2024
    assert profiles["wind"].sum() * 807.0 == pytest.approx(expected, rel=2e-3)


def test_hydro_energy_matches_2024_share(gens: pd.DataFrame, profiles: pd.DataFrame) -> None:
    ror = gens[gens["profile"].astype(str).str.startswith("ror_")]
    ror_mwh = sum(profiles[r.profile].sum() * r.capacity_mw for r in ror.itertuples())
    reservoir_mwh = _csv("hydro_inflows.csv")["energy_mwh"].sum()
    total_gwh = (ror_mwh + reservoir_mwh) / 1e3
    assert total_gwh == pytest.approx(0.297 * 35_100, rel=5e-3)  # 29.7 % of 35.1 TWh (2024)
    assert total_gwh == pytest.approx(7180 + 3320, rel=0.05)  # EPS long-term means


def test_reservoir_energy_fits_capacity(gens: pd.DataFrame) -> None:
    inflows = _csv("hydro_inflows.csv")
    cap = gens.set_index("name")["capacity_mw"]
    for row in inflows.itertuples():
        hours = pd.Period(f"2025-{row.month:02d}").days_in_month * 24
        assert row.energy_mwh <= cap[row.generator] * hours
    assert set(inflows["generator"]) <= set(
        gens.loc[gens["technology"] == "hydro_reservoir", "name"]
    )


def test_gas_demand_consistent_with_national_total() -> None:
    gas = _csv("gas_demand.csv")
    assert len(gas) == 365
    non_power = gas["RS"].sum()
    # 2.7 bcm national demand (2025) minus about 327 mcm burnt by gas power plants.
    assert non_power == pytest.approx(2700.0 - 327.0, rel=1e-3)
    assert gas["RS"].max() <= 18.0  # Srbijagas peaks of 17-18 mcm/d include power plants
    winter = gas[pd.to_datetime(gas["date"]).dt.month.isin([1, 2, 12])]["RS"]
    summer = gas[pd.to_datetime(gas["date"]).dt.month.isin([6, 7, 8])]["RS"]
    assert winter.mean() > 3 * summer.mean()


def test_gas_entries_and_contracts() -> None:
    entries = _csv("gas_entries.csv").set_index("name")
    # The sourced rows the gas network uses too: IBS's 1.8 bcm/yr design, Gastrans's domestic
    # exits (120.97 GWh/d at 10.55 kWh/m3; the rest of its entry is transit to Hungary).
    assert entries.loc["ibs-dimitrovgrad", "capacity_mcm_per_day"] == pytest.approx(
        1800 / 365, abs=0.005
    )
    assert entries.loc["balkan-stream-zajecar", "capacity_mcm_per_day"] == pytest.approx(
        120.966144 / 10.55, abs=0.005
    )
    pipes = _csv("gas_pipelines.csv").set_index("name")
    for name in ("ibs-dimitrovgrad", "balkan-stream-zajecar"):
        assert entries.loc[name, "capacity_mcm_per_day"] == pipes.loc[name, "capacity_mcm_per_day"]
    assert entries.loc["domestic-production", "capacity_mcm_per_day"] * 365 == pytest.approx(
        278.7, rel=1e-3
    )
    contracts = _csv("gas_contracts.csv").set_index("name")
    assert contracts.loc["socar-srbijagas", "annual_max_mcm"] == 400.0
    assert set(contracts["entry"]) <= set(entries.index)
    storage = _csv("gas_storage.csv").set_index("name")
    assert storage.loc["banatski-dvor", "working_volume_mcm"] == 450.0  # 2025, before expansion


# --- series contract -------------------------------------------------------------------------


def test_timestamps_are_hourly_2025_utc() -> None:
    for name in ("demand.csv", "profiles.csv", "market_prices.csv"):
        ts = _csv(name)["timestamp"]
        assert len(ts) == 8760
        assert ts.iloc[0] == "2025-01-01T00:00:00Z"
        assert ts.iloc[-1] == "2025-12-31T23:00:00Z"
        parsed = pd.to_datetime(ts, utc=True)
        assert (parsed.diff().dropna() == pd.Timedelta(hours=1)).all()
    assert (_csv("profiles.csv")["timestamp"] == _csv("demand.csv")["timestamp"]).all()


def test_profiles_in_unit_interval(profiles: pd.DataFrame, gens: pd.DataFrame) -> None:
    values = profiles.drop(columns="timestamp")
    assert values.notna().all().all()
    assert (values >= 0).all().all() and (values <= 1).all().all()
    used = set(gens["profile"].dropna())
    assert used <= set(values.columns)


def test_wind_has_calm_hours_and_persistence(profiles: pd.DataFrame) -> None:
    wind = profiles["wind"]
    assert (wind < 0.05).mean() > 0.03  # calm hours exist
    assert wind.autocorr() > 0.9  # hour-to-hour persistence
    assert profiles["solar"].iloc[0] == 0.0  # night at 00:00 UTC in January


def test_market_prices_cover_markets() -> None:
    system = yaml.safe_load((FOLDER / "system.yaml").read_text())
    prices = _csv("market_prices.csv")
    assert set(system["markets"]) == set(prices.columns) - {"timestamp"}
    assert prices.drop(columns="timestamp").notna().all().all()


# --- sources ---------------------------------------------------------------------------------


def test_every_numeric_generator_value_has_a_source(gens: pd.DataFrame) -> None:
    sources = _csv("sources.csv")
    items = dict(zip(sources["item"], sources["value"], strict=True))
    numeric = [c for c in gens.columns if pd.api.types.is_numeric_dtype(gens[c])]
    missing = []
    for row in gens.itertuples(index=False):
        for col in numeric:
            value = getattr(row, col)
            if pd.isna(value):
                continue
            item = f"generators.csv:{row.name}:{col}"
            if item not in items or not math.isclose(float(items[item]), float(value)):
                missing.append(item)
    assert not missing, missing


def test_sources_rows_are_complete() -> None:
    sources = _csv("sources.csv")
    assert sources["item"].is_unique
    for col in ("item", "unit", "year", "source"):
        assert sources[col].notna().all(), col
    assumptions = sources[sources["source"] == "assumption"]
    assert assumptions["note"].str.contains("assumption").all()


def test_system_settings_have_sources() -> None:
    items = set(_csv("sources.csv")["item"])
    for key in (
        "system.yaml:fuels.gas.price_eur_per_mwh_th",
        "system.yaml:fuels.lignite.price_eur_per_mwh_th",
        "system.yaml:fuels.gas.co2_t_per_mwh_th",
        "system.yaml:fuels.lignite.co2_t_per_mwh_th",
        "system.yaml:co2_price_eur_per_t",
        "system.yaml:value_of_lost_load_eur_per_mwh",
        "system.yaml:gas.peak_day_demand_mcm",
        "system.yaml:gas.ncv_mwh_per_mcm",
        "system.yaml:gas.contract_swing",
        "appraisal:eu_ets_price_2025",
    ):
        assert key in items, key


# --- scenarios -------------------------------------------------------------------------------


def test_scenarios_present_and_documented() -> None:
    for name in SCENARIOS:
        spec = yaml.safe_load((FOLDER / "scenarios" / f"{name}.yaml").read_text())
        assert spec["name"] == name
        # every chain of bases ends at this system folder
        assert spec["base"] == ".." or (FOLDER / "scenarios" / spec["base"]).is_file()
        assert spec["description"]
        assert spec["assumptions"]


def test_nis_scenarios() -> None:
    for name, tech_eff in (("nis-ccgt", 0.57), ("nis-ocgt", 0.405)):
        spec = yaml.safe_load((FOLDER / "scenarios" / f"{name}.yaml").read_text())
        (gen,) = spec["add"]["generators"]
        assert gen["name"] == name
        assert gen["capacity_mw"] == 500.0
        assert gen["fuel"] == "gas" and gen["zone"] == "RS"
        assert gen["efficiency"] == tech_eff
        assert spec["modify"]["gas_contracts"]["socar-srbijagas"]["annual_max_mcm"] == 1000.0


def test_coal_exit_shrinks_the_mine_with_the_fleet() -> None:
    spec = yaml.safe_load((FOLDER / "scenarios" / "coal-exit-2032.yaml").read_text())
    gens = _csv("generators.csv").set_index("name")
    lignite_mw = gens.loc[gens["fuel"] == "lignite", "capacity_mw"].sum()
    closed_mw = gens.loc[spec["remove"]["generators"], "capacity_mw"].sum()
    assert closed_mw == pytest.approx(1000.0)  # A1, A2 420 + Kostolac A 310 + Kolubara A 270
    base_limit = yaml.safe_load((FOLDER / "system.yaml").read_text())["fuels"]["lignite"][
        "annual_limit_mwh_th"
    ]
    limit = spec["settings"]["fuels"]["lignite"]["annual_limit_mwh_th"]
    assert limit == pytest.approx(base_limit * (1 - closed_mw / lignite_mw), abs=1000)


def test_gas_route_outage_hits_the_largest_entry() -> None:
    spec = yaml.safe_load((FOLDER / "scenarios" / "gas-route-outage.yaml").read_text())
    entries = _csv("gas_entries.csv")
    largest = entries.loc[entries["capacity_mcm_per_day"].idxmax(), "name"]
    (outage,) = spec["outages"]
    assert outage["component"] == largest
    assert outage["days"] == 30
    assert pd.Timestamp(outage["start"]).month in (12, 1, 2)


# --- synthesis -------------------------------------------------------------------------------


def test_synthesis_is_reproducible() -> None:
    d = syn.load_derived()
    idx = syn.hourly_index(2025)
    ratios = np.ones(12)
    a = syn.synth_demand(idx, d, 30.8e6, ratios, seed=7)
    b = syn.synth_demand(idx, d, 30.8e6, ratios, seed=7)
    c = syn.synth_demand(idx, d, 30.8e6, ratios, seed=8)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.array_equal(syn.synth_wind(idx, d, 0.27, 7), syn.synth_wind(idx, d, 0.27, 7))
    assert np.array_equal(syn.synth_solar(idx, d, 0.14, 7), syn.synth_solar(idx, d, 0.14, 7))


def test_synthesis_hits_totals() -> None:
    d = syn.load_derived()
    idx = syn.hourly_index(2025)
    demand = syn.synth_demand(idx, d, 30.8e6, np.ones(12), seed=3)
    assert demand.sum() == pytest.approx(30.8e6, rel=1e-12)
    for mean in (0.2, 0.3):
        wind = syn.synth_wind(idx, d, mean, seed=3)
        assert wind.mean() == pytest.approx(mean, rel=1e-9)
        assert wind.max() <= 0.95
    solar = syn.synth_solar(idx, d, 0.145, seed=3)
    assert solar.mean() == pytest.approx(0.145, rel=1e-9)
    ror = syn.synth_run_of_river(idx, d, "djerdap1", 0.5, seed=3)
    assert ror.mean() == pytest.approx(0.5, rel=1e-9)
    e = syn.monthly_energy(np.ones(12), 1.5e6, 300.0, 2025)
    assert e.sum() == pytest.approx(1.5e6)
    dates = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    temp, _ = syn.synth_temperature(dates, seed=3)
    gas = syn.synth_gas_demand(temp, 2373.0, 3.0)
    assert gas.sum() == pytest.approx(2373.0)


# --- technology costs ------------------------------------------------------------------------


def test_technology_costs() -> None:
    costs = pd.read_csv(REPO / "src" / "powerpact" / "data" / "technology_costs.csv")
    costs = costs.set_index("technology")
    factor = costs.loc["ccgt", "overnight_capex_eur_per_kw"] / 1142.0
    assert 1.25 <= factor <= 1.33  # euro-area HICP 2015 -> 2025
    assert costs.loc["ocgt", "overnight_capex_eur_per_kw"] == pytest.approx(594 * factor, 0.01)
    assert costs.loc["ccgt", "efficiency"] == 0.57
    assert costs.loc["ocgt", "efficiency"] == 0.405
    for col in (
        "overnight_capex_eur_per_kw",
        "fixed_om_eur_per_kw_yr",
        "variable_om_eur_per_mwh",
        "efficiency",
        "lifetime_yr",
        "construction_yr",
        "forced_outage_rate",
        "source",
        "year",
    ):
        assert costs[col].notna().all(), col


# --- loader ----------------------------------------------------------------------------------


def test_loader_accepts_default_and_scenarios() -> None:
    powerpact = pytest.importorskip("powerpact")
    if not hasattr(powerpact, "load_system"):
        pytest.skip("loader not available")
    powerpact.load_system(FOLDER)
    for name in SCENARIOS:
        powerpact.load_scenario(FOLDER / "scenarios" / f"{name}.yaml")
