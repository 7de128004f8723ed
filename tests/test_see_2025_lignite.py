"""Serbia's lignite mine limit in ``see-2025``: serbia-2025's sourced figure, for zone RS only."""

from __future__ import annotations

import pytest

import powerpact
from powerpact.dispatch.inputs import prepare
from powerpact.system.variant import first_hours


def test_serbian_lignite_limit_binds_serbia_only() -> None:
    system = powerpact.load("see-2025")
    serbia = powerpact.load("serbia-2025")
    lignite = system.settings.fuels["lignite"]
    expected = serbia.settings.fuels["lignite"].annual_limit_mwh_th
    assert lignite.annual_limit_mwh_th is None
    assert lignite.annual_limit_mwh_th_by_zone == {"RS": expected}
    inputs = prepare(first_hours(system, 24))
    assert inputs.limited_fuels == ["lignite RS"]
    gens = system.generators
    under = set(gens.index[inputs.fuel_units])
    assert under == set(gens.index[(gens["fuel"] == "lignite") & (gens["zone"] == "RS")])
    assert inputs.fuel_limit_mwh_th[0] * 8760 / 24 == pytest.approx(expected, rel=1e-12)
