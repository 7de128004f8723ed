"""A `System` from a PyPSA network, so that PyPSA users get LOLE, LOLP and EENS.

All buses are pooled into one zone `network` (lines and links are not limits). Generators keep
their name, `carrier` becomes the technology, capacity is `p_nom_opt` where the network was
optimised with extendable capacity and `p_nom` otherwise, times a static `p_max_pu`. Generators
with a time-varying `p_max_pu` become must-take profile plants. Loads' `p_set` (static or time
series) are summed into demand. Storage units become storage with `p_nom × max_hours` MWh and a
round-trip efficiency of `efficiency_store × efficiency_dispatch`. No gas system is read.

Outage rates come from a CSV (`generator,forced_outage_rate,mttr_h`) or else from
`DEFAULT_OUTAGES` by carrier: indicative forced outage rates and repair times of the order of
the IEEE RTS-79 unit data (Table 9) for each plant type; use real data where you have it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from powerpact.system import InputError, System, load

ZONE = "network"
# carrier → (forced outage rate, mean time to repair in hours)
DEFAULT_OUTAGES: dict[str, tuple[float, float]] = {
    "coal": (0.08, 60.0),
    "lignite": (0.08, 60.0),
    "gas": (0.05, 40.0),
    "ccgt": (0.05, 40.0),
    "ocgt": (0.05, 40.0),
    "oil": (0.05, 40.0),
    "nuclear": (0.05, 150.0),
    "biomass": (0.06, 50.0),
    "hydro": (0.02, 30.0),
    "phs": (0.02, 30.0),
}
FALLBACK_OUTAGE = (0.05, 50.0)


def _outage_table(path: Path | None, names: pd.Index) -> pd.DataFrame:
    if path is None:
        return pd.DataFrame(columns=["forced_outage_rate", "mttr_h"])
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    missing = {"generator", "forced_outage_rate", "mttr_h"} - set(table.columns)
    if missing:
        raise InputError(str(path), "missing column", field=sorted(missing)[0])
    unknown = set(table["generator"]) - set(names)
    if unknown:
        raise InputError(str(path), f"no generator {sorted(unknown)[0]!r} in the network",
                         field="generator")
    return table.set_index("generator")[["forced_outage_rate", "mttr_h"]]


def _capacity(frame: pd.DataFrame, nominal: str) -> pd.Series:
    optimised = frame.get(f"{nominal}_opt", pd.Series(0.0, index=frame.index))
    extendable = frame.get(f"{nominal}_extendable", pd.Series(False, index=frame.index))
    return pd.Series(np.where(extendable & (optimised > 0), optimised, frame[nominal]),
                     index=frame.index, dtype=float)


def _generators(network, rates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    gens = network.generators
    varying = network.generators_t.p_max_pu
    varying = varying[[c for c in varying.columns if c in gens.index]]
    capacity = _capacity(gens, "p_nom")
    static = capacity * gens["p_max_pu"].clip(0, 1)
    rows = []
    for name, gen in gens.iterrows():
        carrier = str(gen["carrier"] or "other")
        profile = name if name in varying.columns else ""
        rate, mttr = DEFAULT_OUTAGES.get(carrier.lower(), FALLBACK_OUTAGE)
        if profile:
            rate = 0.0  # the profile is the plant's availability
        if name in rates.index:
            rate, mttr = rates.at[name, "forced_outage_rate"], rates.at[name, "mttr_h"]
        rows.append({
            "name": name, "zone": ZONE, "technology": carrier,
            "capacity_mw": capacity[name] if profile else static[name],
            "forced_outage_rate": rate, "mttr_h": mttr, "profile": profile,
        })
    return pd.DataFrame(rows), varying.clip(0, 1)


def _demand_mw(network) -> pd.Series:
    loads = network.loads
    series = network.loads_t.p_set
    varying = [c for c in series.columns if c in loads.index]
    constant = loads.loc[~loads.index.isin(varying), "p_set"].sum()
    total = series[varying].sum(axis=1) + constant
    return total.reindex(network.snapshots).fillna(constant).clip(lower=0)


def _storage(network) -> pd.DataFrame:
    units = network.storage_units
    power = _capacity(units, "p_nom")
    energy = power * units["max_hours"]
    soc = (units["state_of_charge_initial"] / energy.where(energy > 0)).fillna(0.0).clip(0, 1)
    return pd.DataFrame({
        "name": units.index, "zone": ZONE, "power_mw": power.to_numpy(),
        "energy_mwh": energy.to_numpy(),
        "round_trip_efficiency": (units["efficiency_store"] * units["efficiency_dispatch"])
        .clip(1e-6, 1).to_numpy(),
        "initial_soc_fraction": soc.to_numpy(),
    })


def _stamps(index: pd.Index) -> pd.Series:
    times = pd.DatetimeIndex(index)
    times = times.tz_localize("UTC") if times.tz is None else times.tz_convert("UTC")
    return pd.Series(times.strftime("%Y-%m-%dT%H:%M:%SZ"))


def system_from_pypsa(path: Path, outage_rates: Path | None = None) -> System:
    """Read `path` (a PyPSA network .nc) into a one-zone adequacy `System`."""
    try:
        import pypsa
    except ImportError:
        raise InputError("--pypsa", "needs PyPSA: pip install 'powerpact[pypsa]'") from None
    if not Path(path).is_file():
        raise InputError(str(path), "no such file")
    network = pypsa.Network(str(path))
    if isinstance(network.snapshots, pd.MultiIndex):
        raise InputError(str(path), "multi-period networks are not supported: export one period")
    rates = _outage_table(outage_rates, network.generators.index)
    generators, profiles = _generators(network, rates)
    stamps = _stamps(network.snapshots)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / Path(path).stem
        root.mkdir()
        settings = {"name": root.name, "zones": [ZONE],
                    "description": f"read from PyPSA network {path}"}
        (root / "system.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
        generators.to_csv(root / "generators.csv", index=False)
        demand = pd.DataFrame({"timestamp": stamps, ZONE: _demand_mw(network).to_numpy()})
        demand.to_csv(root / "demand.csv", index=False)
        if not profiles.empty:
            shapes = profiles.reset_index(drop=True)
            shapes.insert(0, "timestamp", stamps)
            shapes.to_csv(root / "profiles.csv", index=False)
        if len(network.storage_units):
            _storage(network).to_csv(root / "storage.csv", index=False)
        return load(root)
