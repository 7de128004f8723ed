"""The operations flags shared by `dispatch` and `adequacy`: reserves, maintenance, heat."""

from __future__ import annotations

from typing import Annotated

import typer

from powerpact.system import InputError, System

ReservesFlag = Annotated[
    str,
    typer.Option(
        help="Operating reserves: system (the system's reserves.csv), default (Serbia's sourced "
        "requirement on zone RS) or off."
    ),
]
MaintenanceFlag = Annotated[
    bool,
    typer.Option(
        "--maintenance",
        help="Planned maintenance placed by the levelised-reserve heuristic (docs/dispatch.md).",
    ),
]
HeatFlag = Annotated[
    bool,
    typer.Option("--heat", help="Heat-led CHPs (Novi Sad, Pančevo; Niš when present at 350 MWe)."),
]


def with_operations(model: System, reserves: str, maintenance: bool, heat: bool) -> System:
    """`model` with the chosen reserve requirement, maintenance schedule and heat-led CHPs."""
    from powerpact.system import without
    from powerpact.system.heat import nis_with_heat, with_heat_led_chp
    from powerpact.system.maintenance import with_maintenance
    from powerpact.system.operations import with_reserves

    if reserves not in ("system", "default", "off"):
        raise InputError("--reserves", f"must be system, default or off, got {reserves!r}")
    if reserves == "default":
        model = with_reserves(model)
    elif reserves == "off" and not model.reserves.empty:
        model = without(model, "reserves", model.reserves.index)
    if heat:
        model = (
            nis_with_heat(model)
            if "nis-ccgt" in model.generators.index
            else (with_heat_led_chp(model))
        )
    return with_maintenance(model) if maintenance else model
