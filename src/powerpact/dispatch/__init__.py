"""Hourly least-cost dispatch of power coupled with daily gas supply, one LP solved by HiGHS."""

from powerpact.dispatch.engine import run
from powerpact.dispatch.family import family_results, run_family
from powerpact.dispatch.result import DispatchFigures, DispatchResult, DispatchSummary, ZoneFigures
from powerpact.dispatch.solve import DispatchOptions, SolveError

__all__ = [
    "DispatchFigures",
    "DispatchOptions",
    "DispatchResult",
    "DispatchSummary",
    "SolveError",
    "ZoneFigures",
    "family_results",
    "run",
    "run_family",
]
