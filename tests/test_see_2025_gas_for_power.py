"""The gas Serbia's power plants use is one number in the dispatch, the drill and the report, on
the regional default `see-2025` with the Niš plant (its gas plants run in the first two weeks of
January; without it they do not).

Hand checks: the dispatch's burn is each plant's generation × 1 / (efficiency × NCV); the drill,
given that burn as the plants' need and allowed to use storage for them as the dispatch does,
gives them exactly that gas every day of the undisturbed winter, in MWh at the NCV; the
assessment's gas consumption counts that burn. With the drill's default policy (storage kept
for non-power customers) the plants get less, which the last test pins down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import powerpact
from powerpact import dispatch
from powerpact.gas import GasOptions, drill
from powerpact.studies.assess import _gas_stage
from powerpact.system.variant import first_hours

SCENARIO = (
    Path(__file__).resolve().parents[1] / "src/powerpact/data/see-2025/scenarios/nis-ccgt.yaml"
)


@pytest.fixture(scope="module")
def window():
    return first_hours(powerpact.load(SCENARIO), 14 * 24)


@pytest.fixture(scope="module")
def run(window):
    return dispatch.run(window)


@pytest.fixture(scope="module")
def burn(run):
    return run.gas_burn_mcm.sum(axis=1)


def test_dispatch_burn_is_generation_over_efficiency_and_ncv(window, run, burn) -> None:
    gens = window.generators.loc[window.gas_generators]
    ncv = window.settings.gas.ncv
    mwh = run.generation_mw[window.gas_generators].sum()
    by_hand = float((mwh / (gens["efficiency"] * ncv)).sum())
    assert by_hand > 1.0  # the plants do run
    assert float(burn.sum()) == pytest.approx(by_hand, rel=1e-6)
    assert run.figures().gas_burn_mcm == pytest.approx(by_hand, rel=1e-6)


def test_drill_gives_the_plants_the_dispatchs_burn(window, burn) -> None:
    options = GasOptions(power_from_storage=True)
    result = drill(window, days=1, power_gas_mcm_per_day=burn, options=options)
    base = result.baseline
    days = base.index
    np.testing.assert_allclose(
        base["gas_for_power_mcm"].to_numpy(), burn.reindex(days).to_numpy(), rtol=1e-9, atol=1e-9
    )
    assert base["power_gas_shortfall_mcm"].sum() == pytest.approx(0.0, abs=1e-9)
    assert base["gas_for_power_mwh_th"].sum() == pytest.approx(
        float(burn.reindex(days).sum()) * window.settings.gas.ncv, rel=1e-9
    )


def test_the_assessment_counts_that_burn(window, run, burn) -> None:
    """assess's gas stage (results.json `headline.gas`) adds the dispatch's burn, annualised
    over the 14 days of the 365-day study year, to the non-power consumption."""
    gas = _gas_stage(window, {"dispatch": run}, None)
    figures = gas.indicators
    assert figures.gas_consumption_mcm_per_year is not None
    power = figures.gas_consumption_mcm_per_year - figures.non_power_consumption_mcm_per_year
    assert power == pytest.approx(float(burn.sum()) * 365 / 14, rel=1e-9)


def test_by_default_the_drill_keeps_storage_from_the_plants(window, burn) -> None:
    default = drill(window, days=1, power_gas_mcm_per_day=burn).baseline
    got = float(default["gas_for_power_mcm"].sum())
    assert got < float(burn.sum())
    assert got + float(default["power_gas_shortfall_mcm"].sum()) == pytest.approx(
        float(burn.sum()), rel=1e-9
    )
