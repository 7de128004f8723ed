"""Time conventions shared by every engine: the horizon as a share of its study year.

Annual quantities (contract volumes, fuel limits, hydro budgets, costs per year) are prorated by
`horizon_share_of_year` and annualised by `per_year`, both on the hours of the study year (8,784 in
a leap year), so every engine and report converts the same way.
"""

from __future__ import annotations

import calendar

from powerpact.system.model import System


def hours_in_year(year: int) -> int:
    return (366 if calendar.isleap(year) else 365) * 24


def horizon_share_of_year(system: System) -> float:
    """The horizon's hours over the hours of its study year."""
    return system.n_hours / hours_in_year(system.year)


def hours_per_year(system: System) -> float:
    """Hours of the study year (the denominator of every annualised figure)."""
    return float(hours_in_year(system.year))


def per_year(system: System, horizon_total: float) -> float:
    """A total over the horizon, annualised to the study year."""
    return horizon_total / horizon_share_of_year(system)
