"""A dispatch's cost split by what the price factors move, so it can be re-priced exactly.

Gas, carbon and neighbour-market prices are objective coefficients of the dispatch LP, never
constraint data, so a dispatch solved at one set of prices stays feasible at any other: its cost
at new prices is a linear function of the factors. `CostTerms` holds that function for the whole
system (what the LP minimises) or for one focus zone's bill:

- `fixed_eur`: what no factor moves (non-gas fuel, O&M, fixed-price contract gas, unserved
  energy and non-power gas shortfall at their values of lost load);
- `gas_mwh_th`: gas bought at the spot price or under contracts indexed to it, × gas price;
- `carbon_eur`: CO2 and CBAM at the design's carbon price, scaling with the carbon factor;
- `market_eur`: net purchases from neighbour markets at the design's prices, scaling with the
  neighbour-price factor;

Net imports from other zones of a regional system are valued at the other zone's hourly price,
which moves with whatever set it in the dispatch, in any zone (`moves.zone_moves`): linear in
the factors too, so each trade adds to the same four terms.

Interconnector hurdle costs are a modelling friction, not money paid: the bill leaves them out
(the system cost keeps them, as the LP does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.dispatch import DispatchResult
from powerpact.dispatch.inputs import GAS_SHORTFALL_VOLL_MULTIPLE
from powerpact.studies.volatility.moves import ZoneMoves
from powerpact.system import System
from powerpact.system.carbon import cbam_eur_per_t, co2_price_by_area, default_factor_t_per_mwh


@dataclass(frozen=True)
class PricePoint:
    """Absolute gas price and the carbon and neighbour-power multipliers of the base prices."""

    gas_eur_per_mwh_th: float
    co2_multiplier: float
    power_multiplier: float


@dataclass(frozen=True)
class CostTerms:
    fixed_eur: float
    gas_mwh_th: float
    carbon_eur: float
    market_eur: float
    design: PricePoint
    # False: other zones' prices were held at the dispatch's own (read without `ZoneMoves`), so
    # the terms price only their own point.
    repriceable: bool = True

    def at(self, gas_eur: np.ndarray, co2_mult: np.ndarray, power_mult: np.ndarray) -> np.ndarray:
        """Cost at each path's prices (arrays of one length: absolute gas price, multipliers)."""
        design = self.design
        if not self.repriceable and not _at_design(design, gas_eur, co2_mult, power_mult):
            raise ValueError("these cost terms were read at their own prices only: not re-priced")
        co2_ratio = co2_mult / design.co2_multiplier
        power_ratio = power_mult / design.power_multiplier
        total = (
            self.fixed_eur
            + self.gas_mwh_th * gas_eur
            + self.carbon_eur * co2_ratio
            + self.market_eur * power_ratio
        )
        return np.asarray(total, dtype=float)

    def at_point(self, point: PricePoint) -> float:
        """Cost at one point's prices."""
        one = (
            np.array([point.gas_eur_per_mwh_th]),
            np.array([point.co2_multiplier]),
            np.array([point.power_multiplier]),
        )
        return float(self.at(*one)[0])

    def own_eur(self) -> float:
        """Cost at the prices of the dispatch it was read from."""
        return self.at_point(self.design)


def _at_design(
    design: PricePoint, gas_eur: np.ndarray, co2_mult: np.ndarray, power_mult: np.ndarray
) -> bool:
    own = (design.gas_eur_per_mwh_th, design.co2_multiplier, design.power_multiplier)
    return all(
        np.allclose(values, value, rtol=1e-12, atol=0.0)
        for values, value in zip((gas_eur, co2_mult, power_mult), own, strict=True)
    )


def gas_price(system: System) -> float:
    fuel = system.settings.fuels.get(system.settings.gas.fuel)
    return fuel.price_eur_per_mwh_th if fuel else 0.0


def _coupled(system: System, dispatch: DispatchResult, names: pd.Index) -> pd.Series:
    """Which of `names` draw on the gas balance: the gas system's plants when it is modelled
    (zones without gas tables buy gas at the fuel price, system/model.py `gas_generators`)."""
    return pd.Series(dispatch.gas_coupled and names.isin(system.gas_generators), index=names)


