"""Figures of a bill distribution and the fixed-price contract hedge."""

from __future__ import annotations

import numpy as np

TAIL = 0.95  # the conditional value at risk is the mean of the costliest 5 % of years


def cvar(values: np.ndarray, level: float = TAIL) -> float:
    """Mean of the values at or above the `level` quantile (the costly tail of a bill)."""
    values = np.sort(np.asarray(values, dtype=float))
    # Rounded first: 200 × (1 − 0.95) is 10.000000000000009 in floating point, not 10.
    tail = max(int(np.ceil(round(len(values) * (1.0 - level), 9))), 1)
    return float(values[-tail:].mean())


def with_fixed_price(
    bill_eur: np.ndarray,
    gas_eur_per_mwh_th: np.ndarray,
    volume_mwh_th: np.ndarray | float,
    contract_eur_per_mwh_th: float,
) -> np.ndarray:
    """The bill when `volume_mwh_th` of the gas bought at each path's spot (or spot-indexed)
    price is bought at a fixed contract price instead."""
    return bill_eur - np.asarray(volume_mwh_th) * (gas_eur_per_mwh_th - contract_eur_per_mwh_th)
