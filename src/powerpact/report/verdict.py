"""One paragraph, written from the numbers, on what the scenarios change.

Scenarios compared with the baseline are ranked together (who cuts loss of load most, who widens
the margin most, what that one costs); a scenario compared with another one, its base (the Niš
plant after the coal closures, against the closures), gets a sentence of its own on that step.
Every sentence is a function of the headline figures only, so the same results always give the
same words, and a sentence whose figures are missing (an engine that did not run) is left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from powerpact.report.summary import (
    Headline,
    check_figure,
    horizon_hours,
    over,
    per,
    references_or_baseline,
    value,
)

# Differences smaller than this many combined standard errors are called "within sampling error".
SIGNIFICANCE_Z = 1.96
# Below this, a cost per MWh avoided divides by noise (EENS is reported to the MWh).
MIN_AVOIDED_MWH = 1.0
# What `cost_without_lost_load_eur` is called: the same figure as the tables' cost row.
# A penalty (lost load, unserved gas) below this, and below 1 % of the cost, is not mentioned.
MATERIAL_PENALTY_EUR = 1e6
COST_WORDS = "operating cost before penalties (net of trade)"


def _signed_percent(new: float, old: float) -> str:
    """ " (+12 %)", or nothing when the old value is too near zero for a percentage to mean much
    or the change is below half a percent."""
    percent = 100 * (new - old) / abs(old) if old != 0 else math.inf
    # "(+0 %)" after a change reads as a contradiction: say nothing when it rounds to zero
    return f" ({percent:+.0f} %)" if math.isfinite(percent) and 0.5 <= abs(percent) < 1e6 else ""


def _money(eur: float) -> str:
    if abs(eur) >= 1e9:
        return f"EUR {eur / 1e9:,.2f} bn"
    if abs(eur) >= 1e6:
        return f"EUR {eur / 1e6:,.1f} m"
    return f"EUR {eur:,.0f}"


def _tonnes(t: float) -> str:
    return f"{t / 1e6:,.2f} Mt" if abs(t) >= 1e6 else f"{t / 1e3:,.0f} kt"


def _moves(old_percent: float, new_percent: float) -> str:
    if round(old_percent) == round(new_percent):
        return f"stays at {new_percent:.0f} %"
    return f"goes from {old_percent:.0f} % to {new_percent:.0f} %"


def _within_error(a: Headline, b: Headline, key: str, error_key: str) -> bool:
    x, y = value(a, "adequacy", key), value(b, "adequacy", key)
    ex, ey = value(a, "adequacy", error_key), value(b, "adequacy", error_key)
    if None in (x, y, ex, ey):
        return False
    return abs(x - y) < SIGNIFICANCE_Z * math.hypot(ex, ey)  # type: ignore[arg-type,operator]


def cost_per_mwh_avoided(scenario: Headline, base: Headline) -> float | None:
    """Extra annual system cost per MWh of expected unserved energy avoided, EUR/MWh.

    Extra cost is the change in dispatch cost without the lost-load penalty, plus the annual fixed
    cost (capital and fixed O&M) of any new plant the scenario appraises; None when the scenario
    avoids no unserved energy or a figure is missing.
    """
    eens_base, eens_new = (
        value(base, "adequacy", "eens_mwh"),
        value(scenario, "adequacy", "eens_mwh"),
    )
    cost_base, cost_new = (
        value(h, "dispatch", "cost_without_lost_load_eur") for h in (base, scenario)
    )
    if None in (eens_base, eens_new, cost_base, cost_new):
        return None
    avoided = eens_base - eens_new  # type: ignore[operator]
    if avoided < MIN_AVOIDED_MWH:
        return None
    fixed = value(scenario, "economics", "annual_fixed_cost_eur") or 0.0
    return (cost_new - cost_base + fixed) / avoided  # type: ignore[operator]


def _lole(headline: Headline) -> float | None:
    return value(headline, "adequacy", "lole_hours")


def _credit_sentence(headlines: Mapping[str, Headline]) -> str | None:
    """At zero risk the options differ in how much load they let the focus zone add before the
    reliability standard is breached: each option's ELCC from assess's credit stage."""
    parts = []
    for name, headline in headlines.items():
        elcc = value(headline, "credit", "elcc_mw")
        err = value(headline, "credit", "elcc_mw_stderr")
        if elcc is None or err is None:
            continue
        check_figure("credit", "option")
        option = headline["credit"]["option"]
        parts.append(f"{option} in {name} {elcc:,.0f} ± {2 * err:,.0f} MW")
    if not parts:
        return None
    first = next(h for h in headlines.values() if h.get("credit"))
    standard = value(first, "credit", "reliability_standard_lole_hours")
    check_figure("credit", "headroom_zone")
    zone = first["credit"]["headroom_zone"]
    return (
        f"They differ in the load {zone} could add before loss of load reaches the "
        f"{standard:g} h/yr standard: the capacity credit (ELCC, 95 % interval) of "
        + "; ".join(parts)
        + "."
    )


def _security_sentences(
    headlines: Mapping[str, Headline], baseline: str, calm: bool, hours: int | None = None
) -> tuple[list[str], str | None]:
    """Sentences on loss of load, and the scenario that cuts it most (None if none does); `calm`:
    no scenario of the whole run has any loss of load. Scenarios are ranked over all of
    `headlines` (every row of the table), each against the baseline's figure."""
    base = headlines[baseline]
    lole_base = _lole(base)
    others = {n: h for n, h in headlines.items() if n != baseline and _lole(h) is not None}
    if lole_base is None or not others:
        return [], None
    if calm:
        credit = _credit_sentence(headlines)
        if credit:
            return ["No scenario shows any loss of load in the sampled years. " + credit], None
        return [
            "No scenario shows any loss of load in the sampled years, so the options differ "
            "in capacity margin, cost, carbon and gas security rather than in adequacy."
        ], None
    eens_base = value(base, "adequacy", "eens_mwh") or 0.0
    sentences = [
        f"In {baseline} the power system expects {lole_base:,.1f} hours{over(hours)} with too "
        f"little supply and {eens_base:,.0f} MWh{over(hours)} of energy not served."
    ]
    best = min(others, key=lambda n: _lole(others[n]) or 0.0)
    worst = max(others, key=lambda n: _lole(others[n]) or 0.0)
    lole_best = _lole(others[best]) or 0.0
    focus = None
    if lole_best < lole_base:
        focus = best
        eens_best = value(others[best], "adequacy", "eens_mwh") or 0.0
        text = (
            f"{best} cuts the loss-of-load expectation most, to {lole_best:,.1f} h{per(hours)}"
            f"{_signed_percent(lole_best, lole_base)}, and unserved energy by "
            f"{eens_base - eens_best:,.0f} MWh{per(hours)}"
        )
        if _within_error(others[best], base, "lole_hours", "lole_hours_stderr"):
            text += " (a change within Monte Carlo sampling error)"
        price = cost_per_mwh_avoided(others[best], base)
        if price is not None:
            text += f", at {_money(price)} per MWh of unserved energy avoided"
        sentences.append(text + ".")
    else:
        sentences.append(f"No scenario lowers the loss-of-load expectation below {baseline}'s.")
    lole_worst = _lole(others[worst]) or 0.0
    if (
        worst != best
        and lole_worst > lole_base
        and not _within_error(others[worst], base, "lole_hours", "lole_hours_stderr")
    ):
        sentences.append(
            f"{worst} is the riskiest, raising it to {lole_worst:,.1f} h{per(hours)}"
            f"{_signed_percent(lole_worst, lole_base)}."
        )
    return sentences, focus


