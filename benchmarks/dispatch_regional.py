"""Year-long dispatch of the regional system: powerpact's whole-year LP (from scratch, and started
from the weeks' solution), its week-decomposed mode and PyPSA on the exported network, same run.

Each side runs in its own subprocess so that peak memory (ru_maxrss) is its own. The network is
exported once (`export_pypsa`, outside the timings); the PyPSA side reads it, builds its model with
linopy and solves with its default HiGHS call. The decomposed mode's gap is its cost over the
whole-year optimum.

    .venv/bin/python benchmarks/dispatch_regional.py [SYSTEM] [--hours N] [--skip-pypsa]
    (default: see-2025, the whole year)
    .venv/bin/python benchmarks/dispatch_regional.py [SYSTEM] --options N
    (HiGHS option sets on the LP of the first N hours, each in its own subprocess: time,
    simplex iterations and optimum, against the default)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, logging, resource, sys, time
logging.disable(logging.WARNING)
side, name, hours, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if len(sys.argv) > 5:  # the plan's block length, fixed for a study of the gap
    from powerpact.dispatch import weeks
    weeks.plan_block_h = lambda inp: int(sys.argv[5])
started = time.perf_counter()
if side == "pypsa":
    import pypsa
    network = pypsa.Network(path)
    loaded = time.perf_counter()
    network.optimize.create_model(include_objective_constant=False)
    built = time.perf_counter()
    status = network.optimize.solve_model(solver_name="highs", log_to_console=False)
    done = time.perf_counter()
    assert status == ("ok", "optimal"), status
    figures = {"build_s": built - loaded, "solve_s": done - built,
               "objective_eur": float(network.objective),
               "size": f"{network.model.nvars:,} variables, {network.model.ncons:,} constraints"}
else:
    import powerpact
    from powerpact.dispatch import DispatchOptions, run
    from powerpact.system import first_hours
    system = powerpact.load(name)
    if hours < system.n_hours:
        system = first_hours(system, hours)
    loaded = time.perf_counter()
    options = {"year": DispatchOptions(), "weeks": DispatchOptions(horizon="weeks"),
               "year from weeks": DispatchOptions(start="weeks")}[side]
    result = run(system, options)
    done = time.perf_counter()
    figures = {"build_s": result.build_time_s, "solve_s": result.solve_time_s,
               "objective_eur": result.total_cost_eur, "size": result.solver}
figures.update(load_s=loaded - started, end_to_end_s=done - loaded,
               peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(figures))
"""


OPTIONS = r"""
import json, sys, time
import highspy
import powerpact
from powerpact.dispatch.inputs import prepare
from powerpact.dispatch.model import build
from powerpact.system import first_hours
system = first_hours(powerpact.load(sys.argv[1]), int(sys.argv[2]))
lp, _ = build(prepare(system))
a = lp.arrays()
highs = highspy.Highs()
highs.setOptionValue("output_flag", False)
highs.setOptionValue("solver", "simplex")
highs.setOptionValue("run_crossover", "off")
for name in ("primal_feasibility_tolerance", "dual_feasibility_tolerance",
             "ipm_optimality_tolerance"):
    highs.setOptionValue(name, 1e-8)
for key, value in json.loads(sys.argv[3]).items():
    highs.setOptionValue(key, value)
highs.passModel(lp.n_cols, lp.n_rows, len(a["value"]), int(highspy.MatrixFormat.kColwise),
                int(highspy.ObjSense.kMinimize), 0.0, a["cost"], a["col_lower"], a["col_upper"],
                a["row_lower"], a["row_upper"], a["start"], a["index"], a["value"],
                a["integrality"])
started = time.perf_counter()
highs.run()
info = highs.getInfo()
print(json.dumps({"solve_s": time.perf_counter() - started, "objective_eur":
                  info.objective_function_value, "iterations": info.simplex_iteration_count}))
"""

# Exact variants of the solve: same LP, same optimum, another path to it.
OPTION_SETS = (
    {},
    {"presolve": "off"},
    {"simplex_strategy": 4},  # primal simplex
    {"simplex_dual_edge_weight_strategy": 1},  # devex pricing
    {"simplex_scale_strategy": 0},  # no scaling
    {"simplex_strategy": 2, "simplex_max_concurrency": 2, "threads": 2},  # parallel dual (PAMI)
    {"solver": "ipm", "threads": 2},  # interior point, no crossover
)


