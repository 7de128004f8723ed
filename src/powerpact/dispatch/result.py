"""What a dispatch run returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from powerpact.system.figures import Figures, optional

# A path carrying more than this in an hour counts as used in it.
PATH_FLOW_TOLERANCE_MW = 1e-3

COST_COMPONENTS = (
    "fuel_eur",
    "co2_eur",
    "variable_om_eur",
    "imports_eur",
    "export_revenue_eur",
    "unserved_energy_eur",
    "gas_eur",
    "gas_shortfall_eur",
    "hurdle_eur",
    "start_up_eur",
    "cbam_eur",
    "reserve_shortfall_eur",
)


@dataclass(frozen=True)
class DispatchFigures(Figures):
    """The dispatch's headline: totals over the horizon (`dispatch --json`, assess's "dispatch")."""

    system: str
    total_cost_eur: float
    # The lost-load penalties (unserved energy at VOLL, non-power gas not delivered, operating
    # reserve not held) value
    # unreliability, they are not money spent: without them, the operating cost a more reliable
    # scenario pays for its reliability.
    cost_without_lost_load_eur: float
    unserved_mwh: float
    co2_t: float
    gas_burn_mcm: float  # gas burnt by power plants
    gas_shortfall_mcm: float  # NON-POWER gas demand not delivered (the LP never short-ships plants)
    net_import_mwh: float
    mean_price_eur_per_mwh: float


@dataclass(frozen=True)
class ZoneFigures(Figures):
    """One zone of a multi-zone dispatch: its own cost including trade at the model's prices."""

    zone: str
    generation_cost_eur: float  # its plants' fuel, CO2, O&M, start-ups and the gas it buys
    imports_paid_eur: float  # each MWh at the hourly price of the zone it comes from
    exports_earned_eur: float  # each MWh at the hourly price of the zone it goes to
    cost_including_trade_eur: float  # generation + imports paid − exports earned
    co2_t: float  # emitted by its plants
    price_eur_per_mwh: float  # demand-weighted mean of its hourly price
    net_import_mwh: float  # in minus out over its interconnectors and paths
    unserved_mwh: float
    demand_mwh: float
    # Transmission paths ending in the zone (a contracted corridor), when there are any: the
    # energy they delivered, the hours they carried power, and why not more: the mean of the
    # zone's price less the price at the paths' first zone (which the zone pays for their
    # energy) and the share of hours in which the zone's price was the higher one.
    paths_delivered_mwh: float | None = optional()
    paths_hours_used: int | None = optional()
    paths_mean_spread_eur_per_mwh: float | None = optional()
    paths_share_of_hours_dearer: float | None = optional()


@dataclass(frozen=True)
class DispatchSummary(DispatchFigures):
    """The headline with breakdowns and provenance: what `dispatch --json` prints."""

    mean_price_eur_per_mwh_by_zone: dict[str, float]
    cost_breakdown_eur: dict[str, float]
    generation_mwh_by_technology: dict[str, float]
    capacity_factor_by_unit: dict[str, float]
    spilled_mwh: float
    # Demand-weighted, as mean_price_eur_per_mwh (mean_price_eur_per_mwh_by_zone is the plain
    # mean over hours).
    price_eur_per_mwh_mean_by_zone: dict[str, float]
    net_import_mwh_by_zone: dict[str, float]
    flow_mwh_by_link: dict[str, float]  # "FROM->TO", each direction apart, markets included
    co2_t_by_zone: dict[str, float]
    cbam_eur: float
    # The focus zone's own figures (ZoneFigures: cost including trade at the zonal prices, ...).
    focus_zone: dict[str, Any]
    gas_by_entry_mcm: dict[str, float]
    take_or_pay_unused_mcm: dict[str, float]
    hours: int
    commitment: str
    mip_gap: float
    start_cost_eur: float
    starts_by_unit: dict[str, float]
    curtailment_mwh: float
    # Operating reserve not held (upward and downward, MWh over the horizon): zones with a
    # requirement in reserves.csv; 0 without one.
    reserve_shortfall_mwh: float
    solver: str
    solver_version: str
    solve_time_s: float
    build_time_s: float


