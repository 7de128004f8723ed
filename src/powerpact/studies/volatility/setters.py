"""How every zone's hourly price moves with the price factors, from whatever set it in a design
dispatch, in any zone of a regional system.

A zone's price is the dual of its balance. Where an interconnector carries power below its
limits, the prices at its two ends differ by a constant (hurdle, CBAM), so both ends share one
price setter: zones joined by such links form a price area for that hour. The area's price moves
with its setter's cost: a generator (in any zone of the area) whose LP marginal cost is its own
zone's price, or an edge market traded below the link's limits. Hours no unit or market sets
(storage and reservoir hydro at their water value) move as the zone's hour of the same week that
a unit or market set at the nearest price: a water value follows the fuel it saves.

Each zone's hourly move is linear in the factors: `gas` MWh_th per MWh × the gas price change,
`carbon` EUR/MWh × (carbon multiplier ratio − 1) and `market` EUR/MWh × (power multiplier ratio
− 1), so a trade valued at the zone's price re-prices as four sums (`bill.zone_terms`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from powerpact.dispatch import DispatchResult
from powerpact.economics.engine import lp_marginal_costs
from powerpact.economics.risk import PRICE_TOLERANCE_EUR_PER_MWH
from powerpact.system import System
from powerpact.system.carbon import co2_price_by_area

# A flow within this share of its limit counts as at the limit (the ends' prices decouple).
LIMIT_SHARE = 1e-4
FLOW_TOLERANCE_MW = 1e-3
# Hours without a unit or market setter take the move of a set hour in the same block.
BLOCK_HOURS = 168


@dataclass(frozen=True)
class ZoneMoves:
    """Hourly price moves per unit of each factor (hours × zones, columns in `zones` order)."""

    zones: tuple[str, ...]
    gas_mwh_th_per_mwh: np.ndarray
    carbon_eur_per_mwh: np.ndarray
    market_eur_per_mwh: np.ndarray
    set_share: np.ndarray  # per zone, share of hours whose setter was found (diagnostic)

    def of(self, zone: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        k = self.zones.index(zone)
        return (
            self.gas_mwh_th_per_mwh[:, k],
            self.carbon_eur_per_mwh[:, k],
            self.market_eur_per_mwh[:, k],
        )


def _unit_coefficients(system: System) -> tuple[np.ndarray, np.ndarray]:
    """Per generator: gas MWh_th (as priced) per MWh, and carbon cost EUR/MWh at its zone's
    price (the part of its marginal cost the carbon factor scales)."""
    gens = system.generators
    gas = np.where(
        (gens["fuel"] == system.settings.gas.fuel).to_numpy(),
        system.settings.gas.gross_per_plant_mwh / gens["efficiency"].to_numpy(),
        0.0,
    )
    area_price = co2_price_by_area(system.settings, system.year)
    carbon = gens["co2_t_per_mwh"].to_numpy() * gens["zone"].map(area_price).to_numpy(float)
    return gas, carbon


def _direct_setters(
    system: System, dispatch: DispatchResult, zones: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per hour and zone: whether a unit of the zone or a market traded with it sets its price,
    and the setter's (gas, carbon, market) coefficients."""
    hours = system.n_hours
    price = dispatch.price_eur_per_mwh[zones].to_numpy()
    costs = lp_marginal_costs(system, dispatch).to_numpy()
    gas_of, carbon_of = _unit_coefficients(system)
    unit_zone = system.generators["zone"].to_numpy()
    found = np.zeros((hours, len(zones)), dtype=bool)
    best = np.full((hours, len(zones)), np.inf)
    gas = np.zeros((hours, len(zones)))
    carbon = np.zeros((hours, len(zones)))
    market = np.zeros((hours, len(zones)))
    for k, zone in enumerate(zones):
        mine = np.flatnonzero(unit_zone == zone)
        if len(mine):
            gap = np.abs(costs[:, mine] - price[:, [k]])
            nearest = gap.argmin(axis=1)
            smallest = gap[np.arange(hours), nearest]
            hit = smallest <= PRICE_TOLERANCE_EUR_PER_MWH
            found[:, k], best[:, k] = hit, np.where(hit, smallest, np.inf)
            gas[:, k] = np.where(hit, gas_of[mine][nearest], 0.0)
            carbon[:, k] = np.where(hit, carbon_of[mine][nearest], 0.0)
    links = system.interconnectors
    for name, (origin, destination) in dispatch.link_ends.iterrows():
        markets = system.settings.markets
        if (origin in markets) == (destination in markets):
            continue
        zone, other = (destination, origin) if origin in markets else (origin, destination)
        if zone not in zones:
            continue
        k = zones.index(zone)
        theirs = system.market_prices[other].to_numpy()
        flow = dispatch.flow_mw[name].to_numpy()
        free = _below_limits(flow, links.loc[name])
        hit = ~found[:, k] & free & (np.abs(flow) > FLOW_TOLERANCE_MW)
        found[:, k] |= hit
        market[:, k] = np.where(hit, theirs, market[:, k])
    return found, gas, carbon, market