def options_study(system: str, hours: int) -> None:
    print(f"HiGHS options on {system}, first {hours} hours; load {os.getloadavg()[0]:.1f}")
    reference = None
    for options in OPTION_SETS:
        output = subprocess.run(
            [sys.executable, "-c", OPTIONS, system, str(hours), json.dumps(options)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        reference = reference or figures
        print(
            f"{json.dumps(options):70} {figures['solve_s']:8.2f} s "
            f"{figures['iterations']:>9,} iterations, optimum "
            f"{figures['objective_eur'] / reference['objective_eur'] - 1:+.1e}"
        )


def gap_by_block(system: str, hours: int) -> None:
    """The weeks mode's gap over the whole-year optimum for each block length of its plan."""
    print(f"weeks' gap by plan block on {system}, {hours} hours; load {os.getloadavg()[0]:.1f}")
    optimum = float(measure("year", system, hours, Path())["objective_eur"])
    for block_h in (2, 3, 6, 12, 24):
        weeks = measure("weeks", system, hours, Path(), block_h)
        print(
            f"{block_h:>3} h blocks: gap {float(weeks['objective_eur']) / optimum - 1:.2e}, "
            f"build + solve + read {float(weeks['end_to_end_s']):.1f} s"
        )


def measure(
    side: str, system: str, hours: int, network: Path, block_h: int = 0
) -> dict[str, float | str]:
    started = time.perf_counter()
    extra = [str(block_h)] if block_h else []
    output = subprocess.run(
        [sys.executable, "-c", CHILD, side, system, str(hours), str(network), *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["process_wall_s"] = time.perf_counter() - started
    return figures


def export(system: str, hours: int, path: Path) -> str:
    """Write the network PyPSA reads; return the size of powerpact's whole-year LP."""
    import powerpact
    from powerpact.cli.dispatch import quiet_pypsa
    from powerpact.dispatch.inputs import prepare
    from powerpact.dispatch.model import build
    from powerpact.interop.pypsa_export import export_pypsa
    from powerpact.system import first_hours

    model = powerpact.load(system)
    if hours < model.n_hours:
        model = first_hours(model, hours)
    with quiet_pypsa():
        export_pypsa(model, path)
    lp, _ = build(prepare(model))
    nonzeros = len(lp.arrays()["value"])
    return f"{lp.n_cols:,} columns, {lp.n_rows:,} rows, {nonzeros:,} nonzeros"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("system", nargs="?", default="see-2025")
    parser.add_argument("--hours", type=int, default=8760)
    parser.add_argument("--skip-pypsa", action="store_true")
    parser.add_argument("--options", type=int, default=0, metavar="HOURS")
    parser.add_argument("--gap-by-block", action="store_true")
    args = parser.parse_args()
    if args.options:
        options_study(args.system, args.options)
        return
    if args.gap_by_block:
        gap_by_block(args.system, args.hours)
        return
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        network = Path(folder) / "network.nc"
        sides = {
            side: measure(side, args.system, args.hours, network)
            for side in ("year", "weeks", "year from weeks")
        }
        size = export(args.system, args.hours, network)
        if not args.skip_pypsa:
            sides["PyPSA"] = measure("pypsa", args.system, args.hours, network)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"dispatch of {args.system}, {args.hours} hours, one subprocess each")
    print(f"{'':30}" + "".join(f"{name:>18}" for name in sides))
    for key, label in (
        ("load_s", "load system / network, s"),
        ("build_s", "build, s"),
        ("solve_s", "solve, s"),
        ("end_to_end_s", "build + solve + read, s"),
        ("process_wall_s", "process wall time, s"),
        ("peak_mb", "peak memory, MB"),
        ("objective_eur", "cost, EUR"),
    ):
        print(f"{label:30}" + "".join(f"{float(s[key]):>18,.2f}" for s in sides.values()))
    print(f"whole-year LP: {size}")
    for name, side in sides.items():
        print(f"{name}: {side['size']}")
    year = sides["year"]
    optimum = float(year["objective_eur"])
    gap = float(sides["weeks"]["objective_eur"]) / optimum - 1
    print(f"weeks' gap over the whole-year optimum: {gap:.2e}")
    start = float(sides["year from weeks"]["objective_eur"]) / optimum - 1
    print(f"year from weeks: optimum differs by {start:.1e}")
    for name in ("year", "weeks", "year from weeks"):
        mine = sides[name]
        print(
            f"{name} / whole-year time (build + solve + read): "
            f"{float(mine['end_to_end_s']) / float(year['end_to_end_s']):.3f}"
        )
    if "PyPSA" in sides:
        peer = sides["PyPSA"]
        difference = abs(optimum - float(peer["objective_eur"])) / abs(float(peer["objective_eur"]))
        print(f"whole-year vs PyPSA relative cost difference: {difference:.2e}")
        for name in ("year", "weeks", "year from weeks"):
            mine = sides[name]
            print(
                f"{name} / PyPSA: time (build + solve + read) "
                f"{float(mine['end_to_end_s']) / float(peer['end_to_end_s']):.3f}, process wall "
                f"{float(mine['process_wall_s']) / float(peer['process_wall_s']):.3f}, peak memory "
                f"{float(mine['peak_mb']) / float(peer['peak_mb']):.3f}"
            )


if __name__ == "__main__":
    main()
