"""Upper bounds on the work one command may be asked to do, so that no typo runs for days.

The bounds are far above any useful study yet small enough that a 2-core machine finishes them in
reasonable time: the Monte Carlo of the Serbian system takes about 5 ms per sampled year and
scenario on one core, so `MAX_SAMPLES` years is about 8 minutes per scenario.
"""

from __future__ import annotations

from powerpact.system.errors import InputError

# Monte Carlo years per scenario (assess --samples, adequacy --samples, a sweep engine's samples);
# the appraisal's price paths have the same bound (economics.options.RiskOptions.paths).
MAX_SAMPLES = 100_000
# Points of one sweep: each writes a file and runs every engine of the spec.
MAX_SWEEP_POINTS = 100_000
# Seconds to reach a Dask scheduler and complete its handshake, whatever answers at the address.
SCHEDULER_TIMEOUT_S = 15.0


def check_samples(samples: int, where: str) -> None:
    """One line naming `where` (a flag or spec key) when `samples` is outside 1..MAX_SAMPLES."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise InputError(
            where,
            f"must be from 1 to {MAX_SAMPLES:,} Monte Carlo samples, got {samples:,}",
        )


def check_points(points: int, where: str) -> None:
    if points > MAX_SWEEP_POINTS:
        raise InputError(
            where,
            f"has {points:,} points; a sweep may have at most {MAX_SWEEP_POINTS:,} "
            "(use fewer values or steps, or a Latin hypercube)",
        )