def _below_limits(flow: np.ndarray, link: object) -> np.ndarray:
    forward = float(link["capacity_mw"])  # type: ignore[index]
    reverse = float(link["capacity_reverse_mw"])  # type: ignore[index]
    return (flow < forward * (1 - LIMIT_SHARE)) & (-flow < reverse * (1 - LIMIT_SHARE))


def _coupled_pairs(
    system: System, dispatch: DispatchResult, zones: list[str]
) -> list[tuple[int, int, np.ndarray]]:
    """Zone pairs and the hours in which a link between them flows below its limits."""
    pairs = []
    for name, (origin, destination) in dispatch.link_ends.iterrows():
        if origin not in zones or destination not in zones:
            continue
        flow = dispatch.flow_mw[name].to_numpy()
        free = _below_limits(flow, system.interconnectors.loc[name]) & (
            np.abs(flow) > FLOW_TOLERANCE_MW
        )
        pairs.append((zones.index(origin), zones.index(destination), free))
    return pairs


def _areas(n_zones: int, pairs: list[tuple[int, int, np.ndarray]], hour: int) -> np.ndarray:
    """The price area (a representative zone index) of each zone in one hour."""
    parent = np.arange(n_zones)

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b, free in pairs:
        if free[hour]:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(i) for i in range(n_zones)])


def _fill_unset(values: list[np.ndarray], found: np.ndarray, price: np.ndarray) -> None:
    """Hours without a setter (in place) take the moves of the set hour of the same zone and
    block whose price is nearest: a water value tracks the fuel it saves at that price level."""
    for start in range(0, len(found), BLOCK_HOURS):
        block = slice(start, start + BLOCK_HOURS)
        for k in range(found.shape[1]):
            hits = np.flatnonzero(found[block, k])
            if not len(hits):
                hits = np.flatnonzero(found[:, k]) - start  # no set hour: the whole horizon's
            misses = np.flatnonzero(~found[block, k])
            if not len(hits) or not len(misses):
                continue
            prices = price[start + hits, k]
            order = np.argsort(prices, kind="stable")
            at = np.searchsorted(prices[order], price[start + misses, k])
            below = order[np.clip(at - 1, 0, len(order) - 1)]
            above = order[np.clip(at, 0, len(order) - 1)]
            target = price[start + misses, k]
            nearer = np.where(
                np.abs(prices[below] - target) <= np.abs(prices[above] - target), below, above
            )
            for value in values:
                value[start + misses, k] = value[start + hits[nearer], k]


def zone_moves(system: System, dispatch: DispatchResult) -> ZoneMoves:
    """How each zone's hourly price moves with the factors in this dispatch (the module)."""
    zones = list(system.settings.zones)
    found, gas, carbon, market = _direct_setters(system, dispatch, zones)
    pairs = _coupled_pairs(system, dispatch, zones)
    if pairs:
        for hour in np.flatnonzero(~found.all(axis=1)):
            areas = _areas(len(zones), pairs, int(hour))
            for area in np.unique(areas):
                members = np.flatnonzero(areas == area)
                setters = members[found[hour, members]]
                unset = members[~found[hour, members]]
                if len(setters) and len(unset):
                    source = setters[0]
                    gas[hour, unset] = gas[hour, source]
                    carbon[hour, unset] = carbon[hour, source]
                    market[hour, unset] = market[hour, source]
                    found[hour, unset] = True
    share = found.mean(axis=0)
    _fill_unset([gas, carbon, market], found, dispatch.price_eur_per_mwh[zones].to_numpy())
    return ZoneMoves(tuple(zones), gas, carbon, market, share)
