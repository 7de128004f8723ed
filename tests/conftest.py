"""Shared test helpers: write small systems from Python data and load them."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import settings

import powerpact
import powerpact.dispatch
from powerpact.system import System

# Timing is for benchmarks/, not tests: a slow shared CI machine must not fail a property test.
# CI draws the same examples every run (a red run is then reproducible and never a coin toss);
# elsewhere each run explores new ones.
settings.register_profile("powerpact", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("powerpact")

TINY = Path(__file__).parent / "data" / "tiny"

# The default's build code (scripts/serbia_default) is not part of the package; its tests import
# it from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))


def write_system(
    folder: Path,
    generators: Sequence[Mapping[str, Any]],
    demand: Mapping[str, Sequence[float]],
    settings: Mapping[str, Any] | None = None,
    start: str = "2030-01-01T00:00:00Z",
    profiles: Mapping[str, Sequence[float]] | None = None,
    market_prices: Mapping[str, Sequence[float]] | None = None,
    gas_demand: Mapping[str, Sequence[float]] | None = None,
    **tables: Sequence[Mapping[str, Any]],
) -> Path:
    """Write a system folder: `tables` are other CSV tables by name (storage=[{...}], ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    zones = list(demand)
    config = {"name": folder.name, "zones": zones, **(settings or {})}
    (folder / "system.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    hours = len(next(iter(demand.values())))
    stamps = pd.date_range(start, periods=hours, freq="h").strftime("%Y-%m-%dT%H:%M:%SZ")
    pd.DataFrame(generators).to_csv(folder / "generators.csv", index=False)
    pd.DataFrame({"timestamp": stamps, **demand}).to_csv(folder / "demand.csv", index=False)
    if profiles:
        pd.DataFrame({"timestamp": stamps, **profiles}).to_csv(folder / "profiles.csv", index=False)
    if market_prices:
        pd.DataFrame({"timestamp": stamps, **market_prices}).to_csv(
            folder / "market_prices.csv", index=False
        )
    if gas_demand:
        days = pd.date_range(start, periods=len(next(iter(gas_demand.values()))), freq="D")
        pd.DataFrame({"date": days.strftime("%Y-%m-%d"), **gas_demand}).to_csv(
            folder / "gas_demand.csv", index=False
        )
    for name, rows in tables.items():
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.fixture
def make_system(tmp_path: Path) -> Callable[..., System]:
    """`make_system(generators=[...], demand={"A": [...]}, ...)` → loaded, validated System."""
    counter = iter(range(10_000))

    def make(**kwargs: Any) -> System:
        return powerpact.load(write_system(tmp_path / f"system-{next(counter)}", **kwargs))

    return make


@pytest.fixture
def tiny() -> System:
    return powerpact.load(TINY)


def worst_zone_imbalance_of_first_hours(folder: Path, copy: Path, hours: int) -> float:
    """Dispatch the first `hours` of the system in `folder` (cut down in `copy`) and return the
    largest hourly gap, MW, between a zone's supply (generation, storage, flows, unserved less
    spilled) and its demand; also asserts that no load is shed. Used by the regional systems'
    tests to check that every zone balance closes."""
    shutil.copytree(folder, copy)
    for name in ("demand.csv", "profiles.csv", "market_prices.csv"):
        frame = pd.read_csv(copy / name)
        frame.iloc[:hours].to_csv(copy / name, index=False)
    system = powerpact.load(str(copy))
    result = powerpact.dispatch.run(system)
    gens, links, stor = system.generators, system.interconnectors, system.storage
    worst = 0.0
    for zone in system.settings.zones:
        gen = result.generation_mw.loc[:, gens.index[gens["zone"] == zone]].sum(axis=1)
        s = stor.index[stor["zone"] == zone]
        net = (
            gen
            + result.storage_discharge_mw[s].sum(axis=1)
            - result.storage_charge_mw[s].sum(axis=1)
        )
        for name, link in links.iterrows():
            if link["to_zone"] == zone:
                net = net + result.flow_mw[name]
            elif link["from_zone"] == zone:
                net = net - result.flow_mw[name]
        net = net + result.unserved_mw[zone] - result.spilled_mw[zone]
        worst = max(worst, float((net - result.demand_mw[zone]).abs().max()))
    assert result.unserved_mwh == pytest.approx(0.0, abs=1e-6)
    return worst


def check_capacities_match_derived_table(system: System, table: Path) -> None:
    """The regional systems' capacity by zone and technology (pumped hydro: storage power)
    equals the derived table kept beside their build, row for row."""
    derived = pd.read_csv(table)
    cap = system.generators.groupby(["zone", "technology"])["capacity_mw"].sum()
    storage = system.storage.groupby("zone")["power_mw"].sum()
    for _, row in derived.iterrows():
        if row["technology"] == "pumped_hydro":
            got = storage.get(row["zone"], 0.0)
        else:
            got = cap.get((row["zone"], row["technology"]), 0.0)
        assert got == pytest.approx(row["capacity_mw"], abs=0.2), (row["zone"], row["technology"])
    assert len(derived) == len(cap) + len(storage)
