"""The validated system every engine reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from powerpact.system.paths import Leg, path_legs
from powerpact.system.raw import RawSystem
from powerpact.system.settings import Settings

COMPONENT_TABLES = ("generators", "storage", "interconnectors", "gas_entries", "gas_storage")


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    description: str
    assumptions: tuple[str, ...]
    file: str
    base: str | None = None  # name of the scenario this one edits; None when its base is a folder


@dataclass(frozen=True, eq=False)
class System:
    """A validated power and gas system. Engines read it and never change it.

    Component tables are indexed by name; time series are indexed by UTC timestamps (hourly) or
    UTC days (gas demand). Units are in the column names.
    """

    settings: Settings
    generators: pd.DataFrame
    storage: pd.DataFrame
    interconnectors: pd.DataFrame
    hydro_inflows: pd.DataFrame
    gas_entries: pd.DataFrame
    gas_contracts: pd.DataFrame
    gas_storage: pd.DataFrame
    # The optional gas network (empty frames when the folder has no gas_nodes.csv).
    gas_nodes: pd.DataFrame
    gas_pipelines: pd.DataFrame
    # Operating reserve requirements by zone (MW up and down); empty when the system has none.
    reserves: pd.DataFrame
    demand: pd.DataFrame
    profiles: pd.DataFrame
    market_prices: pd.DataFrame
    gas_demand: pd.DataFrame
    outages: pd.DataFrame
    sources: pd.DataFrame
    scenario: ScenarioInfo | None = None
    origin: str = ""
    input_hashes: dict[str, str] = field(default_factory=dict)
    # What the system was built from; variants edit it and are validated like files.
    _raw: RawSystem | None = field(default=None, repr=False)

    def variant(self, overlay: Mapping[str, Any]) -> System:
        """This system with a scenario overlay applied in memory (see `system.variant`)."""
        from powerpact.system.variant import variant

        return variant(self, overlay)

    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario else self.settings.name

    @property
    def snapshots(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.demand.index)

    @property
    def n_hours(self) -> int:
        return len(self.demand.index)

    @property
    def year(self) -> int:
        return self.settings.year or int(self.snapshots[0].year)

    @property
    def days(self) -> pd.DatetimeIndex:
        """UTC days of the horizon, the time step of the gas balance."""
        return pd.DatetimeIndex(self.snapshots.floor("D").unique())

    @property
    def day_of_hour(self) -> np.ndarray:
        """Position in `days` of each hour."""
        return self.days.get_indexer(self.snapshots.floor("D"))

    @property
    def has_gas_network(self) -> bool:
        return not self.gas_nodes.empty

    @property
    def gas_zones(self) -> list[str]:
        """Zones with a gas system of their own: named by a gas entry, gas storage, a network node
        or non-power gas demand. When no gas table names a zone, every zone (one system-wide gas
        fuel). In a region where only some zones carry gas tables, the others' plants buy gas at
        the fuel price, outside the gas balance."""
        named = (
            set(self.gas_entries["zone"])
            | set(self.gas_storage["zone"])
            | set(self.gas_nodes["zone"]) - {""}
            | set(self.gas_demand.columns[self.gas_demand.sum() > 0])
        )
        zones = list(self.settings.zones)
        return [z for z in zones if z in named] if named else zones

    @property
    def gas_generators(self) -> pd.Index:
        """Generators burning the gas fuel in a gas zone: the plants the gas system feeds."""
        gens = self.generators
        feeds = (gens["fuel"] == self.settings.gas.fuel) & gens["zone"].isin(self.gas_zones)
        return gens.index[feeds]

    @property
    def focus_zone(self) -> str:
        """The zone whose own figures the verdict reports (settings.focus_zone)."""
        zones = self.settings.zones
        return self.settings.focus_zone or ("RS" if "RS" in zones else zones[0])

    @property
    def path_legs(self) -> dict[str, tuple[Leg, ...]]:
        """The interconnectors each transmission path crosses (validated when built)."""
        return path_legs(self.settings, self.interconnectors, self.origin)

    @property
    def reservoir_generators(self) -> pd.Index:
        return pd.Index(self.hydro_inflows.index)

    def in_service(self, table: str, times: pd.DatetimeIndex | None = None) -> pd.DataFrame:
        """1.0 where a component of `table` is in service, 0.0 during a scenario outage."""
        times = self.snapshots if times is None else times
        names = getattr(self, table).index
        frame = pd.DataFrame(1.0, index=times, columns=names)
        for outage in self.outages[self.outages["table"] == table].itertuples():
            frame.loc[(times >= outage.start) & (times < outage.end), outage.component] = 0.0
        return frame

    def available_mw(self) -> pd.DataFrame:
        """Hourly output each generator could give: capacity × profile × in service."""
        gens = self.generators
        available = pd.DataFrame(
            np.broadcast_to(gens["capacity_mw"].to_numpy(), (self.n_hours, len(gens))).copy(),
            index=self.snapshots,
            columns=gens.index,
        )
        with_profile = gens.index[gens["profile"] != ""]
        if len(with_profile):
            shapes = self.profiles[gens.loc[with_profile, "profile"]].to_numpy()
            available[with_profile] = available[with_profile].to_numpy() * shapes
        return available * self.in_service("generators")

    def market_import_availability(self) -> pd.Series:
        return pd.Series(
            {name: m.import_availability for name, m in self.settings.markets.items()}, dtype=float
        )
