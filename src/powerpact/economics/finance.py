"""Yearly cash flows of a plant and the discounted measures built on them.

Year 0 is the first construction year. The overnight investment is spread evenly over the
construction years 0 … c−1, and the plant operates in years c … c+L−1 (L = lifetime). With one
construction year this is the textbook case: investment at t = 0, operation in years 1 … L.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf


@dataclass(frozen=True)
class CashFlows:
    """EUR per year (and MWh per year) by year index t = 0 … c+L−1, all non-negative."""

    investment_eur: np.ndarray
    fixed_om_eur: np.ndarray
    variable_om_eur: np.ndarray
    fuel_eur: np.ndarray
    co2_eur: np.ndarray
    energy_mwh: np.ndarray
    revenue_eur: np.ndarray

    @property
    def cost_eur(self) -> np.ndarray:
        return (
            self.investment_eur
            + self.fixed_om_eur
            + self.variable_om_eur
            + self.fuel_eur
            + (self.co2_eur)
        )

    @property
    def net_eur(self) -> np.ndarray:
        return self.revenue_eur - self.cost_eur


def discount_factors(rate: float, years: int) -> np.ndarray:
    """(1 + r)^−t for t = 0 … years−1."""
    return (1.0 + rate) ** -np.arange(years, dtype=float)


def lcoe_eur_per_mwh(flows: CashFlows, rate: float) -> float:
    """IEA/NEA Projected Costs: Σ (I + O&M + F + C)(1+r)^−t / Σ E (1+r)^−t; inf without output."""
    factors = discount_factors(rate, len(flows.energy_mwh))
    energy = float(flows.energy_mwh @ factors)
    cost = float(flows.cost_eur @ factors)
    if energy <= 0.0:
        return float("inf")
    return cost / energy


def npv_eur(flows: CashFlows, rate: float) -> float:
    """Net present value at the start of construction (numpy-financial: first value at t = 0)."""
    return float(npf.npv(rate, flows.net_eur))


def irr(flows: CashFlows) -> float:
    """Internal rate of return; NaN when the net flows never change sign (no IRR exists)."""
    net = flows.net_eur
    if not (np.any(net < 0) and np.any(net > 0)):
        return float("nan")
    return float(npf.irr(net))


def payback_years(flows: CashFlows, construction_years: int) -> float:
    """Years of operation until the undiscounted cumulative net cash flow, investment included,
    turns non-negative (linear within the year); inf if it never does."""
    cumulative = np.cumsum(flows.net_eur)
    if cumulative[-1] < 0.0:
        return float("inf")
    first = int(np.argmax(cumulative >= 0.0))
    if first < construction_years:  # investment covered before operation: only without capex
        return 0.0
    before = cumulative[first - 1] if first > 0 else 0.0
    fraction = -before / flows.net_eur[first] if flows.net_eur[first] > 0 else 0.0
    return float(first - construction_years + fraction)


def build_cash_flows(
    investment_eur: float,
    construction_years: int,
    lifetime_years: int,
    fixed_om_eur_per_year: float,
    variable_om_eur_per_year: float | np.ndarray,
    fuel_eur_per_year: float | np.ndarray,
    co2_eur_per_year: float | np.ndarray,
    energy_mwh_per_year: float | np.ndarray,
    revenue_eur_per_year: float | np.ndarray,
) -> CashFlows:
    """Lay out yearly flows: investment in the construction years, operating values (a number, or
    one value per operating year) in the lifetime years."""
    years = construction_years + lifetime_years
    building = np.zeros(years)
    building[:construction_years] = investment_eur / construction_years
    operating = slice(construction_years, years)

    def spread(value: float | np.ndarray) -> np.ndarray:
        out = np.zeros(years)
        out[operating] = value
        return out

    return CashFlows(
        investment_eur=building,
        fixed_om_eur=spread(fixed_om_eur_per_year),
        variable_om_eur=spread(variable_om_eur_per_year),
        fuel_eur=spread(fuel_eur_per_year),
        co2_eur=spread(co2_eur_per_year),
        energy_mwh=spread(energy_mwh_per_year),
        revenue_eur=spread(revenue_eur_per_year),
    )
