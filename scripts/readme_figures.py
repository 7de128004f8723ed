"""Write the README's figures from a run, so that no figure in it is typed by hand.

    python scripts/readme_figures.py                  # run the default assess, rewrite README
    python scripts/readme_figures.py --results R.json # take the full run's figures from R.json
    python scripts/readme_figures.py --check          # exit 1 if the README disagrees

Three blocks between marker comments are rewritten:

- `figures`: "What the default says", from the full default `powerpact assess`
  (every shipped scenario, full year, 1,000 Monte Carlo years, robustness quick);
- `check`: the figures of a cheap configuration (`CHECK_ARGS`), which the test suite re-runs
  and compares with the README (tests/test_readme_figures.py);
- `speed`: the full run's wall time, by stage, on the machine that ran it.

With `--check` nothing is written: the blocks rendered from the run are compared with the
README's, and any difference is printed and exits 1. Without `--results` the full default run
takes about a minute or two.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docblock

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# The cheap configuration of the `check` block: one week, 100 Monte Carlo years.
CHECK_ARGS = {"hours": 168, "samples": 100, "robustness": "off"}

Doc = Mapping[str, Any]


# --- formatting ---------------------------------------------------------------------------------


def money(eur: float) -> str:
    if abs(eur) >= 1e9:
        return f"EUR {eur / 1e9:,.2f} bn"
    return f"EUR {eur / 1e6:,.0f} m"


def tonnes(t: float) -> str:
    return f"{t / 1e6:,.2f} Mt" if abs(t) >= 1e6 else f"{t / 1e3:,.0f} kt"


def signed(value: float, show: Any) -> str:
    return ("+" if value >= 0 else "−") + show(abs(value))


def pct(value: float) -> str:
    return f"{value:.1f} %".replace("-", "−")


def _h(doc: Doc, scenario: str, stage: str, key: str) -> Any:
    return (doc["scenarios"].get(scenario, {}).get("headline", {}).get(stage) or {}).get(key)


def _change(doc: Doc, scenario: str, stage: str, key: str) -> Any:
    return (doc["scenarios"].get(scenario, {}).get("change_vs_reference", {}).get(stage) or {}).get(
        key
    )


def _has(doc: Doc, *scenarios: str) -> bool:
    return all(s in doc["scenarios"] for s in scenarios)


# --- blocks -----------------------------------------------------------------------------------


def _adequacy(doc: Doc) -> str:
    names = list(doc["scenarios"])
    mc = {n: _h(doc, n, "adequacy", "lole_hours") or 0.0 for n in names}
    exact = {n: _h(doc, n, "adequacy_copt", "lole_hours") or 0.0 for n in names}
    samples = doc["provenance"]["monte_carlo_samples"]
    worst_mc = max(mc, key=mc.__getitem__)
    worst = max(exact, key=exact.__getitem__)
    if mc[worst_mc] == 0:
        # Every LOLE is 0: the options differ in headroom and credit (the next line), not here.
        head = f"**No scenario loses load** in {samples:,} sampled years"
    else:
        head = f"**Loss of load:** at most {mc[worst_mc]:.2g} h/yr in {samples:,} sampled years"
        head += f" ({worst_mc})"
    if not any(_h(doc, n, "adequacy_copt", "lole_hours") is not None for n in names):
        # Several zones: the exact outage table is one area's only (docs/adequacy.md).
        return f"- {head}, the zones joined by their interconnectors (multi-area Monte Carlo)."
    return f"- {head}; the exact method finds at most {exact[worst]:.2g} h/yr, in {worst}."


def _credit(doc: Doc) -> str | None:
    """Headroom at the reliability standard and each option's ELCC (assess's credit stage)."""
    names = [n for n in doc["scenarios"] if _h(doc, n, "credit", "headroom_zone") is not None]
    if not names:
        return None
    first = names[0]
    zone = _h(doc, first, "credit", "headroom_zone")
    standard = _h(doc, first, "credit", "reliability_standard_lole_hours")
    samples = _h(doc, first, "credit", "credit_samples")
    rooms = []
    for n in names:
        mw, err = _h(doc, n, "credit", "headroom_mw"), _h(doc, n, "credit", "headroom_mw_stderr")
        if mw is not None:
            rooms.append(f"{n} {mw:,.0f} ± {2 * err:,.0f} MW")
    options = []
    for n in names:
        mw = _h(doc, n, "credit", "elcc_mw")
        if mw is not None:
            err = _h(doc, n, "credit", "elcc_mw_stderr")
            share = _h(doc, n, "credit", "elcc_share_of_nameplate")
            option = _h(doc, n, "credit", "option")
            options.append(
                f"{option} in {n} {mw:,.0f} ± {2 * err:,.0f} MW ({share * 100:.0f} % of nameplate)"
            )
    text = (
        f"- **Headroom at the standard** ({standard:g} h/yr LOLE; load {zone} can add before any "
        f"zone breaches it, {samples:,} sample-years a run, ± two standard errors): "
        + "; ".join(rooms)
        + "."
    )
    if options:
        text += " **Capacity credit (ELCC)** of each option: " + "; ".join(options) + "."
    return text


def _volatility(doc: Doc) -> str | None:
    """The focus zone's annual bill over the price paths (assess's quick volatility form)."""
    found = doc.get("volatility") or {}
    if not found:
        return None
    first = next(iter(found.values()))
    parts = [
        f"{name} mean {money(f['bill_eur_mean'])}, standard deviation {money(f['bill_eur_std'])},"
        f" CVaR95 {money(f['bill_eur_cvar95'])}"
        for name, f in found.items()
        if name in ("baseline-2025", "nis-ccgt", "nis-ocgt")
    ]
    if not parts:
        return None
    return (
        f"- **{first['zone']}'s annual energy bill** over {first['paths']:,} correlated gas, "
        "carbon and neighbour-price paths, today's dispatch of each scenario re-priced, not "
        "re-dispatched (its exposure to prices; `powerpact volatility` dispatches every path, "
        "with climate years and stress paths): " + "; ".join(parts) + "."
    )


def _eur_m(eur: float) -> str:
    return f"EUR {eur / 1e6:,.2f} m"


def _flexibility(doc: Doc) -> str | None:
    """Starts, capacity factor and value of flexibility of each Niš option (assess's flexibility
    study, quick or full form), with the quick form's rough range and what it settles."""
    found = doc.get("flexibility") or {}
    rows = [
        (scenario, f)
        for scenario, plants in found.items()
        if scenario in ("nis-ccgt", "nis-ocgt")
        for f in plants.values()
    ]
    if not rows:
        return None
    parts = []
    for scenario, f in rows:
        text = (
            f"{scenario} {f['starts']:,.1f} starts, online {f['hours_online']:,.0f} h, capacity "
            f"factor with commitment {pct(100 * f['capacity_factor'])}, value of flexibility "
            f"{signed(f['value_of_flexibility_eur'], _eur_m)}"
        )
        if f["form"] == "quick":
            text += f" ± {_eur_m(1.96 * f['value_of_flexibility_se_eur'])}"
        parts.append(text)
    first = rows[0][1]
    form = (
        f"quick form: {first['weeks']} representative weeks scaled to the year; "
        "`--flexibility full` dispatches the whole year"
        if first["form"] == "quick"
        else "the whole year"
    )
    text = (
        f"- **Flexibility** with unit commitment ({form}; value of flexibility: the plant's "
        "saving with start-ups and minimum loads priced minus its saving without): "
        + "; ".join(parts)
        + "."
    )
    quick = [f for _, f in rows if f["form"] == "quick"]
    unsettled = [
        s
        for s, f in rows
        if f["form"] == "quick"
        and abs(f["value_of_flexibility_eur"]) < 1.96 * f["value_of_flexibility_se_eur"]
    ]
    if unsettled:
        text += f" The ± range (rough, 95 %) leaves the sign unsettled for {', '.join(unsettled)}."
    ranges = [
        (
            f["value_of_flexibility_eur"] - 1.96 * f["value_of_flexibility_se_eur"],
            f["value_of_flexibility_eur"] + 1.96 * f["value_of_flexibility_se_eur"],
        )
        for f in quick
    ]
    if len(ranges) > 1 and max(r[0] for r in ranges) <= min(r[1] for r in ranges):
        text += " The ranges overlap: the quick form does not rank the options by it."
    return text


