"""Exposure to volatility: the distribution of a focus zone's annual energy bill over climate
years and correlated fuel and carbon price paths, per option. See docs/volatility.md."""

from powerpact.studies.volatility.design import OptionSpec
from powerpact.studies.volatility.options import DEFAULT_OPTIONS, option_spec
from powerpact.studies.volatility.study import (
    VolatilityFigures,
    VolatilityOptions,
    VolatilityResult,
    full_bills,
    full_bills_at,
    of_dispatch,
    of_system,
    volatility,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "OptionSpec",
    "VolatilityFigures",
    "VolatilityOptions",
    "VolatilityResult",
    "full_bills",
    "full_bills_at",
    "of_dispatch",
    "of_system",
    "option_spec",
    "volatility",
]
