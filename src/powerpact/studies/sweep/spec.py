"""The sweep specification: a base scenario, the parameters to vary and the engines to run.

A parameter's `target` says which scenario edit it makes (docs/input-format.md, "Scenarios"):

- `settings.<key>[.<key>...]`: a key of system.yaml, e.g. `settings.fuels.gas.price_eur_per_mwh_th`;
- `demand.scale`, `demand.scale.<zone>`, `demand.add_mw.<zone>`;
- `<table>.<row>.<column>`: set a column of a named row (one the spec's `overlay` adds, or one
  of the base), e.g. `generators.nis-ccgt.capacity_mw`, `gas_entries.tap.outage_rate_per_year`;
- `scale.<table>.<row>.<column>`: multiply a numeric column of a named row.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from powerpact.limits import check_points, check_samples
from powerpact.system.errors import InputError
from powerpact.system.load import DATA_DIR, embedded_path
from powerpact.system.raw import read_yaml
from powerpact.system.settings import ScenarioSpec, first_error
from powerpact.system.tables import EDITABLE_TABLES, TABLES

# Columns every point record has; parameter names must not shadow them.
RESERVED = ("point", "seed", "status", "error", "elapsed_s")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Strict):
    target: str = Field(min_length=1)
    values: list[float] | None = Field(default=None, min_length=1)
    range: tuple[float, float] | None = None
    steps: int | None = Field(default=None, ge=2)

    @model_validator(mode="after")
    def _one_source(self) -> Parameter:
        if (self.values is None) == (self.range is None):
            raise ValueError("give either 'values' or 'range'")
        if self.range is not None and not self.range[0] <= self.range[1]:
            raise ValueError(f"range must run from low to high, got {list(self.range)}")
        if self.steps is not None and self.range is None:
            raise ValueError("'steps' goes with 'range'")
        return self


class SweepSpec(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    base: str = Field(min_length=1)
    seed: int = Field(default=0, ge=0)
    design: Literal["grid", "lhs"] = "grid"
    samples: int | None = Field(default=None, ge=1)
    overlay: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Parameter] = Field(min_length=1)
    engines: dict[str, dict[str, Any]] = Field(min_length=1)
    outputs: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _design_needs(self) -> SweepSpec:
        if self.design == "lhs" and self.samples is None:
            raise ValueError("a Latin hypercube ('design: lhs') needs 'samples'")
        if self.design == "grid" and self.samples is not None:
            raise ValueError("'samples' goes with 'design: lhs'; a grid runs every combination")
        if self.design == "grid":
            for name, parameter in self.parameters.items():
                if parameter.range is not None and parameter.steps is None:
                    raise ValueError(f"parameter {name!r}: a grid over a range needs 'steps'")
        return self

    def points(self) -> int:
        """How many points the design has, without building it."""
        if self.samples is not None:
            return self.samples
        return math.prod(
            len(p.values) if p.values is not None else p.steps or 0
            for p in self.parameters.values()
        )

    def digest(self) -> str:
        """Identifies the sweep: a resumed run must have the same spec."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def check_target(target: str, where: str) -> None:
    """Reject a target that names no scenario edit, before any point runs."""
    parts = target.split(".")
    head = parts[0]
    if head == "settings" and len(parts) >= 2:
        return
    if head == "demand" and (
        parts[1:] == ["scale"] or (len(parts) == 3 and parts[1] in ("scale", "add_mw"))
    ):
        return
    if head == "scale":
        parts = parts[1:]
    if len(parts) == 3 and parts[0] in EDITABLE_TABLES:
        table, _, column = parts
        if column not in TABLES[table].columns:
            raise InputError(where, f"table {table!r} has no column {column!r}", field="target")
        return
    raise InputError(
        where,
        f"cannot vary {target!r}; use settings.<key>, demand.scale[.<zone>], "
        f"demand.add_mw.<zone>, [scale.]<table>.<row>.<column> "
        f"(tables: {', '.join(EDITABLE_TABLES)})",
        field="target",
    )


def _resolve_base(base: str, folder: Path, where: str) -> str:
    """An absolute path, or an embedded name, so that any worker process finds the base."""
    local = folder / base
    if local.exists():
        return str(local.resolve())
    if embedded_path(base) is not None:
        return base
    raise InputError(
        where, f"base {base!r} is neither a path beside the spec nor an embedded name", "base"
    )


def _absolute_profile(overlay: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Points are loaded from elsewhere, so a demand profile file must be named absolutely."""
    demand = overlay.get("demand")
    if not isinstance(demand, dict) or not demand.get("add_profile_csv"):
        return overlay
    profile = str((folder / demand["add_profile_csv"]).resolve())
    return {**overlay, "demand": {**demand, "add_profile_csv": profile}}


def parse_spec(data: Any, where: str, folder: Path) -> SweepSpec:
    """Validated spec with its base and files made absolute (relative to `folder`)."""
    if not isinstance(data, dict):
        raise InputError(where, "must be a YAML mapping of keys to values")
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise first_error(where, exc) from None
    for name, parameter in spec.parameters.items():
        if name in RESERVED:
            raise InputError(where, f"{name!r} is a reserved column name", field="parameters")
        check_target(parameter.target, f"{where}, parameters.{name}")
    for key in ("name", "base"):
        if key in spec.overlay:
            raise InputError(where, f"the overlay takes its {key} from the spec", f"overlay.{key}")
    try:
        ScenarioSpec.model_validate({"name": spec.name, **spec.overlay})
    except ValidationError as exc:
        raise first_error(f"{where}, overlay", exc) from None
    check_points(spec.points(), where)
    from powerpact.studies.sweep.engines import check_engine

    for engine, options in spec.engines.items():
        samples = options.get("samples")
        if isinstance(samples, int):
            check_samples(samples, f"{where}, engines.{engine}.samples")
        check_engine(engine, options, f"{where}, engines")
    return spec.model_copy(
        update={
            "base": _resolve_base(spec.base, folder, where),
            "overlay": _absolute_profile(spec.overlay, folder),
        }
    )


def spec_inputs(spec: SweepSpec) -> list[Path]:
    """The files and folders the points read: the base with everything it is based on, and the
    overlay's demand profile (made absolute by `parse_spec`)."""
    from powerpact.system.load import input_paths

    profile = spec.overlay.get("demand", {}).get("add_profile_csv")
    return [*input_paths(spec.base), *([Path(profile)] if profile else [])]


def embedded_sweeps() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*/sweeps/*.yaml"))


def load_spec(name_or_path: str | Path) -> SweepSpec:
    """A sweep spec file, or a shipped one by name (e.g. `nis-size`)."""
    path = Path(name_or_path)
    if not path.exists():
        shipped = sorted(DATA_DIR.glob(f"*/sweeps/{name_or_path}.yaml"))
        if not shipped:
            raise InputError(
                str(name_or_path),
                f"no such file, nor a shipped sweep (shipped: {', '.join(embedded_sweeps())})",
            )
        path = shipped[0]
    return parse_spec(read_yaml(path), str(path), path.parent)