def _plant(doc: Doc, scenario: str, reference: str) -> str:
    margin = (
        _h(doc, reference, "overview", "capacity_margin_percent"),
        _h(doc, scenario, "overview", "capacity_margin_percent"),
    )
    cost = _change(doc, scenario, "dispatch", "cost_without_lost_load_eur")
    co2 = _change(doc, scenario, "dispatch", "co2_t")
    n1 = (
        _h(doc, reference, "gas", "n_minus_1_percent"),
        _h(doc, scenario, "gas", "n_minus_1_percent"),
    )
    e = doc["scenarios"][scenario]["headline"].get("economics") or {}
    text = (
        f"- **{scenario}** (against {reference}): firm capacity margin {pct(margin[0])} → "
        f"{pct(margin[1])}, system operating cost {signed(cost, money)} a year, CO2 "
        f"{signed(co2, tonnes)} a year, gas N-1 {n1[0]:.0f} % → {n1[1]:.0f} % (standard 100 %)."
    )
    text += _focus(doc, scenario, reference)
    if e.get("lcoe_eur_per_mwh") is not None:
        text += (
            f" Plant LCOE {e['lcoe_eur_per_mwh']:.0f} EUR/MWh at a capacity factor of "
            f"{e['capacity_factor']:.2f}; NPV {money(e['npv_eur'])} at today's prices, "
            f"{money(e['npv_p10_eur'])} to {money(e['npv_p90_eur'])} from P10 to P90 of the "
            "price paths."
        )
    return text


