"""`appraise(system, plant, dispatch)`: the dispatch's figures for one plant, handed as plain inputs
to the appraisal core."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from powerpact.economics.appraisal import Appraisal, PlantInputs, SystemExposure, appraise_plant
from powerpact.economics.costs import technology_costs, technology_of, with_overrides
from powerpact.economics.options import AppraisalOptions
from powerpact.economics.risk import PRICE_TOLERANCE_EUR_PER_MWH, PriceDrivers
from powerpact.economics.setters import MARKET, price_setters
from powerpact.system import InputError, System, without
from powerpact.system.carbon import co2_price_by_area
from powerpact.system.gas_supply import gas_mcm_per_mwh
from powerpact.system.time import hours_per_year, per_year

if TYPE_CHECKING:
    from powerpact.dispatch import DispatchResult

# Market names taken as EU members for the carbon border (ISO 3166 codes of the EU-27).
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)


def lp_marginal_costs(system: System, dispatch: DispatchResult) -> pd.DataFrame:
    """Hourly marginal cost of every generator as the dispatch LP saw it (hours × generators):
    gas units on a coupled gas system pay the day's gas price (the dual of the gas balance)."""
    gens = system.generators
    cost = pd.DataFrame(
        np.broadcast_to(
            gens["marginal_cost_eur_per_mwh"].to_numpy(), (system.n_hours, len(gens))
        ).copy(),
        index=system.snapshots,
        columns=gens.index,
    )
    gas_price = dispatch.gas_price_eur_per_mwh_th
    gross_per_net = system.settings.gas.gross_per_plant_mwh
    if dispatch.gas_coupled and len(gas_price.columns):
        for name in system.gas_generators:
            row = gens.loc[name]
            daily = gas_price[row["zone"]].to_numpy()[system.day_of_hour]
            base = max(row["marginal_cost_eur_per_mwh"] - row["fuel_cost_eur_per_mwh"], 0.0)
            # The gas price is per MWh GCV; efficiencies count net MWh (GasSettings).
            cost[name] = base + daily * gross_per_net / row["efficiency"]
    return cost


def price_drivers(system: System, dispatch: DispatchResult, zone: str) -> PriceDrivers:
    """What moves each hour's price in `zone`: the generator that set it, in any zone (its LP
    marginal cost equals its own zone's price, which is coupled to `zone`'s through
    interconnectors carrying power below their limits, economics/setters.py), else an edge market,
    else neither (the price is kept).

    The setter's CO2 counts at its own zone's carbon price: `co2_t_per_mwh` is its intensity
    scaled to the reference price `co2_price_eur_per_t` (the highest of any area, the EU ETS
    price when zones have their own), so a CO2 price change at the reference moves every zone's
    carbon cost in proportion.
    """
    price = dispatch.price_eur_per_mwh[zone].to_numpy()
    costs = lp_marginal_costs(system, dispatch).to_numpy()
    setters, market_price = price_setters(system, dispatch, costs, PRICE_TOLERANCE_EUR_PER_MWH)
    setter = setters[zone]
    by_unit = setter >= 0
    unit = np.where(by_unit, setter, 0)
    gens = system.generators
    fuel = system.settings.fuels.get(system.settings.gas.fuel)
    gas_reference = fuel.price_eur_per_mwh_th if fuel else 0.0
    burns_gas = (gens["fuel"] == system.settings.gas.fuel).to_numpy()
    # Gas bought per MWh, scaled like CO2 to the reference gas price (zones may pay their own).
    gas_per_mwh = np.where(
        burns_gas & (gas_reference > 0),
        gens["fuel_cost_eur_per_mwh"].to_numpy() / (gas_reference or 1.0),
        0.0,
    )
    area_price = co2_price_by_area(system.settings, system.year)
    reference = max(area_price.values(), default=0.0)
    paid = gens["zone"].map(area_price).to_numpy(dtype=float)
    co2_priced = gens["co2_t_per_mwh"].to_numpy() * (paid / reference if reference else 0.0)
    # A market-set hour moves by the market's price change: the share of the hour's price that
    # is the market's (below 1 where hurdles lie between).
    market_share = np.divide(
        market_price[zone], price, out=np.zeros_like(price), where=(setter == MARKET) & (price != 0)
    )
    return PriceDrivers(
        gas_mwh_th_per_mwh=np.where(by_unit, gas_per_mwh[unit], 0.0),
        co2_t_per_mwh=np.where(by_unit, co2_priced[unit], 0.0),
        market_set=market_share,
        gas_price_eur_per_mwh_th=gas_reference,
        co2_price_eur_per_t=reference,
    )


def exported_mwh(
    system: System, dispatch: DispatchResult, plant: str, options: AppraisalOptions
) -> np.ndarray:
    """The plant's hourly share of net exports to EU markets: each hour's net export is split
    over all generation and storage output pro rata (the plant's share × net export)."""
    markets = list(
        options.eu_markets
        if options.eu_markets is not None
        else [m for m in dispatch.market_export_mw.columns if str(m).upper() in EU_MEMBERS]
    )
    unknown = [m for m in markets if m not in dispatch.market_export_mw.columns]
    if unknown:
        raise InputError(
            "appraisal options",
            f"{unknown[0]!r} is not a market of the system "
            f"(markets: {', '.join(map(str, dispatch.market_export_mw.columns))})",
            field="eu_markets",
        )
    if not markets:
        return np.zeros(system.n_hours)
    net = (
        (
            dispatch.market_export_mw[markets].sum(axis=1)
            - dispatch.market_import_mw[markets].sum(axis=1)
        )
        .clip(lower=0.0)
        .to_numpy()
    )
    supply = (
        dispatch.generation_mw.sum(axis=1) + dispatch.storage_discharge_mw.sum(axis=1)
    ).to_numpy()
    share = np.divide(
        dispatch.generation_mw[plant].to_numpy(),
        supply,
        out=np.zeros_like(supply),
        where=supply > 0,
    )
    return net * share


