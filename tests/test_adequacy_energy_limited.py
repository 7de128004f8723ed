"""Energy-limited resources (reservoir hydro, storage) in the COPT by peak shaving: hand
calculations, the shaving rule itself, and the comparison with Monte Carlo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import write_system
from hypothesis import given, settings
from hypothesis import strategies as st

import powerpact
from powerpact.adequacy import copt, monte_carlo
from powerpact.adequacy.energy_limited import modified_load_mw, shave
from powerpact.adequacy.inputs import prepare
from powerpact.system import System

MakeSystem = Callable[..., System]


def unit(name: str, capacity_mw: float, rate: float, units: int = 1, **extra: Any) -> dict:
    return {
        "name": name,
        "zone": "A",
        "technology": "oil",
        "capacity_mw": capacity_mw,
        "units": units,
        "forced_outage_rate": rate,
        "mttr_h": 20,
        **extra,
    }


# Two 50 MW units with q = 0.1: outage 0 MW 0.81, 50 MW 0.18, 100 MW 0.01.
TWO_UNITS = [unit("thermal", 100, 0.1, units=2)]


def test_reservoir_shaves_peaks_with_derated_capacity_by_hand(make_system: MakeSystem) -> None:
    # Dam 40 MW, q = 0.5 → 20 MW expected. January 5,580 MWh → 5,580 × 4 / 744 = 30 MWh.
    # Loads 90, 70, 60, 40: λ = 60 gives min(20, 30) + 10 = 30 MWh → loads 70, 60, 60, 40.
    # LOLP 0.19, 0.19, 0.19, 0.01; EENS 0.18×20 + 0.01×70, 2 × (0.18×10 + 0.01×60), 0.01×40.
    system = make_system(
        generators=[
            *TWO_UNITS,
            {
                "name": "dam",
                "zone": "A",
                "technology": "hydro_reservoir",
                "capacity_mw": 40,
                "forced_outage_rate": 0.5,
            },
        ],
        demand={"A": [90, 70, 60, 40]},
        hydro_inflows=[{"generator": "dam", "month": 1, "energy_mwh": 5580}],
    )
    assert modified_load_mw(prepare(system)) == pytest.approx([70, 60, 60, 40])
    result = copt(system)
    assert result.lole_hours == pytest.approx(0.58)
    assert result.eens_mwh == pytest.approx(4.3 + 2 * 2.4 + 0.4)


def test_storage_shaves_the_day_with_what_it_recharged_by_hand(make_system: MakeSystem) -> None:
    # Expected firm capacity 90 MW; loads 50, 100, 100, 50: surplus 40 MW in hours 0 and 3,
    # charging at 10 MW → 20 MWh × η 0.5 = 10 MWh (< 30 MWh store) → the peaks become 95 MW.
    # LOLP 0.01, 0.19, 0.19, 0.01; EENS 0.5 + 2 × (0.18×45 + 0.01×95) + 0.5.
    system = make_system(
        generators=TWO_UNITS,
        demand={"A": [50, 100, 100, 50]},
        storage=[
            {
                "name": "pump",
                "zone": "A",
                "power_mw": 20,
                "charge_power_mw": 10,
                "energy_mwh": 30,
                "round_trip_efficiency": 0.5,
            }
        ],
    )
    assert modified_load_mw(prepare(system)) == pytest.approx([50, 95, 95, 50])
    result = copt(system)
    assert result.lole_hours == pytest.approx(0.40)
    assert result.eens_mwh == pytest.approx(1.0 + 2 * 9.05)


@settings(max_examples=60, deadline=None)
@given(
    load=st.lists(st.floats(-50, 500, allow_nan=False), min_size=1, max_size=30),
    capacity=st.floats(0, 200, allow_nan=False),
    energy=st.floats(0, 5000, allow_nan=False),
)
def test_shaving_uses_its_energy_within_capacity_and_never_beyond_load(
    load: list[float], capacity: float, energy: float
) -> None:
    load_mw = np.array([load])
    output = shave(load_mw, np.full_like(load_mw, capacity), np.array([energy]))[0]
    useful = np.minimum(capacity, np.maximum(load_mw[0], 0))
    assert np.all(output >= -1e-9) and np.all(output <= useful + 1e-9)
    assert output.sum() == pytest.approx(min(energy, useful.sum()), abs=1e-6)
    # Peak shaving: hours shaved below capacity end at one level λ; unshaved hours lie below
    # it and hours at full output stay at or above it.
    left = load_mw[0] - output
    partial = (output > 1e-6) & (output < capacity - 1e-6)
    if partial.any():
        level = left[partial].mean()
        assert np.ptp(left[partial]) == pytest.approx(0, abs=1e-6)
        assert np.all(load_mw[0][output <= 1e-9] <= level + 1e-6)
        assert np.all(left[output >= capacity - 1e-9] >= level - 1e-6)


def _week(folder: Path, hydro_hours_per_day: float, storage_mw: float) -> System:
    """Two weeks of a daily load cycle on thermal units, a 30 MW dam (no outages) with energy
    for `hydro_hours_per_day` hours a day at full output, and optional storage."""
    hours = np.arange(336)
    load = 170 + 50 * np.sin(2 * np.pi * (hours - 6) / 24)
    gens = [
        unit("a", 100, 0.08, units=2),
        unit("b", 60, 0.05),
        unit("c", 40, 0.1, units=2),
        unit("d", 30, 0.02),
        {"name": "dam", "zone": "A", "technology": "hydro_reservoir", "capacity_mw": 30},
    ]
    tables: dict[str, list[dict]] = {
        "hydro_inflows": [
            {"generator": "dam", "month": 1, "energy_mwh": 30 * hydro_hours_per_day * 31}
        ]
    }
    if storage_mw:
        tables["storage"] = [
            {
                "name": "pump",
                "zone": "A",
                "power_mw": storage_mw,
                "energy_mwh": 4 * storage_mw,
                "round_trip_efficiency": 0.75,
            }
        ]
    return powerpact.load(write_system(folder, gens, {"A": load.round(1).tolist()}, **tables))


def test_copt_and_monte_carlo_agree_when_hydro_energy_suffices(tmp_path: Path) -> None:
    # Energy for every hour at full output: both methods see a 30 MW unit that never fails.
    system = _week(tmp_path / "ample", 24, 0)
    exact, sampled = copt(system), monte_carlo(system, 3000, seed=5)
    assert exact.lole_hours > 5
    assert abs(sampled.lole_hours - exact.lole_hours) < 3 * sampled.lole_hours_stderr
    assert abs(sampled.eens_mwh - exact.eens_mwh) < 3 * sampled.eens_mwh_stderr


def test_scarce_energy_makes_copt_conservative_by_a_bounded_factor(tmp_path: Path) -> None:
    # Hydro for 8 h a day and 20 MW / 80 MWh storage. COPT commits their energy against the
    # load curve, Monte Carlo against each sample's shortfalls (hours of need), so COPT is
    # higher, by about 2.2× on LOLE and 1.9× on EENS here; both count the resources.
    system = _week(tmp_path / "scarce", 8, 20)
    exact, sampled = copt(system), monte_carlo(system, 3000, seed=5)
    thermal_only = copt(_week(tmp_path / "none", 0, 0))
    assert exact.lole_hours < 0.7 * thermal_only.lole_hours
    for index in ("lole_hours", "eens_mwh"):
        mean = getattr(sampled, index)
        error = getattr(sampled, f"{index}_stderr")
        assert mean - 3 * error < getattr(exact, index) < 3 * (mean + 3 * error)


def test_serbia_coal_exit_copt_within_a_factor_three_of_monte_carlo() -> None:
    # Before peak shaving: COPT 0.19 h/yr against Monte Carlo 0.0006 ± 0.00013 (100,000 years).
    system = powerpact.load("coal-exit-2032")
    exact, sampled = copt(system), monte_carlo(system, 10_000, seed=1)
    low = max(sampled.lole_hours - 3 * sampled.lole_hours_stderr, 0.0)
    high = sampled.lole_hours + 3 * sampled.lole_hours_stderr
    assert low / 3 <= exact.lole_hours <= 3 * high


def test_powerpact_pypsa_export_reads_back_to_the_same_risk(
    make_system: MakeSystem, tmp_path: Path
) -> None:
    # A reservoir plant exported as one generator per month (p_max_pu mask, e_sum_max), storage,
    # a lignite plant behind a fuel-supply bus and slack generators read back as the system
    # (PyPSA has no unit counts, so each row is one unit).
    pytest.importorskip("pypsa")
    from powerpact.interop.pypsa_export import export_pypsa
    from powerpact.interop.pypsa_import import system_from_pypsa

    hours = np.arange(48)
    system = make_system(
        generators=[
            unit("oil", 50, 0.1),
            unit("gasoil", 50, 0.1),
            unit("coal", 60, 0.08, fuel="lignite", efficiency=0.4),
            {
                "name": "dam",
                "zone": "A",
                "technology": "hydro_reservoir",
                "capacity_mw": 30,
                "forced_outage_rate": 0.02,
            },
        ],
        demand={"A": (120 + 40 * np.sin(2 * np.pi * hours / 24)).round(1).tolist()},
        start="2030-01-31T00:00:00Z",
        settings={"fuels": {"lignite": {"price_eur_per_mwh_th": 5, "annual_limit_mwh_th": 1e6}}},
        hydro_inflows=[
            {"generator": "dam", "month": 1, "energy_mwh": 30 * 6 * 31},
            {"generator": "dam", "month": 2, "energy_mwh": 30 * 3 * 28},
        ],
        storage=[{"name": "pump", "zone": "A", "power_mw": 20, "energy_mwh": 60}],
    )
    path = tmp_path / "network.nc"
    export_pypsa(system, path)
    rates = tmp_path / "rates.csv"
    rates.write_text(
        "generator,forced_outage_rate,mttr_h\noil,0.1,20\ngasoil,0.1,20\n"
        "coal,0.08,20\n"
        "dam,0.02,50\n"
    )
    read = system_from_pypsa(path, rates)
    assert sorted(read.generators.index) == ["coal", "dam", "gasoil", "oil"]
    assert read.hydro_inflows.loc["dam", [1, 2]].tolist() == pytest.approx(
        [30 * 6 * 31, 30 * 3 * 28]
    )
    for method in (copt, lambda s: monte_carlo(s, 2000, seed=2)):
        original, again = method(system), method(read)
        assert again.lole_hours == pytest.approx(original.lole_hours, rel=1e-6)
        assert again.eens_mwh == pytest.approx(original.eens_mwh, rel=1e-6)
