"""The 1-in-20 peak-day derivation of scripts/gas_peak_day.py.

The Gumbel fit is checked against a hand calculation and against scipy's own Gumbel-for-minima
(an independent quantile and moment formula); winter minima on a made-up series whose coldest days
are known; and the committed CSVs and docs block against a fresh run on the raw series when its
mirror is on this machine.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path("/work/.mirror/n-kb+weathercontext/repo")


@pytest.fixture(scope="module")
def script():
    path = ROOT / "scripts" / "gas_peak_day.py"
    spec = importlib.util.spec_from_file_location("gas_peak_day", path)
    module = importlib.util.module_from_spec(spec)
    # registered first: the script's dataclasses resolve their module by name
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_gumbel_fit_and_20_year_level_by_hand(script) -> None:
    minima = np.array([-2.0, -4.0, -6.0, -8.0, -10.0])
    # mean -6; squared deviations 16 + 4 + 0 + 4 + 16 = 40; variance 40 / 4 = 10
    scale = math.sqrt(10.0) * math.sqrt(6.0) / math.pi  # 2.46562
    location = -6.0 + 0.5772156649 * scale  # -4.57680
    level = location + scale * math.log(-math.log(0.95))  # ln(-ln 0.95) = -2.97020
    fit = script.fit_gumbel_minima(minima)
    assert fit.scale == pytest.approx(2.46562, abs=1e-5)
    assert fit.location == pytest.approx(-4.57680, abs=1e-5)
    assert script.return_level_c(minima) == pytest.approx(level, abs=1e-9)
    assert script.return_level_c(minima) == pytest.approx(-11.9002, abs=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-25.0, 5.0), min_size=3, max_size=40).filter(lambda v: np.std(v) > 0.1))
def test_fit_matches_scipys_gumbel_for_minima(script, minima: list[float]) -> None:
    fit = script.fit_gumbel_minima(np.array(minima))
    law = stats.gumbel_l(loc=fit.location, scale=fit.scale)
    # the fitted law has the sample's mean and (n - 1) variance, and scipy's 5 % quantile
    assert law.mean() == pytest.approx(np.mean(minima), abs=1e-9)
    assert law.var() == pytest.approx(np.var(minima, ddof=1), rel=1e-9)
    assert fit.quantile(0.05) == pytest.approx(law.ppf(0.05), abs=1e-9)


def test_bootstrap_interval_is_seeded_and_brackets_the_estimate(script) -> None:
    rng = np.random.default_rng(1)
    minima = rng.gumbel(loc=5.0, scale=2.0, size=38) * -1.0
    first = script.bootstrap_interval_c(minima)
    assert first == script.bootstrap_interval_c(minima)
    assert first[0] < script.return_level_c(minima) < first[1]


def test_winter_minima_keep_complete_july_to_june_winters_only(script) -> None:
    days = pd.date_range("2000-01-01", "2002-12-31", freq="D")
    temperature = pd.Series(10.0, index=days)
    temperature[pd.Timestamp("2000-02-01")] = -30.0  # winter 1999/2000: incomplete, dropped
    temperature[pd.Timestamp("2001-01-15")] = -7.0  # winter 2000/01
    temperature[pd.Timestamp("2001-12-20")] = -9.0  # winter 2001/02
    temperature[pd.Timestamp("2002-11-30")] = -40.0  # winter 2002/03: incomplete, dropped
    minima = script.winter_minima(temperature)
    assert minima.to_dict() == {2000: -7.0, 2001: -9.0}


def test_demand_model_is_base_plus_slope_times_hdd(script) -> None:
    peak = script.PeakDay(
        minima=pd.Series([-5.0]),
        gumbel=script.Gumbel(location=-4.0, scale=2.0),
        t20_c=-10.0,
        t20_interval_c=(-11.0, -9.0),
        base_mcm_per_day=3.0,
        annual_non_power_mcm=2000.0,
        mean_winter_hdd=1500.0,
        slope_mcm_per_day_per_k=0.5,
        plants_full_output_mcm_per_day=4.0,
        observed_peak_mcm_per_day=18.0,
        build_slope_mcm_per_day_per_k=0.3,
    )
    assert peak.non_power_mcm_per_day(20.0) == 3.0  # no heating above 15 °C
    assert peak.dmax_mcm_per_day(-10.0) == pytest.approx(3.0 + 0.5 * 25.0 + 4.0)
    assert peak.dmax_mcm_per_day(-10.0, slope=0.3) == pytest.approx(3.0 + 0.3 * 25.0 + 4.0)


def test_build_slope_reproduces_serbias_largest_gas_day(script) -> None:
    """serbia-2025's gas_demand.csv (built separately) peaks at base + slope x its largest HDD."""
    from serbia_default.common import SEED, YEAR
    from serbia_default.synthesis import synth_temperature

    from powerpact.system import load

    base = script.build_figure("gas_demand.base_mcm_per_day")
    annual = script.build_figure("gas.national_demand_mcm") - script.build_figure(
        "gas.power_burn_mcm"
    )
    slope = script.build_slope_mcm_per_day_per_k(base, annual)
    days = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
    temperature_c, _ = synth_temperature(
        days, SEED, mean_temp_c=script.build_figure("weather.mean_temperature_c")
    )
    largest_shipped = float(load(script.SERBIA).gas_demand.max().max())
    assert largest_shipped == pytest.approx(base + slope * (15.0 - temperature_c.min()), abs=2e-3)


