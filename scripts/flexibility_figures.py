"""Write docs/flexibility.md: starts, ramps and the value of flexibility of the Niš options on
the embedded default, so that no figure in that page is typed by hand.

    python scripts/flexibility_figures.py                 # full year, commitment LP relaxation
    python scripts/flexibility_figures.py --hours 720     # the first N hours only

Each option (nis-ccgt, nis-ocgt) is run four times by powerpact.studies.flexibility: with and
without the plant, commitment on (rolling 48/24 h) and off. Times are wall-clock on the machine
that ran it, stated as such (the project's machine is shared: see the page's header).
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from powerpact.report.flexibility import COLUMNS, sentence, table_rows
from powerpact.studies.flexibility import FlexibilityResult, flexibility
from powerpact.system import DEFAULT_SYSTEM, first_hours, load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "flexibility.md"
OPTIONS = ("nis-ccgt", "nis-ocgt")


def run(hours: int | None) -> list[tuple[FlexibilityResult, float]]:
    found = []
    for name in OPTIONS:
        system = load(f"{DEFAULT_SYSTEM}/{name}")
        if hours is not None:
            system = first_hours(system, hours)
        start = time.perf_counter()
        result = flexibility(system, name)
        found.append((result, time.perf_counter() - start))
        print(f"{name}: {found[-1][1]:.0f} s", flush=True)
    return found


def page(found: list[tuple[FlexibilityResult, float]], note: str) -> str:
    head = "| scenario | plant | " + " | ".join(h for h, _, _ in COLUMNS.values()) + " |"
    rule = "|" + "---|" * (len(COLUMNS) + 2)
    rows = [f"| {' | '.join(row)} |" for row in table_rows([r for r, _ in found])]
    times = [
        f"- {r.figures().plant}: {seconds:,.0f} s for its four dispatches" for r, seconds in found
    ]
    hours = found[0][0].figures().hours
    return "\n".join(
        [
            "# Starts, ramps and the value of flexibility of the Niš options",
            "",
            "Written by `scripts/flexibility_figures.py` (do not edit by hand); "
            f"{datetime.now(UTC):%d %B %Y}, {platform.machine()}, {note}.",
            "",
            f"The embedded default `{DEFAULT_SYSTEM}`, {hours:,} hours. Each option is dispatched "
            "with unit commitment (tight LP relaxation, rolling 48 h windows keeping 24 h; the "
            "committable units are Serbia's thermal units and the Niš plant, with "
            "data/derived/commitment.csv; the other zones' units keep the dispatch without "
            "commitment) and without it, each with and without the plant. The saving is the "
            "system cost (every zone) without the plant minus with it; the value of flexibility "
            "is the saving with commitment on minus the saving with it off. "
            "`powerpact assess --flexibility` adds this table to the report for every new plant.",
            "",
            head,
            rule,
            *rows,
            "",
            *[f"- {sentence(r)}" for r, _ in found],
            "",
            "Time (wall clock, whole study per option):",
            "",
            *times,
            "",
            "Commitment data of the Niš options (PyPSA-Eur `data/unit_commitment.csv`, "
            "CC-BY-4.0; sources in `scripts/operations/nis_commitment.csv`):",
            "",
            *commitment_lines(),
            "",
        ]
    )


def commitment_lines() -> list[str]:
    figures = pd.read_csv(ROOT / "scripts" / "operations" / "nis_commitment.csv")
    return [
        f"- {plant}: " + ", ".join(f"{r.attribute} {r.value:g} {r.unit}" for r in rows.itertuples())
        for plant, rows in figures.groupby("generator", sort=False)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=None)
    parser.add_argument(
        "--note", default="2-core machine shared with other jobs (times under load)"
    )
    args = parser.parse_args()
    OUT.write_text(page(run(args.hours), args.note), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
