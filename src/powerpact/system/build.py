"""Validation across tables and derived columns: raw text tables → immutable `System`."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from powerpact.system.carbon import co2_price_by_area
from powerpact.system.errors import InputError
from powerpact.system.model import COMPONENT_TABLES, ScenarioInfo, System
from powerpact.system.paths import path_legs
from powerpact.system.raw import RawSystem
from powerpact.system.settings import MAX_PRICE, Outage, Settings, parse_settings
from powerpact.system.tables import MAX_POWER_MW, empty_raw, is_origin, origin_of, parse_table

DEFAULT_MTTR_H = 50.0


def _fail(row: pd.Series, field: str, message: str, *causes: str) -> InputError:
    """An error about `field` of `row`, placed where it or one of `causes` was last set."""
    return InputError(origin_of(row, field, *causes), message, field=field)


def _check_zone(frame: pd.DataFrame, column: str, allowed: set[str], what: str) -> None:
    for _, row in frame.iterrows():
        if row[column] not in allowed:
            raise _fail(
                row, column, f"unknown {what} {row[column]!r} (known: {', '.join(sorted(allowed))})"
            )


def _outage_parameters(gens: pd.DataFrame) -> pd.DataFrame:
    """Fill forced_outage_rate, mttf_h and mttr_h consistently from whichever were given."""
    rates, mttfs, mttrs = [], [], []
    for _, row in gens.iterrows():
        rate, mttf, mttr = row["forced_outage_rate"], row["mttf_h"], row["mttr_h"]
        given_rate = rate is not None and not pd.isna(rate)
        given_mttf = mttf is not None and not pd.isna(mttf)
        mttr = DEFAULT_MTTR_H if mttr is None or pd.isna(mttr) else float(mttr)
        if given_mttf:
            implied = mttr / (float(mttf) + mttr)
            if given_rate and not math.isclose(implied, rate, rel_tol=1e-3, abs_tol=1e-6):
                raise _fail(
                    row,
                    "forced_outage_rate",
                    f"{rate:g} disagrees with mttr_h / (mttf_h + mttr_h) = {implied:.4g}",
                    "mttf_h",
                    "mttr_h",
                )
            rate = implied
        else:
            rate = float(rate) if given_rate else 0.0
            mttf = math.inf if rate == 0 else mttr * (1 - rate) / rate
        rates.append(float(rate))
        mttfs.append(float(mttf))
        mttrs.append(mttr)
    return gens.assign(forced_outage_rate=rates, mttf_h=mttfs, mttr_h=mttrs)


def _check_fuel_zones(raw: RawSystem, settings: Settings) -> None:
    """Zones named under a fuel's by-zone keys must be zones: a misspelt one would silently leave
    that zone's plants unlimited or at the common price."""
    for name, fuel in settings.fuels.items():
        for key in ("annual_limit_mwh_th_by_zone", "price_eur_per_mwh_th_by_zone"):
            for zone in getattr(fuel, key):
                if zone not in settings.zones:
                    raise InputError(
                        raw.settings_where,
                        f"{zone!r} is not a zone (zones: {', '.join(settings.zones)})",
                        field=f"fuels.{name}.{key}.{zone}",
                    )