@pytest.mark.skipif(
    not MIRROR.is_dir(),
    reason=f"raw series not on this machine: fetch github:n-kb/weathercontext into {MIRROR}",
)
def test_committed_figures_and_doc_block_are_the_scripts_output(script) -> None:
    for path, text in script.outputs(MIRROR).items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale"


def test_committed_figures_hold_together(script) -> None:
    """Without the raw series: the committed CSVs agree with each other and with the fit."""
    figures = pd.read_csv(script.FIGURES_CSV).set_index("figure")["value"]
    minima = pd.read_csv(script.MINIMA_CSV)["min_noon_c"].to_numpy()
    assert int(figures["winter_count"]) == len(minima)
    # the minima are rounded to 0.01 °C, so the refit agrees to a few hundredths
    assert float(figures["t20_c"]) == pytest.approx(script.return_level_c(minima), abs=0.02)
    assert float(figures["mean_winter_min_c"]) == pytest.approx(minima.mean(), abs=0.01)


def _figures(script) -> dict[str, float]:
    frame = pd.read_csv(script.FIGURES_CSV).set_index("figure")["value"]
    return {key: float(value) for key, value in frame.items() if _is_number(value)}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_anchored_dmax_by_hand_from_the_csv(script) -> None:
    """D_max = observed peak + slope x (mean winter minimum - 1-in-20 temperature), recomputed
    from the CSV's own rounded figures: 18 + 0.7092 x (-6.21 + 11.33) = 21.63."""
    v = _figures(script)
    gap_k = v["mean_winter_min_c"] - v["t20_c"]
    observed = v["observed_peak_mcm_per_day"]
    slope = v["build_slope_mcm_per_day_per_k"]
    # inputs are rounded to 0.01 °C and 1e-4 mcm/d/K: the hand value agrees to 0.01 mcm/d
    assert v["dmax_1_in_20_mcm_per_day"] == pytest.approx(observed + slope * gap_k, abs=0.01)
    low_gap, high_gap = (
        v["mean_winter_min_c"] - v["t20_high_c"],
        v["mean_winter_min_c"] - v["t20_low_c"],
    )
    assert v["dmax_1_in_20_low_mcm_per_day"] == pytest.approx(observed + slope * low_gap, abs=0.01)
    assert v["dmax_1_in_20_high_mcm_per_day"] == pytest.approx(
        observed + slope * high_gap, abs=0.01
    )
    assert v["dmax_1_in_20_low_mcm_per_day"] < v["dmax_1_in_20_mcm_per_day"]
    assert v["dmax_1_in_20_mcm_per_day"] < v["dmax_1_in_20_high_mcm_per_day"]
    # the sensitivities: the slope anchoring base + slope x HDD (base 15 °C) at the observed peak
    hdd_mean_min = 15.0 - v["mean_winter_min_c"]
    implied = (observed - v["base_mcm_per_day"]) / hdd_mean_min
    assert v["implied_slope_mcm_per_day_per_k"] == pytest.approx(implied, abs=1e-3)
    non_power = observed - v["plants_full_output_mcm_per_day"]
    implied_non_power = (non_power - v["base_mcm_per_day"]) / hdd_mean_min
    assert v["implied_non_power_slope_mcm_per_day_per_k"] == pytest.approx(
        implied_non_power, abs=1e-3
    )
    for slope_key, dmax_key in [
        ("implied_slope_mcm_per_day_per_k", "implied_slope_dmax_1_in_20_mcm_per_day"),
        (
            "implied_non_power_slope_mcm_per_day_per_k",
            "implied_non_power_slope_dmax_1_in_20_mcm_per_day",
        ),
        ("noon_slope_mcm_per_day_per_k", "noon_slope_dmax_1_in_20_mcm_per_day"),
    ]:
        assert v[dmax_key] == pytest.approx(observed + v[slope_key] * gap_k, abs=0.01)
    # the noon slope: a mean winter's noon HDD sum carries the non-power annual total
    days = 365.25
    noon = (v["annual_non_power_mcm"] - v["base_mcm_per_day"] * days) / v["mean_winter_hdd"]
    assert v["noon_slope_mcm_per_day_per_k"] == pytest.approx(noon, rel=1e-3)


def test_serbia_2025_ships_the_anchored_dmax_and_the_observed_peak(script) -> None:
    """The build reads D_max from the CSV and keeps the observed peak (plants included, so the
    1-in-20 D_max does not add them again)."""
    from powerpact.gas.common import observed_peak_day_mcm, peak_day_demand_mcm
    from powerpact.system import load

    v = _figures(script)
    system = load(script.SERBIA)
    assert system.settings.gas.peak_day_basis == "1-in-20"
    assert peak_day_demand_mcm(system) == (v["dmax_1_in_20_mcm_per_day"], "settings (1-in-20)")
    assert observed_peak_day_mcm(system) == v["observed_peak_mcm_per_day"]
