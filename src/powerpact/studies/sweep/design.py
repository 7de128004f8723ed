"""The points of a sweep: a grid of every combination, or a seeded Latin hypercube.

Both are pure functions of the spec, so any process can rebuild point `i` from the spec alone.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np
import pandas as pd

from powerpact.studies.sweep.spec import Parameter, SweepSpec


def _levels(parameter: Parameter) -> list[float]:
    if parameter.values is not None:
        return list(parameter.values)
    assert parameter.range is not None and parameter.steps is not None
    return [float(v) for v in np.linspace(*parameter.range, parameter.steps)]


def _grid(spec: SweepSpec) -> pd.DataFrame:
    levels = [_levels(p) for p in spec.parameters.values()]
    return pd.DataFrame(list(itertools.product(*levels)), columns=list(spec.parameters))


def _from_unit(parameter: Parameter, unit: np.ndarray) -> np.ndarray:
    """Map [0, 1) draws onto a range, or onto a list of values in equal strata."""
    if parameter.range is not None:
        low, high = parameter.range
        return low + unit * (high - low)
    assert parameter.values is not None
    choices = np.asarray(parameter.values, dtype=float)
    return choices[np.minimum((unit * len(choices)).astype(int), len(choices) - 1)]


def _latin_hypercube(spec: SweepSpec) -> pd.DataFrame:
    from scipy.stats import qmc  # a heavy import, needed only here

    assert spec.samples is not None
    # The design has its own stream of the spec seed (spawn key 'design'), apart from the
    # per-point streams, so adding a point never shifts another's numbers.
    stream = np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(2**32,)))
    unit = qmc.LatinHypercube(d=len(spec.parameters), seed=stream).random(spec.samples)
    return pd.DataFrame(
        {
            name: _from_unit(parameter, unit[:, column])
            for column, (name, parameter) in enumerate(spec.parameters.items())
        }
    )


@lru_cache(maxsize=8)
def _design_cached(spec_json: str) -> pd.DataFrame:
    spec = SweepSpec.model_validate_json(spec_json)
    frame = _grid(spec) if spec.design == "grid" else _latin_hypercube(spec)
    frame.index.name = "point"
    return frame.astype(float)


def design(spec: SweepSpec) -> pd.DataFrame:
    """One row per point (index = point number), one column per parameter."""
    return _design_cached(spec.model_dump_json()).copy()


def point_values(spec: SweepSpec, index: int) -> dict[str, float]:
    row = _design_cached(spec.model_dump_json()).iloc[index]
    return {name: float(value) for name, value in row.items()}


def point_seed(spec_seed: int, index: int) -> int:
    """The Monte Carlo seed of point `index`: its own SeedSequence stream of the spec seed."""
    state = np.random.SeedSequence(spec_seed, spawn_key=(index,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))  # 63 bits, so that it fits a Parquet int64
