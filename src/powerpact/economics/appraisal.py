"""The appraisal core: plain hourly inputs and cost data in, an `Appraisal` out (no dispatch)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy_financial as npf
import pandas as pd

from powerpact.economics.costs import PlantCosts
from powerpact.economics.finance import (
    CashFlows,
    build_cash_flows,
    discount_factors,
    irr,
    lcoe_eur_per_mwh,
    npv_eur,
    payback_years,
)
from powerpact.economics.options import AppraisalOptions
from powerpact.economics.risk import (
    PlantDispatchView,
    PriceDrivers,
    approximate_generation,
    price_multipliers,
    quantiles,
    shifted_prices,
)
from powerpact.progress import progress_bar
from powerpact.system.figures import Figures, optional
from powerpact.system.time import HOURS_PER_DAY


@dataclass(frozen=True)
class PlantInputs:
    """The plant as the appraisal sees it: its data and its hours from a dispatch (any horizon;
    yearly figures are the horizon's totals × hours_per_year / hours)."""

    name: str
    capacity_mw: float
    efficiency: float
    generation_mw: np.ndarray
    available_mw: np.ndarray
    price_eur_per_mwh: np.ndarray
    marginal_cost_eur_per_mwh: float | np.ndarray  # a number, or hourly as the dispatch saw it
    fuel_price_eur_per_mwh_th: float
    co2_t_per_mwh_th: float
    co2_price_eur_per_t: float
    hours_per_year: float  # of the study year: system.time.hours_per_year
    burns_gas: bool = True
    exported_mwh: np.ndarray | None = None
    # Gas energy per mcm on the basis of `efficiency` (the net calorific value for net
    # efficiencies: GasSettings.plant_mwh_per_mcm), and MWh of fuel as priced (gas: GCV) per
    # MWh_th on that basis (GasSettings.gross_per_plant_mwh). The defaults describe a plant whose
    # efficiency and fuel price share one basis.
    energy_mwh_per_mcm: float = 10550.0
    priced_per_fuel_mwh: float = 1.0

    @property
    def co2_t_per_mwh(self) -> float:
        return self.co2_t_per_mwh_th / self.efficiency

    @property
    def fuel_mwh_th_per_mwh(self) -> float:
        """Fuel bought per MWh electric, in the units its price is quoted in."""
        return self.priced_per_fuel_mwh / self.efficiency

    def dispatch_view(self) -> PlantDispatchView:
        return PlantDispatchView(
            generation_mw=self.generation_mw,
            available_mw=self.available_mw,
            price_eur_per_mwh=self.price_eur_per_mwh,
            marginal_cost_eur_per_mwh=self.marginal_cost_eur_per_mwh,
            fuel_mwh_th_per_mwh=self.fuel_mwh_th_per_mwh if self.burns_gas else 0.0,
            co2_t_per_mwh=self.co2_t_per_mwh,
        )


@dataclass(frozen=True)
class SystemExposure:
    """A year of the whole system's dispatch cost and the parts that move with each price factor."""

    cost_eur_per_year: float
    gas_mwh_th_per_year: float
    co2_t_per_year: float
    market_cost_eur_per_year: float  # net imports × neighbour price (negative for net exports)


@dataclass(frozen=True)
class AppraisalFigures(Figures):
    """A plant's headline (`appraise --json`, each plant of assess's "economics"). The price-risk
    quantiles (`npv_p10_eur` …) are there only when the price-risk Monte Carlo ran, the
    system-cost ones only when the system without the plant was dispatched too."""

    plant: str
    technology: str
    capacity_mw: float
    discount_rate: float
    lcoe_eur_per_mwh: float
    npv_eur: float
    irr: float
    payback_years: float
    capacity_factor: float
    energy_mwh_per_year: float
    captured_price_eur_per_mwh: float
    gas_need_bcm_per_year: float
    gas_need_mcm_per_day_full_load: float
    co2_t_per_year: float
    export_share: float
    cbam_cost_eur_per_year: float
    annual_fixed_cost_eur: float
    npv_p10_eur: float | None = optional()
    npv_p50_eur: float | None = optional()
    npv_p90_eur: float | None = optional()
    npv_mean_eur: float | None = optional()
    npv_std_eur: float | None = optional()
    npv_var95_eur: float | None = optional()
    system_cost_p10_eur: float | None = optional()
    system_cost_p50_eur: float | None = optional()
    system_cost_p90_eur: float | None = optional()
    system_cost_mean_eur: float | None = optional()
    system_cost_std_eur: float | None = optional()
    system_cost_var95_eur: float | None = optional()
    system_cost_without_plant_p10_eur: float | None = optional()
    system_cost_without_plant_p50_eur: float | None = optional()
    system_cost_without_plant_p90_eur: float | None = optional()
    system_cost_without_plant_mean_eur: float | None = optional()
    system_cost_without_plant_std_eur: float | None = optional()
    system_cost_without_plant_var95_eur: float | None = optional()
    message: str | None = optional()


@dataclass(frozen=True)
class Appraisal:
    """Economics of one plant. Money in EUR of the study's price year, yearly figures per
    operating year, NPV at the start of construction."""

    plant: str
    technology: str
    capacity_mw: float
    discount_rate: float
    capacity_factor: float
    energy_mwh_per_year: float
    captured_price_eur_per_mwh: float
    lcoe_eur_per_mwh: float
    npv_eur: float
    irr: float
    payback_years: float
    gas_need_bcm_per_year: float
    gas_need_mcm_per_day_full_load: float
    co2_t_per_year: float
    export_share: float
    cbam_cost_eur_per_year: float
    cash_flows: pd.DataFrame
    npv_risk: dict[str, float] = field(default_factory=dict)
    system_cost_risk: dict[str, float] = field(default_factory=dict)
    system_cost_risk_without_plant: dict[str, float] = field(default_factory=dict)
    message: str = ""

    @property
    def annual_fixed_cost_eur(self) -> float:
        """Investment and fixed O&M as an equal yearly amount over the operating years (the
        annuity with the same present value), EUR/yr."""
        flows = self.cash_flows
        factors = (1 + self.discount_rate) ** -flows.index.to_numpy(float)
        fixed = (flows["investment_eur"].abs() + flows["fixed_om_eur"].abs()).to_numpy()
        operating = (flows["energy_mwh"] > 0).to_numpy() | (flows["fixed_om_eur"] != 0).to_numpy()
        return float((fixed * factors).sum() / factors[operating].sum())

    def figures(self) -> AppraisalFigures:
        quantiles = {
            **{f"npv_{k}_eur": v for k, v in self.npv_risk.items()},
            **{f"system_cost_{k}_eur": v for k, v in self.system_cost_risk.items()},
            **{
                f"system_cost_without_plant_{k}_eur": v
                for k, v in self.system_cost_risk_without_plant.items()
            },
        }
        return AppraisalFigures(
            plant=self.plant,
            technology=self.technology,
            capacity_mw=self.capacity_mw,
            discount_rate=self.discount_rate,
            lcoe_eur_per_mwh=self.lcoe_eur_per_mwh,
            npv_eur=self.npv_eur,
            irr=self.irr,
            payback_years=self.payback_years,
            capacity_factor=self.capacity_factor,
            energy_mwh_per_year=self.energy_mwh_per_year,
            captured_price_eur_per_mwh=self.captured_price_eur_per_mwh,
            gas_need_bcm_per_year=self.gas_need_bcm_per_year,
            gas_need_mcm_per_day_full_load=self.gas_need_mcm_per_day_full_load,
            co2_t_per_year=self.co2_t_per_year,
            export_share=self.export_share,
            cbam_cost_eur_per_year=self.cbam_cost_eur_per_year,
            annual_fixed_cost_eur=self.annual_fixed_cost_eur,
            message=self.message or None,
            **quantiles,
        )

    def headline(self) -> dict[str, Any]:
        return _defined(self.figures().to_dict())


# Why a figure can have no value: the headline gives null and this reason instead of inf/NaN.
UNDEFINED_REASONS = {
    "lcoe_eur_per_mwh": "the plant generates nothing, so there is no energy to spread its cost on",
    "irr": "the net cash flows never change sign, so no discount rate makes the NPV zero",
    "payback_years": "the cumulative net cash flow never turns positive: it never pays back",
    "captured_price_eur_per_mwh": "the plant generates nothing, so it captures no price",
}


def _defined(out: dict[str, Any]) -> dict[str, Any]:
    """Non-finite figures become None, with their reason under `undefined`."""
    undefined = {}
    for key, value in out.items():
        if isinstance(value, float) and not np.isfinite(value):
            out[key] = None
            undefined[key] = UNDEFINED_REASONS.get(key, "not defined for this plant")
    if undefined:
        out["undefined"] = undefined
    return out


@dataclass(frozen=True)
class _Year:
    """Yearly operating figures; arrays broadcast over any leading axes (paths, years)."""

    energy_mwh: Any
    revenue_eur: Any
    fuel_eur: Any
    co2_eur: Any
    variable_om_eur: Any
    cbam_eur: Any


def _operating_year(
    plant: PlantInputs,
    costs: PlantCosts,
    generation_mw: np.ndarray,
    price_eur_per_mwh: np.ndarray,
    fuel_price: Any,
    co2_price: Any,
    ets_price: Any,
    export_share: float,
) -> _Year:
    scale = plant.hours_per_year / plant.generation_mw.shape[-1]
    energy = generation_mw.sum(axis=-1) * scale
    return _Year(
        energy_mwh=energy,
        revenue_eur=(generation_mw * price_eur_per_mwh).sum(axis=-1) * scale,
        fuel_eur=energy * plant.fuel_mwh_th_per_mwh * fuel_price,
        co2_eur=energy * plant.co2_t_per_mwh * co2_price,
        variable_om_eur=energy * costs.variable_om_eur_per_mwh,
        cbam_eur=energy * export_share * plant.co2_t_per_mwh * ets_price,
    )


def _flows(costs: PlantCosts, capacity_mw: float, year: _Year, cbam_in_npv: bool) -> CashFlows:
    kw = capacity_mw * 1000.0
    # CBAM is paid by the EU importer; when it is counted, it lowers the plant's export revenue.
    revenue = year.revenue_eur - (year.cbam_eur if cbam_in_npv else 0.0)
    return build_cash_flows(
        investment_eur=costs.capex_eur_per_kw * kw,
        construction_years=costs.construction_years,
        lifetime_years=costs.lifetime_years,
        fixed_om_eur_per_year=costs.fixed_om_eur_per_kw_year * kw,
        variable_om_eur_per_year=year.variable_om_eur,
        fuel_eur_per_year=year.fuel_eur,
        co2_eur_per_year=year.co2_eur,
        energy_mwh_per_year=year.energy_mwh,
        revenue_eur_per_year=revenue,
    )


def _export_share(plant: PlantInputs, options: AppraisalOptions) -> float:
    if options.export_share is not None:
        return options.export_share
    total = float(plant.generation_mw.sum())
    if plant.exported_mwh is None or total <= 0.0:
        return 0.0
    return float(plant.exported_mwh.sum()) / total


def appraise_plant(
    plant: PlantInputs,
    costs: PlantCosts,
    options: AppraisalOptions | None = None,
    drivers: PriceDrivers | None = None,
    exposure: SystemExposure | None = None,
    exposure_without_plant: SystemExposure | None = None,
) -> Appraisal:
    """Appraise a plant from plain inputs. With `drivers`, also the Monte Carlo NPV distribution;
    with `exposure`, the distribution of the system's discounted dispatch cost."""
    options = options or AppraisalOptions()
    fuel_price = (
        options.fuel_price_eur_per_mwh_th
        if options.fuel_price_eur_per_mwh_th is not None
        else plant.fuel_price_eur_per_mwh_th
    )
    co2_price = (
        options.co2_price_eur_per_t
        if options.co2_price_eur_per_t is not None
        else plant.co2_price_eur_per_t
    )
    share = _export_share(plant, options)
    year = _operating_year(
        plant,
        costs,
        plant.generation_mw,
        plant.price_eur_per_mwh,
        fuel_price,
        co2_price,
        options.ets_price_eur_per_t,
        share,
    )
    flows = _flows(costs, plant.capacity_mw, year, options.cbam_in_npv)
    rate = options.discount_rate
    lcoe = lcoe_eur_per_mwh(flows, rate)
    energy = float(year.energy_mwh)
    fuel_mwh_th = energy / plant.efficiency
    appraisal = Appraisal(
        plant=plant.name,
        technology=costs.technology,
        capacity_mw=plant.capacity_mw,
        discount_rate=rate,
        capacity_factor=energy / (plant.capacity_mw * plant.hours_per_year)
        if plant.capacity_mw
        else 0.0,
        energy_mwh_per_year=energy,
        captured_price_eur_per_mwh=float(year.revenue_eur) / energy if energy else float("nan"),
        lcoe_eur_per_mwh=lcoe,
        npv_eur=npv_eur(flows, rate),
        irr=irr(flows),
        payback_years=payback_years(flows, costs.construction_years),
        gas_need_bcm_per_year=fuel_mwh_th / plant.energy_mwh_per_mcm / 1000
        if plant.burns_gas
        else 0.0,
        gas_need_mcm_per_day_full_load=plant.capacity_mw
        / plant.efficiency
        * HOURS_PER_DAY
        / plant.energy_mwh_per_mcm
        if plant.burns_gas
        else 0.0,
        co2_t_per_year=energy * plant.co2_t_per_mwh,
        export_share=share,
        cbam_cost_eur_per_year=float(year.cbam_eur),
        cash_flows=_flow_table(flows),
        message=""
        if np.isfinite(lcoe)
        else (
            f"{plant.name} never runs in the dispatch (capacity factor 0): its LCOE is infinite "
            "and its NPV is the discounted fixed cost"
        ),
    )
    if drivers is None:
        return appraisal
    risk = _npv_paths(plant, costs, options, drivers, fuel_price, co2_price, share)
    extra: dict[str, Any] = {"npv_risk": quantiles(risk)}
    multipliers = price_multipliers(options.risk, costs.lifetime_years)
    if exposure is not None:
        extra["system_cost_risk"] = quantiles(
            system_cost_paths(exposure, multipliers, fuel_price, co2_price, rate)
        )
    if exposure_without_plant is not None:
        extra["system_cost_risk_without_plant"] = quantiles(
            system_cost_paths(exposure_without_plant, multipliers, fuel_price, co2_price, rate)
        )
    return replace(appraisal, **extra)


def _flow_table(flows: CashFlows) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "investment_eur": flows.investment_eur,
            "fixed_om_eur": flows.fixed_om_eur,
            "variable_om_eur": flows.variable_om_eur,
            "fuel_eur": flows.fuel_eur,
            "co2_eur": flows.co2_eur,
            "revenue_eur": flows.revenue_eur,
            "net_eur": flows.net_eur,
            "energy_mwh": flows.energy_mwh,
        }
    )
    table.index.name = "year"
    return table


