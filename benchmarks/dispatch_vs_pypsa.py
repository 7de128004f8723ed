"""Year-long dispatch of the default scenario: powerpact vs PyPSA on the same LP, same run.

Each side runs in its own subprocess so that peak memory (ru_maxrss) is its own. Both load the
same system with powerpact; PyPSA then gets it through `to_pypsa` (same constraints) and builds
and solves with its default HiGHS call. A third run times powerpact with HiGHS' interior point
(no crossover) instead of the default dual simplex.

    .venv/bin/python benchmarks/dispatch_vs_pypsa.py [SCENARIO]   (default: serbia-2025)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

CHILD = r"""
import json, logging, resource, sys, time
logging.disable(logging.WARNING)
started = time.perf_counter()
import powerpact
system = powerpact.load(sys.argv[2])
loaded = time.perf_counter()
if sys.argv[1].startswith("powerpact"):
    from powerpact.dispatch import DispatchOptions, run
    method = sys.argv[1].partition(":")[2] or "simplex"
    result = run(system, DispatchOptions(method=method))
    done = time.perf_counter()
    figures = {"build_s": result.build_time_s, "solve_s": result.solve_time_s,
               "objective_eur": result.total_cost_eur, "solver": result.solver}
else:
    from powerpact.interop.pypsa_export import to_pypsa
    network = to_pypsa(system)
    exported = time.perf_counter()
    network.optimize.create_model(include_objective_constant=False)
    built = time.perf_counter()
    status = network.optimize.solve_model(solver_name="highs", log_to_console=False)
    done = time.perf_counter()
    assert status == ("ok", "optimal"), status
    figures = {"build_s": built - loaded, "export_s": exported - loaded, "solve_s": done - built,
               "objective_eur": float(network.objective), "solver": "HiGHS via linopy"}
figures.update(load_s=loaded - started, end_to_end_s=done - loaded,
               peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(figures))
"""


def measure(side: str, scenario: str) -> dict[str, float]:
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", CHILD, side, scenario], check=True, capture_output=True, text=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["process_wall_s"] = time.perf_counter() - started
    return figures


def main() -> None:
    scenario = sys.argv[1] if len(sys.argv) > 1 else "serbia-2025"
    ours = measure("powerpact", scenario)
    theirs = measure("pypsa", scenario)
    ipm = measure("powerpact:ipm", scenario)
    print(f"dispatch of {scenario}, 8760-hour LP, one subprocess each")
    print(f"{'':28}{'powerpact':>18}{'PyPSA':>18}")
    for key, label in (
        ("load_s", "load system, s"),
        ("build_s", "build LP, s"),
        ("solve_s", "solve, s"),
        ("end_to_end_s", "build + solve + read, s"),
        ("process_wall_s", "process wall time, s"),
        ("peak_mb", "peak memory, MB"),
        ("objective_eur", "optimal cost, EUR"),
    ):
        print(f"{label:28}{ours[key]:>18,.2f}{theirs[key]:>18,.2f}")
    difference = abs(ours["objective_eur"] - theirs["objective_eur"]) / abs(theirs["objective_eur"])
    print(f"relative cost difference: {difference:.2e}")
    print(
        f"time ratio powerpact / PyPSA (build + solve + read): "
        f"{ours['end_to_end_s'] / theirs['end_to_end_s']:.3f}"
    )
    print(
        f"time ratio powerpact / PyPSA (process wall): "
        f"{ours['process_wall_s'] / theirs['process_wall_s']:.3f}"
    )
    print(f"memory ratio: {ours['peak_mb'] / theirs['peak_mb']:.3f}")
    print(
        f"powerpact with HiGHS interior point, no crossover: solve {ipm['solve_s']:.2f} s, "
        f"objective differs by {abs(ipm['objective_eur'] / ours['objective_eur'] - 1):.1e}"
    )


if __name__ == "__main__":
    main()