def _focus(doc: Doc, scenario: str, reference: str) -> str:
    """The focus zone's own figures on a regional system (trade at the model's zonal prices)."""
    own = _h(doc, scenario, "focus", "zone")
    if own is None:
        return ""
    cost = _change(doc, scenario, "focus", "cost_including_trade_eur")
    co2 = _change(doc, scenario, "focus", "co2_t")
    net = (
        _h(doc, reference, "focus", "net_import_mwh") / 1e6,
        _h(doc, scenario, "focus", "net_import_mwh") / 1e6,
    )
    return (
        f" {own} alone: own cost including trade {signed(cost, money)} a year, own CO2 "
        f"{signed(co2, tonnes)} a year, net imports {net[0]:.1f} → {net[1]:.1f} TWh a year."
        + _paths(doc, scenario, own)
    )


def _paths(doc: Doc, scenario: str, zone: str) -> str:
    """What a transmission path into the focus zone delivered, and the price spread that
    explains it (ZoneFigures' paths_* fields)."""
    delivered = _h(doc, scenario, "focus", "paths_delivered_mwh")
    if delivered is None:
        return ""
    hours = _h(doc, scenario, "focus", "paths_hours_used")
    spread = _h(doc, scenario, "focus", "paths_mean_spread_eur_per_mwh")
    dearer = _h(doc, scenario, "focus", "paths_share_of_hours_dearer")
    return (
        f" Its transmission path delivered {delivered / 1e6:.2f} TWh in {hours:,} hours: "
        f"{zone}'s price was {abs(spread):.0f} EUR/MWh {'below' if spread < 0 else 'above'} "
        f"the path's origin on average and above it in {dearer * 100:.0f} % of hours."
    )


