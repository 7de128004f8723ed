"""What produced a sweep's numbers: package version, the base's input hashes, seeds, spec."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from typing import Any

from powerpact import __version__
from powerpact.studies.sweep.spec import SweepSpec


def sweep_provenance(spec: SweepSpec) -> dict[str, Any]:
    """Enough to reproduce the sweep: each point's own seed is in its record (`seed`), drawn
    from the spec seed by `point_seed`."""
    import powerpact

    base = powerpact.load(spec.base)
    return {
        "powerpact_version": __version__,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        "written_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "spec_name": spec.name,
        "spec_digest": spec.digest(),
        "seed": spec.seed,
        "point_seeds": "SeedSequence(seed, spawn_key=(point,)), in each record's 'seed' column",
        "base": spec.base,
        "input_hashes": dict(base.input_hashes),
    }
