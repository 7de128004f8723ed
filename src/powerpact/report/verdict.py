"""One paragraph, written from the numbers, on what the scenarios change against the baseline.

Every sentence is a function of the headline figures only, so the same results always give the
same words, and a sentence whose figures are missing (an engine that did not run) is left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from powerpact.report.summary import Headline, value

# Differences smaller than this many combined standard errors are called "within sampling error".
SIGNIFICANCE_Z = 1.96
# Below this, a cost per MWh avoided divides by noise (EENS is reported to the MWh).
MIN_AVOIDED_MWH = 1.0


def _signed_percent(new: float, old: float) -> str:
    """" (+12 %)", or nothing when the old value is too near zero for a percentage to mean much."""
    percent = 100 * (new - old) / abs(old) if old != 0 else math.inf
    return f" ({percent:+.0f} %)" if math.isfinite(percent) and abs(percent) < 1e6 else ""


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
    eens_base, eens_new = value(base, "adequacy", "eens_mwh"), value(scenario, "adequacy",
                                                                      "eens_mwh")
    cost_base, cost_new = (value(h, "dispatch", "cost_without_lost_load_eur")
                           for h in (base, scenario))
    if None in (eens_base, eens_new, cost_base, cost_new):
        return None
    avoided = eens_base - eens_new  # type: ignore[operator]
    if avoided < MIN_AVOIDED_MWH:
        return None
    fixed = value(scenario, "economics", "annual_fixed_cost_eur") or 0.0
    return (cost_new - cost_base + fixed) / avoided  # type: ignore[operator]


def _security_sentences(headlines: Mapping[str, Headline], baseline: str) -> list[str]:
    base = headlines[baseline]
    lole_base = value(base, "adequacy", "lole_hours")
    if lole_base is None:
        return []
    eens_base = value(base, "adequacy", "eens_mwh") or 0.0
    sentences = [
        f"In {baseline} the power system expects {lole_base:,.1f} hours a year with too little "
        f"supply and {eens_base:,.0f} MWh a year of energy not served."
    ]
    others = {n: h for n, h in headlines.items()
              if n != baseline and value(h, "adequacy", "lole_hours") is not None}
    if not others:
        return sentences
    if lole_base == 0 and all(value(h, "adequacy", "lole_hours") == 0 for h in others.values()):
        sentences[0] = ("No scenario shows any loss of load in the sampled years: supply is "
                        "adequate throughout, so the options differ in cost, carbon and gas "
                        "security rather than in power adequacy.")
        return sentences
    best = min(others, key=lambda n: value(others[n], "adequacy", "lole_hours"))  # type: ignore
    worst = max(others, key=lambda n: value(others[n], "adequacy", "lole_hours"))  # type: ignore
    lole_best = value(others[best], "adequacy", "lole_hours") or 0.0
    if lole_best < lole_base:
        eens_best = value(others[best], "adequacy", "eens_mwh") or 0.0
        text = (f"{best} cuts the loss-of-load expectation most, to {lole_best:,.1f} h/yr"
                f"{_signed_percent(lole_best, lole_base)}, and unserved energy by "
                f"{eens_base - eens_best:,.0f} MWh/yr")
        if _within_error(others[best], base, "lole_hours", "lole_hours_stderr"):
            text += " (a change within Monte Carlo sampling error)"
        price = cost_per_mwh_avoided(others[best], base)
        if price is not None:
            text += f", at {_money(price)} per MWh of unserved energy avoided"
        sentences.append(text + ".")
    else:
        sentences.append(f"No scenario lowers the loss-of-load expectation below {baseline}'s.")
    lole_worst = value(others[worst], "adequacy", "lole_hours") or 0.0
    if worst != best and lole_worst > lole_base and not _within_error(
        others[worst], base, "lole_hours", "lole_hours_stderr"
    ):
        sentences.append(f"{worst} is the riskiest, raising it to {lole_worst:,.1f} h/yr"
                         f"{_signed_percent(lole_worst, lole_base)}.")
    return sentences


def _focus(headlines: Mapping[str, Headline], baseline: str) -> str | None:
    """The scenario the rest of the paragraph follows: the one that cuts LOLE most, else the
    first with a plant appraisal, else the first alternative."""
    others = [n for n in headlines if n != baseline]
    if not others:
        return None
    with_lole = [n for n in others if value(headlines[n], "adequacy", "lole_hours") is not None]
    if with_lole:
        return min(with_lole, key=lambda n: value(headlines[n], "adequacy", "lole_hours"))  # type: ignore
    with_plant = [n for n in others if value(headlines[n], "economics", "npv_p50_eur") is not None]
    return (with_plant or others)[0]


def _carbon_and_gas(name: str, scenario: Headline, base: Headline) -> list[str]:
    parts = []
    co2_new, co2_old = value(scenario, "dispatch", "co2_t"), value(base, "dispatch", "co2_t")
    if co2_new is not None and co2_old is not None:
        if abs(co2_new - co2_old) < 500:  # below what _tonnes shows
            parts.append("power-sector CO2 emissions are unchanged")
        else:
            verb = "rise" if co2_new > co2_old else "fall"
            parts.append(f"power-sector CO2 emissions {verb} by "
                         f"{_tonnes(abs(co2_new - co2_old))} a year"
                         f"{_signed_percent(co2_new, co2_old)}")
    dep_new = value(scenario, "gas", "import_dependency")
    dep_old = value(base, "gas", "import_dependency")
    if dep_new is not None and dep_old is not None:
        parts.append(f"gas import dependency {_moves(100 * dep_old, 100 * dep_new)}")
    n1_new, n1_old = value(scenario, "gas", "n_minus_1_percent"), value(base, "gas",
                                                                        "n_minus_1_percent")
    if n1_new is not None and n1_old is not None:
        standard = "meets" if n1_new >= 100 else "misses"
        parts.append(f"the gas N-1 indicator {_moves(n1_old, n1_new)} ({standard} the 100 % "
                     "standard)")
    if not parts:
        return []
    return [f"In {name}, " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "")
            + parts[-1] + "."]


def _plant_sentence(name: str, scenario: Headline) -> list[str]:
    lcoe = value(scenario, "economics", "lcoe_eur_per_mwh")
    p10, p50, p90 = (value(scenario, "economics", f"npv_{p}_eur") for p in ("p10", "p50", "p90"))
    if lcoe is None or p50 is None:
        return []
    text = f"Its new plant generates at {_money(lcoe)}/MWh over its life, with a net present value "
    text += f"of {_money(p50)} in the median price path"
    if p10 is not None and p90 is not None:
        text += f" ({_money(p10)} to {_money(p90)}, P10 to P90)"
        if p90 < 0:
            text += ": it does not pay for itself at these prices without support"
        elif p10 > 0:
            text += ": it pays for itself even in poor price paths"
        else:
            text += ": whether it pays depends on fuel, carbon and power prices"
    return [text + "."]


def verdict(headlines: Mapping[str, Headline], baseline: str) -> str:
    """The executive-summary paragraph for these results."""
    sentences = _security_sentences(headlines, baseline)
    focus = _focus(headlines, baseline)
    if focus is not None:
        sentences += _carbon_and_gas(focus, headlines[focus], headlines[baseline])
        sentences += _plant_sentence(focus, headlines[focus])
    if not sentences:
        return f"Only {baseline} was assessed, so there is nothing to compare it with."
    return " ".join(sentences)
