"""Time assess's capacity-credit stage (headroom at the standard, ELCC of each option) on the
regional default, against assess's own adequacy stage run on the same scenarios (the peer).

    PYTHONPATH=src python benchmarks/assess_credit.py [credit_samples]

Prints each scenario's headroom and option credit, the stage's time and runs, and its ratio to
the adequacy stage (1,000 sample-years a scenario). Record results in benchmarks/assess.md.
"""

from __future__ import annotations

import os
import sys
import time

from powerpact.studies import assess as run
from powerpact.studies.credit_stage import credit_stage


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else run.DEFAULT_CREDIT_SAMPLES
    systems = run.load_inputs(run.select_inputs([], None))
    base = run.pick_baseline([s.name for s in systems])
    refs = run.references(systems, base)
    systems = run.reading_order(systems, base, refs)
    by_name = {s.name: s for s in systems}
    options = run.AssessOptions(credit_samples=samples)
    context = run.Context(options, systems[0], {n: by_name[r] for n, r in refs.items()})
    print(f"load average {os.getloadavg()[0]:.1f}; credit samples {samples}")
    run._adequacy_stage(systems[0], {}, context)  # compile the kernels outside the timings
    adequacy_s = credit_s = 0.0
    for system in systems:
        tick = time.perf_counter()
        run._adequacy_stage(system, {}, context)
        adequacy_s += time.perf_counter() - tick
        tick = time.perf_counter()
        figures = credit_stage(system, {}, context)
        seconds = time.perf_counter() - tick
        credit_s += seconds
        assert figures is not None
        f = figures.headline()
        text = f"{system.name:24} headroom {f['headroom_mw']:6.0f} ± {f['headroom_mw_stderr']:4.0f}"
        if "elcc_mw" in f:
            text += (
                f"  {f['option']}: ELCC {f['elcc_mw']:5.0f} ± {f['elcc_mw_stderr']:3.0f} MW "
                f"({100 * f['elcc_share_of_nameplate']:.0f} % of {f['option_nameplate_mw']:.0f})"
            )
        print(f"{text}  [{f['credit_runs']} runs, {seconds:.1f} s]")
    print(f"credit stage {credit_s:.1f} s; adequacy stage {adequacy_s:.1f} s (peer)")
    print(f"ratio credit / adequacy: {credit_s / adequacy_s:.2f}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