def _generators(
    raw: RawSystem, settings: Settings, profiles: pd.DataFrame, year: int
) -> pd.DataFrame:
    _check_fuel_zones(raw, settings)
    gens = parse_table("generators", raw.tables["generators"])
    _check_zone(gens, "zone", set(settings.zones), "zone")
    for _, row in gens.iterrows():
        if row["fuel"]:
            if row["fuel"] not in settings.fuels:
                raise _fail(
                    row,
                    "fuel",
                    f"unknown fuel {row['fuel']!r}: add it under 'fuels' in "
                    "system.yaml with its price and CO2 factor",
                )
            if "price_eur_per_mwh_th" not in settings.fuels[row["fuel"]].model_fields_set:
                # A forgotten price would make the fuel free, not fail.
                raise InputError(
                    raw.settings_where,
                    f"fuel {row['fuel']!r} is burnt by generator {row['name']!r} "
                    f"({origin_of(row, 'fuel')}) but has no price",
                    field=f"fuels.{row['fuel']}.price_eur_per_mwh_th",
                )
            if row["efficiency"] is None or pd.isna(row["efficiency"]):
                raise _fail(row, "efficiency", "required for a generator that burns fuel", "fuel")
        if row["min_stable_mw"] > row["capacity_mw"]:
            raise _fail(
                row,
                "min_stable_mw",
                f"{row['min_stable_mw']:g} exceeds capacity_mw {row['capacity_mw']:g}",
                "capacity_mw",
            )
        if row["profile"] and row["profile"] not in profiles.columns:
            raise _fail(row, "profile", f"no column {row['profile']!r} in profiles.csv")
        if row["min_profile"] and row["min_profile"] not in profiles.columns:
            raise _fail(row, "min_profile", f"no column {row['min_profile']!r} in profiles.csv")
    gens["efficiency"] = gens["efficiency"].astype(float).fillna(1.0)
    pairs = zip(gens["fuel"], gens["zone"], strict=True)
    fuel_price = pd.Series(
        [settings.fuels[f].price_in(z) if f else 0.0 for f, z in pairs], index=gens.index
    )
    fuel_co2 = gens["fuel"].map(lambda f: settings.fuels[f].co2_t_per_mwh_th if f else 0.0)
    # Gas is priced per MWh GCV, plant efficiencies count net MWh: a gas plant buys
    # gross_per_plant_mwh MWh GCV per MWh_th of its efficiency (GasSettings). The CO2 factor is
    # per MWh_th on the efficiency's basis (IPCC's factors are net), so it needs no factor.
    priced_per_mwh_th = np.where(
        gens["fuel"] == settings.gas.fuel, settings.gas.gross_per_plant_mwh, 1.0
    )
    gens["fuel_cost_eur_per_mwh"] = (
        fuel_price.astype(float) * priced_per_mwh_th / gens["efficiency"]
    )
    gens["co2_t_per_mwh"] = fuel_co2.astype(float) / gens["efficiency"]
    co2_price = gens["zone"].map(co2_price_by_area(settings, year)).astype(float)
    computed = (
        gens["fuel_cost_eur_per_mwh"]
        + co2_price * gens["co2_t_per_mwh"]
        + gens["variable_om_eur_per_mwh"]
    )
    gens["marginal_cost_eur_per_mwh"] = (
        gens["marginal_cost_eur_per_mwh"].astype(float).fillna(computed)
    )
    return _outage_parameters(gens)


def _hydro(raw: pd.DataFrame, gens: pd.DataFrame, index: pd.DatetimeIndex) -> pd.DataFrame:
    rows = parse_table("hydro_inflows", raw)
    seen: set[tuple[str, int]] = set()
    for _, row in rows.iterrows():
        if row["generator"] not in gens.index:
            raise _fail(row, "generator", f"no generator named {row['generator']!r}")
        if gens.at[row["generator"], "profile"]:
            raise _fail(row, "generator", "a reservoir plant cannot also have a profile")
        key = (row["generator"], int(row["month"]))
        if key in seen:
            raise _fail(row, "month", f"month {key[1]} of {key[0]!r} is given twice")
        seen.add(key)
    # A month left out would silently be a month of no water: every month the horizon touches
    # must be given (all twelve for a year; months outside the horizon may be left out).
    months = sorted(set(index.month))
    for _, row in rows.drop_duplicates("generator").iterrows():
        missing = [m for m in months if (row["generator"], m) not in seen]
        if missing:
            raise _fail(
                row,
                "month",
                f"{row['generator']!r} has no row for month {missing[0]}; a reservoir plant "
                f"needs every month of the horizon ({_month_span(months)}), 0 for no inflow",
            )
    table = rows.pivot_table(
        index="generator", columns="month", values="energy_mwh", aggfunc="sum", fill_value=0.0
    )
    return table.reindex(columns=range(1, 13), fill_value=0.0).astype(float)


def _month_span(months: list[int]) -> str:
    if len(months) == 1:
        return f"month {months[0]}"
    if months == list(range(months[0], months[-1] + 1)):
        return f"months {months[0]}–{months[-1]}"
    return f"months {', '.join(map(str, months))}"


def _unplaced(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if is_origin(c)])


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    return _unplaced(frame).set_index("name", drop=True)


def _check_gas_fuel(raw: RawSystem, settings: Settings, gens: pd.DataFrame) -> None:
    """The gas system feeds the plants burning `gas.fuel`: a wrong name cuts them off silently."""
    fuel = settings.gas.fuel
    burnt = sorted({f for f in gens["fuel"] if f})
    if fuel in burnt:
        return
    # Gas-fired plants by their fuel or technology name, since their fuel is not gas.fuel; a
    # system whose gas feeds no plant at all (a gas-only study) is fine.
    gas_fired = [
        name
        for name, row in gens.iterrows()
        if row["fuel"]
        and any(
            "gas" in text.lower() or text.lower() in ("ccgt", "ocgt")
            for text in (row["fuel"], row["technology"])
        )
    ]
    if gas_fired:
        raise InputError(
            raw.settings_where,
            f"{fuel!r} is burnt by no generator, so gas-fired plants ({gas_fired[0]} burns "
            f"{gens.at[gas_fired[0], 'fuel']!r}) draw nothing from the gas system; set it "
            f"to the fuel they burn (fuels burnt: {', '.join(burnt)})",
            field="gas.fuel",
        )


