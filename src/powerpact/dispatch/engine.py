"""`run(system)`: build the LP, solve it, read the solution back into a `DispatchResult`."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.model import build, supplied_gas_rows
from powerpact.dispatch.readback import Run, read_values, result
from powerpact.dispatch.reserves import hold_reserves, requirement_rows
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.rolling import run_committed
from powerpact.dispatch.solve import DispatchOptions, solve
from powerpact.dispatch.warm import run_from_weeks
from powerpact.dispatch.weeks import run_weeks
from powerpact.system import InputError, System


def run(system: System, options: DispatchOptions | None = None) -> DispatchResult:
    """Least-cost dispatch of `system`: one linear program over the whole horizon, or with
    `options.commitment` on, unit commitment (MILP or its relaxation) in rolling windows, or with
    `options.horizon="weeks"` weeks solved apart after a coarse plan of the whole horizon."""
    options = checked(system, options)
    if options.commitment != "off":
        return run_committed(system, options)
    if options.horizon == "weeks":
        return run_weeks(system, options)
    if options.start == "weeks":
        return run_from_weeks(system, options)
    return run_year(prepare(system), options)[0]


def run_year(
    inp: DispatchInputs, options: DispatchOptions, warm: Any = None
) -> tuple[DispatchResult, Any]:
    """The whole-horizon LP of `inp`, its simplex started from `warm` (the optimal basis of an
    LP of the same shape, `run_family`) when given; returns the result and this LP's basis."""
    started = time.perf_counter()
    lp, blocks = build(inp)
    if options.reserves:
        blocks = hold_reserves(lp, inp, blocks)
    built = time.perf_counter() - started
    solution = solve(
        lp, options, warm=warm, keep_basis=True, increment_rows=supplied_gas_rows(inp, blocks)
    )
    return result(
        inp,
        read_values(blocks, solution),
        Run(
            objective_eur=solution.objective,
            solver=solution.solver + (", warm-started" if warm is not None else ""),
            solver_version=solution.solver_version,
            solve_time_s=solution.solve_time_s,
            build_time_s=built + solution.setup_time_s,
        ),
    ), solution.basis


def checked(system: System, options: DispatchOptions | None) -> DispatchOptions:
    """`options` with the horizon decided, refused (InputError) when they do not go together."""
    options = _resolved(system, options or DispatchOptions())
    if options.horizon not in ("year", "weeks"):
        raise InputError(
            "dispatch options", f"must be 'year' or 'weeks', got {options.horizon!r}", "horizon"
        )
    if options.start not in ("cold", "weeks"):
        raise InputError(
            "dispatch options", f"must be 'cold' or 'weeks', got {options.start!r}", "start"
        )
    if options.commitment != "off":
        if options.horizon != "year" or options.start != "cold":
            raise InputError(
                "dispatch options",
                "horizon 'weeks' and start 'weeks' need commitment 'off' (commitment rolls its "
                "own windows)",
                "horizon",
            )
        return options
    weeks = options.horizon == "weeks" or options.start == "weeks"
    if weeks and options.reserves and requirement_rows(system).any():
        # The weekly solves and their coarse plan hold no reserve rows: refuse rather than
        # silently drop the requirement.
        raise InputError(
            "dispatch options",
            "operating reserves are held by the whole-year LP only: use horizon 'year' and start "
            "'cold', or turn reserves off",
            "horizon",
        )
    return options


def _resolved(system: System, options: DispatchOptions) -> DispatchOptions:
    """`options` with the horizon decided: the system's own unless given; unit commitment rolls
    its own windows, so it keeps "year" unless told otherwise."""
    if options.horizon is not None:
        return options
    horizon = "year" if options.commitment != "off" else system.settings.dispatch_horizon
    return dataclasses.replace(options, horizon=horizon)