@dataclass(frozen=True, eq=False)
class DispatchResult:
    """Least-cost hourly dispatch of one system over its whole horizon.

    Hourly frames are indexed by the UTC snapshots, daily frames by the UTC days. Power in MW
    (= MWh per hour), gas in mcm per day. `cost_breakdown_eur` adds up to `total_cost_eur`
    (export revenue counted negative).
    """

    system_name: str
    generation_mw: pd.DataFrame
    storage_charge_mw: pd.DataFrame
    storage_discharge_mw: pd.DataFrame
    storage_soc_mwh: pd.DataFrame
    flow_mw: pd.DataFrame  # positive from from_zone to to_zone
    link_ends: pd.DataFrame  # from_zone, to_zone of each interconnector (zone or market)
    market_import_mw: pd.DataFrame
    market_export_mw: pd.DataFrame
    demand_mw: pd.DataFrame
    price_eur_per_mwh: pd.DataFrame  # dual of each zone's hourly balance
    unserved_mw: pd.DataFrame
    spilled_mw: pd.DataFrame  # must-run output no one could use
    gas_entry_mcm: pd.DataFrame
    gas_contract_mcm: pd.DataFrame
    take_or_pay_unused_mcm: pd.Series  # contract gas paid for but not taken
    gas_storage_withdrawal_mcm: pd.DataFrame
    gas_storage_injection_mcm: pd.DataFrame
    gas_storage_level_mcm: pd.DataFrame
    gas_burn_mcm: pd.DataFrame  # gas units, per day
    gas_shortfall_mcm: pd.DataFrame  # non-power gas not delivered, per zone and day
    gas_price_eur_per_mwh_th: pd.DataFrame  # dual of each zone's daily gas balance
    technology: pd.Series  # technology of each generator
    zone: pd.Series  # zone of each generator
    co2_t_per_mwh: pd.Series  # of each generator
    capacity_mw: pd.Series
    total_cost_eur: float
    objective_eur: float  # the solver's optimum; equals total_cost_eur up to round-off
    cost_breakdown_eur: dict[str, float]
    co2_t: float
    gas_coupled: bool
    solver: str
    solver_version: str
    solve_time_s: float
    build_time_s: float
    # Unit commitment (docs/dispatch.md): starts per generator over the horizon (0 for units not
    # committed), their cost (also in the breakdown as start_up_eur), and the hourly output
    # that units with a profile (wind, solar, run-of-river) could have given and did not.
    starts_by_unit: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    start_cost_eur: float = 0.0
    curtailment_mw: pd.DataFrame = field(default_factory=pd.DataFrame)
    commitment: str = "off"
    mip_gap: float = 0.0  # relative MILP gap reached (0 for an LP)
    # Transmission paths (system/paths.py): hourly MW from each path's first zone to its last
    # (also inside flow_mw, on every leg), and the legs (paths × links, +1 forward, −1 reverse).
    path_flow_mw: pd.DataFrame = field(default_factory=pd.DataFrame)
    path_legs: pd.DataFrame = field(default_factory=pd.DataFrame)
    path_ends: pd.DataFrame = field(default_factory=pd.DataFrame)  # from_zone, to_zone per path
    market_price_eur_per_mwh: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Fuel, CO2, O&M and start-ups of each zone's plants and the gas bought at its entries (lost
    # load, hurdles, CBAM and market trade excluded: trade is priced by `zone_figures`).
    generation_cost_eur_by_zone: dict[str, float] = field(default_factory=dict)
    focus_zone: str = ""  # the zone whose own figures the summary carries (System.focus_zone)
    # Reserve requirement not held each hour, per zone with a requirement (dispatch/reserves.py).
    reserve_up_shortfall_mw: pd.DataFrame = field(default_factory=pd.DataFrame)
    reserve_down_shortfall_mw: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def reserve_shortfall_mwh(self) -> float:
        return float(
            self.reserve_up_shortfall_mw.to_numpy().sum()
            + self.reserve_down_shortfall_mw.to_numpy().sum()
        )

    @property
    def curtailment_mwh(self) -> float:
        """Energy available and unused: wind, solar and run-of-river output not taken plus spilled
        energy. Both are free, so which of the two absorbs a surplus is arbitrary; their sum is
        not."""
        return float(self.curtailment_mw.to_numpy().sum() + self.spilled_mw.to_numpy().sum())

    @property
    def unserved_mwh(self) -> float:
        return float(self.unserved_mw.to_numpy().sum())

    @property
    def net_import_mwh(self) -> float:
        imports, exports = self.market_import_mw.to_numpy(), self.market_export_mw.to_numpy()
        return float(imports.sum() - exports.sum())

    def flow_mwh_by_link(self) -> dict[str, float]:
        """MWh carried over the horizon from one zone or market to another ("FROM->TO"), each
        direction apart; parallel interconnectors add up."""
        totals: dict[str, float] = {}
        for name, (origin, destination) in self.link_ends.iterrows():
            flow = self.flow_mw[name].to_numpy()
            for a, b, mwh in (
                (origin, destination, flow.clip(min=0).sum()),
                (destination, origin, (-flow).clip(min=0).sum()),
            ):
                key = f"{a}->{b}"
                totals[key] = totals.get(key, 0.0) + float(mwh)
        return totals

    def net_import_mwh_by_zone(self) -> dict[str, float]:
        """Flows in minus flows out of each zone, over interconnectors and markets."""
        net = dict.fromkeys(map(str, self.demand_mw.columns), 0.0)
        for name, (origin, destination) in self.link_ends.iterrows():
            mwh = float(self.flow_mw[name].sum())
            for zone, sign in ((origin, -1.0), (destination, 1.0)):
                if zone in net:
                    net[zone] += sign * mwh
        return net

    def co2_t_by_zone(self) -> dict[str, float]:
        emitted = (self.generation_mw.sum() * self.co2_t_per_mwh).groupby(self.zone).sum()
        return {str(z): float(emitted.get(z, 0.0)) for z in self.demand_mw.columns}

    def price_eur_per_mwh_mean_by_zone(self) -> dict[str, float]:
        """Demand-weighted mean price of each zone (the plain mean where it has no demand)."""
        means = {}
        for zone in self.demand_mw.columns:
            weights = self.demand_mw[zone].to_numpy()
            prices = self.price_eur_per_mwh[zone].to_numpy()
            total = weights.sum()
            means[str(zone)] = float(
                (prices * weights).sum() / total if total > 0 else prices.mean()
            )
        return means

    def generation_mwh_by_technology(self) -> dict[str, float]:
        totals = self.generation_mw.sum().groupby(self.technology).sum()
        discharge = float(self.storage_discharge_mw.to_numpy().sum())
        result = {str(k): float(v) for k, v in totals.items()}
        if len(self.storage_discharge_mw.columns):
            result["storage"] = discharge
        return result

    def capacity_factor_by_unit(self) -> dict[str, float]:
        hours = len(self.generation_mw)
        energy = self.generation_mw.sum()
        return {
            str(name): float(energy[name] / (self.capacity_mw[name] * hours))
            if self.capacity_mw[name] > 0
            else 0.0
            for name in self.generation_mw.columns
        }

    def _price_of(self, area: str) -> np.ndarray:
        """Hourly price of a zone (its balance dual) or of a market (its price series)."""
        if area in self.price_eur_per_mwh.columns:
            return self.price_eur_per_mwh[area].to_numpy()
        return self.market_price_eur_per_mwh[area].to_numpy()

    def trade_eur(self, zone: str) -> tuple[float, float]:
        """What `zone` pays for its imports and earns for its exports over the horizon: each MWh
        at the hourly price of the zone or market it comes from or goes to. A transmission path's
        MWh is bought at its first zone's price and sold at its last zone's; the zones it
        crosses neither buy nor sell it."""
        paid = earned = 0.0
        trade = self.flow_mw.to_numpy().copy()
        if len(self.path_legs):
            trade -= self.path_flow_mw.to_numpy() @ self.path_legs[self.flow_mw.columns].to_numpy()
        ends = [(*self.link_ends.loc[name], trade[:, i]) for i, name in enumerate(self.flow_mw)]
        ends += [
            (origin, destination, self.path_flow_mw[name].to_numpy())
            for name, (origin, destination) in self.path_ends.iterrows()
        ]
        for origin, destination, flow in ends:
            for seller, buyer, mw in (
                (origin, destination, flow.clip(min=0)),
                (destination, origin, (-flow).clip(min=0)),
            ):
                if buyer == zone:
                    paid += float(mw @ self._price_of(seller))
                elif seller == zone:
                    earned += float(mw @ self._price_of(buyer))
        return paid, earned

    def zone_figures(self, zone: str) -> ZoneFigures:
        """One zone's own figures inside a multi-zone dispatch (docs/dispatch.md, "A zone's
        own figures")."""
        paid, earned = self.trade_eur(zone)
        generation = self.generation_cost_eur_by_zone.get(zone, 0.0)
        demand = self.demand_mw[zone].to_numpy()
        return ZoneFigures(
            zone=zone,
            generation_cost_eur=generation,
            imports_paid_eur=paid,
            exports_earned_eur=earned,
            cost_including_trade_eur=generation + paid - earned,
            co2_t=self.co2_t_by_zone()[zone],
            price_eur_per_mwh=self.price_eur_per_mwh_mean_by_zone()[zone],
            net_import_mwh=self.net_import_mwh_by_zone()[zone],
            unserved_mwh=float(self.unserved_mw[zone].sum()),
            demand_mwh=float(demand.sum()),
            **self._paths_into(zone),
        )

    def _paths_into(self, zone: str) -> dict[str, Any]:
        """ZoneFigures' path fields for the paths whose last zone is `zone` (none: no fields)."""
        if not len(self.path_ends):
            return {}
        names = self.path_ends.index[self.path_ends["to_zone"] == zone]
        if not len(names):
            return {}
        flow = self.path_flow_mw[names].to_numpy()
        price = self.price_eur_per_mwh[zone].to_numpy()
        spread = np.column_stack(
            [price - self._price_of(str(o)) for o in self.path_ends.loc[names, "from_zone"]]
        )
        return {
            "paths_delivered_mwh": float(flow.clip(min=0).sum()),
            "paths_hours_used": int((flow > PATH_FLOW_TOLERANCE_MW).any(axis=1).sum()),
            "paths_mean_spread_eur_per_mwh": float(spread.mean()),
            "paths_share_of_hours_dearer": float((spread > 0).any(axis=1).mean()),
        }

    def figures(self) -> DispatchFigures:
        breakdown = self.cost_breakdown_eur
        return DispatchFigures(
            system=self.system_name,
            total_cost_eur=self.total_cost_eur,
            cost_without_lost_load_eur=self.total_cost_eur
            - breakdown.get("unserved_energy_eur", 0.0)
            - breakdown.get("gas_shortfall_eur", 0.0)
            - breakdown.get("reserve_shortfall_eur", 0.0),
            unserved_mwh=self.unserved_mwh,
            co2_t=self.co2_t,
            gas_burn_mcm=float(self.gas_burn_mcm.to_numpy().sum()),
            gas_shortfall_mcm=float(self.gas_shortfall_mcm.to_numpy().sum()),
            net_import_mwh=self.net_import_mwh,
            mean_price_eur_per_mwh=self.mean_price_eur_per_mwh,
        )

    def headline(self) -> dict[str, Any]:
        """JSON-ready scalars: the fields of `figures()`."""
        return self.figures().to_dict()

    @property
    def mean_price_eur_per_mwh(self) -> float:
        """Price paid on average for a MWh of demand: demand-weighted over hours and zones."""
        weights = self.demand_mw.to_numpy()
        prices = self.price_eur_per_mwh[self.demand_mw.columns].to_numpy()
        total = weights.sum()
        return float((prices * weights).sum() / total) if total > 0 else float(prices.mean())

    def summary(self) -> DispatchSummary:
        """Headline plus breakdowns and provenance."""
        return DispatchSummary(
            **vars(self.figures()),
            mean_price_eur_per_mwh_by_zone={
                str(z): float(v) for z, v in self.price_eur_per_mwh.mean().items()
            },
            cost_breakdown_eur=dict(self.cost_breakdown_eur),
            generation_mwh_by_technology=self.generation_mwh_by_technology(),
            capacity_factor_by_unit=self.capacity_factor_by_unit(),
            spilled_mwh=float(self.spilled_mw.to_numpy().sum()),
            price_eur_per_mwh_mean_by_zone=self.price_eur_per_mwh_mean_by_zone(),
            net_import_mwh_by_zone=self.net_import_mwh_by_zone(),
            flow_mwh_by_link=self.flow_mwh_by_link(),
            co2_t_by_zone=self.co2_t_by_zone(),
            cbam_eur=self.cost_breakdown_eur.get("cbam_eur", 0.0),
            focus_zone=self.zone_figures(self.focus_zone).to_dict() if self.focus_zone else {},
            gas_by_entry_mcm={str(k): float(v) for k, v in self.gas_entry_mcm.sum().items()},
            take_or_pay_unused_mcm={
                str(k): float(v) for k, v in self.take_or_pay_unused_mcm.items()
            },
            hours=len(self.generation_mw),
            commitment=self.commitment,
            mip_gap=self.mip_gap,
            start_cost_eur=self.start_cost_eur,
            starts_by_unit={str(k): float(v) for k, v in self.starts_by_unit.items() if v > 0},
            curtailment_mwh=self.curtailment_mwh,
            reserve_shortfall_mwh=self.reserve_shortfall_mwh,
            solver=self.solver,
            solver_version=self.solver_version,
            solve_time_s=self.solve_time_s,
            build_time_s=self.build_time_s,
        )
