"""Time of the flexibility study's quick form (assess's default) on the embedded default, against
one year-long dispatch of the same scenario measured in the same run.

    python benchmarks/flexibility.py

Goal (issue 15): at most 60 s added to the default assess for both Niš options together. As
assess runs it, each option's own dispatch (the dispatch stage's) is the year's plan, so it is
run first and not counted; the options share the runs without their plant.
"""

from __future__ import annotations

import os
import time

from powerpact.dispatch import run
from powerpact.studies.flexibility import RestRuns, flexibility
from powerpact.studies.flexibility_weeks import representative_weeks
from powerpact.system import DEFAULT_SYSTEM, load

OPTIONS = ("nis-ccgt", "nis-ocgt")


def main() -> None:
    rest_runs = RestRuns()
    quick_s, dispatch_s = 0.0, []
    for name in OPTIONS:
        system = load(f"{DEFAULT_SYSTEM}/{name}")
        start = time.perf_counter()
        plan = run(system)
        dispatch_s.append(time.perf_counter() - start)
        weeks = representative_weeks(system)
        result = flexibility(system, name, weeks=weeks, rest_runs=rest_runs, plan=plan)
        quick_s += result.seconds
        print(
            f"{name}: quick form {result.seconds:.0f} s; its year dispatch {dispatch_s[-1]:.0f} s"
        )
    one = sum(dispatch_s) / len(dispatch_s)
    print(
        f"both options: {quick_s:.0f} s = {quick_s / one:.1f} year-long dispatches "
        f"(goal 60 s); 1-minute load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
