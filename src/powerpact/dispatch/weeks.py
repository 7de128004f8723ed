"""The year split into weeks solved independently and in parallel, as Antares and ENTSO-E's ERAA
models run it (`DispatchOptions(horizon="weeks")`).

What couples the weeks is allocated first by a cheap pass over the whole horizon: the same LP at
reduced time resolution (`coarse.py`: hours summed into blocks within each day, `plan_block_h`).
Each week then gets from that plan

- its reservoir plants' budget: the plan's output in each part of a calendar month the week holds
  (so months' budgets still hold over the year);
- its limited fuels' quantities: the plan's use over the week; its gas contracts': the plan's
  intake plus a share of what the plan left of the maximum at most, the week's part of a
  take-or-pay minimum at least (`_contracts`);
- the storage state of charge and gas storage level at its start and end: the plan's levels at
  the week boundaries, so the stitched trajectories are continuous.

The stitched solution is therefore feasible for the whole-horizon LP and costs at least its
optimum; what is lost is perfect foresight across weeks beyond what the coarse plan sees (how to
shift hydro energy, storage and fuel between weeks is decided at block resolution). The weeks
share no variable, so they run in threads: HiGHS releases the GIL while it solves.
"""

from __future__ import annotations

import dataclasses
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from powerpact.dispatch.coarse import coarse
from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.model import build, supplied_gas_rows
from powerpact.dispatch.readback import DAILY, HOURLY, Run, read_values, result
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import DispatchOptions, Solution, solve
from powerpact.system import System

# The first pass takes the finest blocks (hours dividing a day) whose LP has at most
# PLAN_COLUMNS hourly-block columns: 6 h on see-2025, 2 h on serbia-2025. Coarser blocks average
# away the hourly price swings the allocation should follow, and the gap to the year's optimum
# grows (benchmarks/dispatch_regional.md, measured by `dispatch_regional.py --gap-by-block`).
PLAN_COLUMNS = 300_000
BLOCK_CHOICES_H = (1, 2, 3, 4, 6, 8, 12, 24)
WEEK_DAYS = 7
# Calendar months a week may touch: two, as the last week (up to 2 × WEEK_DAYS − 1 days) is
# shorter than the shortest month.
WEEK_MONTHS = 2
# Weeks solved one after the other, each from the optimal basis of the one before (about 4×
# fewer simplex iterations than from scratch); chains run in parallel. A fixed chain length
# keeps the result independent of the number of cores.
CHAIN_WEEKS = 13


@dataclass(frozen=True)
class Span:
    """One week: hours begin..end − 1 and UTC days first_day..last_day − 1 of the horizon."""

    begin: int
    end: int
    first_day: int
    last_day: int


