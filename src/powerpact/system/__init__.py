"""Input schema, loading, validation, scenario overlays and in-memory variants."""

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
from powerpact.system.variant import (
    first_hours,
    scaled,
    variant,
    window,
    with_outages,
    with_series,
    without,
    without_outages,
)

__all__ = [
    "DEFAULT_SYSTEM",
    "InputError",
    "ScenarioInfo",
    "System",
    "embedded_scenarios",
    "embedded_systems",
    "first_hours",
    "load",
    "load_scenario",
    "load_system",
    "scaled",
    "variant",
    "window",
    "with_outages",
    "with_series",
    "without",
    "without_outages",
]
