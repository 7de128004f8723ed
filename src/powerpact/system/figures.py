"""Headline figures as typed records: each engine's JSON keys are the fields of one class.

A result's `headline()` is `figures().to_dict()`, so a key is defined once, as a field name, and
everything that reads a figure by name (the report's metric table, the terminal tables) can be
checked against `names()` when it is defined instead of printing "–" after a rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

_OMIT_IF_NONE = "omit_if_none"


def optional() -> Any:
    """A field that only some runs compute (Monte Carlo errors, price-risk quantiles): None, and
    then left out of `to_dict()`, so a run that does not compute it prints no key for it."""
    return field(default=None, metadata={_OMIT_IF_NONE: True})


@dataclass(frozen=True)
class Figures:
    """Base of every headline record."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping in field order; `optional()` fields that are None are left out."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if not (f.metadata.get(_OMIT_IF_NONE) and getattr(self, f.name) is None)
        }

    @classmethod
    def names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))
