"""Serbia's gas system inside the regional system ``see-2025``.

The build copies serbia-2025's gas tables, so the expected values are serbia-2025's own files; the
dispatch checks re-add the daily gas balance from the result tables by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

import powerpact
from powerpact import dispatch
from powerpact.system.variant import first_hours

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "src" / "powerpact" / "data" / "see-2025"
SERBIA = REPO / "src" / "powerpact" / "data" / "serbia-2025"
GAS_TABLES = (
    "gas_nodes.csv",
    "gas_pipelines.csv",
    "gas_entries.csv",
    "gas_contracts.csv",
    "gas_demand.csv",
    "gas_storage.csv",
)


@pytest.fixture(scope="module")
def system():
    return powerpact.load("see-2025")


@pytest.fixture(scope="module")
def two_weeks(system):
    return dispatch.run(first_hours(system, 14 * 24))


def test_gas_tables_are_serbia_2025s(system):
    for table in GAS_TABLES:
        assert (FOLDER / table).read_bytes() == (SERBIA / table).read_bytes(), table
    ours = yaml.safe_load((FOLDER / "system.yaml").read_text())["gas"]
    assert ours == yaml.safe_load((SERBIA / "system.yaml").read_text())["gas"]


def test_only_serbia_is_gas_coupled(system):
    assert system.gas_zones == ["RS"]
    gas_fuel = system.generators["fuel"] == system.settings.gas.fuel
    rs = system.generators.index[gas_fuel & (system.generators["zone"] == "RS")]
    assert set(system.gas_generators) == set(rs)
    # serbia-2025 alone: every gas plant is fed by its gas system
    serbia = powerpact.load("serbia-2025")
    assert serbia.gas_zones == ["RS"]
    assert set(serbia.gas_generators) == set(rs)


def test_serbias_daily_gas_balance_closes(system, two_weeks):
    run = two_weeks
    assert run.gas_coupled
    assert set(run.gas_burn_mcm.columns) == set(system.gas_generators)
    supply = (
        run.gas_entry_mcm.sum(axis=1)
        + run.gas_storage_withdrawal_mcm.sum(axis=1)
        - run.gas_storage_injection_mcm.sum(axis=1)
        + run.gas_shortfall_mcm["RS"]
    )
    days = run.gas_burn_mcm.index
    # the first-hours window starts and ends at midnight UTC, so every day is whole
    need = system.gas_demand.loc[days, "RS"] + run.gas_burn_mcm.sum(axis=1)
    np.testing.assert_allclose(supply.to_numpy(), need.to_numpy(), rtol=1e-6, atol=1e-6)


def test_other_zones_buy_gas_at_the_fuel_price(system, two_weeks):
    """Fuel cost re-added by hand: every unit outside Serbia's gas system pays price / efficiency
    per MWh (gas priced per MWh GCV on net efficiencies: × GCV/NCV); Serbia's gas plants pay
    through the gas balance (gas_eur) instead."""
    gens = system.generators
    mwh = two_weeks.generation_mw.sum()
    price = {name: fuel.price_eur_per_mwh_th for name, fuel in system.settings.fuels.items()}
    by_hand = 0.0
    for name, row in gens.iterrows():
        if name in system.gas_generators or not row["fuel"]:
            continue
        basis = system.settings.gas.gross_per_plant_mwh if row["fuel"] == "gas" else 1.0
        by_hand += mwh[name] * price.get(row["fuel"], 0.0) * basis / row["efficiency"]
    assert two_weeks.cost_breakdown_eur["fuel_eur"] == pytest.approx(by_hand, rel=1e-9)
    outside = gens.index[(gens["fuel"] == "gas") & (gens["zone"] != "RS")]
    assert mwh[outside].sum() > 0  # the neighbours' gas plants do run
    assert two_weeks.cost_breakdown_eur["gas_eur"] > 0