def spans(day_of_hour: np.ndarray, week_days: int = WEEK_DAYS) -> list[Span]:
    """Whole UTC days in groups of `week_days`; a remainder shorter than that joins the last."""
    n_days = int(day_of_hour[-1]) + 1
    n_weeks = max(n_days // week_days, 1)
    firsts = [w * week_days for w in range(n_weeks)] + [n_days]
    hours = np.searchsorted(day_of_hour, firsts)
    return [
        Span(int(hours[w]), int(hours[w + 1]), firsts[w], firsts[w + 1]) for w in range(n_weeks)
    ]


@dataclass(frozen=True)
class Plan:
    """The first pass's solution, in blocks (hourly blocks) and days (daily blocks)."""

    values: dict[str, np.ndarray]
    starts: np.ndarray  # first hour of each block


def plan_block_h(inp: DispatchInputs) -> int:
    """Hours per block of the first pass (see PLAN_COLUMNS)."""
    n_hours, n_zones = inp.demand_mw.shape
    per_hour = (
        inp.gen_upper_mw.shape[1]
        + 3 * inp.sto_charge_mw.shape[1]
        + 2 * inp.link_forward_mw.shape[1]
        + 2 * n_zones
    )
    fitting = [h for h in BLOCK_CHOICES_H if per_hour * n_hours / h <= PLAN_COLUMNS]
    return fitting[0] if fitting else BLOCK_CHOICES_H[-1]


def plan(inp: DispatchInputs, options: DispatchOptions, warm: Any = None) -> tuple[Plan, Solution]:
    """The first pass over the whole horizon, in blocks of `plan_block_h` hours; its simplex
    starts from `warm`, the basis of the same plan at other prices, when given."""
    blocks_inp, starts = coarse(inp, plan_block_h(inp))
    lp, blocks = build(blocks_inp)
    solution = solve(lp, options, warm=warm, keep_basis=True)
    return Plan(read_values(blocks, solution), starts), solution


def _clip(level: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """A plan level within the store's range (the solver's tolerance may leave it just outside)."""
    return np.clip(level, 0.0, upper)


def week_inputs(full: DispatchInputs, first: Plan, span: Span) -> DispatchInputs:
    """`full` on the week's hours and days, with the plan's allocations in place of the
    horizon's budgets and the plan's levels at both ends."""
    hours, days = slice(span.begin, span.end), slice(span.first_day, span.last_day)
    block_begin, block_end = (int(b) for b in np.searchsorted(first.starts, [span.begin, span.end]))
    gen = first.values["gen"][block_begin:block_end]
    lower = full.gen_lower_mw[hours]
    return dataclasses.replace(
        full,
        gen_upper_mw=full.gen_upper_mw[hours],
        gen_lower_mw=lower,
        demand_mw=full.demand_mw[hours],
        spill_upper_mw=full.spill_upper_mw[hours],
        sto_discharge_mw=full.sto_discharge_mw[hours],
        sto_charge_mw=full.sto_charge_mw[hours],
        link_forward_mw=full.link_forward_mw[hours],
        link_reverse_mw=full.link_reverse_mw[hours],
        path_upper_mw=full.path_upper_mw[hours],
        link_export_price=full.link_export_price[hours],
        # The plan met every must-run level; max() only absorbs its tolerance.
        fuel_limit_mwh_th=np.maximum(_fuel_burn(full, gen), _fuel_burn(full, lower)),
        day_of_hour=full.day_of_hour[hours] - span.first_day,
        hours_per_day=full.hours_per_day[days],
        gas_demand_mwh=full.gas_demand_mwh[days],
        entry_capacity_mwh=full.entry_capacity_mwh[days],
        contract_daily_max_mwh=full.contract_daily_max_mwh[days],
        gstore_withdrawal_mwh=full.gstore_withdrawal_mwh[days],
        gstore_injection_mwh=full.gstore_injection_mwh[days],
        **_hydro(full, first.starts[block_begin:block_end], span, gen),
        **_contracts(full, first, span),
        **_levels(full, first, span, block_begin, block_end),
    )


def _hydro(full: DispatchInputs, starts: np.ndarray, span: Span, gen: np.ndarray) -> dict[str, Any]:
    """One budget per reservoir plant and part of a calendar month in the week: the plan's output
    over that part (at least the plant's must-run output there). Every week has rows for
    `WEEK_MONTHS` months (a week within one month has an empty second row), so that weeks of one
    length have LPs of one shape and each can start from the basis of the one before."""
    first_month = int(full.month_of_hour[span.begin])
    month_of_hour = full.month_of_hour[span.begin : span.end] - first_month
    n_months = WEEK_MONTHS
    block_month = month_of_hour[starts - span.begin]
    budget = np.zeros((n_months, len(full.reservoir)))
    np.add.at(budget, block_month, gen[:, full.reservoir])
    must_run = np.zeros_like(budget)
    np.add.at(must_run, month_of_hour, full.gen_lower_mw[span.begin : span.end, full.reservoir])
    return {
        "month_of_hour": month_of_hour,
        "months": pd.period_range(full.months[first_month], periods=n_months, freq="M"),
        "hydro_budget_mwh": np.maximum(budget, must_run),
    }


def _contracts(full: DispatchInputs, first: Plan, span: Span) -> dict[str, Any]:
    """Each contract's quantities over the week, adding up over the weeks to the horizon's.

    At most the plan's intake over the week plus the week's share (by days) of what the plan
    left of the maximum. At least the week's part of a take-or-pay minimum: the part the plan
    met with gas, in proportion to the week's intake, plus the week's share of the gas the plan
    paid for and left. The plan's own intake is neither forced on a week nor a cap: a week
    held to it exactly would have gas to spare, or short, on days its hours burn other than the
    plan's blocks did, and its gas price would be the value of gas in power on those days
    (below or above every price gas is bought at) rather than a contract's or spot price."""
    intake = first.values["contract"]
    unused = first.values["unused"]
    total = intake.sum(axis=0)
    required = np.minimum(np.maximum(full.contract_min_mwh - unused, 0.0), total)
    met = np.divide(required, total, out=np.zeros_like(total), where=total > 0)
    left = np.maximum(full.contract_max_mwh - total, 0.0)
    taken = intake[span.first_day : span.last_day].sum(axis=0)
    share = (span.last_day - span.first_day) / full.n_days
    return {
        "contract_max_mwh": taken + left * share,
        "contract_min_mwh": taken * met + unused * share,
    }


def _levels(
    full: DispatchInputs, first: Plan, span: Span, block_begin: int, block_end: int
) -> dict[str, Any]:
    """Storage and gas storage levels at the week's ends: the plan's at its boundaries, the
    horizon's own at the horizon's ends."""
    soc, level = first.values["soc"], first.values["level"]
    sto_final = full.sto_initial_mwh if full.sto_final_mwh is None else full.sto_final_mwh
    gstore_final = (
        full.gstore_initial_mwh if full.gstore_final_mwh is None else full.gstore_final_mwh
    )
    last = span.last_day == full.n_days
    return {
        "sto_initial_mwh": full.sto_initial_mwh
        if span.begin == 0
        else _clip(soc[block_begin - 1], full.sto_energy_mwh),
        "sto_final_mwh": sto_final if last else _clip(soc[block_end - 1], full.sto_energy_mwh),
        "gstore_initial_mwh": full.gstore_initial_mwh
        if span.first_day == 0
        else _clip(level[span.first_day - 1], full.gstore_volume_mwh),
        "gstore_final_mwh": gstore_final
        if last
        else _clip(level[span.last_day - 1], full.gstore_volume_mwh),
    }


def _fuel_burn(inp: DispatchInputs, gen: np.ndarray) -> np.ndarray:
    burn = gen[:, inp.fuel_units].sum(axis=0) * inp.fuel_mwh_th_per_mwh
    return np.bincount(inp.fuel_of_unit, weights=burn, minlength=len(inp.limited_fuels))


@dataclass(frozen=True)
class Basis:
    """HiGHS' optimal basis of an LP and the LP's (columns, rows)."""

    basis: Any
    shape: tuple[int, int]


@dataclass(frozen=True)
class Solved:
    """One week's solution values, by block as `read_values` gives them."""

    values: dict[str, np.ndarray]
    solver: str
    solver_version: str
    basis: Basis | None = None


@dataclass(frozen=True)
class Bases:
    """The optimal bases of a weeks dispatch: its plan's and each week's. The same system at
    other prices has LPs of the same shapes, and its simplex solves start from these
    (`dispatch.run_family`)."""

    plan: Any
    weeks: tuple[Basis | None, ...]


def _solve_chain(inputs: list[DispatchInputs], options: DispatchOptions) -> list[Solved]:
    """Weeks in order, each warm-started from the previous one's basis when their LPs have the
    same shape."""
    solved: list[Solved] = []
    previous: Solved | None = None
    for inp in inputs:
        previous = _solve_week(inp, options, previous.basis if previous else None)
        solved.append(previous)
    return solved


def _solve_week(inp: DispatchInputs, options: DispatchOptions, warm: Basis | None) -> Solved:
    """One week, from `warm` when it is the basis of an LP of the same shape."""
    lp, blocks = build(inp)
    shape = (lp.n_cols, lp.n_rows)
    start = warm.basis if warm is not None and warm.shape == shape else None
    solution = solve(
        lp, options, warm=start, keep_basis=True, increment_rows=supplied_gas_rows(inp, blocks)
    )
    return Solved(
        read_values(blocks, solution),
        solution.solver,
        solution.solver_version,
        Basis(solution.basis, shape),
    )


def workers() -> int:
    """Cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Stitched:
    """The weeks' solutions end to end, as `read_values` gives a whole-horizon solution."""

    values: dict[str, np.ndarray]
    solver: str
    solver_version: str
    solve_time_s: float  # wall time of the plan's solve and of the weeks' phase
    bases: Bases | None = None


def solve_weeks(
    full: DispatchInputs, options: DispatchOptions, warm: Bases | None = None
) -> Stitched:
    """The plan, then the weeks: chained within `CHAIN_WEEKS`, or with `warm` (the bases of the
    same system at other prices) each week from its own week's basis there, which is nearer."""
    first, first_solution = plan(full, options, warm.plan if warm else None)
    weeks = spans(full.day_of_hour)
    inputs = [week_inputs(full, first, span) for span in weeks]
    parallel = time.perf_counter()
    if warm is not None and len(warm.weeks) == len(inputs):
        with ThreadPoolExecutor(workers()) as pool:
            starts = warm.weeks
            solved = list(
                pool.map(lambda k: _solve_week(inputs[k], options, starts[k]), range(len(inputs)))
            )
    else:
        chains = [inputs[c : c + CHAIN_WEEKS] for c in range(0, len(inputs), CHAIN_WEEKS)]
        with ThreadPoolExecutor(min(workers(), len(chains))) as pool:
            solved = [
                week
                for chain in pool.map(lambda c: _solve_chain(c, options), chains)
                for week in chain
            ]
    names = (*HOURLY, "price", *DAILY, "gas_price")
    values = {name: np.concatenate([week.values[name] for week in solved]) for name in names}
    values["unused"] = np.sum([week.values["unused"] for week in solved], axis=0)
    return Stitched(
        values,
        f"{solved[0].solver}; {len(weeks)} weeks after a {plan_block_h(full)} h-block plan",
        solved[0].solver_version,
        # The weeks' builds overlap their solves; they are counted in the phase.
        first_solution.solve_time_s + time.perf_counter() - parallel,
        Bases(first_solution.basis, tuple(week.basis for week in solved)),
    )


def run_weeks(system: System, options: DispatchOptions) -> DispatchResult:
    return run_prepared_weeks(prepare(system), options)[0]


def run_prepared_weeks(
    full: DispatchInputs, options: DispatchOptions, warm: Bases | None = None
) -> tuple[DispatchResult, Bases | None]:
    """The weeks dispatch of `full`, from `warm` when given; returns its bases too."""
    started = time.perf_counter()
    weeks = solve_weeks(full, options, warm)
    elapsed = time.perf_counter() - started
    return result(
        full,
        weeks.values,
        Run(
            objective_eur=None,
            solver=weeks.solver,
            solver_version=weeks.solver_version,
            solve_time_s=weeks.solve_time_s,
            build_time_s=elapsed - weeks.solve_time_s,
        ),
    ), weeks.bases
