"""The N-1 block of docs/gas-security.md (scripts/gas_n1_sensitivity.py).

Hand checks, independent of the script: the one-node N-1 is the Regulation's formula on the
engine's own terms, and the Horgoš capacity that meets the standard closes the formula at 100 %
(the largest infrastructure stays Balkan Stream below its 11.47 mcm/d). And the doc's block is
the script's output on the shipped data.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from docblock import read_block

from powerpact.gas import n_minus_1
from powerpact.system import load

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "powerpact" / "data" / "serbia-2025"


@pytest.fixture(scope="module")
def script():
    # conftest.py puts scripts/ on the path
    return importlib.import_module("gas_n1_sensitivity")


def test_horgos_needed_closes_the_formula_at_100_percent(script) -> None:
    base = load(DATA)
    f = n_minus_1(base).figures()
    horgos = float(base.gas_entries.at[script.HORGOS, "capacity_mcm_per_day"])
    by_hand = f.Dmax_mcm_per_day - (
        f.EPm_mcm_per_day - horgos + f.Pm_mcm_per_day + f.Sm_mcm_per_day - f.Im_mcm_per_day
    )
    assert by_hand < f.Im_mcm_per_day  # Balkan Stream stays the largest infrastructure
    assert script.horgos_needed_mcm_per_day(base) == pytest.approx(by_hand, abs=1e-5)
    formula = (
        100.0
        * (f.EPm_mcm_per_day + f.Pm_mcm_per_day + f.Sm_mcm_per_day - f.Im_mcm_per_day)
        / f.Dmax_mcm_per_day
    )
    assert f.n_minus_1_percent == pytest.approx(formula, rel=1e-12)


def test_the_docs_block_is_a_fresh_run(script) -> None:
    rendered = script.render(load(DATA), load(DATA / "scenarios" / "nis-ccgt.yaml"))
    text = script.DOC.read_text(encoding="utf-8")
    assert read_block(text, script.BLOCK, script.DOC) == rendered
