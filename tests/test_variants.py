"""Variants of a System made in memory: the same validation, the same results, as files."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.economics.engine import exposure
from powerpact.studies.assess import AssessOptions, Context, _gas_stage
from powerpact.system import (
    InputError,
    System,
    first_hours,
    load_scenario,
    load_system,
    scaled,
    variant,
    with_outages,
    without,
    without_outages,
)
from powerpact.system.load import DATA_DIR, embedded_scenarios
from powerpact.system.time import per_year, per_year_of_days

SRC = Path(__file__).resolve().parents[1] / "src" / "powerpact"
TINY = Path(__file__).parent / "data" / "tiny"
SERBIA = DATA_DIR / "serbia-2025"
FRAMES = (
    "generators",
    "storage",
    "interconnectors",
    "hydro_inflows",
    "gas_entries",
    "gas_contracts",
    "gas_storage",
    "demand",
    "profiles",
    "market_prices",
    "gas_demand",
    "outages",
    "sources",
)
IDENTITY = ("name", "base", "description", "assumptions")


def assert_same_system(made: System, loaded: System) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(made, name), getattr(loaded, name), obj=name)
    assert made.settings == loaded.settings


def _base_of(path: Path, spec: dict[str, Any]) -> System:
    base = (path.parent / spec.get("base", "..")).resolve()
    return load_scenario(base) if base.is_file() else load_system(base)


@pytest.mark.parametrize("name", embedded_scenarios())
def test_every_shipped_scenario_made_in_memory_equals_the_file(name: str) -> None:
    path = SERBIA / "scenarios" / f"{name}.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    overlay = {k: v for k, v in spec.items() if k not in IDENTITY}
    made = variant(_base_of(path, spec), overlay, folder=path.parent)
    assert_same_system(made, load_scenario(path))


def test_removing_a_reservoir_plant_removes_its_inflows() -> None:
    system = powerpact.load("baseline-2025")
    plant = system.reservoir_generators[0]
    smaller = without(system, "generators", [plant])
    assert plant not in smaller.generators.index
    assert plant not in smaller.hydro_inflows.index
    assert len(smaller.hydro_inflows) == len(system.hydro_inflows) - 1


def test_a_scenario_file_may_remove_a_reservoir_plant(tmp_path: Path) -> None:
    """The old failure: the plant's hydro_inflows rows were left naming a missing generator."""
    path = tmp_path / "no-hydro.yaml"
    spec = {"name": "no-hydro", "base": str(TINY), "remove": {"generators": ["hydro-1"]}}
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.hydro_inflows.empty
    assert_same_system(without(load_system(TINY), "generators", ["hydro-1"]), loaded)


def test_removing_a_gas_entry_removes_its_contracts_and_outages() -> None:
    system = powerpact.load("gas-route-outage")
    entry = str(system.outages["component"].iloc[0])
    assert entry in set(system.gas_contracts["entry"])
    smaller = without(system, "gas_entries", [entry])
    assert entry not in set(smaller.gas_contracts["entry"])
    assert smaller.outages.empty


def test_removing_storage_gives_a_valid_system() -> None:
    system = load_system(TINY)
    assert without(system, "storage", ["pumped-1"]).storage.empty


def test_a_component_and_a_row_naming_it_can_be_removed_together() -> None:
    system = load_system(TINY)
    both = {"gas_entries": ["pipe-east"], "gas_contracts": ["east-lt"]}
    assert "east-lt" not in variant(system, {"remove": both}).gas_contracts.index


def test_removing_a_missing_row_names_the_variant() -> None:
    with pytest.raises(InputError, match=r"^variant of tiny, remove.generators: no generator"):
        without(load_system(TINY), "generators", ["nope"])


def test_a_bad_value_reads_as_it_would_from_a_file(tmp_path: Path) -> None:
    overlay = {"modify": {"generators": {"gas-1": {"efficiency": 55}}}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "bad", "base": str(TINY), **overlay}), "utf-8")
    with pytest.raises(InputError) as from_file:
        load_scenario(path)
    with pytest.raises(InputError) as in_memory:
        variant(load_system(TINY), overlay)
    assert str(in_memory.value) == str(from_file.value).replace(str(path), "variant of tiny")
    assert "\n" not in str(in_memory.value)


def test_a_variant_may_not_name_a_base() -> None:
    with pytest.raises(InputError, match="base"):
        variant(load_system(TINY), {"base": ".."})


