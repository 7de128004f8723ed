"""Unit commitment on the region (see-2025, 11 zones): powerpact's MILP and LP relaxation, whole
period and rolling 48/24 h windows, against PyPSA 1.4 on the same exported committable network,
whole period (`n.optimize`) and rolling (`n.optimize.optimize_with_rolling_horizon`, 48 h
windows overlapping 24 h).

The region's units get the commitment data of `src/powerpact/data/derived/commitment.csv`
(`with_commitment`: Serbia's 20 thermal rows; the other zones' units have none and keep their
always-on minimum). Periods: a week (1-7 July) and a month (April). Every run is timed end to end
in this process (build + solve; PyPSA: export + model creation + solve). MIP gap 0.005 for both.

powerpact's MILP is run twice: as shipped (`relaxation_first=True`: the LP relaxation, its
commitment rounded, branch and bound only when that is not within the gap) and with HiGHS' branch
and bound from scratch (`relaxation_first=False`, the method before).

`--year` runs powerpact alone on the whole year (rolling MILP and its relaxation): PyPSA is not
run on a year here (its rolling month, times 12, is the estimate benchmarks/commitment.md gives).

    .venv/bin/python benchmarks/commitment_regional.py [--week-only | --year]
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

import powerpact
from powerpact.dispatch import DispatchOptions, DispatchResult, run
from powerpact.dispatch.commitment import with_commitment
from powerpact.system import System, window

GAP = 0.005
WINDOW_H, KEEP_H = 48, 24
PERIODS = {"week 1-7 Jul": (181, 7), "month Apr": (90, 30)}


def figures(result: DispatchResult, wall_s: float) -> dict[str, object]:
    return {
        "wall_s": round(wall_s, 2),
        "cost_eur": round(result.total_cost_eur),
        # The cost before export revenue to the edge markets, as in benchmarks/commitment.md.
        "gross_cost_eur": round(
            result.total_cost_eur + result.cost_breakdown_eur["export_revenue_eur"]
        ),
        "start_cost_eur": round(result.start_cost_eur),
        "starts": round(float(result.starts_by_unit.sum()), 1),
        "mip_gap": result.mip_gap,
    }


def ours(system: System, options: DispatchOptions) -> dict[str, object]:
    started = time.perf_counter()
    result = run(system, options)
    return figures(result, time.perf_counter() - started)


def pypsa(system: System, rolling: bool, prorated: bool = False) -> dict[str, object]:
    """PyPSA on the exported network. Rolling: each window starts from the status, dispatch and
    storage levels the previous one left (PyPSA carries them); the cost is the stitched run's
    operating cost (`statistics.opex`), since `n.objective` is the last window's only.

    PyPSA applies an energy limit (`e_sum_max`: the reservoirs' monthly budgets, a mine's fuel)
    to each window whole, so every window may spend the whole period's budget. `prorated` scales
    them to a window's share of the period first, closer to powerpact's windows, which get the
    first pass's use over the window."""
    from powerpact.interop.pypsa_export import to_pypsa

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    network = to_pypsa(system, commitment=True)
    if prorated:
        network.generators["e_sum_max"] *= WINDOW_H / system.n_hours
    solve = {
        "solver_name": "highs",
        "include_objective_constant": False,
        "log_to_console": False,
        "mip_rel_gap": GAP,
        "progress": False,
    }
    if rolling:
        network.optimize.optimize_with_rolling_horizon(
            horizon=WINDOW_H, overlap=WINDOW_H - KEEP_H, **solve
        )
    else:
        status = network.optimize(**solve)
        assert status == ("ok", "optimal"), status
    wall_s = time.perf_counter() - started
    opex = network.statistics.opex(groupby=False, drop_zero=False, round=False)
    out: dict[str, object] = {"wall_s": round(wall_s, 2), "cost_eur": round(float(opex.sum()))}
    if not rolling:
        out["objective_eur"] = round(float(network.objective))
    out["starts"] = round(
        float(network.generators_t.start_up.sum().sum() + network.links_t.start_up.sum().sum()), 1
    )
    return out


def main() -> None:
    print(f"load average at start: {os.getloadavg()}", flush=True)
    base = with_commitment(powerpact.load("see-2025"))
    whole, rolling = {"window_h": None}, {"window_h": WINDOW_H, "keep_h": KEEP_H}
    runs: dict[str, DispatchOptions] = {
        "LP relaxation, whole period": DispatchOptions(commitment="lp", **whole),
        "MILP, whole period": DispatchOptions(commitment="milp", mip_gap=GAP, **whole),
        "MILP, whole period, branch and bound from scratch": DispatchOptions(
            commitment="milp", mip_gap=GAP, relaxation_first=False, **whole
        ),
        "LP relaxation, rolling 48/24 h": DispatchOptions(commitment="lp", **rolling),
        "MILP, rolling 48/24 h": DispatchOptions(commitment="milp", mip_gap=GAP, **rolling),
        "MILP, rolling 48/24 h, branch and bound from scratch": DispatchOptions(
            commitment="milp", mip_gap=GAP, relaxation_first=False, **rolling
        ),
    }
    if "--year" in sys.argv:
        for name in ("LP relaxation, rolling 48/24 h", "MILP, rolling 48/24 h"):
            print(json.dumps({"year": {name: ours(base, runs[name])}}), flush=True)
        print(f"load average at end: {os.getloadavg()}", flush=True)
        return
    periods = list(PERIODS.items())[:1] if "--week-only" in sys.argv else PERIODS.items()
    for label, (first_day, days) in periods:
        system = window(base, first_day * 24, (first_day + days) * 24)
        out: dict[str, object] = {}
        for name, options in runs.items():
            out[name] = ours(system, options)
            print(json.dumps({label: {name: out[name]}}), flush=True)
        out["PyPSA MILP, whole period"] = pypsa(system, rolling=False)
        print(json.dumps({label: {"PyPSA whole": out["PyPSA MILP, whole period"]}}), flush=True)
        # PyPSA's own rolling form gives each window the whole period's budgets; on the month
        # only the prorated form is run (the closer formulation; each takes minutes).
        if label.startswith("week"):
            out["PyPSA MILP, rolling 48/24 h"] = pypsa(system, rolling=True)
        out["PyPSA MILP, rolling 48/24 h, budgets prorated"] = pypsa(
            system, rolling=True, prorated=True
        )
        print(json.dumps({label: out}, indent=1), flush=True)
    print(f"load average at end: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