def _components(raw: RawSystem, settings: Settings, gens: pd.DataFrame) -> dict[str, pd.DataFrame]:
    zones, markets = set(settings.zones), set(settings.markets)
    storage = parse_table("storage", raw.tables["storage"])
    _check_zone(storage, "zone", zones, "zone")
    storage["charge_power_mw"] = (
        storage["charge_power_mw"].astype(float).fillna(storage["power_mw"])
    )

    links = parse_table("interconnectors", raw.tables["interconnectors"])
    _check_zone(links, "from_zone", zones | markets, "zone or market")
    _check_zone(links, "to_zone", zones | markets, "zone or market")
    for _, row in links.iterrows():
        if row["from_zone"] == row["to_zone"]:
            raise _fail(row, "to_zone", "an interconnector must join two different zones")
        if row["from_zone"] in markets and row["to_zone"] in markets:
            raise _fail(row, "to_zone", "an interconnector between two markets is never used")
    links["capacity_reverse_mw"] = (
        links["capacity_reverse_mw"].astype(float).fillna(links["capacity_mw"])
    )

    entries = parse_table("gas_entries", raw.tables["gas_entries"])
    _check_zone(entries, "zone", zones, "zone")
    contracts = parse_table("gas_contracts", raw.tables["gas_contracts"])
    _check_zone(contracts, "entry", set(entries["name"]), "gas entry")
    if len(entries):
        _check_gas_fuel(raw, settings, gens)
    gas_price = (
        settings.fuels[settings.gas.fuel].price_eur_per_mwh_th
        if settings.gas.fuel in settings.fuels
        else 0.0
    )
    for _, row in contracts.iterrows():
        if row["annual_min_mcm"] > row["annual_max_mcm"]:
            raise _fail(
                row,
                "annual_min_mcm",
                f"{row['annual_min_mcm']:g} exceeds annual_max_mcm {row['annual_max_mcm']:g}",
            )
    contracts["price_eur_per_mwh_th"] = (
        contracts["price_eur_per_mwh_th"].astype(float).fillna(gas_price)
    )
    storage_gas = parse_table("gas_storage", raw.tables["gas_storage"])
    _check_zone(storage_gas, "zone", zones, "zone")
    storage_gas["injection_mcm_per_day"] = (
        storage_gas["injection_mcm_per_day"]
        .astype(float)
        .fillna(storage_gas["withdrawal_mcm_per_day"])
    )
    return {
        **_gas_network(raw, settings, entries),
        "reserves": _reserves(raw, settings),
        "storage": _named(storage),
        "interconnectors": _named(links),
        "gas_entries": _named(entries),
        "gas_contracts": _named(contracts),
        "gas_storage": _named(storage_gas),
    }


def _reserves(raw: RawSystem, settings: Settings) -> pd.DataFrame:
    """The optional reserve requirements, one row per zone."""
    reserves = parse_table("reserves", raw.tables.get("reserves", empty_raw("reserves")))
    _check_zone(reserves, "zone", set(settings.zones), "zone")
    voll = settings.value_of_lost_load_eur_per_mwh
    for _, row in reserves.iterrows():
        if row["shortfall_cost_eur_per_mwh"] >= voll:
            raise _fail(
                row,
                "shortfall_cost_eur_per_mwh",
                f"{row['shortfall_cost_eur_per_mwh']:g} must stay below the value of lost load "
                f"({voll:g}): load would be shed to hold reserve",
            )
    return _unplaced(reserves).set_index("zone", drop=True)


