"""A `System` from a PyPSA network, so that PyPSA users get LOLE, LOLP and EENS.

Only the electric part is read: buses whose carrier is AC or DC (or unset). They are pooled into
one zone `network` (lines and links between them are not limits). Generators keep their name,
`carrier` becomes the technology, capacity is `p_nom_opt` where the network was optimised with
extendable capacity and `p_nom` otherwise, times the largest `p_max_pu`. Generators whose
`p_max_pu` varies in time become must-take profile plants; those with a finite `e_sum_max` are
energy-limited (reservoir hydro): their energy is spread over the calendar months in proportion
to their available hours and generators named "<plant> YYYY-MM" (one per month, as
`powerpact export-pypsa` writes reservoir plants) are merged back into one plant <plant>.
Links from a non-electric bus (gas, a fuel supply) into an electric one are dispatchable plants
of `p_nom × efficiency` MW, fuel unconstrained. Slack generators (carriers in `SLACK_CARRIERS`,
such as load shedding) are left out. Loads' `p_set` (static or time series) on electric buses are
summed into demand. Storage units on electric buses become storage with `p_nom × max_hours` MWh,
a round-trip efficiency of `efficiency_store × efficiency_dispatch` and power from the largest
`p_max_pu` and `−p_min_pu`. No gas system is read.

Outage rates come from a CSV (`generator,forced_outage_rate,mttr_h`) or else from
`DEFAULT_OUTAGES` by carrier: indicative forced outage rates and repair times of the order of
the IEEE RTS-79 unit data (Table 9) for each plant type; use real data where you have it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from powerpact.system import InputError, System
from powerpact.system.build import build_system
from powerpact.system.raw import (
    TIMESERIES_FILES,
    RawSystem,
    text_rows,
    timeseries_from_text,
)
from powerpact.system.tables import EDITABLE_TABLES, empty_raw
from powerpact.system.time import hours_in_months

if TYPE_CHECKING:
    import pypsa

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
ELECTRIC_CARRIERS = {"AC", "DC", ""}
# Slack generators of a dispatch model (powerpact export-pypsa names): not resources.
SLACK_CARRIERS = {"load shedding", "spill"}
MONTHLY_NAME = re.compile(r"^(?P<plant>.+) \d{4}-\d{2}$")


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
        raise InputError(
            str(path), f"no generator {sorted(unknown)[0]!r} in the network", field="generator"
        )
    return table.set_index("generator")[["forced_outage_rate", "mttr_h"]]


def _capacity(frame: pd.DataFrame, nominal: str) -> pd.Series:
    optimised = frame.get(f"{nominal}_opt", pd.Series(0.0, index=frame.index))
    extendable = frame.get(f"{nominal}_extendable", pd.Series(False, index=frame.index))
    return pd.Series(
        np.where(extendable & (optimised > 0), optimised, frame[nominal]),
        index=frame.index,
        dtype=float,
    )


def _electric_buses(network: pypsa.Network) -> pd.Index:
    carrier = network.buses["carrier"].fillna("").astype(str)
    return network.buses.index[carrier.isin(ELECTRIC_CARRIERS)]


def _largest_pu(frame: pd.DataFrame, series: pd.DataFrame, column: str) -> pd.Series:
    """Largest per-unit value of `column` over time: the time series where there is one."""
    varying = series[[c for c in series.columns if c in frame.index]]
    return (
        frame[column]
        .astype(float)
        .where(~frame.index.isin(varying.columns), varying.max().reindex(frame.index))
    )


def _monthly_energy(
    network: pypsa.Network, names: pd.Index, energy_mwh: pd.Series, available_pu: pd.DataFrame
) -> pd.DataFrame:
    """Each energy-limited generator's horizon energy as calendar-month energy (the engines
    prorate a month's energy to the horizon's hours in it, so this scales back up)."""
    times = pd.DatetimeIndex(network.snapshots)
    times = times.tz_localize("UTC") if times.tz is None else times.tz_convert("UTC")
    months = times.tz_localize(None).to_period("M")
    rows = []
    for name in names:
        weight = pd.Series(available_pu[name].to_numpy(), index=months).groupby(level=0).sum()
        share = weight / weight.sum() if weight.sum() > 0 else weight * 0
        hours_in_horizon = pd.Series(1.0, index=months).groupby(level=0).sum()
        full = hours_in_months(pd.PeriodIndex(share.index)) / hours_in_horizon[share.index]
        match = MONTHLY_NAME.match(name)
        for month, fraction in share.items():
            rows.append(
                {
                    "generator": match["plant"] if match else name,
                    "month": month.month,
                    "energy_mwh": energy_mwh[name] * fraction * full[month],
                }
            )
    frame = pd.DataFrame(rows, columns=["generator", "month", "energy_mwh"])
    return frame.groupby(["generator", "month"], as_index=False)["energy_mwh"].sum()


def _generators(
    network: pypsa.Network, rates: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Generator rows, must-take profiles and monthly energies of energy-limited plants."""
    gens = network.generators
    gens = gens[
        gens["bus"].isin(_electric_buses(network))
        & ~gens["carrier"].astype(str).str.lower().isin(SLACK_CARRIERS)
    ]
    series = network.generators_t.p_max_pu
    series = series[[c for c in series.columns if c in gens.index]].clip(0, 1)
    largest = _largest_pu(gens, series, "p_max_pu").clip(0, 1)
    capacity = _capacity(gens, "p_nom") * largest
    limited = gens.index[
        np.isfinite(gens["e_sum_max"].astype(float)) & (gens["e_sum_max"].astype(float) >= 0)
    ]
    varying = [c for c in series.columns if c not in limited and series[c].nunique() > 1]
    available = pd.DataFrame(
        {n: series[n] if n in series else largest[n] for n in limited}, index=network.snapshots
    )
    inflows = _monthly_energy(network, limited, gens["e_sum_max"].astype(float), available)
    rows: dict[str, dict] = {}
    for name, gen in gens.iterrows():
        carrier = str(gen["carrier"] or "other")
        profile = name if name in varying else ""
        match = MONTHLY_NAME.match(name) if name in limited else None
        plant = match["plant"] if match else name
        rate, mttr = DEFAULT_OUTAGES.get(carrier.lower(), FALLBACK_OUTAGE)
        if profile:
            rate = 0.0  # the profile is the plant's availability
        if plant in rates.index:
            rate, mttr = rates.at[plant, "forced_outage_rate"], rates.at[plant, "mttr_h"]
        size = capacity[name] / largest[name] if profile else capacity[name]
        if plant in rows:  # another month of a merged reservoir plant
            rows[plant]["capacity_mw"] = max(rows[plant]["capacity_mw"], size)
            continue
        rows[plant] = {
            "name": plant,
            "zone": ZONE,
            "technology": carrier,
            "capacity_mw": size,
            "forced_outage_rate": rate,
            "mttr_h": mttr,
            "profile": profile,
        }
    rows |= _conversion_links(network, rates)
    return pd.DataFrame(list(rows.values())), series[varying], inflows


