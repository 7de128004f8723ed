"""Benchmark: the full default `powerpact assess` (every shipped scenario, 1,000 Monte Carlo years
each) with per-stage times and peak memory. Goal: under 60 s and 2 GiB on 2 cores.

Peer, measured in the same run: one least-cost dispatch of the baseline on its own, the engine
that dominates the run, so the ratio shows how many dispatch-equivalents the whole run costs.

    .venv/bin/python benchmarks/assess.py [--samples 1000] [--out DIR] [--screenshot PNG]

--screenshot saves the top of the report as seen in headless Chromium (the README's picture:
docs/report-screenshot.png).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import powerpact
from powerpact import dispatch
from powerpact.report.outputs import write_all
from powerpact.studies.assess import (
    AssessOptions,
    assess,
    load_inputs,
    select_inputs,
    write_outputs,
)

GOAL_S = 60.0
GOAL_MIB = 2048.0
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def screenshot(report: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1700})
        page.goto(report.as_uri())
        page.wait_for_function(
            "[...document.querySelectorAll('.plotly-graph-div')]"
            ".every(d => d.querySelector('svg.main-svg'))"
        )
        page.screenshot(path=str(png))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()

    started = time.perf_counter()
    systems = load_inputs(select_inputs([], None))
    load_s = time.perf_counter() - started
    assessment = assess(systems, AssessOptions(samples=args.samples, seed=args.seed))
    tick = time.perf_counter()
    out = args.out or Path(tempfile.mkdtemp(prefix="powerpact-bench-")) / "out"
    write_outputs(assessment, out, write_all)
    write_s = time.perf_counter() - tick
    total_s = time.perf_counter() - started
    peak = peak_rss_mib()

    tick = time.perf_counter()
    dispatch.run(powerpact.load(assessment.baseline))
    peer_s = time.perf_counter() - tick

    print(
        f"powerpact assess, default system: {len(systems)} scenarios, {args.samples:,} Monte "
        f"Carlo years each, {systems[0].n_hours:,} hours"
    )
    print(f"{'load inputs':<28}{load_s:8.1f} s")
    for stage, seconds in assessment.stage_seconds.items():
        print(f"{stage:<28}{seconds:8.1f} s")
    print(f"{'write outputs':<28}{write_s:8.1f} s")
    print(
        f"{'total':<28}{total_s:8.1f} s   (goal {GOAL_S:.0f} s: "
        f"{'met' if total_s <= GOAL_S else 'missed'})"
    )
    print(
        f"{'peak memory':<28}{peak:8.0f} MiB (goal {GOAL_MIB:.0f} MiB: "
        f"{'met' if peak <= GOAL_MIB else 'missed'})"
    )
    print(f"peer: one baseline dispatch {peer_s:.1f} s; assess = {total_s / peer_s:.1f} × that")
    print(f"outputs in {out}")
    if args.screenshot:
        screenshot(out / "report.html", args.screenshot)
        print(f"screenshot: {args.screenshot}")


if __name__ == "__main__":
    sys.exit(main())
