"""How close the volatility surrogate comes to full dispatch on the regional default: Serbia's
bill on held-out paths of `see-2025`, by the study's design dispatches re-priced and by a full
dispatch at each path's own prices (docs/volatility.md, "Limits").

    .venv/bin/python benchmarks/volatility_regional.py [--begin 2016] [--end 2352]
        [--designs 8] [--paths 200] [--held-out 0,13,27,35,50,77,101,150]

A window of the year (default a fortnight of March, when no load or gas is lost, so the bill is
money) keeps each dispatch short. Gaps are relative to the full dispatch's bill.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import powerpact
from powerpact.studies.volatility import OptionSpec, VolatilityOptions, volatility
from powerpact.studies.volatility.design import DesignTask, run_design
from powerpact.studies.volatility.paths import climate_years, draws
from powerpact.system import window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--begin", type=int, default=2016)
    parser.add_argument("--end", type=int, default=2352)
    parser.add_argument("--designs", type=int, default=8)
    parser.add_argument("--paths", type=int, default=200)
    parser.add_argument("--held-out", default="0,13,27,35,50,77,101,150")
    args = parser.parse_args()
    system = window(powerpact.load("see-2025"), args.begin, args.end)
    option = OptionSpec("see-2025-window", "see-2025", system=system)
    options = VolatilityOptions(
        paths=args.paths, seed=3, climate_years=1, designs=args.designs, stress=False
    )
    started = time.perf_counter()
    result = volatility(option, options)
    print(
        f"see-2025 hours {args.begin}-{args.end}, {args.designs} designs, {args.paths} paths: "
        f"{time.perf_counter() - started:.1f} s"
    )
    climates = climate_years(system, "RS", 1)
    multipliers = draws(args.paths, 3, climates).prices.stacked()
    gaps = []
    for path in (int(p) for p in args.held_out.split(",")):
        m = [float(v) for v in multipliers[path]]
        full = run_design(DesignTask(option, "RS", None, climates[0], 3, *m))
        point = (
            np.array([full.bill.design.gas_eur_per_mwh_th]),
            np.array([m[1]]),
            np.array([m[2]]),
        )
        chosen = result.designs[int(result.values.chosen[path])]
        bill, surrogate = full.bill.at(*point)[0], chosen.bill.at(*point)[0]
        cost_gap = chosen.system_cost.at(*point)[0] / full.system_cost.at(*point)[0] - 1
        gap = (surrogate - bill) / abs(bill)
        gaps.append(abs(gap))
        print(
            f"  path {path:>3} (gas {m[0]:.2f}, carbon {m[1]:.2f}, power {m[2]:.2f}): bill EUR "
            f"{bill / 1e6:,.2f} m full, {surrogate / 1e6:,.2f} m surrogate, gap "
            f"{100 * gap:+.2f} %; system cost gap {100 * cost_gap:+.2f} %"
        )
    print(f"  median |gap| {100 * np.median(gaps):.2f} %, largest {100 * max(gaps):.2f} %")


if __name__ == "__main__":
    main()
