"""Scenario sweeps: many variants of one scenario, run here, in local processes or on a Dask
cluster, each point written as it finishes. See docs/sweep.md."""

from powerpact.sweep.design import design, point_seed
from powerpact.sweep.engines import ENGINES
from powerpact.sweep.point import point_scenario, point_system, run_point
from powerpact.sweep.run import SweepRun, run_sweep
from powerpact.sweep.spec import SweepSpec, load_spec, parse_spec
from powerpact.sweep.store import read_results

__all__ = [
    "ENGINES",
    "SweepRun",
    "SweepSpec",
    "design",
    "load_spec",
    "parse_spec",
    "point_scenario",
    "point_seed",
    "point_system",
    "read_results",
    "run_point",
    "run_sweep",
]
