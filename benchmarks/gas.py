"""Time the gas engine on the embedded Serbian system against loading that system (the peer:
every gas call needs a loaded System, so the gas report should cost less than the load).

    .venv/bin/python benchmarks/gas.py
"""

from __future__ import annotations

import time

import powerpact
from powerpact.gas import drill, indicators, n_minus_1, supply_standard

REPEATS = 5


def best_of(call) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    name = "gas-route-outage"
    load_s = best_of(lambda: powerpact.load(name))
    system = powerpact.load(name)
    figures = {
        "n_minus_1": best_of(lambda: n_minus_1(system)),
        "supply_standard": best_of(lambda: supply_standard(system)),
        "drill (59 winter days, with baseline)": best_of(lambda: drill(system)),
        "indicators": best_of(lambda: indicators(system)),
    }
    total = sum(figures.values())
    print(f"load {name}: {load_s * 1e3:.1f} ms (peer)")
    for label, seconds in figures.items():
        print(f"{label}: {seconds * 1e3:.1f} ms")
    print(f"whole gas report: {total * 1e3:.1f} ms = {total / load_s:.2f} × the load")


if __name__ == "__main__":
    main()