def _conversion_links(network: pypsa.Network, rates: pd.DataFrame) -> dict[str, dict]:
    """Links from a non-electric bus into an electric one (fuel to power): dispatchable plants."""
    links = network.links
    electric = _electric_buses(network)
    plants = links[~links["bus0"].isin(electric) & links["bus1"].isin(electric)]
    largest = _largest_pu(plants, network.links_t.p_max_pu, "p_max_pu").clip(0, 1)
    capacity = _capacity(plants, "p_nom") * plants["efficiency"].astype(float) * largest
    rows = {}
    for name, link in plants.iterrows():
        carrier = str(link["carrier"] or "other")
        rate, mttr = DEFAULT_OUTAGES.get(carrier.lower(), FALLBACK_OUTAGE)
        if name in rates.index:
            rate, mttr = rates.at[name, "forced_outage_rate"], rates.at[name, "mttr_h"]
        rows[name] = {
            "name": name,
            "zone": ZONE,
            "technology": carrier,
            "capacity_mw": capacity[name],
            "forced_outage_rate": rate,
            "mttr_h": mttr,
            "profile": "",
        }
    return rows


def _demand_mw(network: pypsa.Network) -> pd.Series:
    loads = network.loads[network.loads["bus"].isin(_electric_buses(network))]
    series = network.loads_t.p_set
    varying = [c for c in series.columns if c in loads.index]
    constant = loads.loc[~loads.index.isin(varying), "p_set"].sum()
    total = series[varying].sum(axis=1) + constant
    return total.reindex(network.snapshots).fillna(constant).clip(lower=0)


def _storage(network: pypsa.Network) -> pd.DataFrame:
    units = network.storage_units
    units = units[units["bus"].isin(_electric_buses(network))]
    nominal = _capacity(units, "p_nom")
    energy = nominal * units["max_hours"]
    power = nominal * _largest_pu(units, network.storage_units_t.p_max_pu, "p_max_pu").clip(0, 1)
    charge = nominal * _largest_pu(
        units.assign(p_min_pu=-units["p_min_pu"]), -network.storage_units_t.p_min_pu, "p_min_pu"
    ).clip(0, 1)
    soc = (units["state_of_charge_initial"] / energy.where(energy > 0)).fillna(0.0).clip(0, 1)
    return pd.DataFrame(
        {
            "name": units.index,
            "zone": ZONE,
            "power_mw": power.to_numpy(),
            "charge_power_mw": charge.to_numpy(),
            "energy_mwh": energy.to_numpy(),
            "round_trip_efficiency": (units["efficiency_store"] * units["efficiency_dispatch"])
            .clip(1e-6, 1)
            .to_numpy(),
            "initial_soc_fraction": soc.to_numpy(),
        }
    )


