"""Which unit or market set each hour's price of every zone, across the whole region.

A zone's price is set by one of its own units (its LP marginal cost equals the price), or it is a
neighbour's price plus the cost of getting there: where an interconnector carries power below its
limit, the LP makes the receiving price exactly the sending price plus the hurdle (and CBAM on
flows into the EU), so both prices move together with whatever sets either. Following such
links from zone to zone finds the setter of prices made in another zone or in an edge market.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from powerpact.system import System
from powerpact.system.carbon import cbam_eur_per_t, default_factor_t_per_mwh

if TYPE_CHECKING:
    from powerpact.dispatch import DispatchResult

UNKNOWN = -1  # no unit or market found: the price is kept (storage, water value, unserved)
MARKET = -2  # an edge market's price (plus hurdles): it moves with the power factor
# A link carries power when its flow exceeds this; below, it is idle and couples no prices.
FLOW_TOLERANCE_MW = 1e-3
# EUR/MWh_th within which a day's gas price counts as one of the prices gas is bought at.
GAS_PRICE_TOLERANCE = 0.01


def part_loaded_units(system: System, dispatch: DispatchResult) -> np.ndarray:
    """Hours × generators: the unit runs above zero and below its available output, on fuel
    whose price is given (not a gas scarcity value, `gas_price_is_given`)."""
    names = system.generators.index
    output = dispatch.generation_mw[names].to_numpy()
    available = system.available_mw()[names].to_numpy()
    running = (output > FLOW_TOLERANCE_MW) & (output < available - FLOW_TOLERANCE_MW)
    return running & gas_price_is_given(system, dispatch)


def gas_price_is_given(system: System, dispatch: DispatchResult) -> np.ndarray:
    """Hours × generators: False for a unit burning a gas system's gas on a day whose gas price
    (the dual of the zone's gas balance) is none of the prices gas is bought at.

    Such a day's gas is scarce (or surplus): its price is the value of gas in power, fixed by
    the power price that another unit sets, so the gas unit that burns it follows the power
    price instead of setting it, like a mine at its limit.
    """
    names = system.generators.index
    given = np.ones((system.n_hours, len(names)), dtype=bool)
    if not dispatch.gas_coupled or not len(dispatch.gas_price_eur_per_mwh_th.columns):
        return given
    fuel = system.settings.fuels.get(system.settings.gas.fuel)
    contract_prices = system.gas_contracts["price_eur_per_mwh_th"].dropna().to_numpy(dtype=float)
    for name in system.gas_generators:
        zone = system.generators.at[name, "zone"]
        daily = dispatch.gas_price_eur_per_mwh_th[zone].to_numpy()[system.day_of_hour]
        supply = np.append(contract_prices, fuel.price_in(str(zone)) if fuel else 0.0)
        bought = (np.abs(daily[:, None] - supply[None, :]) <= GAS_PRICE_TOLERANCE).any(axis=1)
        given[:, names.get_loc(name)] = bought
    return given


def _local_setters(
    system: System,
    dispatch: DispatchResult,
    prices: dict[str, np.ndarray],
    costs: np.ndarray,
    tolerance: float,
) -> dict[str, np.ndarray]:
    """Per zone and hour, the index of its own generator whose cost equals its price (else
    UNKNOWN); edge markets are their own setters.

    Only a unit running between zero and its available output is the LP's marginal unit: one at
    either bound whose cost merely equals the price is a tie that moves the price one way only
    (a Serbian gas unit standing idle at a gas price that the power price itself fixed is no
    setter at all).
    """
    zones = system.generators["zone"].to_numpy()
    part_loaded = part_loaded_units(system, dispatch)
    setters: dict[str, np.ndarray] = {}
    for zone in system.settings.zones:
        price = prices[zone]
        found = np.full(len(price), UNKNOWN)
        columns = np.flatnonzero(zones == zone)
        if len(columns):
            gap = np.where(
                part_loaded[:, columns], np.abs(costs[:, columns] - price[:, None]), np.inf
            )
            nearest = gap.argmin(axis=1)
            hit = gap[np.arange(len(price)), nearest] <= tolerance
            found[hit] = columns[nearest[hit]]
        setters[zone] = found
    for market in system.settings.markets:
        setters[market] = np.full(system.n_hours, MARKET)
    return setters


def _coupled(
    system: System, dispatch: DispatchResult, prices: dict[str, np.ndarray], tolerance: float
) -> list[tuple[str, str, np.ndarray]]:
    """The links and hours in which the two ends' prices differ by exactly the cost of the flow
    (hurdle, plus CBAM into the EU) in the direction it runs."""
    settings = system.settings
    out = []
    for name, (origin, destination) in dispatch.link_ends.iterrows():
        if origin not in prices or destination not in prices:
            continue
        flow = dispatch.flow_mw[name].to_numpy()
        hurdle = float(system.interconnectors.at[name, "hurdle_cost_eur_per_mwh"])
        spread = prices[destination] - prices[origin]
        cbam_on = cbam_eur_per_t(settings, system.year, origin, destination)
        cbam_back = cbam_eur_per_t(settings, system.year, destination, origin)
        forward = hurdle + cbam_on * default_factor_t_per_mwh(settings, origin)
        reverse = hurdle + cbam_back * default_factor_t_per_mwh(settings, destination)
        coupled = ((flow > FLOW_TOLERANCE_MW) & (np.abs(spread - forward) <= tolerance)) | (
            (flow < -FLOW_TOLERANCE_MW) & (np.abs(-spread - reverse) <= tolerance)
        )
        out.append((str(origin), str(destination), coupled))
    return out


def price_setters(
    system: System, dispatch: DispatchResult, costs: np.ndarray, tolerance: float
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per area (zone or market) and hour: the index of the generator that set its price, MARKET
    or UNKNOWN; and the edge-market price it was set from (0 where not set by a market).

    `costs` are the generators' hourly LP marginal costs (hours × generators). A zone without
    its own setter takes the setter of a neighbour its price is coupled to, repeated until no
    zone changes (at most once per area).
    """
    prices = {z: dispatch.price_eur_per_mwh[z].to_numpy() for z in system.settings.zones}
    for market in system.settings.markets:
        prices[market] = system.market_prices[market].to_numpy()
    setters = _local_setters(system, dispatch, prices, costs, tolerance)
    source = {
        a: np.where(setters[a] == MARKET, prices[a], 0.0) for a in prices
    }  # the market price behind a market-set hour
    links = _coupled(system, dispatch, prices, tolerance)
    _propagate(setters, source, links, len(prices))
    # Opportunity costs equal the cost of a unit that is marginal in some hour of the horizon.
    units = np.flatnonzero(part_loaded_units(system, dispatch).any(axis=0))
    _match_offsets(system, prices, costs[:, units], units, setters, source, tolerance)
    _propagate(setters, source, links, len(prices))
    return setters, source


def _propagate(
    setters: dict[str, np.ndarray],
    source: dict[str, np.ndarray],
    links: list[tuple[str, str, np.ndarray]],
    rounds: int,
) -> None:
    """Zones without a setter take the setter of a zone their price is coupled to."""
    for _ in range(rounds):
        changed = False
        for origin, destination, coupled in links:
            for here, there in ((origin, destination), (destination, origin)):
                take = coupled & (setters[here] == UNKNOWN) & (setters[there] != UNKNOWN)
                if take.any():
                    setters[here] = np.where(take, setters[there], setters[here])
                    source[here] = np.where(take, source[there], source[here])
                    changed = True
        if not changed:
            break


def _match_offsets(
    system: System,
    prices: dict[str, np.ndarray],
    costs: np.ndarray,
    units: np.ndarray,
    setters: dict[str, np.ndarray],
    source: dict[str, np.ndarray],
    tolerance: float,
) -> None:
    """Prices still without a setter: a unit's cost or a market's price plus or minus a whole
    number of hurdles, the fewest first.

    These are opportunity costs: a reservoir's water value or an energy-limited mine's scarcity
    rent is the price of another hour of its horizon, set there by a unit or market and carried
    over the same borders, so to first order it moves with that unit's fuel or that market.
    """
    hurdles = sorted(set(system.interconnectors["hurdle_cost_eur_per_mwh"].astype(float)) - {0.0})
    markets = list(system.settings.markets)
    candidates = np.hstack([costs, *(prices[m][:, None] for m in markets)])
    kinds = np.concatenate([units, np.full(len(markets), MARKET)])
    offsets = sorted(
        {k * h for h in hurdles for k in range(-len(prices), len(prices) + 1)} | {0.0}, key=abs
    )
    for zone in system.settings.zones:
        for offset in offsets:
            open_hours = np.flatnonzero(setters[zone] == UNKNOWN)
            if not len(open_hours):
                break
            gap = np.abs(candidates[open_hours] + offset - prices[zone][open_hours, None])
            nearest = gap.argmin(axis=1)
            hit = gap[np.arange(len(open_hours)), nearest] <= tolerance
            hours, found = open_hours[hit], nearest[hit]
            setters[zone][hours] = kinds[found]
            source[zone][hours] = np.where(kinds[found] == MARKET, candidates[hours, found], 0.0)
