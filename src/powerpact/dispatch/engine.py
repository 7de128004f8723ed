"""`run(system)`: build the LP, solve it, read the solution back into a `DispatchResult`."""

from __future__ import annotations

import time

from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.model import build
from powerpact.dispatch.readback import Run, read_values, result
from powerpact.dispatch.reserves import hold_reserves
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.rolling import run_committed
from powerpact.dispatch.solve import DispatchOptions, solve
from powerpact.system import System


def run(system: System, options: DispatchOptions | None = None) -> DispatchResult:
    """Least-cost dispatch of `system`: one linear program over the whole horizon, or with
    `options.commitment` on, unit commitment (MILP or its relaxation) in rolling windows."""
    options = options or DispatchOptions()
    if options.commitment != "off":
        return run_committed(system, options)
    started = time.perf_counter()
    inp = prepare(system)
    lp, blocks = build(inp)
    if options.reserves:
        blocks = hold_reserves(lp, inp, blocks)
    built = time.perf_counter() - started
    solution = solve(lp, options)
    return result(
        inp,
        read_values(blocks, solution),
        Run(
            objective_eur=solution.objective,
            solver=solution.solver,
            solver_version=solution.solver_version,
            solve_time_s=solution.solve_time_s,
            build_time_s=built + solution.setup_time_s,
        ),
    )