def _stamps(index: pd.Index) -> pd.Series:
    times = pd.DatetimeIndex(index)
    times = times.tz_localize("UTC") if times.tz is None else times.tz_convert("UTC")
    return pd.Series(times.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _read_network(pypsa: Any, path: Path) -> pypsa.Network:
    """The network in `path`; a file that is not one (text, empty, truncated) is one line."""
    try:
        return pypsa.Network(str(path))
    # netCDF4, h5py and xarray report a bad file in several ways, all of them the file's fault.
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        reason = " ".join(str(exc).replace(f": {str(path)!r}", "").split()) or type(exc).__name__
        raise InputError(str(path), f"cannot read as a PyPSA network (.nc): {reason}") from None


def system_from_pypsa(path: Path, outage_rates: Path | None = None) -> System:
    """Read `path` (a PyPSA network .nc) into a one-zone adequacy `System`."""
    try:
        import pypsa
    except ImportError:
        raise InputError("--pypsa", "needs PyPSA: pip install 'powerpact[pypsa]'") from None
    if not Path(path).is_file():
        raise InputError(str(path), "no such file")
    network = _read_network(pypsa, Path(path))
    if isinstance(network.snapshots, pd.MultiIndex):
        raise InputError(str(path), "multi-period networks are not supported: export one period")
    plants = network.generators.index.append(network.links.index)
    rates = _outage_table(
        outage_rates,
        plants.append(pd.Index([m["plant"] for n in plants if (m := MONTHLY_NAME.match(n))])),
    )
    generators, profiles, inflows = _generators(network, rates)
    return build_system(_raw_system(Path(path), network, generators, profiles, inflows))


def _raw_system(
    path: Path,
    network: pypsa.Network,
    generators: pd.DataFrame,
    profiles: pd.DataFrame,
    inflows: pd.DataFrame,
) -> RawSystem:
    """The network's tables as the text a system folder would hold, each row and series naming
    the network file (and the component) it came from."""
    stamps = _stamps(network.snapshots)
    tables = {table: empty_raw(table) for table in (*EDITABLE_TABLES, "hydro_inflows", "sources")}
    tables["generators"] = _rows("generators", generators, path, "generator", "name")
    tables["storage"] = _rows("storage", _storage(network), path, "storage unit", "name")
    tables["hydro_inflows"] = _rows("hydro_inflows", inflows, path, "energy of", "generator")
    demand = pd.DataFrame({ZONE: _demand_mw(network).to_numpy()})
    series = {"demand": (demand, "loads' p_set"), "profiles": (profiles, "generators' p_max_pu")}
    timeseries: dict[str, pd.DataFrame | None] = dict.fromkeys(TIMESERIES_FILES)
    origins = {}
    for key, (values, what) in series.items():
        if len(values.columns) == 0:  # no time-varying generator: no profiles
            continue
        origins[key] = f"{path} ({what})"
        timeseries[key] = _series(values, stamps, origins[key])
    return RawSystem(
        folder=path,
        settings={
            "name": path.stem,
            "zones": [ZONE],
            "description": f"read from PyPSA network {path}",
        },
        settings_where=str(path),
        tables=tables,
        timeseries=timeseries,
        hashes={path.name: hashlib.sha256(path.read_bytes()).hexdigest()},
        series_origin=origins,
    )


def _rows(table: str, frame: pd.DataFrame, path: Path, what: str, key: str) -> pd.DataFrame:
    if frame.empty:
        return empty_raw(table)
    records = frame.to_dict("records")
    return text_rows(table, records, [f"{path}, {what} {row[key]}" for row in records])


def _series(values: pd.DataFrame, stamps: pd.Series, where: str) -> pd.DataFrame:
    """Checked as a CSV file of the series would be (hourly, no gaps, finite numbers)."""
    text = values.reset_index(drop=True).map(lambda v: str(float(v)))
    text.insert(0, "timestamp", stamps.to_numpy())
    return timeseries_from_text(
        text, where, "timestamp", hourly=True, row_where=lambda i: f"{where}, snapshot {i + 1}"
    )