def _gas_network(
    raw: RawSystem, settings: Settings, entries: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The optional gas network: nodes and pipelines, checked to form a graph over known zones.

    A pipeline into a zone's node that carries the name of one of the zone's gas entries stands
    for that entry, and so inherits its contracts (docs/input-format.md, "Gas network")."""
    nodes = parse_table("gas_nodes", raw.tables.get("gas_nodes", empty_raw("gas_nodes")))
    pipes = parse_table(
        "gas_pipelines", raw.tables.get("gas_pipelines", empty_raw("gas_pipelines"))
    )
    if len(pipes) and nodes.empty:
        raise InputError(
            str(raw.folder / "gas_pipelines.csv"), "pipelines need gas_nodes.csv to join"
        )
    zoned = nodes[nodes["zone"] != ""]
    _check_zone(zoned, "zone", set(settings.zones), "zone")
    seen: set[str] = set()
    for _, row in zoned.iterrows():
        if row["zone"] in seen:
            raise _fail(row, "zone", f"zone {row['zone']!r} already has a node")
        seen.add(row["zone"])
    for column in ("from", "to"):
        _check_zone(pipes, column, set(nodes["node"]), "gas node")
    for _, row in pipes.iterrows():
        if row["from"] == row["to"]:
            raise _fail(row, "to", "a pipeline must join two different nodes")
        if row["booked_by_others_mcm_per_day"] > row["capacity_mcm_per_day"]:
            raise _fail(
                row,
                "booked_by_others_mcm_per_day",
                f"{row['booked_by_others_mcm_per_day']:g} exceeds capacity_mcm_per_day "
                f"{row['capacity_mcm_per_day']:g}",
            )
        if row["name"] in set(entries["name"]) and row["to"] not in set(zoned["node"]):
            raise _fail(
                row, "to", f"named as gas entry {row['name']!r}, so it must end at a zone's node"
            )
    # A pipeline entry of a zone with a node must be one of the node's pipelines, or the network
    # would silently leave it out.
    node_of_zone = dict(zip(zoned["zone"], zoned["node"], strict=True))
    ends = dict(zip(pipes["name"], pipes["to"], strict=True))
    for _, row in entries[entries["kind"] == "pipeline"].iterrows():
        node = node_of_zone.get(row["zone"])
        if node is not None and ends.get(row["name"]) != node:
            raise _fail(
                row,
                "name",
                f"zone {row['zone']!r} has a gas network node ({node}), so this entry needs a "
                f"pipeline of the same name ending there in gas_pipelines.csv",
            )
    return {
        "gas_nodes": _unplaced(nodes).set_index("node", drop=True),
        "gas_pipelines": _named(pipes),
    }


def _demand(raw: RawSystem, settings: Settings) -> pd.DataFrame:
    demand = raw.timeseries["demand"]
    where = raw.series_where("demand")
    if demand is None:
        raise InputError(where, "file not found (every system needs it)")
    for column in demand.columns:
        if column not in settings.zones:
            raise InputError(
                where,
                f"column {column!r} is not a zone in system.yaml "
                f"(zones: {', '.join(settings.zones)})",
                field=column,
            )
    for zone in settings.zones:
        if zone not in demand.columns:
            raise InputError(where, "every zone needs a demand column", field=zone)
    negative = np.argwhere(demand.to_numpy() < 0)
    if len(negative):
        row, col = negative[0]
        raise InputError(
            f"{where} line {row + 2}",
            f"demand must be >= 0, got {demand.iat[row, col]:g}",
            field=demand.columns[col],
        )
    huge = np.argwhere(demand.to_numpy() > MAX_POWER_MW)
    if len(huge):
        row, col = huge[0]
        raise InputError(
            f"{where} line {row + 2}",
            f"demand must be <= {MAX_POWER_MW:g} MW, got {demand.iat[row, col]:g} (more than "
            "any country's demand: is it in kW or W?)",
            field=demand.columns[col],
        )
    return demand[list(settings.zones)]


def _aligned(raw: RawSystem, key: str, index: pd.DatetimeIndex) -> pd.DataFrame:
    frame = raw.timeseries[key]
    if frame is None:
        return pd.DataFrame(index=index)
    where = raw.series_where(key)
    if len(frame) != len(index) or not frame.index.equals(index):
        raise InputError(
            where,
            f"has {len(frame)} hours from {frame.index[0]}, but demand.csv has "
            f"{len(index)} hours from {index[0]}: the timestamps must be the same",
        )
    return frame


def _profiles(raw: RawSystem, index: pd.DatetimeIndex) -> pd.DataFrame:
    profiles = _aligned(raw, "profiles", index)
    outside = np.argwhere((profiles.to_numpy() < 0) | (profiles.to_numpy() > 1))
    if len(outside):
        row, col = outside[0]
        raise InputError(
            f"{raw.series_where('profiles')} line {row + 2}",
            f"must be between 0 and 1, got {profiles.iat[row, col]:g}",
            field=profiles.columns[col],
        )
    return profiles


def _market_prices(raw: RawSystem, settings: Settings, index: pd.DatetimeIndex) -> pd.DataFrame:
    prices = _aligned(raw, "market_prices", index)
    where = raw.series_where("market_prices")
    if raw.timeseries["market_prices"] is None and settings.markets:
        raise InputError(
            where,
            "file not found; it is required because system.yaml lists markets "
            f"({', '.join(settings.markets)})",
        )
    for market in settings.markets:
        if market in settings.zones:
            raise InputError(
                raw.settings_where, f"{market!r} is both a zone and a market", field="markets"
            )
        if market not in prices.columns:
            raise InputError(where, "every market needs an hourly price column", field=market)
    for column in prices.columns:
        if column not in settings.markets:
            raise InputError(
                where, f"column {column!r} is not a market in system.yaml", field=column
            )
    huge = np.argwhere(np.abs(prices.to_numpy()) > MAX_PRICE)
    if len(huge):
        row, col = huge[0]
        raise InputError(
            f"{where} line {row + 2}",
            f"price must be between {-MAX_PRICE:g} and {MAX_PRICE:g} EUR/MWh, got "
            f"{prices.iat[row, col]:g} (ten times any price cap in Europe: check the unit)",
            field=prices.columns[col],
        )
    return prices[list(settings.markets)]


def _gas_demand(raw: RawSystem, settings: Settings, days: pd.DatetimeIndex) -> pd.DataFrame:
    frame = raw.timeseries["gas_demand"]
    if frame is None:
        return pd.DataFrame(0.0, index=days, columns=list(settings.zones))
    where = raw.series_where("gas_demand")
    for column in frame.columns:
        if column not in settings.zones:
            raise InputError(where, f"column {column!r} is not a zone in system.yaml", field=column)
    negative = np.argwhere(frame.to_numpy() < 0)
    if len(negative):
        row, col = negative[0]
        raise InputError(
            f"{where} line {row + 2}", "gas demand must be >= 0", field=frame.columns[col]
        )
    missing = days.difference(frame.index)
    if len(missing):
        raise InputError(
            where, f"does not cover day {missing[0].date()} of the horizon", field="date"
        )
    return frame.reindex(index=days).reindex(columns=list(settings.zones), fill_value=0.0)


def _outages(
    outages: list[Outage],
    tables: dict[str, pd.DataFrame],
    where: str,
    horizon: pd.DatetimeIndex,
) -> pd.DataFrame:
    rows = []
    first, end_of_horizon = horizon[0], horizon[-1] + pd.Timedelta(hours=1)
    for i, outage in enumerate(outages):
        owners = [t for t in COMPONENT_TABLES if outage.component in tables[t].index]
        if len(owners) != 1:
            problem = "is not a component" if not owners else f"is ambiguous ({', '.join(owners)})"
            raise InputError(
                f"{where}, outages[{i}]", f"{outage.component!r} {problem}", field="component"
            )
        start = pd.Timestamp(outage.start)
        start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
        end = start + pd.Timedelta(days=outage.days)
        if end <= first or start >= end_of_horizon:
            raise InputError(
                f"{where}, outages[{i}]",
                f"{start.date()} + {outage.days:g} days lies outside the horizon "
                f"({first.date()} to {horizon[-1].date()}), so it would change nothing",
                field="start",
            )
        rows.append(
            {
                "component": outage.component,
                "table": owners[0],
                "start": start,
                "end": end,
            }
        )
    return pd.DataFrame(rows, columns=["component", "table", "start", "end"])


def build_system(raw: RawSystem, scenario: ScenarioInfo | None = None) -> System:
    """Validate `raw` into a `System`, which keeps `raw` so that variants of it are made by
    editing what was written and validating again (see `system.variant`)."""
    settings = parse_settings(raw.settings, raw.settings_where)
    if settings.focus_zone is not None and settings.focus_zone not in settings.zones:
        raise InputError(raw.settings_where, "is not a zone of the system", field="focus_zone")
    demand = _demand(raw, settings)
    index = pd.DatetimeIndex(demand.index)
    profiles = _profiles(raw, index)
    gens = _named(_generators(raw, settings, profiles, settings.year or index[0].year))
    components = _components(raw, settings, gens)
    path_legs(settings, components["interconnectors"], raw.settings_where)
    tables = {"generators": gens, **components}
    days = pd.DatetimeIndex(index.floor("D").unique())
    return System(
        settings=settings,
        generators=gens,
        hydro_inflows=_hydro(raw.tables["hydro_inflows"], gens, index),
        demand=demand,
        profiles=profiles,
        market_prices=_market_prices(raw, settings, index),
        gas_demand=_gas_demand(raw, settings, days),
        outages=_outages(list(raw.outages), tables, raw.outages_where or str(raw.folder), index),
        sources=_unplaced(parse_table("sources", raw.tables["sources"])),
        scenario=scenario,
        origin=str(raw.folder),
        input_hashes=dict(raw.hashes),
        _raw=raw,
        **components,
    )
