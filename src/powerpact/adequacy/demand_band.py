"""Demand forecast band: the annual level of demand drawn per sample-year.

A study of a future year rests on a demand forecast whose error the weather years do not
cover (economic growth, electrification, efficiency). With a band σ > 0, sample k's demand is
the climate year's hourly demand × (1 + e_k) in every zone and hour, e_k ~ Normal(0, σ) drawn
independently of the climate year and the outages (a draw of its own random stream keyed by
the seed and the sample, the kernels' SplitMix64), so a run stays reproducible by seed and
sample k is the same whatever the chunking or thread count. Must-take output (wind, solar,
run-of-river) is not scaled: only demand is forecast.

σ = 0 (the default) leaves demand as given and reproduces the runs without a band exactly: a
backcast or a current year has no forecast error. docs/adequacy.md ("Demand forecast band")
says what value to use for a future year and how much a result depends on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ndtri

from powerpact.adequacy.inputs import stream_key
from powerpact.system import InputError

MAX_BAND = 0.2  # a forecast error of 20 % (1 σ) is no longer a forecast: refuse beyond it
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_STREAM = stream_key("demand-forecast-band")


def check_band(band: float) -> float:
    """The band as a float, refused (one line) outside 0 ≤ σ ≤ MAX_BAND."""
    value = float(band)
    if not 0.0 <= value <= MAX_BAND:
        raise InputError(
            "demand_band",
            f"{value} is outside 0–{MAX_BAND} (a standard deviation as a fraction of demand)",
            field="demand_band",
        )
    return value


def _mix(z: Any) -> Any:  # uint64 scalars and arrays alike
    z = (z ^ (z >> np.uint64(30))) * _MIX_1
    z = (z ^ (z >> np.uint64(27))) * _MIX_2
    return z ^ (z >> np.uint64(31))


def demand_shifts(seed_key: np.uint64, first: int, count: int, band: float) -> np.ndarray:
    """e_k of samples first .. first + count − 1 (no entries when band is 0, which the kernels
    read as "no band"); demand is floored at zero by the kernels (1 + e_k ≥ 0)."""
    if band == 0.0:
        return np.zeros(0)
    with np.errstate(over="ignore"):  # SplitMix64 arithmetic wraps modulo 2**64 by design
        samples = np.arange(first, first + count, dtype=np.uint64)
        start = _mix(_mix(np.uint64(seed_key) ^ np.uint64(_STREAM)) + samples) + _GOLDEN
        uniform = (_mix(start) >> np.uint64(11)).astype(float) * 2.0**-53
    # (0, 1): a uniform of exactly 0 would give −∞
    return band * ndtri(np.clip(uniform, 2.0**-54, 1.0 - 2.0**-54))
