"""The verdict paragraph and the summary table are functions of the headline figures."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from powerpact.report.summary import (
    METRICS,
    Metric,
    UnknownFigure,
    summary_frame,
    terminal_tables,
    value,
)
from powerpact.report.verdict import cost_per_mwh_avoided, verdict


def headline(
    lole: float,
    eens: float,
    cost: float,
    co2: float,
    dependency: float = 0.8,
    n1: float = 90.0,
    lole_se: float = 0.1,
    eens_se: float = 1.0,
    plant: dict | None = None,
    margin: float | None = None,
) -> dict:
    data: dict = {
        "adequacy": {
            "lole_hours": lole,
            "lole_hours_stderr": lole_se,
            "eens_mwh": eens,
            "eens_mwh_stderr": eens_se,
        },
        "dispatch": {
            "total_cost_eur": cost + 1e6,
            "cost_without_lost_load_eur": cost,
            "co2_t": co2,
        },
        "gas": {"import_dependency": dependency, "n_minus_1_percent": n1},
    }
    if plant:
        data["economics"] = plant
    if margin is not None:
        data["overview"] = {"capacity_margin_percent": margin}
    return data


PLANT = {
    "lcoe_eur_per_mwh": 95.0,
    "npv_eur": -5e6,
    "npv_p10_eur": -150e6,
    "npv_p50_eur": 40e6,
    "npv_p90_eur": 300e6,
    "annual_fixed_cost_eur": 50e6,
}
RESULTS = {
    "base": headline(10.0, 5000.0, 1.0e9, 20e6),
    "plant": headline(2.0, 1000.0, 1.02e9, 21e6, dependency=0.9, n1=110.0, plant=PLANT),
    "demand": headline(30.0, 15000.0, 1.2e9, 23e6),
    "import": headline(6.0, 3000.0, 1.01e9, 19e6),
}


def test_cost_per_mwh_avoided_by_hand() -> None:
    # (20 M EUR more operating cost + 50 M EUR/yr fixed cost) / 4,000 MWh avoided.
    assert cost_per_mwh_avoided(RESULTS["plant"], RESULTS["base"]) == pytest.approx(17_500.0)
    assert cost_per_mwh_avoided(RESULTS["demand"], RESULTS["base"]) is None  # avoids nothing


def test_verdict_names_the_best_and_riskiest_and_the_trade_offs() -> None:
    text = verdict(RESULTS, "base")
    assert "plant cuts the loss-of-load expectation most, to 2.0 h/yr (-80 %)" in text
    assert "by 4,000 MWh/yr" in text
    assert "EUR 17,500 per MWh of unserved energy avoided" in text
    assert "demand is the riskiest, raising it to 30.0 h/yr (+200 %)" in text
    assert "power-sector CO2 rises by 1.00 Mt a year (+5 %)" in text
    assert (
        "operating cost before penalties (net of trade) rises by EUR 20.0 m a year (+2 %)" in text
    )
    assert "gas import dependency goes from 80 % to 90 %" in text
    assert "N-1 indicator goes from 90 % to 110 % (meets the 100 % standard)" in text
    assert "EUR 40.0 m in the median price path (EUR -150.0 m to EUR 300.0 m" in text
    assert "depends on fuel, carbon and power prices" in text
    assert "\n" not in text


def test_verdict_changes_with_the_numbers() -> None:
    better_import = {**RESULTS, "import": headline(1.0, 500.0, 1.01e9, 19e6)}
    text = verdict(better_import, "base")
    assert "import cuts the loss-of-load expectation most" in text
    assert "power-sector CO2 falls by 1.00 Mt" in text


def test_verdict_flags_differences_within_sampling_error() -> None:
    noisy = {
        "base": headline(10.0, 5000.0, 1e9, 2e7, lole_se=3.0),
        "alt": headline(9.0, 4800.0, 1e9, 2e7, lole_se=3.0),
    }
    assert "within Monte Carlo sampling error" in verdict(noisy, "base")


def test_verdict_without_any_loss_of_load_or_engines() -> None:
    calm = {
        name: {**headline(0.0, 0.0, 1e9, 2e7), "overview": {"capacity_margin_percent": m}}
        for name, m in [("base", 20.0), ("plant", 29.0), ("demand", 4.0)]
    }
    text = verdict(calm, "base")
    assert text.startswith("No scenario shows any loss of load")
    assert (
        "plant widens the margin of firm capacity over peak demand most, from 20.0 % to "
        "29.0 %" in text
    )
    assert "demand leaves the thinnest margin, 4.0 %" in text
    assert "In plant, operating cost before penalties (net of trade) is unchanged" in text
    only_overview = {"base": {"overview": {"peak_demand_mw": 7000.0}}}
    assert "nothing to compare" in verdict(only_overview, "base")


@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.tuples(st.floats(0, 1e3), st.floats(0, 1e6), st.floats(0, 1e10), st.floats(0, 1e8)),
        min_size=1,
    )
)
def test_verdict_is_a_function_of_the_numbers(data: dict) -> None:
    headlines = {name: headline(*numbers) for name, numbers in data.items()}
    base = next(iter(headlines))
    text = verdict(headlines, base)
    assert text == verdict(dict(headlines), base)
    assert re.search(r"\b(nan|inf)\b", text) is None
    assert base in text or len(headlines) == 1


def test_summary_rows_and_changes() -> None:
    frame = summary_frame(RESULTS, "base")
    assert list(frame.columns) == list(RESULTS)
    assert frame.loc["LOLE (h/yr)", "plant"] == f"2.00 ± {1.96 * 0.1:.2f}"
    assert frame.loc["Δ LOLE (h/yr)", "plant"] == "-8.00 (-80 %)"
    assert frame.loc["Δ LOLE (h/yr)", "base"] == ""
    assert frame.loc["compared with", "plant"] == "base"
    assert list(frame.index).index("Δ LOLE (h/yr)") == list(frame.index).index("LOLE (h/yr)") + 1
    assert frame.loc["Δ Gas import dependency (%)", "plant"] == "+10.0 pt"
    assert frame.loc["Plant NPV P50 (M EUR)", "base"] == "–"
    assert "Peak demand (MW)" not in frame.index  # no scenario has it: no empty row
    assert all(
        m.label in frame.index
        for m in METRICS
        if m.stage in ("adequacy", "gas") and m.key in RESULTS["base"][m.stage]
    )


def test_value_ignores_missing_and_non_finite() -> None:
    keys = ("lole_hours", "lold_days", "eens_mwh", "lolp", "samples", "seed")
    data = {"adequacy": dict(zip(keys, (1, math.inf, None, "text", True), strict=False))}
    assert value(data, "adequacy", "lole_hours") == 1.0
    assert all(value(data, "adequacy", k) is None for k in keys[1:])
    assert value(data, "dispatch", "co2_t") is None  # a stage that did not run


def test_value_refuses_a_name_no_engine_has() -> None:
    # A renamed figure must fail loudly, not print "–" (issue 12).
    data = {"adequacy": {"lole_hours": 1.0}}
    with pytest.raises(UnknownFigure, match="lole_hour"):
        value(data, "adequacy", "lole_hour")
    with pytest.raises(UnknownFigure):
        value(data, "adequcy", "lole_hours")
    with pytest.raises(UnknownFigure):
        Metric("LOLE", "adequacy", "lole_hours", error_key="lole_stderr")


# A 2032 chain as in the default data: closures edit the 2032 demand case, the plant edits the
# closures. Each step is compared with the scenario it edits, not with 2025.
CHAIN = {
    "base": headline(0.0, 0.0, 1.0e9, 20e6, n1=96.0, margin=19.6),
    "demand": headline(0.0, 0.0, 1.2e9, 20e6, n1=96.0, margin=3.7),
    "closures": headline(4.0, 900.0, 1.3e9, 18e6, n1=96.0, margin=-11.4),
    "plant": headline(1.0, 200.0, 1.25e9, 19.5e6, n1=86.0, margin=-3.5, plant=PLANT),
}
CHAIN_REFS = {"demand": "base", "closures": "demand", "plant": "closures"}


def test_changes_are_against_each_scenarios_reference() -> None:
    frame = summary_frame(CHAIN, "base", references=CHAIN_REFS)
    assert frame.loc["compared with"].tolist() == ["(the baseline)", "base", "demand", "closures"]
    # by hand: -3.5 - (-11.4) = +7.9 pt; 1.25e9 - 1.3e9 = -50 M EUR, -50/1300 = -4 %
    assert frame.loc["Δ Firm capacity margin (%)", "plant"] == "+7.9 pt"
    assert frame.loc["Δ Operating cost before penalties (M EUR/yr)", "plant"] == "-50.0 (-4 %)"
    assert frame.loc["Δ LOLE (h/yr)", "closures"] == "+4.00"  # from zero: no percentage
    # without references everything is against the baseline, as before
    assert summary_frame(CHAIN, "base").loc["Δ Firm capacity margin (%)", "plant"] == "-23.1 pt"


def test_verdict_speaks_of_each_step_against_its_reference() -> None:
    text = verdict(CHAIN, "base", CHAIN_REFS)
    # Rankings cover every scenario of the table (issue 17), also those compared with another
    # scenario; the cost/carbon sentence follows one compared with the baseline.
    assert "closures is the riskiest, raising it to 4.0 h/yr" in text
    assert "In base the power system" in text
    assert (
        "Against demand, in closures the firm capacity margin goes from 3.7 % to -11.4 %, "
        "loss-of-load expectation goes from 0.0 h/yr to 4.0 h/yr, operating cost before "
        "penalties (net of trade) rises by EUR 100.0 m a year (+8 %), power-sector CO2 "
        "falls by 2.00 Mt a year "
        "(-10 %) and the gas N-1 indicator stays at 96 % (misses the 100 % standard)."
    ) in text
    # 1.25e9 - 1.3e9 = -50 M EUR (-4 %); 19.5 - 18 = +1.5 Mt (+8 %); N-1 96 → 86
    assert (
        "Against closures, in plant the firm capacity margin goes from -11.4 % to -3.5 %, "
        "loss-of-load expectation goes from 4.0 h/yr to 1.0 h/yr, operating cost before "
        "penalties (net of trade) falls by EUR 50.0 m a year (-4 %), power-sector CO2 "
        "rises by 1.50 Mt a year (+8 %), "
        "the gas N-1 indicator goes from 96 % to 86 % (misses the 100 % standard) and its "
        "new plant's median net present value is EUR 40.0 m (EUR -150.0 m to EUR 300.0 m, "
        "P10 to P90)."
    ) in text
    assert text.index("Against demand") < text.index("Against closures")


def test_terminal_tables_fit_80_columns() -> None:
    console = Console(width=80, record=True, color_system=None)
    many = {
        f"scenario-with-a-long-name-{i}": h
        for i, h in enumerate([*CHAIN.values(), *RESULTS.values()])
    }
    for table in terminal_tables(many, "scenario-with-a-long-name-0"):
        console.print(table)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text  # nothing cut short
    assert "-11.4" in text and "+7.9" not in text  # against the baseline: -11.4 - 19.6 = -31.0
    assert "-31.0" in text