def _gas_units(system: System, dispatch: DispatchResult, names: Iterable[str]) -> np.ndarray:
    """Gas (MWh GCV, as priced) burnt by gas units among `names` paying the fuel price (no gas
    balance): output over efficiency, on the plants' efficiency basis, × GCV per that basis."""
    gens = system.generators.loc[list(names)]
    gas = gens[(gens["fuel"] == system.settings.gas.fuel) & ~_coupled(system, dispatch, gens.index)]
    if gas.empty:
        return np.zeros(0)
    gross = system.settings.gas.gross_per_plant_mwh
    return (dispatch.generation_mw[gas.index].sum() / gas["efficiency"] * gross).to_numpy()


def _generation_terms(
    system: System, dispatch: DispatchResult, zone: str
) -> tuple[float, float, float]:
    """(fixed EUR, gas MWh_th, carbon EUR) of the zone's generators."""
    gens = system.generators[system.generators["zone"] == zone]
    energy = dispatch.generation_mw[gens.index].sum()
    co2_price = co2_price_by_area(system.settings, system.year)[zone]
    carbon = energy * gens["co2_t_per_mwh"] * co2_price
    is_gas = gens["fuel"] == system.settings.gas.fuel
    fuel = gens["fuel_cost_eur_per_mwh"]
    unit = gens["marginal_cost_eur_per_mwh"]
    # As the LP charges it (dispatch/inputs.py): a coupled gas unit's gas is paid at the entry.
    coupled = is_gas & _coupled(system, dispatch, gens.index)
    unit = unit.where(~coupled, (unit - fuel).clip(lower=0.0))
    fuel = fuel.where(~coupled, 0.0)
    non_gas_fuel = (energy * fuel.where(~is_gas, 0.0)).sum()
    other = (energy * (unit - fuel) - carbon).sum()
    gas_mwh_th = float(_gas_units(system, dispatch, gens.index).sum())
    return float(non_gas_fuel + other), gas_mwh_th, float(carbon.sum())


def indexed_contracts(system: System) -> list[str]:
    """Contracts whose price follows the gas price: those given without a price (system/build.py
    fills it with the gas fuel price), found by moving the gas price and seeing which follow."""
    from powerpact.system import variant

    contracts = system.gas_contracts
    if contracts.empty:
        return []
    price = gas_price(system)
    moved = variant(
        system,
        {"settings": {"fuels": {system.settings.gas.fuel: {"price_eur_per_mwh_th": price + 1.0}}}},
    )
    changed = moved.gas_contracts["price_eur_per_mwh_th"] != contracts["price_eur_per_mwh_th"]
    return [str(name) for name in contracts.index[changed.to_numpy()]]


def contract_thresholds(system: System) -> tuple[float, ...]:
    """Gas multipliers at which a fixed-price contract costs what spot gas does. On either side
    the dispatch takes its gas from another source, and a dispatch from the other side re-priced
    keeps the wrong source: see-2025's Gazprom contract at 28.91 EUR/MWh against 36 spot flips
    at 0.80 (docs/volatility.md, "Gas regimes", has what a design across it misses)."""
    price = gas_price(system)
    if system.gas_contracts.empty or price <= 0:
        return ()
    fixed = system.gas_contracts.drop(index=indexed_contracts(system))
    prices = fixed["price_eur_per_mwh_th"].dropna().to_numpy(dtype=float)
    return tuple(sorted({float(p) / price for p in prices if p > 0}))


def _gas_terms(
    system: System, dispatch: DispatchResult, zones: Iterable[str], indexed: Iterable[str]
) -> tuple[float, float]:
    """(fixed EUR, MWh_th at the gas price) of the gas bought at the entries of `zones`."""
    if not dispatch.gas_coupled:
        return 0.0, 0.0
    mwh_per_mcm = system.settings.gas.energy_mwh_per_mcm
    entries = system.gas_entries[system.gas_entries["zone"].isin(list(zones))].index
    contracts = system.gas_contracts[system.gas_contracts["entry"].isin(entries)]
    taken = dispatch.gas_contract_mcm[
        contracts.index
    ].sum() + dispatch.take_or_pay_unused_mcm.reindex(contracts.index, fill_value=0.0)
    spot_mcm = (
        dispatch.gas_entry_mcm[entries].to_numpy().sum()
        - dispatch.gas_contract_mcm[contracts.index].to_numpy().sum()
    )
    follows = contracts.index.isin(list(indexed))
    fixed = float((taken[~follows] * contracts.loc[~follows, "price_eur_per_mwh_th"]).sum())
    at_gas_price_mcm = spot_mcm + float(taken[follows].sum())
    return fixed * mwh_per_mcm, at_gas_price_mcm * mwh_per_mcm


