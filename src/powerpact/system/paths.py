"""Transmission paths: capacity rights over a chain of interconnectors.

A path (system.yaml or a scenario's `settings.paths`) names the zones a contracted delivery
crosses, e.g. `zones: [AZ, RO, RS]` with `capacity_mw: 500`: Serbia's right on the Black Sea cable
and on the Romania–Serbia border. As PLEXOS and PyPSA users model a physical transmission right,
the right is taken out of each leg's capacity in the direction of travel and only the path may
use it; whatever the path carries counts against both legs, so no leg ever carries more than its
capacity, and a path of 0 MW is the same system as no path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powerpact.system.errors import InputError
from powerpact.system.settings import Settings


@dataclass(frozen=True)
class Leg:
    link: str  # interconnector name
    forward: bool  # True when the path crosses it from from_zone to to_zone


def path_legs(settings: Settings, links: pd.DataFrame, where: str) -> dict[str, tuple[Leg, ...]]:
    """The interconnector crossed between each pair of consecutive zones of every path.

    `where` names the settings file in errors. Each pair must be joined by exactly one
    interconnector, whose capacity in the direction of travel holds the path's right.
    """
    legs: dict[str, tuple[Leg, ...]] = {}
    taken: dict[Leg, float] = {}  # MW already reserved by the paths before
    for name, path in settings.paths.items():
        field = f"paths.{name}.zones"
        unknown = [z for z in path.zones if z not in settings.zones]
        if unknown:
            raise InputError(where, f"{unknown[0]!r} is not a zone", field)
        if len(set(path.zones)) < len(path.zones):
            raise InputError(where, "a path visits each zone once", field)
        found = []
        for origin, destination in zip(path.zones, path.zones[1:], strict=False):
            starts, ends = links["from_zone"], links["to_zone"]
            forward = links.index[(starts == origin) & (ends == destination)]
            backward = links.index[(starts == destination) & (ends == origin)]
            joining = [Leg(str(n), True) for n in forward] + [Leg(str(n), False) for n in backward]
            if len(joining) != 1:
                count = "no interconnector" if not joining else f"{len(joining)} interconnectors"
                raise InputError(where, f"{count} between {origin} and {destination}", field)
            leg = joining[0]
            column = "capacity_mw" if leg.forward else "capacity_reverse_mw"
            capacity = float(links.at[leg.link, column]) - taken.get(leg, 0.0)
            if path.capacity_mw > capacity:
                raise InputError(
                    where,
                    f"{path.capacity_mw:g} MW is more than interconnector {leg.link!r} has left "
                    f"for paths from {origin} to {destination} ({capacity:g} MW)",
                    f"paths.{name}.capacity_mw",
                )
            taken[leg] = taken.get(leg, 0.0) + path.capacity_mw
            found.append(leg)
        legs[name] = tuple(found)
    return legs


def reserved_mw(
    settings: Settings, links: pd.DataFrame, legs: dict[str, tuple[Leg, ...]]
) -> tuple[np.ndarray, np.ndarray]:
    """MW of each interconnector reserved for paths, in its forward and its reverse direction."""
    forward = pd.Series(0.0, index=links.index)
    reverse = pd.Series(0.0, index=links.index)
    for name, path_legs_ in legs.items():
        for leg in path_legs_:
            (forward if leg.forward else reverse)[leg.link] += settings.paths[name].capacity_mw
    return forward.to_numpy(), reverse.to_numpy()


def leg_matrix(links: pd.DataFrame, legs: dict[str, tuple[Leg, ...]]) -> np.ndarray:
    """paths × interconnectors: +1 where a path crosses a link forward, −1 in reverse."""
    matrix = np.zeros((len(legs), len(links)))
    for row, path_legs_ in enumerate(legs.values()):
        for leg in path_legs_:
            matrix[row, links.index.get_loc(leg.link)] = 1.0 if leg.forward else -1.0
    return matrix
