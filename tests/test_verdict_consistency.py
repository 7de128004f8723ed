"""Every comparative sentence of the verdict names the scenario the table above it ranks first
(issue 17): "thinnest", "most", "riskiest" are the min/max of the table's own figures, over every
scenario of the table (also those compared with another scenario than the baseline), and the
cost the verdict quotes is the figure in the tables' cost row, with the horizon's units."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from powerpact.report.summary import BY_LABEL, summary_frame
from powerpact.report.verdict import verdict


def _headline(margin: float, lole: float = 0.0, cost: float = 50e6, hours: int = 8760) -> dict:
    return {
        "overview": {"capacity_margin_percent": margin},
        "adequacy": {
            "lole_hours": lole,
            "lole_hours_stderr": 0.0,
            "eens_mwh": 10 * lole,
            "eens_mwh_stderr": 0.0,
            "horizon_hours": hours,
        },
        "dispatch": {
            "hours": hours,
            "total_cost_eur": cost + 1_800e6,
            "cost_without_lost_load_eur": cost,
            "co2_t": 1e6,
        },
    }


def test_thinnest_margin_is_the_tables_minimum_even_in_a_stepped_scenario() -> None:
    # the case: coal-exit is compared with demand-2032, not with the baseline, and has
    # the thinnest margin of the table
    headlines = {
        "base": _headline(25.0),
        "ccgt": _headline(34.5),
        "demand": _headline(3.7),
        "coal-exit": _headline(-11.4),
    }
    refs = {"ccgt": "base", "demand": "base", "coal-exit": "demand"}
    text = verdict(headlines, "base", refs)
    assert "coal-exit leaves the thinnest margin, -11.4 %" in text
    assert "demand leaves the thinnest margin" not in text


def test_riskiest_is_the_tables_maximum_even_in_a_stepped_scenario() -> None:
    headlines = {
        "base": _headline(20.0, lole=2.0),
        "better": _headline(20.0, lole=1.0),
        "worse": _headline(10.0, lole=3.0),
        "worst-step": _headline(5.0, lole=9.0),
    }
    text = verdict(headlines, "base", {"worst-step": "worse"})
    assert "worst-step is the riskiest" in text
    assert "better cuts the loss-of-load expectation most" in text


_NAMES = [f"s{i}" for i in range(6)]


@settings(max_examples=60, deadline=None)
@given(
    margins=st.lists(
        st.floats(-30, 60, allow_nan=False).map(lambda x: round(x, 1)), min_size=3, max_size=6
    ),
    data=st.data(),
)
def test_any_ranking_claim_matches_the_table(margins: list[float], data: st.DataObject) -> None:
    names = _NAMES[: len(margins)]
    headlines = {n: _headline(m) for n, m in zip(names, margins, strict=True)}
    # each scenario but the first is compared with the baseline or with an earlier scenario
    refs = {n: data.draw(st.sampled_from(names[:i])) for i, n in enumerate(names) if i > 0}
    text = verdict(headlines, names[0], refs)
    table = summary_frame(headlines, names[0], references=refs)
    shown = {n: float(table.loc[BY_LABEL["Firm capacity margin (%)"].label, n]) for n in names}
    others = {n: v for n, v in shown.items() if n != names[0]}
    thinnest = re.search(r"(\S+) leaves the thinnest margin, (-?[\d.]+) %", text)
    if thinnest:
        assert float(thinnest[2]) == min(others.values())
        assert shown[thinnest[1]] == min(others.values())
    widest = re.search(r"(\S+) widens the margin .* most, from (-?[\d.]+) % to (-?[\d.]+) %", text)
    if widest:
        assert float(widest[3]) == max(others.values()) == shown[widest[1]]
        assert float(widest[2]) == shown[names[0]]


def test_verdict_cost_is_the_tables_cost_and_says_the_horizon() -> None:
    headlines = {"base": _headline(20.0, hours=168), "new": _headline(30.0, cost=51.5e6, hours=168)}
    text = verdict(headlines, "base")
    table = summary_frame(headlines, "base")
    cost_rows = [r for r in table.index if r.startswith("Δ Operating cost")]
    assert cost_rows, list(table.index)
    delta = table.loc[cost_rows[0], "new"]
    assert delta.startswith("+1.5")  # the verdict's EUR 1.5 m, in M EUR
    assert "rises by EUR 1.5 m over the 168-h horizon" in text
    assert "a year" not in text and "/yr" not in text
    assert not any("/yr" in r for r in table.index)
    assert any("over 168 h" in r for r in table.index)


def test_a_material_penalty_is_named_with_its_figures() -> None:
    base = _headline(20.0, hours=168)
    base["dispatch"]["gas_shortfall_mcm"] = 8.8
    headlines = {"base": base, "new": _headline(30.0, hours=168)}
    text = verdict(headlines, "base")
    # total 1,850 M EUR − 50 M EUR before penalties = EUR 1.80 bn
    assert "In base, 8.8 mcm of non-power gas is not delivered over the 168-h horizon" in text
    assert "a penalty of EUR 1.80 bn on top of the operating cost of EUR 50.0 m" in text
    table = summary_frame(headlines, "base")
    assert table.loc[
        "Penalties: lost load and unserved non-power gas (M EUR over 168 h)", "base"
    ] == ("1,800.0")


def test_a_robustness_sentence_travels_with_its_finding() -> None:
    headlines = {"base": _headline(20.0), "plant": _headline(30.0, cost=40e6)}
    entry = {
        "kind": "cost",
        "scenario": "plant",
        "conclusion": "operating cost falls",
        "flips_within_range": True,
        "input": "gas price",
        "break_even_value": 60.0,
        "base_value": 40.0,
        "low_value": 20.0,
        "high_value": 80.0,
        "unit": "EUR/MWh_th",
        "horizon_hours": 8760,
        "reference": "base",
    }
    from powerpact.report.verdict import findings

    found = findings(headlines, "base", robustness=[entry])
    plant = [f for f in found if f.startswith("In plant,")]
    assert plant and "Robustness: In plant, the operating cost falls holds unless" in plant[0]


def test_a_robustness_sentence_goes_to_the_finding_on_its_topic() -> None:
    from powerpact.report.verdict import _attach

    found = [
        "In plant, operating cost before penalties (net of trade) rises by EUR 1.5 m a year.",
        "plant's new plant generates at EUR 90/MWh over its life, with a net present value of …",
    ]
    _attach(
        found,
        "In plant, the system operating cost rises against base holds unless …",
        {"plant": {}},
    )
    _attach(found, "In plant, the NPV of plant is positive holds unless …", {"plant": {}})
    assert "Robustness: In plant, the system operating cost" in found[0]
    assert "Robustness: In plant, the NPV" in found[1]


def test_at_zero_risk_the_verdict_names_each_options_capacity_credit() -> None:
    # Every LOLE is 0: the options differ in the load the zone could add before the standard,
    # so the verdict gives the credit stage's ELCC (± two standard errors), not "no difference".
    credit = {"reliability_standard_lole_hours": 3.0, "headroom_zone": "RS"}
    headlines = {"base": _headline(25.0), "ccgt": _headline(26.0), "ocgt": _headline(26.0)}
    headlines["base"]["credit"] = dict(credit)
    headlines["ccgt"]["credit"] = {
        **credit,
        "option": "nis",
        "elcc_mw": 399.4,
        "elcc_mw_stderr": 41,
    }
    headlines["ocgt"]["credit"] = {**credit, "option": "gt", "elcc_mw": 290.0, "elcc_mw_stderr": 48}
    text = verdict(headlines, "base", {"ccgt": "base", "ocgt": "base"})
    assert "before loss of load reaches the 3 h/yr standard" in text
    assert "nis in ccgt 399 ± 82 MW; gt in ocgt 290 ± 96 MW" in text
    assert "rather than in adequacy" not in text
    del headlines["ccgt"]["credit"], headlines["ocgt"]["credit"]
    assert "rather than in adequacy" in verdict(headlines, "base", {})