def lost_load_eur(system: System, dispatch: DispatchResult, zones: list[str]) -> float:
    """Unserved electricity and non-power gas not delivered in `zones`, at their values."""
    voll = system.settings.value_of_lost_load_eur_per_mwh
    unserved = float(dispatch.unserved_mw[zones].to_numpy().sum()) * voll
    columns = [z for z in zones if z in dispatch.gas_shortfall_mcm.columns]
    shortfall_mwh_th = (
        float(dispatch.gas_shortfall_mcm[columns].to_numpy().sum())
        * system.settings.gas.energy_mwh_per_mcm
    )
    return unserved + shortfall_mwh_th * GAS_SHORTFALL_VOLL_MULTIPLE * voll


def zone_terms(
    system: System,
    dispatch: DispatchResult,
    zone: str,
    design: PricePoint,
    moves: ZoneMoves | None,
    indexed: Iterable[str] = (),
) -> CostTerms:
    """The focus zone's annual bill terms (over the dispatch's horizon); `moves` says how the
    other zones' prices move with the factors. Without `moves` the trade with other zones is
    valued at their prices in the dispatch and the terms price only `design` (an exact study's
    own path, whose moves would cost a third of a second and cancel)."""
    settings = system.settings
    fixed, gas_mwh_th, carbon = _generation_terms(system, dispatch, zone)
    contract_fixed, bought_mwh_th = _gas_terms(system, dispatch, [zone], indexed)
    fixed += contract_fixed + lost_load_eur(system, dispatch, [zone])
    gas_mwh_th += bought_mwh_th
    market = 0.0
    for name, (origin, destination) in dispatch.link_ends.iterrows():
        if zone not in (origin, destination):
            continue
        other = destination if origin == zone else origin
        flow = dispatch.flow_mw[name].to_numpy()
        net_import = flow if destination == zone else -flow
        cbam = cbam_eur_per_t(settings, system.year, zone, other) * default_factor_t_per_mwh(
            settings, zone
        )
        carbon += float(np.clip(-net_import, 0.0, None).sum()) * cbam
        if other in settings.markets:
            market += float(system.market_prices[other].to_numpy() @ net_import)
        elif moves is None:
            fixed += float(dispatch.price_eur_per_mwh[other].to_numpy() @ net_import)
        else:
            # Linear in the factors around the design: value + Δgas·g + (ratio − 1)·(c, m).
            gas, co2, power = (coefficient @ net_import for coefficient in moves.of(other))
            value = float(dispatch.price_eur_per_mwh[other].to_numpy() @ net_import)
            fixed += value - gas * design.gas_eur_per_mwh_th - co2 - power
            gas_mwh_th += gas
            carbon += co2
            market += power
    return CostTerms(fixed, gas_mwh_th, carbon, market, design, repriceable=moves is not None)


def system_terms(
    system: System, dispatch: DispatchResult, design: PricePoint, indexed: Iterable[str] = ()
) -> CostTerms:
    """The whole system's cost (the LP's objective) as terms: what picks the dispatch."""
    breakdown = dispatch.cost_breakdown_eur
    zones = list(system.settings.zones)
    _, bought_mwh_th = _gas_terms(system, dispatch, zones, indexed)
    burnt_mwh_th = float(_gas_units(system, dispatch, system.generators.index).sum())
    gas_mwh_th = bought_mwh_th + burnt_mwh_th
    carbon = breakdown.get("co2_eur", 0.0) + breakdown.get("cbam_eur", 0.0)
    market = breakdown.get("imports_eur", 0.0) - breakdown.get("export_revenue_eur", 0.0)
    fixed = dispatch.total_cost_eur - gas_mwh_th * design.gas_eur_per_mwh_th - carbon - market
    return CostTerms(fixed, gas_mwh_th, carbon, market, design)