def _margin(headline: Headline) -> float | None:
    return value(headline, "overview", "capacity_margin_percent")


def _margin_sentences(
    headlines: Mapping[str, Headline], baseline: str
) -> tuple[list[str], str | None]:
    """Sentences on the firm capacity margin, and the scenario that widens it most; scenarios are
    ranked over all of `headlines` (every row of the table), so "thinnest" is the table's
    minimum."""
    base = _margin(headlines[baseline])
    others = {n: m for n, h in headlines.items() if n != baseline and (m := _margin(h)) is not None}
    if base is None or not others:
        return [], None
    sentences, focus = [], None
    best, worst = max(others, key=others.__getitem__), min(others, key=others.__getitem__)
    if others[best] > base + 0.05:
        focus = best
        sentences.append(
            f"{best} widens the margin of firm capacity over peak demand most, from "
            f"{base:.1f} % to {others[best]:.1f} %."
        )
    if worst != best and others[worst] < base - 0.05:
        sentences.append(
            f"{worst} leaves the thinnest margin, {others[worst]:.1f} %: that is "
            "where shortfalls would appear first."
        )
    return sentences, focus


def _focus(headlines: Mapping[str, Headline], baseline: str, *preferred: str | None) -> str:
    """The scenario the rest of the paragraph follows: the first preferred one, else the first
    with a plant appraisal, else the first alternative."""
    for name in preferred:
        if name is not None:
            return name
    others = [n for n in headlines if n != baseline]
    with_plant = [n for n in others if value(headlines[n], "economics", "npv_p50_eur") is not None]
    return (with_plant or others)[0]


