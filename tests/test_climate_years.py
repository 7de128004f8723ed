"""Climate years: the derived indices, the weather model and sampling them in the engines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import powerpact
from powerpact.adequacy import MonteCarloOptions, merge, monte_carlo
from powerpact.adequacy import climate as climate_module
from powerpact.adequacy.climate import (
    ClimateYear,
    block_order,
    climate_table,
    heating_part,
    resolve,
    weather_system,
)
from powerpact.system import InputError, System, variant

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "see-climate"
PACK = SHARED / "pypsa-eur"


@pytest.fixture(scope="module")
def serbia() -> System:
    return powerpact.load("serbia-2025")


def test_table_covers_every_zone_and_year() -> None:
    table = climate_table()
    zones = set(table.index.get_level_values("zone"))
    assert {"RS", "HU", "RO", "BG", "HR", "BA", "ME", "MK", "AL", "GR", "XK", "SI", "AT"} == zones
    assert len(table) == 13 * 44
    assert table["hydro_index"].notna().all()
    # 2022's HDD is suspect in the source and left unknown.
    assert table["hdd_index"].isna().groupby(level="year").all()[2022]
    assert table["hdd_index"].notna().sum() == 13 * 43


@pytest.mark.skipif(not PACK.is_dir(), reason=f"source pack {PACK} not present")
def test_indices_reproduce_the_source_ratios() -> None:
    eia = pd.read_csv(PACK / "eia_hydro_annual_generation.csv", skiprows=2, encoding="utf-8-sig")
    eia = eia.set_index(eia.iloc[:, 1].astype(str).str.strip())
    table = climate_table()
    for zone, name, first in (("RS", "Serbia", 2006), ("AL", "Albania", 1980)):
        years = [str(y) for y in range(first, 2024)]
        generation = eia.loc[name, years].astype(float)
        expected = (generation / generation.mean()).to_numpy()
        got = table.loc[zone]["hydro_index"].loc[first:2023].to_numpy()
        np.testing.assert_allclose(got, expected, atol=1e-4)
    hdd = pd.read_csv(PACK / "era5-annual-HDD-per-country.csv", index_col="name")
    rs = hdd.loc["RS", [str(y) for y in range(1980, 2024) if y != 2022]].astype(float)
    np.testing.assert_allclose(
        table.loc["RS"]["hdd_index"].drop(2022).to_numpy(), (rs / rs.mean()).to_numpy(), atol=1e-4
    )
    # Before 2006 RS follows ERA5 runoff, damped by the fitted slope: same ordering of years.
    runoff = pd.read_csv(PACK / "era5-annual-runoff-per-country.csv", index_col="name")
    early = [str(y) for y in range(1980, 2006)]
    order = np.argsort(runoff.loc["RS", early].to_numpy(float))
    assert (np.diff(table.loc["RS"]["hydro_index"].loc[1980:2005].to_numpy()[order]) >= 0).all()


def test_serbia_2022_to_2023_matches_eps() -> None:
    """EPS: hydro output of 2023 was 41.3 % above 2022 (docs/default-data.md)."""
    rs = climate_table().loc["RS"]["hydro_index"]
    assert rs[2023] / rs[2022] == pytest.approx(1.413, abs=0.01)


@pytest.mark.parametrize("column", ["wind", "solar"])
def test_block_resampling_keeps_mean_and_daily_autocorrelation(serbia: System, column: str) -> None:
    series = serbia.profiles[column].to_numpy()

    def lag24(x: np.ndarray) -> float:
        return float(np.corrcoef(x[:-24], x[24:])[0, 1])

    means, lags = [], []
    for seed in range(10):
        resampled = series[block_order(len(series), np.random.default_rng([seed, 2000]))]
        means.append(resampled.mean() / series.mean())
        lags.append(lag24(resampled))
    # A year's energy varies by the weeks drawn (wind ±10 %), but not on average.
    assert max(abs(m - 1) for m in means) < 0.15
    assert np.mean(means) == pytest.approx(1, abs=0.04)
    # Inside a week the day-to-day dependence is the base year's; one lag-24 pair in seven
    # straddles two weeks and loses it, so the autocorrelation drops by up to about a fifth.
    assert min(lags) > 0.75 * lag24(series)
    assert max(lags) < lag24(series) + 0.05


def test_block_shifts_are_whole_days_within_two_weeks() -> None:
    order = block_order(8760, np.random.default_rng(3))
    shift = (order - np.arange(8760) + 4380) % 8760 - 4380
    assert (shift % 24 == 0).all()
    assert np.abs(shift).max() <= 14 * 24


def test_weather_year_scales_hydro_and_heating_only(serbia: System) -> None:
    table = climate_table()
    rs = table.loc["RS"]
    dry = weather_system(serbia, ClimateYear("2011", 2011), seed=1)
    ratio = dry.hydro_inflows.sum().sum() / serbia.hydro_inflows.sum().sum()
    assert ratio == pytest.approx(rs.loc[2011, "hydro_index"])
    local = serbia.snapshots.tz_convert(serbia.settings.timezone)
    heating = heating_part(serbia.demand, local)["RS"]
    added = dry.demand["RS"] - serbia.demand["RS"]
    np.testing.assert_allclose(added, heating * (rs.loc[2011, "hdd_index"] - 1), atol=1e-6)
    assert (added[~local.month.isin([10, 11, 12, 1, 2, 3, 4])] == 0).all()
    # Wind and solar keep their annual energy roughly; the same reordering applies to both.
    for column in ("wind", "solar"):
        assert dry.profiles[column].mean() == pytest.approx(serbia.profiles[column].mean(), rel=0.1)


def test_cold_spell_raises_demand_in_its_two_weeks_only(serbia: System) -> None:
    plain = weather_system(serbia, ClimateYear("2012", 2012), seed=1)
    cold = weather_system(serbia, ClimateYear("cold-2012", 2012, cold_spell=True), seed=1)
    local = serbia.snapshots.tz_convert(serbia.settings.timezone)
    spell = (local.month == 2) & (local.day <= 14)
    extra = (cold.demand["RS"] - plain.demand["RS"]).to_numpy()
    assert (extra[~spell] == 0).all()
    assert extra[spell].max() > 500  # the heating part rises by half
    assert (extra[spell] >= 0).all()


def test_stress_cases_and_errors(serbia: System) -> None:
    years = resolve(["dry", "cold-2012", 1999], serbia)
    assert [c.label for c in years] == ["dry-2011", "cold-2012", "1999"]
    assert years[1].cold_spell
    assert len(resolve("all", serbia)) == 44
    with pytest.raises(InputError, match="unknown climate year"):
        resolve([1900], serbia)


def test_a_zone_without_indices_keeps_its_series_only_when_nothing_scales() -> None:
    """The green corridor's export zone AZ has no climate indices, no demand and no hydro: its
    series stay as they are (its plants' profiles are resampled in weeks like every other);
    the zones with indices are scaled as without it. A zone with demand and no indices is
    refused."""
    corridor = powerpact.load("see-2025/az-green-corridor-2032")
    assert "AZ" in corridor.settings.zones
    dry = weather_system(corridor, ClimateYear("1990", 1990), seed=3)
    assert dry.demand["AZ"].sum() == corridor.demand["AZ"].sum() == 0.0
    base = weather_system(powerpact.load("see-2025/coal-exit-2032"), ClimateYear("1990", 1990), 3)
    pd.testing.assert_series_equal(dry.demand["RS"], base.demand["RS"])
    assert len(resolve("all", corridor)) == 44
    with_demand = variant(corridor, {"demand": {"add_mw": {"AZ": 100.0}}})
    with pytest.raises(InputError, match=r"no climate-year indices for zone\(s\) AZ"):
        resolve("all", with_demand)


def _hydro_heavy(serbia: System) -> System:
    """Serbia without wind and solar (so that only hydro differs between the climate years)
    and with 50 % more demand (so that there is risk to compare)."""
    gens = serbia.generators
    weather = [str(n) for n in gens.index[gens["technology"].isin(["wind", "solar"])]]
    return variant(serbia, {"remove": {"generators": weather}, "demand": {"scale": 1.5}})


def test_dry_year_never_lowers_risk(serbia: System, monkeypatch: pytest.MonkeyPatch) -> None:
    index = pd.MultiIndex.from_product([["RS"], [2001, 2002]], names=["zone", "year"])
    table = pd.DataFrame({"hydro_index": [0.7, 1.3], "hdd_index": [1.0, 1.0]}, index=index)
    monkeypatch.setattr(climate_module, "climate_table", lambda: table)
    system = _hydro_heavy(serbia)
    for seed in (1, 2, 3):
        dry, wet = (
            monte_carlo(system, 60, seed, MonteCarloOptions(progress=False, climate_years=[y]))
            for y in (2001, 2002)
        )
        # Common random numbers: the same outages in both, so every sample compares.
        assert (dry.per_sample["lol_hours"] >= wet.per_sample["lol_hours"]).all()
        assert (dry.per_sample["unserved_mwh"] >= wet.per_sample["unserved_mwh"] - 1e-6).all()
        assert dry.lole_hours > wet.lole_hours or dry.lole_hours == 0


def test_samples_cycle_through_years_reproducibly(serbia: System) -> None:
    system = _hydro_heavy(serbia)
    options = MonteCarloOptions(progress=False, climate_years=["dry", 2014, "cold-2012"])
    full = monte_carlo(system, 30, 5, options)
    again = monte_carlo(system, 30, 5, options)
    pd.testing.assert_frame_equal(full.per_sample, again.per_sample)
    labels = ["dry-2011", "2014", "cold-2012", "dry-2011"]
    assert full.per_sample["climate_year"].tolist()[:4] == labels
    parts = merge(
        [
            monte_carlo(system, 13, 5, options),
            monte_carlo(system, 17, 5, options, sample_offset=13),
        ]
    )
    pd.testing.assert_frame_equal(parts.per_sample, full.per_sample)
    headline = full.headline()
    assert headline["climate_years"] == ["dry-2011", "2014", "cold-2012"]
    assert sum(v["samples"] for v in headline["by_climate_year"].values()) == 30
    means = full.by_climate_year["lole_hours"]
    assert full.lole_hours == pytest.approx((means * full.by_climate_year["samples"]).sum() / 30)


def test_single_year_default_is_unchanged(serbia: System) -> None:
    """No climate years: no climate column, and the same numbers as an explicit base run."""
    system = _hydro_heavy(serbia)
    plain = monte_carlo(system, 20, 9, MonteCarloOptions(progress=False))
    assert plain.climate_years == ()
    assert "climate_year" not in plain.per_sample
    assert "climate_years" not in plain.headline()
    # A climate year with every index 1 and no wind or solar is the base year itself.
    index = pd.MultiIndex.from_product([["RS"], [2000]], names=["zone", "year"])
    neutral = pd.DataFrame({"hydro_index": [1.0], "hdd_index": [1.0]}, index=index)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(climate_module, "climate_table", lambda: neutral)
        same = monte_carlo(system, 20, 9, MonteCarloOptions(progress=False, climate_years=[2000]))
    pd.testing.assert_frame_equal(
        same.per_sample.drop(columns="climate_year"), plain.per_sample, check_exact=False
    )


def test_multi_area_engine_samples_climate_years() -> None:
    from powerpact.adequacy.multiarea import monte_carlo_areas

    system = powerpact.load("backcast-2016")
    options = MonteCarloOptions(progress=False, climate_years=["dry", 2010])
    result = monte_carlo_areas(system, 4, 1, options)
    headline = result.headline()
    assert headline["climate_years"][1] == "2010"
    assert headline["climate_years"][0].startswith("dry-")
    assert result.system.per_sample["climate_year"].tolist() == headline["climate_years"] * 2
    assert set(headline["zones"]) == set(system.settings.zones)


def test_cli_reports_climate_years() -> None:
    import json

    from typer.testing import CliRunner

    from powerpact.cli import app

    args = ["adequacy", "serbia-2025", "--samples", "6", "--climate-years", "dry, 2014", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout[result.stdout.index("{") :])
    assert out["climate_years"] == ["dry-2011", "2014"]
    assert {y: v["samples"] for y, v in out["by_climate_year"].items()} == {
        "dry-2011": 3,
        "2014": 3,
    }
    refused = CliRunner().invoke(
        app, ["adequacy", "serbia-2025", "--method", "copt", "--climate-years", "all"]
    )
    assert refused.exit_code != 0
