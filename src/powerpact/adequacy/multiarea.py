"""Multi-area sequential Monte Carlo adequacy: each zone is an area, joined by its
interconnectors' capacities, so a zone can be short while its neighbours have spare capacity.

The pooled engine (`montecarlo`) treats every zone as one copper plate. Here, as in NREL's
PRAS, the system model is per area and each hour's transfers are a transport problem:

1. **Areas.** Each zone's units, reservoir hydro and storage are its own; its net load is its
   demand less its must-take output. Units, interconnectors and storage are the same two-state
   Markov chains as in the pooled engine, with the same random streams (keyed by seed, sample
   and component name), so the two engines see identical outages. Imports from a neighbouring
   market are firm units of the zone the interconnector reaches (`capacity × import_availability`,
   with the line's outages), as in the pooled engine.
2. **Lines.** An interconnector between two zones carries up to `capacity_mw` from `from_zone`
   to `to_zone` and `capacity_reverse_mw` back, nothing while on forced or scenario outage.
3. **Each hour**, when every area's firm capacity covers its net load (the copper-plate check,
   one comparison per area), nothing moves and storage recharges from its own area's surplus.
   Otherwise served load is maximised over the network (a maximum flow from the areas' surplus
   over the lines to the areas' shortfalls, Edmonds–Karp on the area graph), in stages: firm
   capacity first, then gas plants within the system's hourly gas (one gas balance, as in the
   pooled engine), then reservoir hydro within its month's energy, then storage. In the gas
   stage a short area first runs its own plants, then every area offers what it has left to
   the network; in the hydro and storage stages the plants are taken in turn, the one with
   the most hours of full output left first, wherever it is, each serving its own area first
   (so scarce energy is kept for later: `multiarea_kernel._energy_stage`). The total served
   is the maximum flow, equal to the linear program "maximise served load subject to area
   balances and line limits" (tested against HiGHS); firm capacity is used before any
   energy-limited resource.

**Shortfall sharing.** An area's own resources serve its own load first: an area never exports
while it is short. When several short areas compete for the same limited surplus, they are
served in the order of `zones` in system.yaml (the first zone as much as the network allows,
then the next, …): deterministic, exactly computable (each stage is a lexicographic maximum
flow) and readable — list the zone the study is about first and its figures are those of a
system operator who keeps its own load first; the system totals do not depend on the order.
Sharing in proportion to demand, as an alternative, would need a parametric flow per hour and
spreads small shortfalls over many zones, which inflates the zones' LOLE.

Differences from the pooled engine with unlimited lines: the totals of each hour agree, but
which area's hydro, gas or storage energy is used may differ (gas: an area's own first;
hydro and storage: the longest-lasting first), so
later hours can differ when energy is limited; storage recharges only from its own area's
surplus.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from powerpact.adequacy.climate import WeatherSeries
from powerpact.adequacy.demand_band import check_band, demand_shifts
from powerpact.adequacy.inputs import (
    _hydro_limits,
    _in_service,
    _mttf_h,
    _units,
    import_links,
    prepare,
    reserves_withheld,
    stream_key,
    upward_reserve_mw,
)
from powerpact.adequacy.montecarlo import (
    MonteCarloOptions,
    base_available,
    climate_series,
    run_chunks,
    storage_gas_calendar_arguments,
    system_result,
    with_band,
)
from powerpact.adequacy.results import AdequacyResult, merge
from powerpact.limits import check_samples
from powerpact.system import InputError, System
from powerpact.system.paths import reserved_mw

ZONE_KEYS = ("lole_hours", "eens_mwh", "lolp", "lold_days")


def zone_links(system: System) -> pd.DataFrame:
    """The lines between areas: interconnectors whose both ends are zones of the system, less
    the capacity rights of transmission paths, and one line per path from its first zone to its
    last (one way). A path's outages are drawn as one line failing at the legs' combined rate
    (1 − Π(1 − rate)) with the longest repair: an approximation, independent of the legs' own
    draws; its scenario outages are those of any leg."""
    links = system.interconnectors
    zones = list(system.settings.zones)
    legs = system.path_legs
    forward, reverse = reserved_mw(system.settings, links, legs)
    links = links.assign(
        capacity_mw=links["capacity_mw"] - forward,
        capacity_reverse_mw=links["capacity_reverse_mw"] - reverse,
    )
    lines = links[links["from_zone"].isin(zones) & links["to_zone"].isin(zones)]
    paths = [
        {
            "name": name,
            "from_zone": path.zones[0],
            "to_zone": path.zones[-1],
            "capacity_mw": path.capacity_mw,
            "capacity_reverse_mw": 0.0,
            "forced_outage_rate": 1.0
            - float(
                np.prod([1.0 - links.at[leg.link, "forced_outage_rate"] for leg in legs[name]])
            ),
            "mttr_h": max(float(links.at[leg.link, "mttr_h"]) for leg in legs[name]),
        }
        for name, path in system.settings.paths.items()
        for crossed in [links.loc[[leg.link for leg in legs[name]]]]
    ]
    if not paths:
        return lines
    return pd.concat([lines, pd.DataFrame(paths).set_index("name")])[lines.columns]


def _line_in_service(system: System, lines: pd.DataFrame) -> np.ndarray:
    """Lines × hours in service: an interconnector's own, a path's while every leg is in."""
    links = _in_service(system, "interconnectors")
    index = system.interconnectors.index
    rows = []
    for name in lines.index:
        if name in system.settings.paths:
            crossed = index.get_indexer([leg.link for leg in system.path_legs[name]])
            rows.append(links[crossed].min(axis=0))
        else:
            rows.append(links[index.get_loc(name)])
    return np.array(rows, dtype=float).reshape(len(lines), links.shape[1])


def is_multi_area(system: System) -> bool:
    """More than one zone: pooling them would treat their interconnectors (or their absence) as
    unlimited, so adequacy needs the multi-area model."""
    return len(system.settings.zones) > 1


def require_single_area(system: System, method: str) -> None:
    """Refuse a method that pools zones on a multi-zone system (one-line `InputError`)."""
    if is_multi_area(system):
        zones = ", ".join(system.settings.zones)
        raise InputError(
            method,
            f"pools zones into one, but {system.name} has zones {zones} joined by "
            "interconnectors of finite capacity; use the multi-area Monte Carlo "
            "(--method montecarlo) or --copper-plate to pool them knowingly",
        )


@dataclass(frozen=True)
class AreaModel:
    """The kernel's arrays: slots 0..areas−1 are the areas' firm capacity; then one slot per
    gas plant (most efficient first) and per reservoir hydro plant."""

    zones: tuple[str, ...]
    lines: pd.Index
    arguments: tuple[Any, ...]
    hours: pd.DatetimeIndex
    cell_of_hour: np.ndarray
    hydro_plants: pd.Index  # reservoir plants, and their slots, for a climate year's budgets
    hydro_slots: np.ndarray


def _graph(n_areas: int, line_from: np.ndarray, line_to: np.ndarray) -> tuple[np.ndarray, ...]:
    """Arc heads and per-node arc lists (CSR) of the transfer graph; S is node n_areas."""
    source = n_areas
    heads: list[int] = []
    tails: list[int] = []
    for area in range(n_areas):
        heads += [area, source]
        tails += [source, area]
    for a, b in zip(line_from, line_to, strict=True):
        heads += [int(b), int(a)]
        tails += [int(a), int(b)]
    head = np.array(heads, np.int64)
    tail = np.array(tails, np.int64)
    order = np.argsort(tail, kind="stable")
    first = np.searchsorted(tail[order], np.arange(n_areas + 2)).astype(np.int64)
    return head, first, order.astype(np.int64)


def prepare_areas(system: System, options: MonteCarloOptions | None = None) -> AreaModel:
    """Arrays for the multi-area kernel, areas in the order of `settings.zones`."""
    options = options or MonteCarloOptions()
    system = reserves_withheld(system, options.withhold_reserves)
    pooled = prepare(system)  # storage, gas balance, calendars: shared with the pooled engine
    zones = tuple(system.settings.zones)
    area_of_zone = {zone: k for k, zone in enumerate(zones)}
    n_areas = len(zones)
    gens = system.generators
    gas_fuel = system.settings.gas.fuel
    dispatchable = gens[gens["profile"] == ""]
    is_hydro = dispatchable.index.isin(system.reservoir_generators)
    is_gas = (dispatchable["fuel"] == gas_fuel).to_numpy() & ~is_hydro
    kind_of_gen = np.where(is_hydro, 2, np.where(is_gas, 1, 0))
    order = np.lexsort((-dispatchable["efficiency"].to_numpy(float), kind_of_gen))
    dispatchable, kind_of_gen = dispatchable.iloc[order], kind_of_gen[order]

    markets = import_links(system)
    link_zone = [
        z if z in area_of_zone else system.interconnectors.at[name, "to_zone"]
        for name, z in system.interconnectors.loc[markets.index, "from_zone"].items()
    ]
    frame = pd.concat(
        [
            dispatchable[["capacity_mw", "units", "forced_outage_rate", "mttf_h", "mttr_h"]],
            markets.assign(mttf_h=_mttf_h(markets["forced_outage_rate"], markets["mttr_h"])),
        ]
    )
    row_area = np.array(
        [area_of_zone[z] for z in dispatchable["zone"]] + [area_of_zone[z] for z in link_zone],
        np.int64,
    )
    kind = np.concatenate([kind_of_gen, np.zeros(len(markets), int)])
    own = np.flatnonzero(kind > 0)
    row_slot = row_area.copy()
    row_slot[own] = n_areas + np.arange(len(own))
    n_slots = n_areas + len(own)
    slot_area = np.concatenate([np.arange(n_areas), row_area[own]]).astype(np.int64)
    slot_kind = np.concatenate([np.zeros(n_areas, int), kind[own]]).astype(np.int64)
    slot_efficiency = np.ones(n_slots)
    gas_rows = np.flatnonzero(kind == 1)
    slot_efficiency[row_slot[gas_rows]] = dispatchable["efficiency"].to_numpy(float)[gas_rows]

    units = _units(
        frame,
        ["generators"] * len(dispatchable) + ["interconnectors"] * len(markets),
        np.arange(len(frame)),
    )
    in_service = np.ascontiguousarray(
        np.vstack(
            [
                _in_service(system, "generators")[
                    system.generators.index.get_indexer(dispatchable.index)
                ],
                _in_service(system, "interconnectors")[
                    system.interconnectors.index.get_indexer(markets.index)
                ],
            ]
        )
    )
    base = base_available(units, in_service, row_slot, n_slots)
    local = system.snapshots.tz_convert(system.settings.timezone)
    hydro_rows = np.flatnonzero(kind == 2)
    budget_rows, month_of_hour = _hydro_limits(system, frame.index[hydro_rows], local)
    hydro_budget = np.zeros((n_slots, budget_rows.shape[1]))
    hydro_budget[row_slot[hydro_rows]] = budget_rows

    net_load = area_net_load(system, zones, system.demand, system.profiles)

    lines = zone_links(system)
    line_from = np.array([area_of_zone[z] for z in lines["from_zone"]], np.int64)
    line_to = np.array([area_of_zone[z] for z in lines["to_zone"]], np.int64)
    line_rate = lines["forced_outage_rate"].to_numpy(float)
    line_mttr = lines["mttr_h"].to_numpy(float)
    line_in_service = _line_in_service(system, lines)
    head, first, arcs = _graph(n_areas, line_from, line_to)

    f64 = np.float64
    arguments = (
        np.ascontiguousarray(net_load[None]),  # one climate year: the system's own
        base,
        slot_area,
        slot_kind,
        slot_efficiency,
        units.capacity_mw.astype(f64),
        units.forced_outage_rate.astype(f64),
        units.mttf_h.astype(f64),
        units.mttr_h.astype(f64),
        units.row,
        row_slot[units.row].astype(np.int64),
        units.key,
        in_service,
        (in_service == 1.0).all(axis=1),
        hydro_budget[None],
        month_of_hour,
        np.ascontiguousarray(
            np.column_stack([lines["capacity_mw"], lines["capacity_reverse_mw"]]).astype(f64)
        ).reshape(-1, 2),
        line_rate,
        _mttf_h(line_rate, line_mttr),
        line_mttr,
        np.array([stream_key("interconnectors", n, 0) for n in lines.index], np.uint64),
        np.ascontiguousarray(line_in_service),
        head,
        first,
        arcs,
        np.array([area_of_zone[z] for z in pooled.storage["zone"]], np.int64),
        *storage_gas_calendar_arguments(pooled, options),
    )
    return AreaModel(
        zones,
        lines.index,
        arguments,
        pooled.hours,
        pooled.cell_of_hour,
        frame.index[hydro_rows],
        row_slot[hydro_rows],
    )


def area_net_load(
    system: System, zones: tuple[str, ...], demand: pd.DataFrame, profiles: pd.DataFrame
) -> np.ndarray:
    """Areas × hours: each zone's demand less its must-take output (`demand` and `profiles`:
    the system's or a climate year's), plus the upward operating reserve it withholds."""
    gens = system.generators
    must_take = gens[gens["profile"] != ""]
    output = (
        must_take["capacity_mw"].to_numpy(float)
        * profiles[must_take["profile"]].to_numpy(float)
        * _in_service(system, "generators")[gens.index.get_indexer(must_take.index)].T
    )
    net_load = np.zeros((len(zones), len(demand)))
    for k, zone in enumerate(zones):
        in_zone = (must_take["zone"] == zone).to_numpy()
        net_load[k] = (
            demand[zone].to_numpy(float)
            - output[:, in_zone].sum(axis=1)
            + upward_reserve_mw(system, zone)
        )
    return net_load


NET_LOAD_ARGUMENT, HYDRO_ARGUMENT = 0, 14  # positions in `AreaModel.arguments`


def _climate_arguments(
    model: AreaModel, system: System, weather: list[WeatherSeries]
) -> tuple[Any, ...]:
    """The model's arguments with one net-load and hydro-budget row per climate year (only
    demand, profiles and hydro energy differ between climate years)."""
    arguments = list(model.arguments)
    arguments[NET_LOAD_ARGUMENT] = np.ascontiguousarray(
        np.stack([area_net_load(system, model.zones, w.demand, w.profiles) for w in weather])
    )
    local = system.snapshots.tz_convert(system.settings.timezone)
    base = model.arguments[HYDRO_ARGUMENT][0]
    budgets = np.zeros((len(weather), *base.shape))
    for k, w in enumerate(weather):
        rows, _ = _hydro_limits(system, model.hydro_plants, local, w.hydro_inflows)
        budgets[k, model.hydro_slots] = rows
    arguments[HYDRO_ARGUMENT] = budgets
    return tuple(arguments)


@dataclass(frozen=True)
class MultiAreaResult:
    """System indices (an `AdequacyResult`: an hour is lost when any area is short, unserved
    energy is summed over areas) and each zone's own, with standard errors over samples."""

    system: AdequacyResult
    zones: tuple[str, ...]
    zone_per_sample: dict[str, pd.DataFrame] = field(repr=False)  # lol_hours, lol_days, unserved

    def zone_indices(self) -> dict[str, dict[str, float]]:
        """Per zone: lole_hours, eens_mwh, lolp, lold_days, each with its `_stderr`."""
        horizon = self.system.horizon_hours
        out: dict[str, dict[str, float]] = {}
        for zone in self.zones:
            frame = self.zone_per_sample[zone]
            n = len(frame)
            values: dict[str, float] = {}
            for key, column in (
                ("lole_hours", "lol_hours"),
                ("eens_mwh", "unserved_mwh"),
                ("lold_days", "lol_days"),
            ):
                data = frame[column].to_numpy(float)
                values[key] = float(data.mean())
                values[f"{key}_stderr"] = (
                    float(data.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
                )
            values["lolp"] = values["lole_hours"] / horizon
            values["lolp_stderr"] = values["lole_hours_stderr"] / horizon
            out[zone] = {k: values[k] for key in ZONE_KEYS for k in (key, f"{key}_stderr")}
        return out

    def headline(self) -> dict[str, object]:
        return self.system.headline() | {"zones": self.zone_indices()}


def _with_zones(
    whole: AdequacyResult, zones: tuple[str, ...], zone_per_sample: dict[str, pd.DataFrame]
) -> MultiAreaResult:
    """The result, its system figures carrying the zones' indices too (so `assess`, which keeps
    the system's `AdequacyResult`, reports them)."""
    result = MultiAreaResult(whole, zones, zone_per_sample)
    return replace(
        result,
        system=replace(whole, zones=result.zone_indices(), zone_per_sample=zone_per_sample),
    )


def merge_areas(parts: list[MultiAreaResult]) -> MultiAreaResult:
    """Join multi-area runs over disjoint sample ranges of one system and seed into the result
    one run over all their samples gives (`results.merge` for the system, zones likewise)."""
    if not parts:
        raise ValueError("nothing to merge")
    if any(p.zones != parts[0].zones for p in parts):
        raise ValueError("only runs of one system can be merged")
    system = merge([p.system for p in parts])
    ordered = sorted(parts, key=lambda p: p.system.sample_offset)
    zone_per_sample = {
        zone: pd.concat([p.zone_per_sample[zone] for p in ordered]) for zone in parts[0].zones
    }
    return _with_zones(system, parts[0].zones, zone_per_sample)


def monte_carlo_areas(
    system: System,
    samples: int,
    seed: int,
    options: MonteCarloOptions | None = None,
    sample_offset: int = 0,
) -> MultiAreaResult:
    """Samples `sample_offset .. sample_offset + samples − 1` of the multi-area Monte Carlo.

    Sample k is the same whatever the thread count, chunking or offset."""
    from powerpact.adequacy.multiarea_kernel import simulate

    check_samples(samples, "monte_carlo_areas samples")  # the pooled engine's bound, too
    if sample_offset < 0:
        raise InputError("monte_carlo", "must be >= 0", field="sample_offset")
    options = options or MonteCarloOptions()
    system = reserves_withheld(system, options.withhold_reserves)
    band = check_band(options.demand_band)
    model = prepare_areas(system, options)
    labels, weather = climate_series(system, options, int(seed))
    base_arguments = _climate_arguments(model, system, weather) if labels else model.arguments
    seed_key = np.uint64(stream_key("seed", int(seed)))
    demand = np.ascontiguousarray(
        np.stack([w.demand[list(model.zones)].to_numpy(float).T for w in weather])
    )
    no_trace = np.zeros((0, 1))
    parts = run_chunks(
        lambda first, count: simulate(
            first,
            count,
            seed_key,
            *(
                *base_arguments,
                demand,
                demand_shifts(seed_key, int(first), int(count), band),
                no_trace,
            ),
        ),
        f"adequacy {system.name} (areas)",
        samples,
        sample_offset,
        options,
    )
    result = with_band(
        system_result(
            system.name,
            len(model.hours),
            int(seed),
            parts,
            sample_offset,
            labels,
            model.cell_of_hour,
        ),
        seed_key,
        band,
    )
    index = pd.RangeIndex(sample_offset, sample_offset + samples, name="sample")
    zone_hours, zone_days, zone_unserved = (
        np.concatenate([p[k] for p in parts]) for k in range(3, 6)
    )
    zone_per_sample = {
        zone: pd.DataFrame(
            {
                "lol_hours": zone_hours[:, k],
                "lol_days": zone_days[:, k],
                "unserved_mwh": zone_unserved[:, k],
            },
            index=index,
        )
        for k, zone in enumerate(model.zones)
    }
    return _with_zones(result, model.zones, zone_per_sample)


@dataclass(frozen=True)
class SampledStates:
    """One sample's hourly states as the engine saw them (for checking the transfers): per
    area net load, firm capacity, gas, hydro and storage offers (MW, before the hour's
    dispatch; gas without its fuel limit) and unserved load; per line the capacity available
    forward and reverse."""

    areas: dict[str, pd.DataFrame]  # columns: net_load, firm, gas, hydro, storage, unserved
    lines: dict[str, pd.DataFrame]  # columns: forward, reverse
    line_ends: pd.DataFrame  # from_zone, to_zone


def sampled_states(
    system: System, seed: int, sample: int, options: MonteCarloOptions | None = None
) -> SampledStates:
    """Debug hook: the states of `sample` of a run with `seed` (same numbers as that run)."""
    from powerpact.adequacy.multiarea_kernel import TRACE_FIELDS, simulate

    model = prepare_areas(system, options)
    n_areas, n_lines = len(model.zones), len(model.lines)
    trace = np.zeros((len(model.hours), TRACE_FIELDS * n_areas + 2 * n_lines))
    seed_key = np.uint64(stream_key("seed", int(seed)))
    no_band = (np.zeros((1, n_areas, len(model.hours))), np.zeros(0))
    simulate(np.int64(sample), np.int64(1), seed_key, *(*model.arguments, *no_band, trace))
    columns = ["net_load", "firm", "gas", "hydro", "storage", "unserved"]
    areas = {
        zone: pd.DataFrame(
            trace[:, TRACE_FIELDS * k : TRACE_FIELDS * (k + 1)], index=model.hours, columns=columns
        )
        for k, zone in enumerate(model.zones)
    }
    start = TRACE_FIELDS * n_areas
    lines = {
        name: pd.DataFrame(
            trace[:, start + 2 * k : start + 2 * k + 2],
            index=model.hours,
            columns=["forward", "reverse"],
        )
        for k, name in enumerate(model.lines)
    }
    ends = zone_links(system)[["from_zone", "to_zone"]]
    return SampledStates(areas, lines, ends)