def exposure(system: System, dispatch: DispatchResult) -> SystemExposure:
    """A year of the system's dispatch cost split by what each price factor moves."""
    mwh_per_mcm = system.settings.gas.gcv_mwh_per_mcm  # the basis of gas prices
    if dispatch.gas_coupled:
        gas_mcm = float(dispatch.gas_entry_mcm.to_numpy().sum())
    else:  # gas units pay the fuel price directly
        gens = system.generators.loc[system.gas_generators]
        output_mwh = dispatch.generation_mw[gens.index].sum().to_numpy(dtype=float)
        gas_mcm = float(output_mwh @ gas_mcm_per_mwh(system, gens["efficiency"]))
    breakdown = dispatch.cost_breakdown_eur
    return SystemExposure(
        cost_eur_per_year=per_year(system, dispatch.total_cost_eur),
        gas_mwh_th_per_year=per_year(system, gas_mcm * mwh_per_mcm),
        co2_t_per_year=per_year(system, dispatch.co2_t),
        market_cost_eur_per_year=per_year(
            system, breakdown["imports_eur"] - breakdown["export_revenue_eur"]
        ),
    )


def fuel_price_paid(system: System, dispatch: DispatchResult, plant: str) -> float:
    """EUR per MWh_th of the plant's fuel as the dispatch charged it: on a coupled gas system, the
    day's gas price (dual of the zone's gas balance: contract, spot or scarcity gas) weighted by
    the plant's burn; otherwise the fuel's price in the system."""
    row = system.generators.loc[plant]
    fuel = system.settings.fuels.get(row["fuel"])
    price = fuel.price_in(str(row["zone"])) if fuel else 0.0
    if not (dispatch.gas_coupled and plant in dispatch.gas_burn_mcm.columns):
        return price
    burn = dispatch.gas_burn_mcm[plant].to_numpy()
    if burn.sum() <= 0.0:
        return price
    return float(burn @ dispatch.gas_price_eur_per_mwh_th[row["zone"]].to_numpy() / burn.sum())


def plant_inputs(
    system: System, dispatch: DispatchResult, plant: str, options: AppraisalOptions
) -> PlantInputs:
    row = system.generators.loc[plant]
    settings = system.settings
    fuel = settings.fuels.get(row["fuel"])
    return PlantInputs(
        name=plant,
        capacity_mw=float(row["capacity_mw"]),
        efficiency=float(row["efficiency"]),
        generation_mw=dispatch.generation_mw[plant].to_numpy(),
        available_mw=system.available_mw()[plant].to_numpy(),
        price_eur_per_mwh=dispatch.price_eur_per_mwh[row["zone"]].to_numpy(),
        marginal_cost_eur_per_mwh=lp_marginal_costs(system, dispatch)[plant].to_numpy(),
        fuel_price_eur_per_mwh_th=fuel_price_paid(system, dispatch, plant),
        co2_t_per_mwh_th=fuel.co2_t_per_mwh_th if fuel else 0.0,
        co2_price_eur_per_t=co2_price_by_area(settings, system.year)[row["zone"]],
        burns_gas=row["fuel"] == settings.gas.fuel,
        exported_mwh=exported_mwh(system, dispatch, plant, options),
        energy_mwh_per_mcm=settings.gas.plant_mwh_per_mcm,
        priced_per_fuel_mwh=settings.gas.gross_per_plant_mwh
        if row["fuel"] == settings.gas.fuel
        else 1.0,
        hours_per_year=hours_per_year(system),
    )


def check_plant(system: System, plant: str) -> None:
    """The appraisal is for a thermal generator of `system`: say so before any work is done."""
    if plant not in system.generators.index:
        raise InputError(system.name, f"no generator named {plant!r}", field="plant")
    row = system.generators.loc[plant]
    if not row["efficiency"] > 0 or row["fuel"] == "":
        raise InputError(
            system.name,
            f"{plant!r} burns no fuel: the appraisal is for thermal plants",
            field="plant",
        )


def appraise(
    system: System,
    plant: str,
    dispatch: DispatchResult,
    options: AppraisalOptions | None = None,
    dispatch_without: DispatchResult | None = None,
) -> Appraisal:
    """Appraise generator `plant` of `system` from its dispatch.

    Given `dispatch_without` (the dispatch of the system less the plant), adds the Monte Carlo
    NPV distribution and the system-cost distribution with and without the plant.
    """
    options = options or AppraisalOptions()
    check_plant(system, plant)
    row = system.generators.loc[plant]
    costs = with_overrides(technology_costs(technology_of(plant, options)), options)
    inputs = plant_inputs(system, dispatch, plant, options)
    if dispatch_without is None:
        return appraise_plant(inputs, costs, options)
    return appraise_plant(
        inputs,
        costs,
        options,
        drivers=price_drivers(system, dispatch, str(row["zone"])),
        exposure=exposure(system, dispatch),
        exposure_without_plant=exposure(without(system, "generators", [plant]), dispatch_without),
    )