def _step(doc: Doc, scenario: str, reference: str) -> str:
    margin = (
        _h(doc, reference, "overview", "capacity_margin_percent"),
        _h(doc, scenario, "overview", "capacity_margin_percent"),
    )
    cost = _change(doc, scenario, "dispatch", "cost_without_lost_load_eur")
    co2 = _change(doc, scenario, "dispatch", "co2_t")
    return (
        f"- **{scenario}** (against {reference}): firm capacity margin {pct(margin[0])} → "
        f"{pct(margin[1])}, system operating cost {signed(cost, money)} a year, CO2 "
        f"{signed(co2, tonnes)} a year." + _focus(doc, scenario, reference)
    )


def _gas(doc: Doc) -> str:
    short = _h(doc, "gas-route-outage", "gas", "drill_non_power_shortfall_mcm")
    left = _h(doc, "gas-route-outage", "gas", "drill_storage_left_mcm")
    route = _h(doc, "gas-route-outage", "gas", "drill_route")
    days = _h(doc, "gas-route-outage", "gas", "drill_outage_days")
    text = (
        f"- **Gas:** losing {route} for {days} winter days leaves non-power customers "
        f"{short:,.0f} mcm short with {left:,.0f} mcm still in storage"
    )
    if _has(doc, "nis-ccgt"):
        niš = _h(doc, "nis-ccgt", "gas", "drill_non_power_shortfall_mcm")
        hhi = (
            _h(doc, "baseline-2025", "gas", "supplier_hhi"),
            _h(doc, "nis-ccgt", "gas", "supplier_hhi"),
        )
        text += (
            f"; in nis-ccgt (enlarged SOCAR contract) the drill's shortfall is {niš:,.0f} mcm and "
            f"supplier concentration (HHI) goes from {hhi[0]:,.0f} to {hhi[1]:,.0f}"
        )
    return text + "."


def _robustness(doc: Doc) -> str | None:
    entries = doc.get("robustness") or []
    if not entries:
        return None
    method = doc.get("robustness_method", {})
    flips: dict[str, list[str]] = {}
    checked = set()
    for e in entries:
        key = f"{e['scenario']}: {e['conclusion']}"
        checked.add(key)
        if e["flips_within_range"]:
            unit = e["unit"]
            value = (
                f"{e['break_even_value']:.2f}×"
                if unit.startswith("x ")
                else f"{e['break_even_value']:,.3g} {unit}"
            )
            flips.setdefault(key, []).append(f"{e['input']} at {value}")
    text = (
        f"- **Robustness** ({method.get('mode')}, {method.get('horizon_hours', 0):,}-hour horizon, "
        f"one input at a time): of {len(checked)} conclusions checked, {len(flips)} flip within "
        "the inputs' plausible ranges"
    )
    if flips:
        text += ": " + "; ".join(f"{k} ({', '.join(v)})" for k, v in flips.items())
    return text + "."


def figures_block(doc: Doc) -> str:
    lines = [_adequacy(doc)]
    credit = _credit(doc)
    if credit:
        lines.append(credit)
    for scenario, reference in (("nis-ccgt", "baseline-2025"), ("nis-ocgt", "baseline-2025")):
        if _has(doc, scenario, reference):
            lines.append(_plant(doc, scenario, reference))
    for scenario, reference in (
        ("coal-exit-2032", "demand-2032"),
        ("az-green-corridor-2032", "coal-exit-2032"),
    ):
        if _has(doc, scenario, reference):
            lines.append(_step(doc, scenario, reference))
    if _has(doc, "nis-ccgt-2032", "coal-exit-2032"):
        lines.append(_plant(doc, "nis-ccgt-2032", "coal-exit-2032"))
    if _has(doc, "gas-route-outage"):
        lines.append(_gas(doc))
    volatility = _volatility(doc)
    if volatility:
        lines.append(volatility)
    flexibility = _flexibility(doc)
    if flexibility:
        lines.append(flexibility)
    robust = _robustness(doc)
    if robust:
        lines.append(robust)
    return "\n".join(lines)


