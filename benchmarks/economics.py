"""Time the price-risk Monte Carlo (fast re-dispatch approximation, 500 paths × 25 years × 8,760 h)
against one full dispatch of the same system (the peer: the approximation replaces 12,500 of them).

    .venv/bin/python benchmarks/economics.py
"""

from __future__ import annotations

import time

import powerpact
from powerpact.dispatch import run
from powerpact.economics import AppraisalOptions, appraise
from powerpact.economics.engine import without_plant


def main() -> None:
    system = powerpact.load("nis-ccgt")
    start = time.perf_counter()
    dispatch = run(system)
    dispatch_s = time.perf_counter() - start
    baseline = run(without_plant(system, "nis-ccgt"))
    options = AppraisalOptions()
    start = time.perf_counter()
    appraise(system, "nis-ccgt", dispatch, options, dispatch_without=baseline)
    appraisal_s = time.perf_counter() - start
    path_years = options.risk.paths * 25
    print(f"full dispatch, 8,760 h:                 {dispatch_s:8.2f} s")
    print(f"appraisal + {path_years} path-years (fast):   {appraisal_s:8.2f} s")
    print(f"per path-year, fast approximation:      {appraisal_s / path_years * 1e3:8.3f} ms")
    print(f"speed-up over a dispatch per path-year: {dispatch_s * path_years / appraisal_s:8.0f} x")


if __name__ == "__main__":
    main()