def _change(
    old: float,
    new: float,
    what: str,
    show: Callable[[float], str],
    floor: float,
    hours: int | None = None,
) -> str:
    if abs(new - old) < floor:
        return f"{what} is unchanged"
    verb = "rises" if new > old else "falls"
    return f"{what} {verb} by {show(abs(new - old))}{over(hours)}{_signed_percent(new, old)}"


def _consequences(
    name: str, scenario: Headline, base: Headline, hours: int | None = None
) -> list[str]:
    """Cost, carbon and gas of scenario `name` against the baseline, as one sentence."""
    parts = []
    pairs = {
        key: (value(base, stage, key), value(scenario, stage, key))
        for stage, key in (
            ("dispatch", "cost_without_lost_load_eur"),
            ("dispatch", "co2_t"),
            ("gas", "import_dependency"),
            ("gas", "n_minus_1_percent"),
            ("gas", "supplier_hhi"),
        )
    }
    old, new = pairs["cost_without_lost_load_eur"]
    if old is not None and new is not None:
        parts.append(_change(old, new, COST_WORDS, _money, 0.5e6, hours))
    old, new = pairs["co2_t"]
    if old is not None and new is not None:
        parts.append(_change(old, new, "power-sector CO2", _tonnes, 500.0, hours))
    old, new = pairs["import_dependency"]
    if old is not None and new is not None:
        parts.append(f"gas import dependency {_moves(100 * old, 100 * new)}")
    old, new = pairs["n_minus_1_percent"]
    if old is not None and new is not None:
        standard = "meets" if new >= 100 else "misses"
        parts.append(f"the gas N-1 indicator {_moves(old, new)} ({standard} the 100 % standard)")
    old, new = pairs["supplier_hhi"]
    if old is not None and new is not None and round(old) != round(new):
        direction = "less" if new < old else "more"
        parts.append(
            f"gas supply becomes {direction} concentrated (supplier HHI {old:,.0f} to {new:,.0f})"
        )
    if not parts:
        return []
    return [
        f"In {name}, "
        + ", ".join(parts[:-1])
        + (" and " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    ]


def penalty_sentences(headlines: Mapping[str, Headline], baseline: str) -> list[str]:
    """What the cost rows leave out, when material: the penalty for lost load and for non-power
    gas not delivered, in the baseline and in the scenario with the largest penalty."""
    hours = horizon_hours(headlines)
    penalties = {}
    for name, headline in headlines.items():
        total = value(headline, "dispatch", "total_cost_eur")
        before = value(headline, "dispatch", "cost_without_lost_load_eur")
        if total is not None and before is not None:
            penalties[name] = total - before
    if baseline not in penalties:
        return []
    largest = max(penalties, key=penalties.__getitem__)
    sentences = []
    for name in dict.fromkeys((baseline, largest)):
        penalty = penalties[name]
        before = value(headlines[name], "dispatch", "cost_without_lost_load_eur") or 0.0
        if penalty < max(MATERIAL_PENALTY_EUR, 0.01 * abs(before)):
            continue
        gas = value(headlines[name], "dispatch", "gas_shortfall_mcm") or 0.0
        unserved = value(headlines[name], "dispatch", "unserved_mwh") or 0.0
        what = []
        if gas > 0:
            what.append(f"{gas:,.1f} mcm of non-power gas is not delivered")
        if unserved > 0:
            what.append(f"{unserved:,.0f} MWh of electricity is not served")
        sentences.append(
            f"In {name}, {' and '.join(what) or 'shortfalls'}{over(hours)}: a penalty of "
            f"{_money(penalty)} on top of the operating cost of {_money(before)} that the "
            "comparisons use."
        )
    return sentences


def _plant_sentence(name: str, scenario: Headline) -> list[str]:
    lcoe = value(scenario, "economics", "lcoe_eur_per_mwh")
    p10, p50, p90 = (value(scenario, "economics", f"npv_{p}_eur") for p in ("p10", "p50", "p90"))
    if lcoe is None or p50 is None:
        return []
    text = f"{name}'s new plant generates at {_money(lcoe)}/MWh over its life, with a net "
    text += f"present value of {_money(p50)} in the median price path"
    if p10 is not None and p90 is not None:
        text += f" ({_money(p10)} to {_money(p90)}, P10 to P90)"
        if p90 < 0:
            text += ": it does not pay for itself at these prices without support"
        elif p10 > 0:
            text += ": it pays for itself even in poor price paths"
        else:
            text += ": whether it pays depends on fuel, carbon and power prices"
    return [text + "."]


def _goes(what: str, old: float, new: float, unit: str, digits: int = 1) -> str:
    if round(old, digits) == round(new, digits):
        return f"{what} stays at {new:,.{digits}f}{unit}"
    return f"{what} goes from {old:,.{digits}f}{unit} to {new:,.{digits}f}{unit}"


def _focus_parts(scenario: Headline, base: Headline, hours: int | None) -> list[str]:
    """On a system of several zones, the focus zone's own figures beside the region's: its cost
    including trade at the model's zonal prices, its CO2 and its mean price."""
    zones = scenario.get("dispatch", {}).get("net_import_mwh_by_zone") or {}
    zone = scenario.get("focus", {}).get("zone")
    if len(zones) < 2 or not zone:
        return []
    parts = []
    for key, what, show, floor in (
        ("cost_including_trade_eur", f"{zone}'s own cost including trade", _money, 0.5e6),
        ("co2_t", f"{zone}'s own CO2", _tonnes, 500.0),
    ):
        old, new = value(base, "focus", key), value(scenario, "focus", key)
        if old is not None and new is not None:
            parts.append(_change(old, new, what, show, floor, hours))
    for key, what, scale, unit in (
        ("price_eur_per_mwh", f"{zone}'s mean price", 1.0, " EUR/MWh"),
        ("net_import_mwh", f"{zone}'s net imports", 1e-6, f" TWh{per(hours)}"),
    ):
        old, new = value(base, "focus", key), value(scenario, "focus", key)
        if old is not None and new is not None:
            parts.append(_goes(what, old * scale, new * scale, unit))
    return parts


def _step_sentence(
    name: str, reference: str, scenario: Headline, base: Headline, hours: int | None = None
) -> list[str]:
    """What scenario `name` changes against the scenario it edits, as one sentence."""
    parts = []
    old, new = _margin(base), _margin(scenario)
    if old is not None and new is not None:
        parts.append(_goes("the firm capacity margin", old, new, " %"))
    old, new = _lole(base), _lole(scenario)
    if old is not None and new is not None and (old > 0 or new > 0):
        text = _goes("loss-of-load expectation", old, new, f" h{per(hours)}")
        if old != new and _within_error(scenario, base, "lole_hours", "lole_hours_stderr"):
            text += " (within Monte Carlo sampling error)"
        parts.append(text)
    for stage, key, what, show, floor in (
        ("dispatch", "cost_without_lost_load_eur", COST_WORDS, _money, 0.5e6),
        ("dispatch", "co2_t", "power-sector CO2", _tonnes, 500.0),
    ):
        old, new = value(base, stage, key), value(scenario, stage, key)
        if old is not None and new is not None:
            parts.append(_change(old, new, what, show, floor, hours))
    parts += _focus_parts(scenario, base, hours)
    old, new = value(base, "gas", "n_minus_1_percent"), value(scenario, "gas", "n_minus_1_percent")
    if old is not None and new is not None:
        standard = "meets" if new >= 100 else "misses"
        parts.append(f"the gas N-1 indicator {_moves(old, new)} ({standard} the 100 % standard)")
    p10, p50, p90 = (value(scenario, "economics", f"npv_{p}_eur") for p in ("p10", "p50", "p90"))
    if p50 is not None:
        text = f"its new plant's median net present value is {_money(p50)}"
        if p10 is not None and p90 is not None:
            text += f" ({_money(p10)} to {_money(p90)}, P10 to P90)"
        parts.append(text)
    if not parts:
        return []
    return [
        f"Against {reference}, in {name} "
        + ", ".join(parts[:-1])
        + (" and " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    ]


def verdict(
    headlines: Mapping[str, Headline],
    baseline: str,
    references: Mapping[str, str] | None = None,
    robustness: Sequence[Mapping[str, Any]] | None = None,
) -> str:
    """The executive-summary paragraph for these results; `references[name]` is the scenario
    `name` is compared with (default: the baseline); `robustness`, the entries of the
    robustness study, adds where conclusions would flip."""
    return " ".join(findings(headlines, baseline, references, robustness))


def findings(
    headlines: Mapping[str, Headline],
    baseline: str,
    references: Mapping[str, str] | None = None,
    robustness: Sequence[Mapping[str, Any]] | None = None,
) -> list[str]:
    """The verdict's sentences, one finding each (the report shows them as bullets)."""
    if len(headlines) < 2:
        return [f"Only {baseline} was assessed, so there is nothing to compare it with."]
    refs = references_or_baseline(headlines, baseline, references)
    direct = {n: h for n, h in headlines.items() if refs.get(n, baseline) == baseline}
    hours = horizon_hours(headlines)
    sentences: list[str] = []
    if len(direct) > 1:
        calm = all(_lole(h) in (None, 0.0) for h in headlines.values())
        # "most", "thinnest", "riskiest" rank every scenario of the table, not only those
        # compared with the baseline
        security, cuts_lole = _security_sentences(headlines, baseline, calm, hours)
        margins, widens = (
            _margin_sentences(headlines, baseline) if cuts_lole is None else ([], None)
        )
        # the cost/carbon sentence compares with the baseline, so it follows a direct scenario
        focus = _focus(
            direct, baseline, *(n for n in (cuts_lole, widens) if n is not None and n in direct)
        )
        sentences += [
            *security,
            *margins,
            *_consequences(focus, direct[focus], direct[baseline], hours),
            *_plant_sentence(focus, direct[focus]),
            *penalty_sentences(headlines, baseline),
        ]
    for name, reference in refs.items():
        if reference != baseline:
            sentences += _step_sentence(
                name, reference, headlines[name], headlines[reference], hours
            )
    from powerpact.report.robustness import verdict_sentences

    for text in verdict_sentences(robustness):
        _attach(sentences, text, headlines)
    return sentences or [f"No figures to compare {baseline} with."]


def _attach(findings: list[str], text: str, headlines: Mapping[str, Headline]) -> None:
    """Add robustness sentence `text` ("In nis-ccgt, the … holds unless …") to the last finding
    about the same scenario, so that each finding carries its own robustness; else on its own."""
    for name in sorted(headlines, key=len, reverse=True):
        if text.startswith(f"In {name},"):
            about = [
                i
                for i, finding in enumerate(findings)
                if finding.startswith((f"In {name},", f"{name}'s ", f"{name} "))
                or f", in {name} " in finding
            ]
            if about:
                # the finding on the same topic (NPV → the plant's, cost or CO2 → the one
                # with that change), else the last one about the scenario
                topics = (("NPV", "net present value"), ("cost", "cost"), ("CO2", "CO2"))
                words = [finding for key, finding in topics if key in text.split("holds")[0]]
                same = [i for i in about if words and words[0] in findings[i]]
                findings[(same or about)[0 if same else -1]] += " Robustness: " + text
                return
    findings.append(text)
