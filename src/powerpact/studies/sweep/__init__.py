"""Scenario sweeps: many variants of one scenario, run here, in local processes or on a Dask
cluster, each point written as it finishes. See docs/sweep.md."""

from powerpact.studies.sweep.design import design, point_seed
from powerpact.studies.sweep.engines import ENGINES
from powerpact.studies.sweep.point import point_scenario, point_system, run_point
from powerpact.studies.sweep.run import SweepRun, run_sweep
from powerpact.studies.sweep.spec import SweepSpec, load_spec, parse_spec
from powerpact.studies.sweep.store import read_results

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
