"""Dispatch with unit commitment: the whole horizon at once, or rolling windows that see only
`window_h` hours ahead and keep the first `keep_h`.

A rolling horizon has no perfect foresight over the year, but energy that must be spread over
the year needs a guide: a first pass solves today's year-long LP (no commitment) and its
reservoir output, storage state of charge and gas storage level become the targets of each
window. Each window then starts from the state its predecessor left (units online and their recent
starts and stops, output for ramps, state of charge, gas storage level) and must end at the first
pass's levels; reservoir plants may use the first pass's output over the window plus whatever the
kept hours so far left unused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from powerpact.dispatch.commitment import (
    CommitmentData,
    CommitmentState,
    add_commitment,
    commitment_data,
    initial_state,
    state_after,
    with_commitment,
    without_must_run,
)
from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.model import build, supplied_gas_rows
from powerpact.dispatch.readback import DAILY, HOURLY, Run, read_values, result
from powerpact.dispatch.reserves import hold_reserves
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import DispatchOptions, solve
from powerpact.system import InputError, System, window


@dataclass(frozen=True)
class _Solved:
    values: dict[str, np.ndarray]
    online: np.ndarray  # hours × committable rows
    start: np.ndarray
    stop: np.ndarray
    objective_eur: float
    solve_time_s: float
    build_time_s: float
    solver: str
    solver_version: str
    mip_gap: float


def run_committed(system: System, options: DispatchOptions) -> DispatchResult:
    if options.commitment not in ("milp", "lp"):
        raise InputError(
            "dispatch options",
            f"must be 'off', 'milp' or 'lp', got {options.commitment!r}",
            "commitment",
        )
    if options.commitment_data:
        system = with_commitment(system)
    data = commitment_data(system)
    full = prepare(system)
    if options.window_h is None or options.window_h >= system.n_hours:
        solved = _solve(full, data, initial_state(data), options)
        return result(
            full,
            solved.values,
            Run(
                objective_eur=solved.objective_eur,
                solver=solved.solver,
                solver_version=solved.solver_version,
                solve_time_s=solved.solve_time_s,
                build_time_s=solved.build_time_s,
                starts=solved.start,
                committable=data.units,
                start_cost_eur=data.start_cost_eur,
                commitment=options.commitment,
                mip_gap=solved.mip_gap,
            ),
        )
    return _rolling(system, full, data, options)


def _solve(
    inp: DispatchInputs, data: CommitmentData, state: CommitmentState, options: DispatchOptions
) -> _Solved:
    started = time.perf_counter()
    inp = without_must_run(inp, data)
    lp, blocks = build(inp)
    committed = add_commitment(lp, inp, data, blocks.gen, state, options.commitment == "milp")
    if options.reserves:
        blocks = hold_reserves(lp, inp, blocks, (data, committed))
    built = time.perf_counter() - started
    solution = solve(lp, options, increment_rows=supplied_gas_rows(inp, blocks))
    return _Solved(
        values=read_values(blocks, solution),
        online=solution.x[committed.online],
        start=solution.x[committed.start],
        stop=solution.x[committed.stop],
        objective_eur=solution.objective,
        solve_time_s=solution.solve_time_s,
        build_time_s=built + solution.setup_time_s,
        solver=solution.solver,
        solver_version=solution.solver_version,
        mip_gap=solution.mip_gap,
    )


def _rolling(
    system: System, full: DispatchInputs, data: CommitmentData, options: DispatchOptions
) -> DispatchResult:
    window, keep = int(options.window_h or 0), options.keep_h
    first = system.snapshots[0]
    # Kept parts must hold whole UTC days, so that every day's gas balance is solved once.
    if keep <= 0 or keep % 24 or window < keep or first != first.floor("D"):
        raise InputError(
            "dispatch options",
            "a rolling horizon keeps whole UTC days: keep_h must be a positive multiple of 24, "
            f"window_h ≥ keep_h and the horizon must start at 00:00 UTC (keep_h={keep}, "
            f"window_h={window}, first hour {first})",
        )
    started = time.perf_counter()
    lp, blocks = build(full)
    if options.reserves:
        blocks = hold_reserves(lp, full, blocks)
    first_pass = solve(lp, replace(options, commitment="off"))
    plan = read_values(blocks, first_pass)
    solve_time = first_pass.solve_time_s
    build_time = time.perf_counter() - started - solve_time

    state = initial_state(data)
    soc, level = full.sto_initial_mwh, full.gstore_initial_mwh
    # What the kept hours so far left unused of the first pass's reservoir output, limited fuel
    # and contract gas: the next window may use it.
    carry = _Carry(
        hydro=np.zeros(len(full.reservoir)),
        fuel=np.zeros(len(full.limited_fuels)),
        contract=np.zeros(len(full.contract_entry)),
    )
    parts: list[dict[str, np.ndarray]] = []
    starts: list[np.ndarray] = []
    gap = 0.0
    solver, version = "", ""
    begin = 0
    while begin < system.n_hours:
        end = min(begin + window, system.n_hours)
        kept = end - begin if end == system.n_hours else keep
        inp = _window_inputs(system, full, data, plan, (begin, end), (soc, level), carry)
        solved = _solve(inp, data, state, options)
        values = solved.values
        kept_days = int(inp.system.day_of_hour[kept - 1]) + 1
        part = {name: values[name][:kept] for name in (*HOURLY, "price")}
        part.update({name: values[name][:kept_days] for name in (*DAILY, "gas_price")})
        # Take-or-pay over the window is prorated to the window; count the kept share of it.
        part["unused"] = values["unused"] * kept / (end - begin)
        parts.append(part)
        starts.append(solved.start[:kept])
        soc = values["soc"][kept - 1]
        level = values["level"][kept_days - 1]
        day0 = int(system.day_of_hour[begin])
        carry = _Carry(
            hydro=carry.hydro
            + _reservoir_use(full, plan, begin, begin + kept)
            - _reservoir_use(full, values, 0, kept),
            fuel=carry.fuel
            + _fuel_use(full, plan, begin, begin + kept)
            - _fuel_use(full, values, 0, kept),
            contract=carry.contract
            + plan["contract"][day0 : day0 + kept_days].sum(axis=0)
            - values["contract"][:kept_days].sum(axis=0),
        )
        state = state_after(
            data,
            state,
            solved.online[:kept],
            solved.start[:kept],
            solved.stop[:kept],
            values["gen"][:kept, data.units],
        )
        solve_time += solved.solve_time_s
        build_time += solved.build_time_s
        gap = max(gap, solved.mip_gap)
        solver, version = solved.solver, solved.solver_version
        begin += kept
    stitched = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    stitched["unused"] = np.sum([p["unused"] for p in parts], axis=0)
    return result(
        full,
        stitched,
        Run(
            objective_eur=None,
            solver=f"{solver}; rolling {window} h windows keeping {keep} h",
            solver_version=version,
            solve_time_s=solve_time,
            build_time_s=build_time,
            starts=np.concatenate(starts),
            committable=data.units,
            start_cost_eur=data.start_cost_eur,
            commitment=options.commitment,
            mip_gap=gap,
        ),
    )


@dataclass(frozen=True)
class _Carry:
    hydro: np.ndarray  # MWh per reservoir plant
    fuel: np.ndarray  # MWh_th per limited fuel
    contract: np.ndarray  # MWh_th per gas contract


def _reservoir_use(
    inp: DispatchInputs, values: dict[str, np.ndarray], begin: int, end: int
) -> np.ndarray:
    return values["gen"][begin:end, inp.reservoir].sum(axis=0)


def _fuel_use(
    inp: DispatchInputs, values: dict[str, np.ndarray], begin: int, end: int
) -> np.ndarray:
    burn = values["gen"][begin:end, inp.fuel_units].sum(axis=0) * inp.fuel_mwh_th_per_mwh
    return np.bincount(inp.fuel_of_unit, weights=burn, minlength=len(inp.limited_fuels))


def _window_inputs(
    system: System,
    full: DispatchInputs,
    data: CommitmentData,
    plan: dict[str, np.ndarray],
    hours: tuple[int, int],
    levels: tuple[np.ndarray, np.ndarray],
    carry: _Carry,
) -> DispatchInputs:
    """The window's own inputs, with the first pass's use over the window (plus what earlier
    windows left) in place of the annual budgets prorated to the window, which would let every
    window spend a whole window's share in the part it keeps, and the first pass's levels in place
    of cyclic ones."""
    begin, end = hours
    soc, level = levels
    inp = prepare(window(system, begin, end))
    budget = np.zeros_like(inp.hydro_budget_mwh)
    np.add.at(budget, inp.month_of_hour, plan["gen"][begin:end, full.reservoir])
    budget[0] = np.maximum(budget[0] + carry.hydro, 0.0)
    # Must-run units burn their fuel whatever the target; committed ones have no must-run.
    must_burn = _fuel_use(inp, {"gen": without_must_run(inp, data).gen_lower_mw}, 0, end - begin)
    fuel = np.maximum(_fuel_use(full, plan, begin, end) + carry.fuel, must_burn)
    days = slice(int(system.day_of_hour[begin]), int(system.day_of_hour[end - 1]) + 1)
    contract = np.maximum(plan["contract"][days].sum(axis=0) + carry.contract, 0.0)
    # A reservoir's must-run level may not exceed its new average output.
    month_hours = np.maximum(np.bincount(inp.month_of_hour, minlength=len(budget)), 1)
    lower = inp.gen_lower_mw.copy()
    lower[:, inp.reservoir] = np.minimum(
        lower[:, inp.reservoir], (budget / month_hours[:, None])[inp.month_of_hour]
    )
    last_day = int(system.day_of_hour[end - 1])
    return replace(
        inp,
        gen_lower_mw=lower,
        hydro_budget_mwh=budget,
        fuel_limit_mwh_th=fuel,
        contract_max_mwh=contract if inp.gas_coupled else inp.contract_max_mwh,
        sto_initial_mwh=soc,
        sto_final_mwh=plan["soc"][end - 1],
        gstore_initial_mwh=level,
        gstore_final_mwh=plan["level"][last_day],
    )
