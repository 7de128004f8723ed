"""The expansion problem as a PyPSA network with extendable components, on the same weighted
representative days, so that PyPSA's own formulation can check powerpact's optimum.

The dispatch part is `to_pypsa` on the representative days' inputs (snapshot weightings: the
days' weights for the objective and energy sums, 1 for storage, whose chain runs hour to hour as
in powerpact's LP). Candidates become extendable components with their annualised cost prorated
to the horizon as capital cost. What PyPSA cannot state directly is tied by equality constraints
(`tie_capacities`, passed as `extra_functionality`): a battery, cyclic within each representative
day, is one StorageUnit per day (able to operate only on its day, cyclic over the horizon) with
one capacity; an interconnector upgrade is two one-way links with one capacity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from powerpact.dispatch.candidates import Candidates, cost_table
from powerpact.dispatch.expansion import (
    PLANT_KINDS,
    availability,
    fuel_limit_per_mw,
    month_counts,
    running_cost,
)
from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.periods import Periods, aggregate
from powerpact.interop.pypsa_export import to_pypsa
from powerpact.system import InputError, System
from powerpact.system.time import horizon_share_of_year

Ties = list[tuple[str, list[str]]]  # (component, names whose capacities are equal)


def to_pypsa_expansion(
    system: System, candidates: Candidates, periods: Periods
) -> tuple[Any, Callable[[Any, Any], None]]:
    """(network, extra_functionality) of the expansion of `system` by `candidates`."""
    full = prepare(system)
    inp = aggregate(full, periods)
    network = to_pypsa(system, inputs=inp, hours=periods.hours)
    weights = pd.Series(periods.weight_h, index=network.snapshots)
    network.snapshot_weightings["objective"] = weights
    network.snapshot_weightings["generators"] = weights
    network.snapshot_weightings["stores"] = 1.0
    share = horizon_share_of_year(system) * periods.weight_h.sum() / (system.n_hours or 1)
    network.add("Carrier", "candidate")
    ties: Ties = []
    table = candidates.table
    for name, row in table.iterrows():
        capital = float(row["annual_cost_eur_per_mw"]) * share
        if row["kind"] in PLANT_KINDS:
            _plant(network, system, inp, str(name), row, capital, periods)
        elif row["kind"] == "storage":
            ties.append(("StorageUnit", _battery(network, str(name), row, capital, periods)))
        else:
            ties.append(("Link", _upgrade(network, system, inp, str(name), row, capital)))
    stores = [*system.storage.index, *system.gas_storage.index]
    return network, tie_capacities(ties, stores, _monthly_budgets(system, full, inp, periods))


def _monthly_budgets(
    system: System, full: DispatchInputs, inp: DispatchInputs, periods: Periods
) -> list[tuple[str, np.ndarray, float]]:
    """(exported reservoir generator, weight of each snapshot, budget) of every reservoir and
    month, as dispatch/expansion.py `_monthly_hydro`: the export's one budget for the horizon
    stays, these are the months within it."""
    counts = month_counts(full, periods)
    if counts is None:
        return []
    names = system.generators.index
    return [
        (f"{names[unit]} {inp.months[0]}", counts[:, month], float(full.hydro_budget_mwh[month, k]))
        for k, unit in enumerate(full.reservoir)
        for month in range(len(full.months))
        if counts[:, month].any()
    ]


def tie_capacities(
    ties: Ties,
    balanced: list[str],
    budgets: list[tuple[str, np.ndarray, float]] | None = None,
) -> Callable[[Any, Any], None]:
    """Capacities of each group in `ties` equal; the StorageUnits `balanced` put back over the
    weighted snapshots what they take out (as dispatch/expansion.py `_balance_stores`); each
    generator of `budgets` produces, weighted per snapshot, at most its budget."""

    def extra_functionality(network: Any, snapshots: Any) -> None:
        for k, (generator, weight, budget) in enumerate(budgets or []):
            output = network.model["Generator-p"]
            dim = output.dims[1]
            per_snapshot = pd.Series(weight, index=network.snapshots).to_xarray()
            network.model.add_constraints(
                (output.sel({dim: generator}, drop=True) * per_snapshot).sum() <= budget,
                name=f"month budget {k}",
            )
        weights = network.snapshot_weightings["generators"]
        units = network.storage_units
        for name in balanced:
            dim = network.model["StorageUnit-p_store"].dims[1]
            store = network.model["StorageUnit-p_store"].sel({dim: name}, drop=True)
            out = network.model["StorageUnit-p_dispatch"].sel({dim: name}, drop=True)
            efficiency = float(units.at[name, "efficiency_store"])
            network.model.add_constraints(
                ((store * efficiency - out) * weights.to_xarray()).sum() == 0,
                name=f"balanced {name}",
            )
        for component, names in ties:
            capacity = network.model[f"{component}-p_nom"]
            dim = capacity.dims[0]
            first = capacity.sel({dim: names[0]}, drop=True)
            for k, other in enumerate(names[1:]):
                network.model.add_constraints(
                    capacity.sel({dim: other}, drop=True) - first == 0,
                    name=f"tie {component} {names[0]} {k}",
                )

    return extra_functionality


def _plant(
    network: Any,
    system: System,
    inp: DispatchInputs,
    name: str,
    row: pd.Series,
    capital: float,
    periods: Periods,
) -> None:
    tech = str(row["technology"])
    fuel = str(cost_table().at[tech, "fuel"]) if tech in cost_table().index else ""
    if fuel in inp.limited_fuels and fuel_limit_per_mw(system, fuel) is not None:
        raise InputError(name, "a candidate on a limited fuel has no PyPSA form here", field="fuel")
    cost, gas_per_mwh = running_cost(system, inp, row)
    available = pd.Series(availability(system, row, periods), index=network.snapshots)
    if gas_per_mwh:
        # The gas bus's within-day store (to_pypsa) is sized for today's plants' daily burn.
        network.stores.loc[f"{row['zone']} gas within-day", "e_nom"] += (
            24.0 * float(row["max_mw"]) * gas_per_mwh
        )
        efficiency = 1.0 / gas_per_mwh
        network.add(
            "Link",
            name,
            bus0=f"{row['zone']} gas",
            bus1=row["zone"],
            carrier="gas",
            efficiency=efficiency,
            p_nom_extendable=True,
            p_nom_min=row["min_mw"] / efficiency,
            p_nom_max=row["max_mw"] / efficiency,
            capital_cost=capital * efficiency,
            marginal_cost=cost * efficiency,
            p_max_pu=available,
        )
        return
    network.add(
        "Generator",
        name,
        bus=row["zone"],
        carrier="candidate",
        p_nom_extendable=True,
        p_nom_min=row["min_mw"],
        p_nom_max=row["max_mw"],
        capital_cost=capital,
        marginal_cost=cost,
        p_max_pu=available,
    )


def _battery(
    network: Any, name: str, row: pd.Series, capital: float, periods: Periods
) -> list[str]:
    efficiency = float(cost_table().at["battery_power", "efficiency"])
    names = []
    day_of_hour = np.repeat(np.arange(len(periods.days)), periods.hours_per_day)
    for day in range(len(periods.days)):
        on_day = pd.Series((day_of_hour == day).astype(float), index=network.snapshots)
        names.append(f"{name} day {day}")
        network.add(
            "StorageUnit",
            names[-1],
            bus=row["zone"],
            carrier="candidate",
            p_nom_extendable=True,
            p_nom_min=row["min_mw"],
            p_nom_max=row["max_mw"],
            capital_cost=capital if day == 0 else 0.0,
            max_hours=float(row["duration_h"]),
            efficiency_store=efficiency,
            efficiency_dispatch=1.0,
            cyclic_state_of_charge=True,
            p_max_pu=on_day,
            p_min_pu=-on_day,
        )
    return names


def _upgrade(
    network: Any,
    system: System,
    inp: DispatchInputs,
    name: str,
    row: pd.Series,
    capital: float,
) -> list[str]:
    link = system.interconnectors.index.get_loc(row["link"])
    ends = system.interconnectors.iloc[link][["from_zone", "to_zone"]].tolist()
    hurdle = inp.link_hurdle_eur_per_mwh[link]
    costs = (
        hurdle + inp.link_cbam_forward_eur_per_mwh[link],
        hurdle + inp.link_cbam_reverse_eur_per_mwh[link],
    )
    names = [name, f"{name} reverse"]
    for (bus0, bus1), cost, label, charged in zip(
        (ends, ends[::-1]), costs, names, (capital, 0.0), strict=True
    ):
        network.add(
            "Link",
            label,
            bus0=bus0,
            bus1=bus1,
            carrier="interconnector",
            efficiency=1.0,
            p_nom_extendable=True,
            p_nom_min=row["min_mw"],
            p_nom_max=row["max_mw"],
            capital_cost=charged,
            marginal_cost=cost,
        )
    # The market's own generator limits what it can take: widen it by the upgrade.
    for end in ends:
        if end in system.settings.markets:
            network.generators.loc[f"{end} market", "p_nom"] += float(row["max_mw"])
    return names
