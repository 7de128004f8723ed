"""Write docs/flexibility.md: starts, ramps and the value of flexibility of the Niš options on
the embedded default, in the full form (the whole year) and the quick form assess runs by
default (representative weeks scaled to the year), and how far the quick form is from the full
one, so that no figure in that page is typed by hand.

    python scripts/flexibility_figures.py                        # both forms, both options
    python scripts/flexibility_figures.py --hours 720            # the first N hours only
    python scripts/flexibility_figures.py --save-full DIR        # also keep the full form's figures
    python scripts/flexibility_figures.py --full-from DIR        # take them from an earlier run

The full form takes tens of minutes an option on the regional year, so `--full-from` reuses the
figures `--save-full` wrote (DIR/full-OPTION.json: figures, seconds). Times are wall-clock on the
machine that ran it, stated as such (the project's machine is shared: see the page's header).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from powerpact.report.flexibility import COLUMNS, Z95, sentence, table_rows
from powerpact.studies.flexibility import (
    FlexibilityFigures,
    FlexibilityResult,
    RestRuns,
    flexibility,
)
from powerpact.studies.flexibility_weeks import representative_weeks
from powerpact.system import DEFAULT_SYSTEM, System, first_hours, load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "flexibility.md"
OPTIONS = ("nis-ccgt", "nis-ocgt")
# Figures compared between the forms: field → (label, multiplier, decimals, unit).
COMPARED = {
    "starts": ("starts", 1.0, 1, ""),
    "hours_online": ("hours online", 1.0, 0, " h"),
    "capacity_factor": ("capacity factor", 100.0, 1, " %"),
    "value_of_flexibility_eur": ("value of flexibility", 1e-6, 2, " EUR m"),
}


def system_of(name: str, hours: int | None) -> System:
    system = load(f"{DEFAULT_SYSTEM}/{name}")
    return system if hours is None else first_hours(system, hours)


def full_form(hours: int | None, save: Path | None, saved: Path | None) -> list[FlexibilityResult]:
    found = []
    for name in OPTIONS:
        if saved is not None:
            data = json.loads((saved / f"full-{name}.json").read_text(encoding="utf-8"))
            figures = FlexibilityFigures(**data["figures"])
            found.append(FlexibilityResult(data["system"], figures, data["seconds"]))
            continue
        result = flexibility(system_of(name, hours), name)
        print(f"full {name}: {result.seconds:.0f} s", flush=True)
        found.append(result)
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            document = {
                "system": result.system,
                "figures": result.figures().to_dict(),
                "seconds": result.seconds,
            }
            (save / f"full-{name}.json").write_text(json.dumps(document, indent=1) + "\n")
    return found


def quick_form(hours: int | None) -> list[FlexibilityResult]:
    """As assess runs it: the options share the runs without their plant."""
    rest_runs = RestRuns()
    found = []
    for name in OPTIONS:
        system = system_of(name, hours)
        result = flexibility(system, name, weeks=representative_weeks(system), rest_runs=rest_runs)
        print(f"quick {name}: {result.seconds:.0f} s", flush=True)
        found.append(result)
    return found


def table(results: list[FlexibilityResult]) -> list[str]:
    head = "| scenario | plant | " + " | ".join(h for h, _, _ in COLUMNS.values()) + " |"
    rule = "|" + "---|" * (len(COLUMNS) + 2)
    return [head, rule, *[f"| {' | '.join(row)} |" for row in table_rows(results)]]


def comparison(full: list[FlexibilityResult], quick: list[FlexibilityResult]) -> list[str]:
    """Quick against full, figure by figure, and whether the quick form's range holds the
    full form's value of flexibility, its sign and the options' ranking."""
    rows = ["| option | figure | full year | quick form | quick − full |", "|---|---|---|---|---|"]
    for f, q in zip(full, quick, strict=True):
        a, b = f.figures().to_dict(), q.figures().to_dict()
        for key, (label, scale, decimals, unit) in COMPARED.items():
            cells = [a[key] * scale, b[key] * scale, (b[key] - a[key]) * scale]
            units = [unit, unit, " points" if unit == " %" else unit]
            shown = [f"{v:,.{decimals}f}{u}" for v, u in zip(cells, units, strict=True)]
            rows.append(f"| {f.figures().plant} | {label} | {' | '.join(shown)} |")
    notes = []
    for f, q in zip(full, quick, strict=True):
        fv, qf = f.figures().value_of_flexibility_eur, q.figures()
        qv, half = qf.value_of_flexibility_eur, Z95 * qf.value_of_flexibility_se_eur
        inside = "inside" if abs(qf.value_of_flexibility_eur - fv) <= half else "outside"
        same = (
            "the same sign" if (fv >= 0) == (qf.value_of_flexibility_eur >= 0) else "the other sign"
        )
        notes.append(
            f"- {qf.plant}: the full year's value of flexibility, EUR {fv / 1e6:,.2f} m, is "
            f"{inside} the quick form's rough 95 % range (EUR {qv / 1e6:,.2f} m ± "
            f"{half / 1e6:,.2f} m); the quick form gives it {same}."
        )
    order_full = [
        r.figures().plant for r in sorted(full, key=lambda r: r.figures().value_of_flexibility_eur)
    ]
    order_quick = [
        r.figures().plant for r in sorted(quick, key=lambda r: r.figures().value_of_flexibility_eur)
    ]
    agree = "the same" if order_full == order_quick else "the opposite"
    notes.append(
        f"- Ranking by value of flexibility (lowest first): full year {', '.join(order_full)}; "
        f"quick form {', '.join(order_quick)}: {agree} order."
    )
    return [*rows, "", *notes]


def page(
    full: list[FlexibilityResult], quick: list[FlexibilityResult], note: str, reused: bool
) -> str:
    hours = full[0].figures().hours
    weeks = representative_weeks(system_of(OPTIONS[0], None if hours >= 8760 else hours))
    week_list = ", ".join(
        f"{int(b) // 168 + 1} (weight {w:.2f})"
        for b, w in zip(weeks.begin_h, weeks.weight, strict=True)
    )
    times = [
        f"- {r.figures().plant}, {r.figures().form} form: {r.seconds:,.0f} s"
        for r in [*full, *quick]
    ]
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
            "is the saving with commitment on minus the saving with it off.",
            "",
            "## Full form: the whole year (`powerpact assess --flexibility full`)",
            "",
            *(
                [
                    "The full form's figures and times come from an earlier run of this "
                    "script's full form (`--save-full`, read back with `--full-from`); the "
                    "quick form was run now.",
                    "",
                ]
                if reused
                else []
            ),
            *table(full),
            "",
            *[f"- {sentence(r)}" for r in full],
            "",
            "## Quick form: representative weeks (`powerpact assess`, the default)",
            "",
            "The same four dispatches on representative weeks (studies/flexibility_weeks.py): the "
            "week of the highest net load for itself, and for each season the week nearest the "
            "season's mean week in the series the expansion clusters days on, standing for the "
            "season's weeks. Each week starts afresh (units online), with its gas storage's net "
            "injection and its contract gas taken from the year's dispatch without commitment "
            "(a week dispatched alone otherwise finds summer gas free of winter's need for it). "
            f"Weeks (of the year, weight = weeks each stands for): {week_list}. The ± range is "
            "rough: it assumes every week differs from its representative as much as the "
            "representative weeks differ from one another.",
            "",
            *table(quick),
            "",
            *[f"- {sentence(r)}" for r in quick],
            "",
            "## Quick form against the full year",
            "",
            *comparison(full, quick),
            "",
            "Time (wall clock, four dispatches of every period, and the year's dispatches the "
            "quick form plans from; the second quick option reuses the first's runs without "
            "the plant):",
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
    parser.add_argument("--save-full", type=Path, default=None)
    parser.add_argument("--full-from", type=Path, default=None)
    parser.add_argument(
        "--note", default="2-core machine shared with other jobs (times under load)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    quick = quick_form(args.hours)
    full = full_form(args.hours, args.save_full, args.full_from)
    reused = args.full_from is not None
    OUT.write_text(page(full, quick, args.note, reused), encoding="utf-8")
    print(f"wrote {OUT} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