def test_a_named_variant_is_a_new_scenario() -> None:
    system = load_system(TINY)
    named = variant(system, {"name": "bigger", "demand": {"scale": 1.1}})
    assert named.name == "bigger" and named.scenario is not None
    assert named.scenario.base == "tiny"
    assert variant(system, {"demand": {"scale": 1.1}}).name == "tiny"


def _cut_as_assess_did(system: System, hours: int) -> System:
    """`assess --hours N` before variants: the series sliced on the validated System."""
    snapshots = system.snapshots[:hours]
    days = pd.DatetimeIndex(snapshots.floor("D").unique())
    return dataclasses.replace(
        system,
        demand=system.demand.loc[snapshots],
        profiles=system.profiles.loc[snapshots],
        market_prices=system.market_prices.loc[snapshots],
        gas_demand=system.gas_demand.loc[system.gas_demand.index.isin(days)],
    )


@pytest.mark.parametrize("hours", [1, 30, 24 * 20])
def test_first_hours_cuts_as_assess_did(hours: int) -> None:
    system = powerpact.load("gas-route-outage")
    cut, reference = first_hours(system, hours), _cut_as_assess_did(system, hours)
    for name in FRAMES:
        if name != "outages":
            pd.testing.assert_frame_equal(getattr(cut, name), getattr(reference, name), obj=name)
    # An outage after the cut changed nothing, and no longer passes validation: it is dropped.
    starts = reference.outages["start"] < cut.snapshots[-1] + pd.Timedelta(hours=1)
    assert cut.outages.to_dict("records") == reference.outages[starts].to_dict("records")


def test_outages_added_and_taken_away() -> None:
    system = load_system(TINY)
    start = system.snapshots[5]
    out = with_outages(system, [{"component": "gas-1", "start": start, "days": 0.5}])
    assert out.in_service("generators")["gas-1"].iloc[5:17].eq(0).all()
    assert without_outages(out).outages.empty
    assert without_outages(system) is system
    with pytest.raises(InputError, match=r"variant of tiny, outages\[0\]"):
        with_outages(system, [{"component": "nope", "start": start, "days": 1}])


def _write(path: Path, base: str, overlay: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump({"name": path.stem, "base": base, **overlay}), "utf-8")
    return path


GENERATORS = ("coal-1", "gas-1", "gas-2", "hydro-1")
overlays = st.fixed_dictionaries(
    {},
    optional={
        "scale": st.dictionaries(
            st.sampled_from(GENERATORS),
            st.fixed_dictionaries({"capacity_mw": st.floats(0.5, 2.0)}),
            min_size=1,
        ).map(lambda rows: {"generators": rows}),
        "modify": st.dictionaries(
            st.sampled_from(GENERATORS),
            st.fixed_dictionaries({"forced_outage_rate": st.floats(0.0, 0.5)}),
            min_size=1,
        ).map(lambda rows: {"generators": rows}),
        "demand": st.fixed_dictionaries({"scale": st.floats(0.5, 1.5)}),
        "settings": st.fixed_dictionaries({"co2_price_eur_per_t": st.floats(0.0, 200.0)}),
    },
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=overlays, second=overlays)
def test_a_variant_of_a_variant_is_the_two_overlays_in_sequence(
    tmp_path_factory: pytest.TempPathFactory, first: dict[str, Any], second: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("chain")
    _write(folder / "one.yaml", str(TINY), first)
    two = _write(folder / "two.yaml", "one.yaml", second)
    try:
        made = variant(variant(load_system(TINY), first), second)
    except InputError as in_memory:
        # An invalid chain (e.g. capacity halved twice below the minimum stable output) is
        # refused by the files too, with the same complaint about the same field.
        with pytest.raises(InputError) as from_files:
            load_scenario(two)
        assert from_files.value.field == in_memory.field
        assert from_files.value.message == in_memory.message
        return
    assert_same_system(made, load_scenario(two))


def test_economics_and_gas_annualise_alike_in_a_leap_study_year() -> None:
    """2032 has 8,784 hours: both stages divide by it (the gas stage used 8,760)."""
    system = powerpact.load("nis-ccgt-2032")
    assert system.year == 2032
    gas_plants = system.gas_generators
    generation = pd.DataFrame(0.0, index=system.snapshots, columns=system.generators.index)
    generation[gas_plants] = 100.0
    mwh_per_mcm = system.settings.gas.energy_mwh_per_mcm
    # net efficiencies: the plants' net MWh over the net calorific value
    burn_mwh_th = generation[gas_plants] / system.generators.loc[gas_plants, "efficiency"]
    net_mwh_per_mcm = system.settings.gas.ncv
    burn_per_day = (burn_mwh_th.sum(axis=1) / net_mwh_per_mcm).groupby(system.day_of_hour).sum()
    dispatch = SimpleNamespace(
        gas_coupled=False,
        generation_mw=generation,
        total_cost_eur=0.0,
        co2_t=0.0,
        cost_breakdown_eur={"imports_eur": 0.0, "export_revenue_eur": 0.0},
        gas_burn_mcm=pd.DataFrame({"all": burn_per_day.to_numpy()}, index=system.days),
        net_import_mwh=0.0,
    )
    economics = exposure(system, dispatch).gas_mwh_th_per_year / mwh_per_mcm  # type: ignore[arg-type]
    context = Context(AssessOptions(), system, {})
    gas = _gas_stage(system, {"dispatch": dispatch}, context).indicators
    non_power = per_year_of_days(system, float(system.gas_demand.to_numpy().sum()))
    assert gas.gas_consumption_mcm_per_year - non_power == pytest.approx(economics, rel=1e-12)
    assert economics == pytest.approx(per_year(system, float(burn_per_day.sum())), rel=1e-12)
    assert economics / (float(burn_per_day.sum()) * 8760 / system.n_hours) == pytest.approx(
        8784 / 8760
    )


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "io.py" or p.parent != SRC)


