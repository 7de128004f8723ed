"""Loading systems and scenarios from folders, YAML files or the embedded data by name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from powerpact.system.build import build_system
from powerpact.system.errors import InputError
from powerpact.system.model import ScenarioInfo, System
from powerpact.system.raw import RawSystem, exists, read_folder, read_yaml
from powerpact.system.scenario import apply_overlay
from powerpact.system.settings import ScenarioSpec, parse_scenario

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SYSTEM = "see-2025"


def embedded_systems() -> list[str]:
    return sorted(p.parent.name for p in DATA_DIR.glob("*/system.yaml"))


def embedded_scenarios(system: str = DEFAULT_SYSTEM) -> list[str]:
    return sorted(p.stem for p in (DATA_DIR / system / "scenarios").glob("*.yaml"))


def embedded_path(name: str) -> Path | None:
    """Folder of an embedded system, or file of an embedded scenario, called `name`.

    Several systems may carry scenarios of the same name (the partnership scenarios exist on the
    one-zone and the regional system): a bare name is the default system's scenario, then the first
    other system's in sorted order; `SYSTEM/SCENARIO` names one system's scenario exactly."""
    if (DATA_DIR / name / "system.yaml").is_file():
        return DATA_DIR / name
    system, _, scenario = name.rpartition("/")
    if system:
        path = DATA_DIR / system / "scenarios" / f"{scenario}.yaml"
        return path if system in embedded_systems() and path.is_file() else None
    others = [s for s in embedded_systems() if s != DEFAULT_SYSTEM]
    for candidate in [DEFAULT_SYSTEM, *others]:
        path = DATA_DIR / candidate / "scenarios" / f"{name}.yaml"
        if path.is_file():
            return path
    return None


def _resolve(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if exists(path):
        return path
    found = embedded_path(str(name_or_path))
    if found is None:
        raise InputError(
            str(name_or_path),
            "no such folder, scenario file, or embedded system or "
            "scenario (see 'powerpact data list')",
        )
    return found


def _base_path(path: Path, spec: ScenarioSpec) -> Path:
    """The folder or scenario file that the scenario at `path` edits."""
    # normpath: error messages should name 'system/x.csv', not 'system/scenarios/../x.csv'
    base_path = Path(os.path.normpath(path.parent / spec.base))
    if exists(base_path):
        return base_path
    found = embedded_path(spec.base)
    if found is None:
        raise InputError(
            str(path),
            f"base {spec.base!r} is neither a folder nor an embedded system",
            field="base",
        )
    return found


def input_paths(name_or_path: str | Path) -> list[Path]:
    """Every file and folder that loading `name_or_path` reads, resolved: the system folder and,
    for a scenario, its YAML, the scenario files it is based on and their demand profile files.
    Outputs must never be written over any of them."""
    path = _resolve(name_or_path)
    found: list[Path] = []
    while path.is_file() and path.resolve() not in found:  # a base loop is load()'s to report
        found.append(path.resolve())
        spec = parse_scenario(read_yaml(path), str(path))
        if spec.demand.add_profile_csv:
            found.append((path.parent / spec.demand.add_profile_csv).resolve())
        path = _base_path(path, spec)
    return [*found, path.resolve()]


def _scenario_raw(path: Path, seen: tuple[Path, ...] = ()) -> tuple[RawSystem, ScenarioInfo]:
    if path.resolve() in seen:
        raise InputError(str(path), "scenario is its own base", field="base")
    spec = parse_scenario(read_yaml(path), str(path))
    base_path = _base_path(path, spec)
    base_name = None
    if base_path.is_file():
        base, base_info = _scenario_raw(base_path, (*seen, path.resolve()))
        base_name = base_info.name
    else:
        base = read_folder(base_path)
    info = ScenarioInfo(spec.name, spec.description, tuple(spec.assumptions), str(path), base_name)
    raw = apply_overlay(base, spec, str(path), path.parent)
    raw.hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return raw, info


def load_system(name_or_path: str | Path = DEFAULT_SYSTEM) -> System:
    """Load and validate a system folder (or an embedded system by name)."""
    path = _resolve(name_or_path)
    if path.is_file():
        raise InputError(str(path), "is a file; a system is a folder with system.yaml")
    return build_system(read_folder(path))


def load_scenario(name_or_path: str | Path) -> System:
    """Load a scenario YAML (or an embedded scenario by name) applied to its base system."""
    path = _resolve(name_or_path)
    if path.is_dir():
        raise InputError(str(path), "is a folder; a scenario is a YAML file")
    raw, info = _scenario_raw(path)
    return build_system(raw, scenario=info)


def load(name_or_path: str | Path = DEFAULT_SYSTEM) -> System:
    """A system folder, a scenario file, or an embedded name: whichever it is."""
    path = _resolve(name_or_path)
    return load_system(path) if path.is_dir() else load_scenario(path)
