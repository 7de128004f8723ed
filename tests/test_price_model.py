"""The calibrated price model: the shipped parameters are what the script derives from the
figures, and the draws have the calibrated spread and correlation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from powerpact.economics.price_model import calibrated_parameters, draw, stress_2022

ROOT = Path(__file__).resolve().parents[1]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "derive_price_model", ROOT / "scripts" / "derive_price_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_parameters_are_the_scripts_fit() -> None:
    script = _script()
    fitted = script.fit(script.annual_means(pd.read_csv(script.FIGURES)))
    shipped = calibrated_parameters()
    assert set(fitted) == set(shipped)
    for name, value in fitted.items():
        assert shipped[name] == pytest.approx(value, rel=1e-5), name


def test_fit_by_hand_on_a_series_that_doubles_and_halves() -> None:
    """Demeaned logs alternate ±ln2/2, so the pooled persistence (negative) is clipped at 0, σ
    is the sample std of those deviations, and the factors, moving together, correlate at 1."""
    script = _script()
    years = list(range(2013, 2023))
    values = {
        "gas": [10.0 if y % 2 else 20.0 for y in years],
        "co2": [5.0 if y % 2 else 10.0 for y in years],
        "power": [40.0 if y % 2 else 80.0 for y in years],
    }
    fitted = script.fit(pd.DataFrame(values, index=pd.Index(years, name="year")))
    assert fitted["persistence"] == 0.0
    half = np.log(2.0) / 2
    expected = np.std([half if y % 2 == 0 else -half for y in years[1:]], ddof=1)
    assert fitted["gas_volatility"] == pytest.approx(expected, rel=1e-9)
    assert fitted["corr_gas_power"] == pytest.approx(1.0)
    assert fitted["stress_2022_gas"] == pytest.approx(1.0)  # 2022 is the last year


def test_draws_are_reproducible_and_calibrated() -> None:
    params = calibrated_parameters()
    first, again = draw(20_000, 7), draw(20_000, 7)
    np.testing.assert_array_equal(first.stacked(), again.stacked())
    assert not np.array_equal(first.stacked(), draw(20_000, 8).stacked())
    logs = np.log(first.stacked())
    # One year ahead the log deviation is σ·ε: its spread and correlation are the calibration's.
    sigma = [params["gas_volatility"], params["co2_volatility"], params["power_volatility"]]
    np.testing.assert_allclose(logs.std(axis=0), sigma, rtol=0.03)
    corr = np.corrcoef(logs.T)
    assert corr[0, 2] == pytest.approx(params["corr_gas_power"], abs=0.02)
    assert corr[0, 1] == pytest.approx(params["corr_gas_co2"], abs=0.02)
    # Mean-preserving: every factor's mean multiplier is 1.
    np.testing.assert_allclose(first.stacked().mean(axis=0), 1.0, atol=0.03)


def test_stress_2022_is_the_ratio_of_annual_means() -> None:
    script = _script()
    gas = script.annual_means(pd.read_csv(script.FIGURES))["gas"]
    assert stress_2022()[0] == pytest.approx(gas[2022] / gas.iloc[-1], rel=1e-5)


def test_gas_in_usd_per_mmbtu_is_converted_by_hand() -> None:
    """10 USD/MMBtu at 1.25 USD/EUR is 8 EUR/MMBtu, and an MMBtu is 0.293071 MWh: 27.297
    EUR/MWh. A year with a direct EUR/MWh row keeps it."""
    script = _script()
    rows = [
        ("ttf_usd_per_mmbtu", 2021, 10.0),
        ("usd_per_eur", 2021, 1.25),
        ("ttf", 2022, 36.0),
        ("eua", 2021, 50.0),
        ("eua", 2022, 80.0),
        ("power", 2021, 100.0),
        ("power", 2022, 200.0),
    ]
    figures = pd.DataFrame(rows, columns=["series", "year", "value"])
    gas = script.annual_means(figures)["gas"]
    assert gas[2021] == pytest.approx(27.2971, abs=1e-4)
    assert gas[2022] == 36.0
