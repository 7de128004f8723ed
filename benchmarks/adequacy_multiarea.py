"""Multi-area Monte Carlo speed: a synthetic 10-area, 25-line, 200-unit system over 8,760 hours.

Times N sample-years of `monte_carlo_areas`, then solves the same sampled hours (the engine's
debug hook `sampled_states`) with one linear program per hour (HiGHS through scipy: minimise
unserved load subject to area balances and line limits) and compares time and unserved energy.

    PYTHONPATH=src .venv/bin/python benchmarks/adequacy_multiarea.py [sample_years]

`regional [sample_years]` instead times the regional system see-2025 (11 zones) over every
climate year 1980–2023 plus the stress cases (`--climate-years all,dry,cold-2012`), goal: 1,000
sample-years within 60 s on 2 cores; the peer is the same run on the system's one weather
year, and the figures per zone across climate years are printed.

    PYTHONPATH=src .venv/bin/python benchmarks/adequacy_multiarea.py regional [sample_years]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import linprog

import powerpact
from powerpact.adequacy import MonteCarloOptions
from powerpact.adequacy.multiarea import MultiAreaResult, monte_carlo_areas, sampled_states
from powerpact.system import System, variant

AREAS, LINES, UNITS_PER_AREA, HOURS = 10, 25, 20, 8760
STRESS_DEMAND = 1.4  # regional speed stress: the first whole tenth at which the region is short


def build(folder: Path) -> System:
    """Ten areas of 20 units each; loads with daily and seasonal shape, peaks at 70–95 % of the
    area's installed capacity (some areas lean on their neighbours); a ring of lines plus 15
    chords, 150–700 MW each way, 1 % forced outage rate."""
    rng = np.random.default_rng(2016)
    zones = [f"Z{k}" for k in range(AREAS)]
    hours = np.arange(HOURS)
    shape = (
        0.75
        + 0.12 * np.cos(2 * np.pi * (hours / HOURS - 0.04))
        + 0.1 * np.sin(2 * np.pi * (hours % 24 - 7) / 24)
    )
    shape = shape / shape.max()
    gens, demand = [], {}
    for k, zone in enumerate(zones):
        sizes = rng.choice([50, 100, 150, 200, 300, 400], UNITS_PER_AREA)
        for u, size in enumerate(sizes):
            gens.append(
                {
                    "name": f"{zone}-u{u}",
                    "zone": zone,
                    "technology": "coal",
                    "capacity_mw": float(size),
                    "forced_outage_rate": float(rng.uniform(0.04, 0.1)),
                    "mttr_h": float(rng.uniform(20, 100)),
                }
            )
        peak = sizes.sum() * (0.7 + 0.25 * k / (AREAS - 1))
        noise = 1 + 0.03 * rng.standard_normal(HOURS)
        demand[zone] = (peak * shape * noise).round(1)
    pairs = [(k, (k + 1) % AREAS) for k in range(AREAS)]
    while len(pairs) < LINES:
        a, b = sorted(rng.choice(AREAS, 2, replace=False).tolist())
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    lines = [
        {
            "name": f"l{n}",
            "from_zone": zones[a],
            "to_zone": zones[b],
            "capacity_mw": float(rng.integers(150, 700)),
            "capacity_reverse_mw": float(rng.integers(150, 700)),
            "forced_outage_rate": 0.01,
            "mttr_h": 24.0,
        }
        for n, (a, b) in enumerate(pairs)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "system.yaml").write_text(
        yaml.safe_dump({"name": "synthetic-10-area", "zones": zones}), encoding="utf-8"
    )
    stamps = pd.date_range("2030-01-01", periods=HOURS, freq="h", tz="UTC")
    pd.DataFrame(gens).to_csv(folder / "generators.csv", index=False)
    pd.DataFrame(lines).to_csv(folder / "interconnectors.csv", index=False)
    pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%dT%H:%M:%SZ"), **demand}).to_csv(
        folder / "demand.csv", index=False
    )
    return powerpact.load(folder)


def lp_unserved(load: np.ndarray, supply: np.ndarray, lines: list[tuple[int, int, float, float]]):
    """Minimum total unserved load of one hour (the reference transport problem)."""
    n, m = len(load), len(lines)
    cost = np.concatenate([np.zeros(n), np.ones(n), np.zeros(m)])
    a_ub = np.zeros((n, 2 * n + m))
    a_ub[np.arange(n), np.arange(n)] = -1.0
    a_ub[np.arange(n), n + np.arange(n)] = -1.0
    for k, (a, b, _, _) in enumerate(lines):
        a_ub[a, 2 * n + k] += 1.0
        a_ub[b, 2 * n + k] -= 1.0
    bounds = (
        [(0.0, s) for s in supply]
        + [(0.0, max(x, 0.0)) for x in load]
        + [(-rev, fwd) for _, _, fwd, rev in lines]
    )
    done = linprog(cost, A_ub=a_ub, b_ub=-load, bounds=bounds, method="highs")
    return float(done.fun)


def main(sample_years: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        system = build(Path(tmp) / "system")
    units = len(system.generators)
    print(f"{AREAS} areas, {len(system.interconnectors)} lines, {units} units, {HOURS} h")
    monte_carlo_areas(system, 2, seed=1)  # compile (cached on disk after the first run)
    start = time.perf_counter()
    result = monte_carlo_areas(system, sample_years, seed=1)
    engine_s = time.perf_counter() - start
    per_year = engine_s / sample_years
    short_hours = result.system.lole_hours
    print(
        f"engine: {sample_years} sample-years in {engine_s:.2f} s ({per_year * 1e3:.1f} ms each); "
        f"system LOLE {short_hours:.2f} ± {result.system.lole_hours_stderr:.2f} h, "
        f"EENS {result.system.eens_mwh:.0f} ± {result.system.eens_mwh_stderr:.0f} MWh"
    )

    # The same sampled hours as one LP each: every hour that the copper-plate check flags in
    # three samples with loss of load and one without, and 100 unflagged hours of each.
    rng = np.random.default_rng(0)
    lossy = result.system.per_sample.index[result.system.per_sample["lol_hours"] > 0]
    checked, lp_s, worst, flagged, with_loss = 0, 0.0, 0.0, [], 0
    for sample in [*lossy[:3], 0]:
        states = sampled_states(system, seed=1, sample=sample)
        zones = list(states.areas)
        index = {z: k for k, z in enumerate(zones)}
        net = np.column_stack([states.areas[z]["net_load"] for z in zones])
        firm = np.column_stack([states.areas[z]["firm"] for z in zones])
        lost = np.column_stack([states.areas[z]["unserved"] for z in zones]).sum(axis=1)
        short = np.flatnonzero((firm < net).any(axis=1))
        flagged.append(len(short))
        quiet = rng.choice(np.flatnonzero(~(firm < net).any(axis=1)), 100, replace=False)
        ends = [(index[a], index[b]) for a, b in states.line_ends.to_numpy()]
        caps = [states.lines[name].to_numpy() for name in states.lines]
        for hour in np.concatenate([short, quiet]):
            lines = [(a, b, *caps[k][hour]) for k, (a, b) in enumerate(ends)]
            tick = time.perf_counter()
            reference = lp_unserved(net[hour], firm[hour], lines)
            lp_s += time.perf_counter() - tick
            worst = max(worst, abs(reference - lost[hour]))
            with_loss += reference > 1e-6
            checked += 1
    per_lp = lp_s / checked
    print(
        f"LP reference: {checked} hours ({with_loss} with unserved load), "
        f"{per_lp * 1e3:.2f} ms per hour; "
        f"largest difference in unserved load {worst:.2e} MW"
    )
    every_hour = per_lp * HOURS
    print(
        f"an LP every hour: {every_hour:.1f} s per sample-year, "
        f"{every_hour / per_year:,.0f}× the engine's time"
    )
    # A fairer reference keeps the engine's copper-plate skip and solves an LP only in the hours
    # it flags (some area short of its own firm capacity).
    only_flagged = per_lp * float(np.mean(flagged))
    print(
        f"an LP in flagged hours only ({np.mean(flagged):.0f} h per year): "
        f"{only_flagged:.2f} s per sample-year, {only_flagged / per_year:,.0f}× the engine's time"
    )


def regional(sample_years: int) -> None:
    """see-2025 over the climate years: wall time of the whole call (weather years built,
    kernel run), against the same call on the system's one weather year."""
    system = powerpact.load("see-2025")
    climate = MonteCarloOptions(progress=False, climate_years="all,dry,cold-2012".split(","))
    one_year = MonteCarloOptions(progress=False)
    monte_carlo_areas(system, 2, seed=1, options=one_year)  # compile (cached on disk)
    start = time.perf_counter()
    plain = monte_carlo_areas(system, sample_years, seed=1, options=one_year)
    plain_s = time.perf_counter() - start
    start = time.perf_counter()
    result = monte_carlo_areas(system, sample_years, seed=1, options=climate)
    climate_s = time.perf_counter() - start
    zones = ", ".join(system.settings.zones)
    print(f"see-2025: {len(system.settings.zones)} zones ({zones}), {system.n_hours} h")
    print(
        f"one weather year: {sample_years} sample-years in {plain_s:.1f} s; "
        f"system LOLE {plain.system.lole_hours:.3g} ± {plain.system.lole_hours_stderr:.2g} h"
    )
    print(
        f"{len(result.system.climate_years)} climate years: {sample_years} sample-years in "
        f"{climate_s:.1f} s ({climate_s / plain_s:.2f}× the one-year run); goal 60 s"
    )
    # The shipped region loses no load, so nearly every hour passes the copper-plate check; a
    # speed stress (not a scenario): every zone's demand × STRESS_DEMAND, many hours short.
    stressed = variant(system, {"demand": {"scale": STRESS_DEMAND}})
    start = time.perf_counter()
    hard = monte_carlo_areas(stressed, sample_years, seed=1, options=climate)
    hard_s = time.perf_counter() - start
    print(
        f"demand × {STRESS_DEMAND} (speed stress): {sample_years} sample-years in {hard_s:.1f} s; "
        f"system LOLE {hard.system.lole_hours:.3g} ± {hard.system.lole_hours_stderr:.2g} h"
    )
    for label, run in (("as shipped", result), (f"demand × {STRESS_DEMAND}", hard)):
        print(f"-- {label}")
        _zone_lines(run)


def _zone_lines(result: MultiAreaResult) -> None:
    headline = result.headline()
    spread = headline["zones_climate_year_spread"]
    print("zone  LOLE h/yr ± se   LOLE P50 / P90 / max over years   worst years   dry / cold-2012")
    for zone, figures in headline["zones"].items():
        summary = spread[zone]
        quantiles = summary["spread"]["lole_hours"]
        stress = " / ".join(f"{r['lole_hours']:.3g}" for r in summary["stress_cases"].values())
        print(
            f"{zone:4}  {figures['lole_hours']:.3g} ± {figures['lole_hours_stderr']:.2g}   "
            f"{quantiles['p50']:.3g} / {quantiles['p90']:.3g} / {quantiles['max']:.3g}   "
            f"{', '.join(summary['worst_years']) or '-'}   {stress}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "regional":
        regional(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