SYSTEM_FILES = {"system.yaml", "generators.csv", "demand.csv", "hydro_inflows.csv"}
WRITERS = {"to_csv", "write_text", "safe_dump", "dump"}
# `powerpact data copy` writes the user's own copy of a system (and names it), and `powerpact
# expand --out` the expanded system (system/write.py): that is their job, not a way to vary one.
WRITES_A_SYSTEM_ON_PURPOSE = {Path("cli/__init__.py"), Path("system/write.py")}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_system_is_written_to_disk_to_vary_it(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "tempfile" not in imports
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    names = {getattr(c.func, "attr", getattr(c.func, "id", "")) for c in calls}
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    if path.relative_to(SRC) not in WRITES_A_SYSTEM_ON_PURPOSE:
        assert not (names & WRITERS and strings & SYSTEM_FILES), "writes system files"
    replaced = [
        c
        for c in calls
        if getattr(c.func, "attr", getattr(c.func, "id", "")) == "replace"
        and c.args
        and isinstance(c.args[0], ast.Name)
        and "system" in c.args[0].id.lower()
    ]
    assert not replaced, "dataclasses.replace on a System skips validation"


def test_the_removal_functions_are_one() -> None:
    import powerpact.economics.engine as engine
    import powerpact.studies.gas_power as gas_power

    assert not hasattr(engine, "without_plant")
    assert not hasattr(gas_power, "without_generators")


def _network(path: Path, freq: str, p_nom: float = 10.0) -> Path:
    pypsa = pytest.importorskip("pypsa")
    network = pypsa.Network()
    network.set_snapshots(pd.date_range("2030-01-01", periods=4, freq=freq))
    network.add("Bus", "b")
    network.add("Generator", "g", bus="b", p_nom=p_nom, carrier="gas")
    network.add("Load", "l", bus="b", p_set=5.0)
    network.export_to_netcdf(str(path))
    return path


def test_a_pypsa_import_is_built_in_memory_and_names_the_network(tmp_path: Path) -> None:
    from powerpact.interop.pypsa_import import system_from_pypsa

    good = system_from_pypsa(_network(tmp_path / "good.nc", "h"))
    assert good.origin == str(tmp_path / "good.nc") and good.n_hours == 4
    with pytest.raises(InputError) as gap:
        system_from_pypsa(_network(tmp_path / "two-hourly.nc", "2h"))
    assert str(gap.value).startswith(f"{tmp_path / 'two-hourly.nc'} (loads' p_set), snapshot 2")
    with pytest.raises(InputError, match=r"bad\.nc, generator g, field 'capacity_mw'"):
        system_from_pypsa(_network(tmp_path / "bad.nc", "h", p_nom=-1.0))


def test_settings_scaled_in_one_rebuild_equal_the_two_variants() -> None:
    """A price sensitivity's member (studies/volatility) applies its settings and scales the
    market prices in one rebuild: the same System as the two steps."""
    system = powerpact.load("serbia-2025")
    settings = {"co2_price_eur_per_t": 91.0, "fuels": {"gas": {"price_eur_per_mwh_th": 52.0}}}
    once = scaled(system, market_prices=1.3, settings=settings)
    assert_same_system(once, scaled(variant(system, {"settings": settings}), market_prices=1.3))
    assert once.settings != system.settings
