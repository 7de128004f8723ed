"""The GCV sensitivity of docs/gas-security.md (scripts/gcv_sensitivity.py).

Hand checks, independent of the script's table: at a lower GCV (NCV at the same ratio) the
plants burn more m³ for the same energy, so the drill's full-output gas need scales by exactly
GCV_shipped / GCV_new, while an N-1 with D_max given in mcm/d does not move. And the doc's block
is the script's output on the shipped data.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from docblock import read_block

from powerpact.gas import drill, n_minus_1
from powerpact.system import load

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "powerpact" / "data" / "serbia-2025"


@pytest.fixture(scope="module")
def script():
    # conftest.py puts scripts/ on the path
    return importlib.import_module("gcv_sensitivity")


def test_plant_gas_scales_with_the_gcv_ratio_and_given_n1_does_not(script) -> None:
    nis = load(DATA / "scenarios" / "nis-ccgt.yaml")
    shipped_gcv = nis.settings.gas.energy_mwh_per_mcm
    lower = script.with_gcv(nis, 10_400.0)
    assert lower.settings.gas.ncv / 10_400.0 == pytest.approx(
        nis.settings.gas.ncv / shipped_gcv, rel=1e-12
    )
    need = drill(nis).figures().drill_power_need_mcm
    need_lower = drill(lower).figures().drill_power_need_mcm
    assert need > 0
    assert need_lower == pytest.approx(need * shipped_gcv / 10_400.0, rel=1e-9)
    assert n_minus_1(lower).figures().n_minus_1_percent == pytest.approx(
        n_minus_1(nis).figures().n_minus_1_percent, rel=1e-12
    )


def test_nis_dmax_adds_the_plants_full_output_gas_at_the_new_gcv(script) -> None:
    base, nis = load(DATA), load(DATA / "scenarios" / "nis-ccgt.yaml")
    plant = nis.generators.loc["nis-ccgt"]
    for gcv in (base.settings.gas.energy_mwh_per_mcm, 10_400.0):
        ncv = gcv * base.settings.gas.ncv / base.settings.gas.energy_mwh_per_mcm
        by_hand = plant["capacity_mw"] / plant["efficiency"] * 24.0 / ncv
        changed = script.nis_with_gcv(base, nis, gcv)
        expected = round(base.settings.gas.peak_day_demand_mcm + by_hand, 2)
        assert changed.settings.gas.peak_day_demand_mcm == pytest.approx(expected, abs=1e-9)


def test_the_docs_block_is_a_fresh_run(script) -> None:
    base, nis = load(DATA), load(DATA / "scenarios" / "nis-ccgt.yaml")
    shipped = script.figures(base, nis)
    alternative = script.figures(
        script.with_gcv(base, script.ALTERNATIVE_GCV_MWH_PER_MCM),
        script.nis_with_gcv(base, nis, script.ALTERNATIVE_GCV_MWH_PER_MCM),
    )
    text = script.DOC.read_text(encoding="utf-8")
    assert read_block(text, script.BLOCK, script.DOC) == script.render(shipped, alternative)
    # the plants' volumes move by the GCV ratio, the LCOE (priced per MWh) hardly at all
    ratio = shipped.gcv_mwh_per_mcm / alternative.gcv_mwh_per_mcm
    assert alternative.nis_gas_need_bcm_per_year == pytest.approx(
        shipped.nis_gas_need_bcm_per_year * ratio, rel=1e-3
    )
    assert alternative.nis_lcoe_eur_per_mwh == pytest.approx(shipped.nis_lcoe_eur_per_mwh, rel=2e-3)
