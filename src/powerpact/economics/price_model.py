"""The price model of the volatility study: correlated gas, carbon and neighbour-power factors,
calibrated on annual means of TTF, EU ETS and a neighbour power price (docs/volatility.md).

The model is the appraisal's (`risk.price_multipliers`, one definition): mean-reverting lognormal
factors whose mean multiplier is 1 in every year. Only the parameters differ: the appraisal's are
judgement-based, these are fitted by `scripts/derive_price_model.py` and shipped in
`data/derived/price_model.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import pandas as pd

from powerpact.economics.options import RiskOptions
from powerpact.economics.risk import price_multipliers

PARAMETERS_FILE = "derived/price_model.csv"
FACTORS = ("gas", "co2", "power")
_MODEL_KEYS = (
    "gas_volatility",
    "co2_volatility",
    "power_volatility",
    "persistence",
    "corr_gas_co2",
    "corr_gas_power",
    "corr_co2_power",
)


@lru_cache(maxsize=1)
def calibrated_parameters() -> dict[str, float]:
    """Every shipped parameter, by name (model and stress multipliers)."""
    path = files("powerpact.data").joinpath(PARAMETERS_FILE)
    with path.open() as handle:
        frame = pd.read_csv(handle, comment="#")
    return {str(k): float(v) for k, v in zip(frame["parameter"], frame["value"], strict=True)}


def calibrated_options(paths: int, seed: int) -> RiskOptions:
    """The appraisal's risk options with the calibrated volatilities, persistence and
    correlations."""
    params = calibrated_parameters()
    return RiskOptions(paths=paths, seed=seed, **{k: params[k] for k in _MODEL_KEYS})


@dataclass(frozen=True)
class PricePaths:
    """Multipliers of the system's base prices, one row per path: gas, carbon, neighbour power."""

    gas: np.ndarray
    co2: np.ndarray
    power: np.ndarray

    def stacked(self) -> np.ndarray:
        """paths × 3 (gas, co2, power)."""
        return np.column_stack([self.gas, self.co2, self.power])


def draw(paths: int, seed: int, horizon_years: int = 1) -> PricePaths:
    """`paths` correlated draws of the three multipliers `horizon_years` ahead of the base year
    (1: next year's prices as seen from the base year's)."""
    multipliers = price_multipliers(calibrated_options(paths, seed), horizon_years)[:, -1]
    return PricePaths(*(multipliers[:, i].copy() for i in range(len(FACTORS))))


def stress_2022() -> tuple[float, float, float]:
    """Gas, carbon and neighbour-power multipliers of a 2022-like year: each factor's 2022
    annual mean over its latest annual mean."""
    params = calibrated_parameters()
    return params["stress_2022_gas"], params["stress_2022_co2"], params["stress_2022_power"]