def check_block(doc: Doc) -> str:
    args = " ".join(f"--{k} {v}" for k, v in CHECK_ARGS.items())
    rows = [
        "| scenario | cost (EUR m) | CO2 (kt) | margin (%) | gas N-1 (%) |",
        "|---|---|---|---|---|",
    ]
    for name in doc["scenarios"]:
        rows.append(
            f"| {name} | {_h(doc, name, 'dispatch', 'cost_without_lost_load_eur') / 1e6:,.1f} | "
            f"{_h(doc, name, 'dispatch', 'co2_t') / 1e3:,.1f} | "
            f"{_h(doc, name, 'overview', 'capacity_margin_percent'):.1f} | "
            f"{_h(doc, name, 'gas', 'n_minus_1_percent'):.1f} |"
        )
    return (
        f"A cheap run that the test suite repeats and compares with this table, "
        f"`powerpact assess {args}` (first week of the year), gives:\n\n" + "\n".join(rows)
    )


def speed_block(doc: Doc, wall_s: float | None = None, load: float | None = None) -> str:
    prov = doc["provenance"]
    stages = doc.get("stage_seconds", {})
    parts = ", ".join(f"{k} {v:.0f} s" for k, v in stages.items() if v >= 0.5)
    total = wall_s if wall_s is not None else prov["run_time_s"]
    return (
        f"The full default `powerpact assess` ({len(doc['scenarios'])} scenarios, full year, "
        f"{prov['monte_carlo_samples']:,} Monte Carlo years, robustness "
        f"{doc.get('robustness_method', {}).get('mode', 'off')}) ran in {total:.0f} s "
        f"({parts}) on {prov['platform']}, Python {prov['python_version']}, powerpact "
        f"{prov['powerpact_version']}, on {prov['started_utc'][:10]}"
        + (f" (1-minute load average {load:.1f} at the end of the run)." if load else ".")
    )


# --- the README -------------------------------------------------------------------------------


def run_assess(out: Path, **options: Any) -> tuple[dict[str, Any], float]:
    """results.json of `powerpact assess` on every shipped scenario, and the wall time."""
    from powerpact.report.outputs import write_all
    from powerpact.studies import assess as run

    start = time.perf_counter()
    systems = run.load_inputs(run.select_inputs([], None))
    assessment = run.assess(systems, run.AssessOptions(**options))
    run.write_outputs(assessment, out, write_all)
    wall = time.perf_counter() - start
    return json.loads((out / "results.json").read_text(encoding="utf-8")), wall


def blocks(full: Doc, cheap: Doc, wall_s: float | None, load: float | None) -> dict[str, str]:
    return {
        "figures": figures_block(full),
        "check": check_block(cheap),
        "speed": speed_block(full, wall_s, load),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, help="results.json of the full default run")
    parser.add_argument(
        "--cheap-results", type=Path, help="results.json of the cheap run (default: run it)"
    )
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--out", type=Path, help="keep the full run's outputs here")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if differ")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.results is not None:
            full, wall, load = json.loads(args.results.read_text(encoding="utf-8")), None, None
        else:
            # The options of the README's first command, bare `powerpact assess`.
            full, wall = run_assess(
                args.out or Path(folder) / "full", robustness="quick", volatility_paths=1000
            )
            load = os.getloadavg()[0]
        if args.cheap_results is not None:
            cheap = json.loads(args.cheap_results.read_text(encoding="utf-8"))
        else:
            cheap, _ = run_assess(Path(folder) / "cheap", **CHECK_ARGS)
    text = args.readme.read_text(encoding="utf-8")
    new = blocks(full, cheap, wall, load)
    if args.check:
        # the speed block is left out: a timing is never reproduced exactly
        compared = ("figures", "check")
        diffs = [docblock.check_block(text, name, new[name], args.readme) for name in compared]
        sys.stdout.write("".join(diffs))
        return 1 if any(diffs) else 0
    for name, body in new.items():
        text = docblock.replace_block(text, name, body, args.readme)
    args.readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
