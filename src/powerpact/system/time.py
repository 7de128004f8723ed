"""Time conventions shared by every engine and report: the horizon as a share of its study year.

The study year is `settings.year` (the year the scenario describes, e.g. 2032); the weather year is
the calendar of the timestamps (e.g. 2025 weather replayed for 2032). Annual quantities (contract
volumes, fuel limits, hydro budgets, outage rates, costs per year) are prorated to the horizon and
annualised from it on the study year: 8,784 hours and 366 days in a leap year. Calendar months
(monthly hydro energy) are those of the timestamps, the weather year. Every per-year and per-day
conversion goes through this module, so engines and reports agree to the last digit.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from powerpact.system.model import System

HOURS_PER_DAY = 24


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def hours_in_year(year: int) -> int:
    return days_in_year(year) * HOURS_PER_DAY


def days_of_study_year(system: System) -> float:
    """Days of the study year: the divisor of an annual quantity spread evenly per day."""
    return float(days_in_year(system.year))


def hours_per_year(system: System) -> float:
    """Hours of the study year (the denominator of every annualised hourly figure)."""
    return float(hours_in_year(system.year))


def horizon_share_of_year(system: System) -> float:
    """The horizon's hours over the hours of its study year."""
    return system.n_hours / hours_per_year(system)


def per_year(system: System, horizon_total: float) -> float:
    """A total over the horizon's hours, annualised to the study year."""
    return horizon_total / horizon_share_of_year(system)


def per_year_of_days(system: System, days_total: float) -> float:
    """A total over the horizon's gas days (`system.days`), annualised to the study year."""
    return days_total * days_of_study_year(system) / len(system.days)


def hours_in_months(months: pd.PeriodIndex) -> np.ndarray:
    """Hours of each calendar month of the timestamps (monthly budgets are for whole months)."""
    return np.asarray(months.days_in_month, dtype=float) * HOURS_PER_DAY
