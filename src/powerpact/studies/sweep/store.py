"""The results folder: one Parquet file per finished point, written atomically as it arrives.

    OUT/.powerpact-manifest.json   marks the folder as a sweep's (see powerpact.outputs_guard)
    OUT/.powerpact.lock     held while a sweep writes: one sweep per folder at a time
    OUT/sweep.json          the spec (with its digest) the results belong to
    OUT/design.parquet      every point's parameter values
    OUT/points/point-NNNNNN.parquet   one row per finished point, ok or failed
    OUT/results.parquet     all points in one table, written when a run completes

A point's file exists only once the point is finished, so the set of files is the set of points
done: an interrupted sweep loses nothing, and a resumed one runs only the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from powerpact.io import write_json_atomic, write_parquet_atomic
from powerpact.outputs_guard import check_claimable, claim
from powerpact.studies.sweep.design import design
from powerpact.studies.sweep.spec import SweepSpec
from powerpact.system import InputError

POINTS = "points"


def _point_path(out: Path, index: int) -> Path:
    return out / POINTS / f"point-{index:06d}.parquet"


def finished_points(out: Path) -> set[int]:
    return {int(p.stem.removeprefix("point-")) for p in (out / POINTS).glob("point-*.parquet")}


def check_folder(out: Path, spec: SweepSpec, resume: bool) -> bool:
    """Refuse a folder this sweep may not write; True when it holds this sweep to resume."""
    manifest = out / "sweep.json"
    if not manifest.is_file():
        # Missing, empty, or a sweep killed before its spec was written: ours to start.
        check_claimable(out, "sweep")
        return False
    if not resume:
        raise InputError(
            str(out), "already holds a sweep; pass --resume to finish it, or choose a new --out"
        )
    recorded = json.loads(manifest.read_text(encoding="utf-8")).get("digest")
    if recorded != spec.digest():
        raise InputError(
            str(manifest), "was written for a different spec; resume with the same spec"
        )
    return True


def prepare(out: Path, spec: SweepSpec, resume: bool) -> set[int]:
    """Start the folder, or check it belongs to this spec when resuming; the points done.
    Call it holding the folder's lock (`outputs_guard.locked`)."""
    if check_folder(out, spec, resume):
        return finished_points(out)
    claim(out, "sweep")
    write_parquet_atomic(out / "design.parquet", design(spec))
    write_json_atomic(
        out / "sweep.json", {"digest": spec.digest(), "spec": spec.model_dump(mode="json")}
    )
    return set()


def write_point(out: Path, record: dict[str, Any]) -> None:
    write_parquet_atomic(_point_path(out, record["point"]), pd.DataFrame([record]))


def read_results(out: str | Path) -> pd.DataFrame:
    """Every finished point, one row each, indexed and sorted by point number."""
    files = sorted((Path(out) / POINTS).glob("point-*.parquet"))
    if not files:
        return pd.DataFrame(index=pd.Index([], name="point"))
    # Files are read one by one: failed points lack the output columns, so their schemas differ.
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return frame.set_index("point").sort_index()


def write_results(out: Path, results: pd.DataFrame) -> Path:
    path = out / "results.parquet"
    write_parquet_atomic(path, results)
    return path
