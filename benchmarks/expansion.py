"""Capacity expansion of a 2032 scenario of the regional default: powerpact's expansion LP vs
PyPSA on the exported network with extendable components, same representative days and weights,
same run.

Each side runs in its own subprocess, in the order ours, PyPSA's, ours again, so that load drift
during the run shows as a difference between our two times; each run prints its wall time, its
CPU time and the 1-minute load average before and after it. Both load the system, choose the
same representative days and take the default candidate set (dispatch/candidates.py);
powerpact builds and solves its LP as `expand` does by default (interior point, crossover),
PyPSA gets `to_pypsa_expansion` and builds and solves with its default HiGHS call (linopy). The
script prints the times (end to end from the loaded system), the ratios and the objectives.

    .venv/bin/python benchmarks/expansion.py [SCENARIO] [DAYS]
        (default: see-2025/coal-exit-2032 12)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

# Ours before and after PyPSA's run: if the machine's load moved during the benchmark, our two
# times differ, and the ratio is read against both.
ORDER = ("powerpact", "pypsa", "powerpact")

CHILD = r"""
import json, logging, sys, time
logging.disable(logging.WARNING)
import powerpact
from powerpact.dispatch.candidates import default_candidates
from powerpact.dispatch.periods import choose_days
system = powerpact.load(sys.argv[2])
started, cpu_started = time.perf_counter(), time.process_time()
candidates = default_candidates(system)
periods = choose_days(system, int(sys.argv[3]))
if sys.argv[1] == "powerpact":
    from powerpact.dispatch.expansion import expand
    result = expand(system, candidates, periods)
    objective = result.total_cost_eur
else:
    from powerpact.interop.pypsa_expansion import to_pypsa_expansion
    network, extra = to_pypsa_expansion(system, candidates, periods)
    status = network.optimize(solver_name="highs", extra_functionality=extra,
                              include_objective_constant=False, log_to_console=False)
    assert status == ("ok", "optimal"), status
    objective = float(network.objective)
print(json.dumps({"end_to_end_s": time.perf_counter() - started,
                  "cpu_s": time.process_time() - cpu_started, "objective_eur": objective}))
"""


def measure(side: str, scenario: str, days: int) -> dict[str, float]:
    """One side's run in a fresh process, with the machine's load around it.

    The 1-minute load average is read before and after. The child reports its CPU seconds (all
    its threads) over the same span as its wall time: wall time moves with other jobs on the
    shared cores, CPU time much less, so a ratio that holds in both is not an artefact of load."""
    load_before = os.getloadavg()[0]
    output = subprocess.run(
        [sys.executable, "-c", CHILD, side, scenario, str(days)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["load_before"] = load_before
    figures["load_after"] = os.getloadavg()[0]
    return figures


def _label(side: str) -> str:
    return "powerpact" if side == "powerpact" else "PyPSA 1.4"


def _print_run(side: str, figures: dict[str, float]) -> None:
    print(
        f"  {_label(side):<10} {figures['end_to_end_s']:8.2f} s wall "
        f"{figures['cpu_s']:8.2f} s CPU   load {figures['load_before']:5.2f} -> "
        f"{figures['load_after']:5.2f}   objective {figures['objective_eur']:,.2f} EUR",
        flush=True,
    )


def _mean(runs: list[dict[str, float]], key: str) -> float:
    return sum(run[key] for run in runs) / len(runs)


def main() -> None:
    scenario = sys.argv[1] if len(sys.argv) > 1 else "see-2025/coal-exit-2032"
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"{scenario}, {days} representative days, default candidates ({started})")
    print("  runs in order (ours, PyPSA, ours), so that load drift shows between our two runs:")
    runs: dict[str, list[dict[str, float]]] = {"powerpact": [], "pypsa": []}
    for side in ORDER:
        figures = measure(side, scenario, days)
        runs[side].append(figures)
        _print_run(side, figures)
    ours, theirs = runs["powerpact"], runs["pypsa"]
    reference = theirs[0]["objective_eur"]
    gap = max(abs(run["objective_eur"] - reference) for run in ours) / abs(reference)
    for key, what in (("end_to_end_s", "wall"), ("cpu_s", "CPU")):
        each = ", ".join(f"{run[key] / theirs[0][key]:.3f}" for run in ours)
        mean_ratio = _mean(ours, key) / theirs[0][key]
        print(f"  {what} time ratio powerpact / PyPSA: {mean_ratio:.3f} (each of ours: {each})")
    print(f"  largest relative objective difference: {gap:.2e}")


if __name__ == "__main__":
    main()
