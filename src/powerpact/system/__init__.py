"""Input schema, loading, validation and scenario overlays."""

from powerpact.system.errors import InputError
from powerpact.system.load import (
    DEFAULT_SYSTEM,
    embedded_scenarios,
    embedded_systems,
    load,
    load_scenario,
    load_system,
)
from powerpact.system.model import ScenarioInfo, System

__all__ = [
    "DEFAULT_SYSTEM",
    "InputError",
    "ScenarioInfo",
    "System",
    "embedded_scenarios",
    "embedded_systems",
    "load",
    "load_scenario",
    "load_system",
]
