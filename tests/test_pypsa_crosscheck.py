"""PyPSA, fed our export and solved with its own HiGHS call, finds the same optimal cost.

PyPSA states every constraint its own way (links, stores, per-month generators, a global
constraint) from the same input numbers, so an agreement to 1e-6 checks our matrix, bounds and cost
vector against an independent formulation.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest

import powerpact
from powerpact.dispatch import run
from powerpact.system import System

pypsa = pytest.importorskip("pypsa")
TINY = Path(__file__).parent / "data" / "tiny"


def window(system: System, first_day: int, days: int) -> System:
    """The same system on `days` days from day `first_day` (every component kept)."""
    hours = slice(first_day * 24, (first_day + days) * 24)
    return dataclasses.replace(
        system,
        demand=system.demand.iloc[hours],
        profiles=system.profiles.iloc[hours],
        market_prices=system.market_prices.iloc[hours],
        gas_demand=system.gas_demand.iloc[first_day : first_day + days],
    )


def pypsa_objective(system: System) -> float:
    from powerpact.interop.pypsa_export import to_pypsa

    logging.getLogger("pypsa").setLevel(logging.WARNING)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    network = to_pypsa(system)
    status, condition = network.optimize(
        solver_name="highs", include_objective_constant=False, log_to_console=False
    )
    assert (status, condition) == ("ok", "optimal")
    return float(network.objective)


def assert_same_optimum(system: System) -> None:
    ours = run(system)
    theirs = pypsa_objective(system)
    # Judge against the cost without the non-power gas shortfall penalty, which would otherwise
    # dwarf (and so hide) differences in the rest of the problem.
    scale = max(abs(ours.total_cost_eur - ours.cost_breakdown_eur["gas_shortfall_eur"]), 1.0)
    assert abs(theirs - ours.total_cost_eur) <= 1e-6 * scale, (theirs, ours.total_cost_eur)


@pytest.mark.parametrize("source", ["tiny", "new-plant"])
def test_tiny_systems_match_pypsa(source: str) -> None:
    path = TINY if source == "tiny" else TINY / "scenarios" / "new-plant.yaml"
    assert_same_optimum(powerpact.load(path))


# Two weeks of January (gas short under contract quantities prorated to two weeks: the
# non-power shortfall path) and two of July (gas plants running, storage refilling).
@pytest.mark.parametrize(("name", "first_day"), [("serbia-2025", 0), ("nis-ccgt", 181)])
def test_default_scenarios_match_pypsa_on_two_weeks(name: str, first_day: int) -> None:
    system = window(powerpact.load(name), first_day, 14)
    if first_day:
        assert run(system).gas_burn_mcm.to_numpy().sum() > 1.0  # the gas coupling is exercised
    assert_same_optimum(system)


def test_heat_led_chps_match_pypsa() -> None:
    # An autumn week with heat-led gas CHPs: their min_profile is the links' p_min_pu, and the
    # reserve requirement, which PyPSA cannot state natively, is left out on both sides.
    from powerpact.interop.pypsa_export import to_pypsa
    from powerpact.system import window as hours_window
    from powerpact.system.heat import with_heat_led_chp
    from powerpact.system.operations import with_reserves

    first = 300 * 24
    system = hours_window(with_heat_led_chp(powerpact.load("serbia-2025")), first, first + 168)
    ours = run(system)
    minimum = system.profiles["heat:pancevo-ccgt"].to_numpy() * 189.0
    assert np.any(np.isclose(ours.generation_mw["pancevo-ccgt"].to_numpy(), minimum))
    assert_same_optimum(system)
    assert to_pypsa(with_reserves(system)).meta["not_exported"] == "reserves (reserves.csv)"


def test_export_writes_netcdf_that_pypsa_reads(tmp_path: Path) -> None:
    from powerpact.interop.pypsa_export import export_pypsa

    out = tmp_path / "tiny.nc"
    written = export_pypsa(powerpact.load(TINY), out)
    network = pypsa.Network(str(out))
    assert set(network.buses.index) == set(written.buses.index)
    assert {"A gas", "B gas"} <= set(network.buses.index)
    assert network.links.loc["gas-1", "bus0"] == "A gas"
    assert len(network.global_constraints) == 1  # the take-or-pay minimum of east-lt


@pytest.mark.parametrize("by_zone", [False, True])
def test_fuel_limit_matches_pypsa(tmp_path: Path, by_zone: bool) -> None:
    import shutil

    import yaml

    folder = tmp_path / "tiny-limited"
    shutil.copytree(TINY, folder)
    config = yaml.safe_load((folder / "system.yaml").read_text())
    # 48 h of lignite at most ~120 MW average: binding below coal-1's 300 MW (in zone A).
    limit = 120 / 0.35 * 8760
    if by_zone:
        config["fuels"]["lignite"]["annual_limit_mwh_th_by_zone"] = {"A": limit}
    else:
        config["fuels"]["lignite"]["annual_limit_mwh_th"] = limit
    (folder / "system.yaml").write_text(yaml.safe_dump(config))
    system = powerpact.load(folder)
    burnt = run(system).generation_mw["coal-1"].sum() / 0.35
    assert burnt == pytest.approx(120 / 0.35 * 48)
    assert_same_optimum(system)


@pytest.mark.parametrize(("hurdle_ab", "hurdle_am"), [(2.5, 4.0), (0.0, 4.0)])
def test_hurdle_costs_match_pypsa(tmp_path: Path, hurdle_ab: float, hurdle_am: float) -> None:
    import shutil

    import pandas as pd

    folder = tmp_path / "tiny-hurdles"
    shutil.copytree(TINY, folder)
    links = pd.read_csv(folder / "interconnectors.csv")
    links["hurdle_cost_eur_per_mwh"] = links["name"].map({"a-b": hurdle_ab, "a-m": hurdle_am})
    links.to_csv(folder / "interconnectors.csv", index=False)
    system = powerpact.load(folder)
    ours = run(system)
    assert ours.cost_breakdown_eur["hurdle_eur"] > 0  # the hurdle is exercised
    assert ours.total_cost_eur > run(powerpact.load(TINY)).total_cost_eur
    assert_same_optimum(system)