def _npv_paths(
    plant: PlantInputs,
    costs: PlantCosts,
    options: AppraisalOptions,
    drivers: PriceDrivers,
    fuel_price: float,
    co2_price: float,
    export_share: float,
) -> np.ndarray:
    """NPV of the plant on each Monte Carlo path (yearly prices moved, hours re-derived)."""
    multipliers = price_multipliers(options.risk, costs.lifetime_years)
    view = plant.dispatch_view()
    own_fuel = multipliers[..., 0] if plant.burns_gas else np.ones_like(multipliers[..., 0])
    npvs = np.empty(len(multipliers))
    with progress_bar() as bar:
        task = bar.add_task("price paths", total=len(multipliers))
        for i, path in enumerate(multipliers):
            gas_change = drivers.gas_price_eur_per_mwh_th * (path[:, 0] - 1)
            # The price setters' CO2 moves at the drivers' reference price, the plant's at its own
            # zone's (0 outside the EU when zones have their own carbon price).
            setter_co2_change = drivers.co2_price_eur_per_t * (path[:, 1] - 1)
            prices = shifted_prices(
                plant.price_eur_per_mwh, drivers, gas_change, setter_co2_change, path[:, 2]
            )
            generation = approximate_generation(
                view, prices, gas_change, co2_price * (path[:, 1] - 1)
            )
            year = _operating_year(
                plant,
                costs,
                generation,
                prices,
                fuel_price * own_fuel[i],
                co2_price * path[:, 1],
                options.ets_price_eur_per_t * path[:, 1],
                export_share,
            )
            flows = _flows(costs, plant.capacity_mw, year, options.cbam_in_npv)
            npvs[i] = npf.npv(options.discount_rate, flows.net_eur)
            bar.advance(task)
    return npvs


def system_cost_paths(
    exposure: SystemExposure,
    multipliers: np.ndarray,
    gas_price_eur_per_mwh_th: float,
    co2_price_eur_per_t: float,
    rate: float,
) -> np.ndarray:
    """Present value (at the start of operation, years 1 … L) of the system's dispatch cost on
    each path, the base dispatch re-priced: gas burn × gas price change + emissions × CO2 price
    change + net market imports × neighbour price change."""
    yearly = (
        exposure.cost_eur_per_year
        + exposure.gas_mwh_th_per_year * gas_price_eur_per_mwh_th * (multipliers[..., 0] - 1)
        + exposure.co2_t_per_year * co2_price_eur_per_t * (multipliers[..., 1] - 1)
        + exposure.market_cost_eur_per_year * (multipliers[..., 2] - 1)
    )
    years = multipliers.shape[1]
    return yearly @ discount_factors(rate, years + 1)[1:]
