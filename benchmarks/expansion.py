"""Capacity expansion of a 2032 scenario of the regional default: powerpact's expansion LP vs
PyPSA on the exported network with extendable components, same representative days and weights,
same run.

Each side runs in its own subprocess. Both load the system, choose the same representative days
and take the default candidate set (dispatch/candidates.py); powerpact builds and solves its LP,
PyPSA gets `to_pypsa_expansion` and builds and solves with its default HiGHS call (linopy). The
script prints both times (end to end from the loaded system), the ratio and the objectives.
powerpact solves the investment LP as `expand` does by default (interior point, crossover);
PyPSA with its default HiGHS call.

    .venv/bin/python benchmarks/expansion.py [SCENARIO] [DAYS]
        (default: see-2025/coal-exit-2032 12)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

CHILD = r"""
import json, logging, sys, time
logging.disable(logging.WARNING)
import powerpact
from powerpact.dispatch.candidates import default_candidates
from powerpact.dispatch.periods import choose_days
system = powerpact.load(sys.argv[2])
started = time.perf_counter()
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
print(json.dumps({"end_to_end_s": time.perf_counter() - started, "objective_eur": objective}))
"""


def measure(side: str, scenario: str, days: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, side, scenario, str(days)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    scenario = sys.argv[1] if len(sys.argv) > 1 else "see-2025/coal-exit-2032"
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    ours = measure("powerpact", scenario, days)
    theirs = measure("pypsa", scenario, days)
    gap = abs(ours["objective_eur"] - theirs["objective_eur"]) / abs(theirs["objective_eur"])
    print(f"{scenario}, {days} representative days, default candidates ({started})")
    for label, figures in (("powerpact", ours), ("PyPSA 1.4", theirs)):
        seconds, objective = figures["end_to_end_s"], figures["objective_eur"]
        print(f"  {label:<10} {seconds:8.2f} s   objective {objective:,.2f} EUR")
    ratio = ours["end_to_end_s"] / theirs["end_to_end_s"]
    print(f"  time ratio powerpact / PyPSA: {ratio:.3f}")
    print(f"  relative objective difference: {gap:.2e}")


if __name__ == "__main__":
    main()
