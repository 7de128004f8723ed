"""One point of a sweep: a pure function of (spec, point index), run the same way everywhere."""

from __future__ import annotations

import contextlib
import copy
import io
import time
from collections.abc import Mapping
from typing import Any

import powerpact
from powerpact.studies.sweep.design import point_seed, point_values
from powerpact.studies.sweep.engines import evaluate
from powerpact.studies.sweep.spec import RESERVED, SweepSpec
from powerpact.system import InputError, System, variant
from powerpact.system.tables import TABLES


def _branch(tree: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    for key in keys:
        tree = tree.setdefault(key, {})
    return tree


def _set_row(overlay: dict[str, Any], table: str, row: str, column: str, value: float) -> None:
    """Edit the row where it is defined: among the overlay's added rows, else in the base."""
    key = TABLES[table].key
    for added in overlay.get("add", {}).get(table, []):
        if added.get(key) == row:
            added[column] = value
            return
    _branch(overlay, ["modify", table, row])[column] = value


def _apply(overlay: dict[str, Any], target: str, value: float, where: str) -> None:
    parts = target.split(".")
    if parts[0] == "settings":
        _branch(overlay, parts[:-1])[parts[-1]] = value
    elif parts[0] == "demand":
        demand = _branch(overlay, ["demand"])
        if parts[1:] == ["scale"]:
            demand["scale"] = value
        elif parts[1] == "scale" and not isinstance(demand.get("scale", {}), dict):
            raise InputError(where, "the overlay scales all demand; vary demand.scale instead")
        else:
            _branch(demand, [parts[1]])[parts[2]] = value
    elif parts[0] == "scale":
        _branch(overlay, parts[:-1])[parts[-1]] = value
    else:
        # check_target has made sure a table target is table.row.column.
        table, row, column = parts
        _set_row(overlay, table, row, column, value)


def point_scenario(spec: SweepSpec, index: int) -> dict[str, Any]:
    """The scenario overlay of point `index`: the spec's overlay with its parameter values."""
    overlay = copy.deepcopy(spec.overlay)
    for name, value in point_values(spec, index).items():
        _apply(overlay, spec.parameters[name].target, value, f"{spec.name}, parameters.{name}")
    return {"name": f"{spec.name}-{index}", "base": spec.base, **overlay}


def point_system(spec: SweepSpec, index: int) -> System:
    """Validated System of point `index`: its overlay applied to the base, checked exactly as a
    scenario file would be."""
    overlay = {k: v for k, v in point_scenario(spec, index).items() if k != "base"}
    return variant(powerpact.load(spec.base), overlay, origin=f"sweep {spec.name}, point {index}")


def overlay_scenario(
    name: str, base: str, edits: Mapping[str, float], overlay: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A scenario overlay on `base` setting each target of `edits` (a sweep parameter target,
    see `powerpact.studies.sweep.spec`) to its value, on top of `overlay`."""
    edited = copy.deepcopy(dict(overlay or {}))
    for target, value in edits.items():
        _apply(edited, target, value, f"{name}, {target}")
    return {"name": name, "base": base, **edited}


def load_scenario(scenario: Mapping[str, Any]) -> System:
    """Validated System of a scenario overlay on its base, made in memory and checked exactly as
    a scenario file would be."""
    overlay = {k: v for k, v in scenario.items() if k != "base"}
    return variant(powerpact.load(scenario["base"]), overlay, origin=str(scenario["name"]))


def run_point(spec: SweepSpec, index: int) -> dict[str, Any]:
    """The point's record: parameters, seed, outputs, and status 'ok' or 'failed' with its error.

    Any error of the point is recorded rather than raised, so one bad point never stops a sweep.
    """
    seed = point_seed(spec.seed, index)
    record: dict[str, Any] = {"point": index, "seed": seed, **point_values(spec, index)}
    start = time.perf_counter()
    try:
        # Engines' own progress bars and solver logs would garble the sweep's progress bar (and
        # interleave from many workers); with stderr not a terminal they stay quiet.
        with contextlib.redirect_stderr(io.StringIO()):
            system = point_system(spec, index)
            outputs = evaluate(spec.engines, system, seed, spec.outputs, {*record, *RESERVED})
        record.update(outputs, status="ok", error="")
    except Exception as exc:
        record.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    record["elapsed_s"] = time.perf_counter() - start
    return record
