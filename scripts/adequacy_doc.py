"""Write the figures of docs/adequacy.md's "Headroom and capacity credit in assess" section:
each default scenario's headroom at the reliability standard with the credit of its option (as
assess's credit stage computes them), and how coal-exit-2032's LOLE and headroom move with
operating reserves withheld and with the demand forecast band.

    .venv/bin/python scripts/adequacy_doc.py [--credit-samples N] [--samples N]

Two blocks between marker comments are rewritten; every figure comes from this run.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from docblock import replace_block

from powerpact.adequacy import MonteCarloOptions
from powerpact.adequacy.multiarea import monte_carlo_areas
from powerpact.studies import assess as run
from powerpact.studies.credit_stage import TOLERANCE_MW, credit_stage
from powerpact.studies.headroom import headroom
from powerpact.system import System, load
from powerpact.system.operations import serbia_reserves_mw, with_reserves

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "adequacy.md"
STUDY = "coal-exit-2032"  # the 2032 system before either option


def _mw(value: float | None, error: float | None) -> str:
    return "–" if value is None or error is None else f"{value:,.0f} ± {error:,.0f}"


def credit_table(samples: int) -> tuple[str, float]:
    """The credit stage over the default scenarios, in assess's order: a markdown table."""
    systems = run.load_inputs(run.select_inputs([], None))
    base = run.pick_baseline([s.name for s in systems])
    refs = run.references(systems, base)
    systems = run.reading_order(systems, base, refs)
    by_name = {s.name: s for s in systems}
    context = run.Context(
        run.AssessOptions(credit_samples=samples),
        systems[0],
        {n: by_name[r] for n, r in refs.items()},
    )
    rows = [
        "| scenario | headroom in RS (MW) | change vs compared scenario (MW) "
        "| option (compared with) | ELCC (MW) | of nameplate |",
        "|---|---|---|---|---|---|",
    ]
    start = time.perf_counter()
    for system in systems:
        result = credit_stage(system, {}, context)
        assert result is not None
        f = result.headline()
        option = f"{f['option']} ({f['compared_with']})" if "option" in f else "–"
        share = f.get("elcc_share_of_nameplate")
        rows.append(
            f"| {system.name} | {_mw(f['headroom_mw'], f['headroom_mw_stderr'])} | "
            f"{_mw(f.get('headroom_change_mw'), f.get('headroom_change_mw_stderr'))} | {option} | "
            f"{_mw(f.get('elcc_mw'), f.get('elcc_mw_stderr'))} | "
            + ("–" if share is None else f"{100 * share:.0f} % of {f['option_nameplate_mw']:,.0f}")
            + " |"
        )
    return "\n".join(rows), time.perf_counter() - start


def sensitivity_table(samples: int, credit_samples: int, seed: int) -> str:
    """coal-exit-2032's system and RS LOLE, and RS headroom, under reserves and demand bands."""
    system = load(STUDY)
    up_mw, _ = serbia_reserves_mw()
    cases: list[tuple[str, System, float]] = [
        ("as shipped (no reserves withheld, no band)", system, 0.0),
        (f"RS upward reserve withheld ({up_mw:,.0f} MW)", with_reserves(system), 0.0),
        ("demand band 0.02", system, 0.02),
        ("demand band 0.05", system, 0.05),
    ]
    rows = [
        f"| {STUDY} | system LOLE (h/yr) | RS LOLE (h/yr) | headroom in RS (MW) |",
        "|---|---|---|---|",
    ]
    near = None
    for label, model, band in cases:
        options = MonteCarloOptions(demand_band=band)
        result = monte_carlo_areas(model, samples, seed, replace(options, progress=False))
        zone = result.zone_indices()["RS"]
        found = headroom(
            model,
            credit_samples,
            seed,
            options,
            start_mw=near or 0.0,
            step_mw=500.0,
            tolerance_mw=TOLERANCE_MW,
            zone="RS",
        )
        near = near or found.mw
        rows.append(
            f"| {label} | {result.system.lole_hours:.3g} ± {result.system.lole_hours_stderr:.2g}"
            f" | {zone['lole_hours']:.3g} ± {zone['lole_hours_stderr']:.2g}"
            f" | {_mw(found.mw, found.stderr_mw)} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--credit-samples", type=int, default=run.DEFAULT_CREDIT_SAMPLES)
    parser.add_argument("--samples", type=int, default=run.DEFAULT_SAMPLES)
    args = parser.parse_args()
    seed = run.DEFAULT_SEED
    credits, seconds = credit_table(args.credit_samples)
    note = (
        f"\n\n{args.credit_samples} sample-years a run, seed {seed}, tolerance "
        f"{TOLERANCE_MW:g} MW; the stage took {seconds:,.0f} s for the eight scenarios "
        "(timed on a shared 2-core machine under load; see benchmarks/assess.md)."
    )
    sensitivity = sensitivity_table(args.samples, args.credit_samples, seed)
    sensitivity += (
        f"\n\nLOLE over {args.samples:,} sample-years, headroom with {args.credit_samples} a "
        f"run; seed {seed}."
    )
    text = DOC.read_text(encoding="utf-8")
    text = replace_block(text, "credit", credits + note, DOC)
    text = replace_block(text, "sensitivity", sensitivity, DOC)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
