"""Writing results without ever leaving a half-written file or touching the inputs."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powerpact.system.errors import InputError


def _default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    """JSON text; infinities and NaN become null so that every reader accepts it."""
    return json.dumps(_finite(data), indent=2, default=_default, allow_nan=False)


def _finite(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    if isinstance(data, float | np.floating) and not np.isfinite(data):
        return None
    return data


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write` on a temporary file beside `path`, then move it into place in one step.

    A file that cannot be written (a full disk, a read-only folder) is one line naming it.
    """
    try:
        _write_atomic(path, write)
    except OSError as exc:
        raise InputError(str(exc.filename or path), f"cannot write: {exc.strerror}") from None


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    # mkstemp makes the file private (0600); a result file gets the user's usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, to_json(data) + "\n")


def write_parquet_atomic(path: Path, frame: pd.DataFrame) -> None:
    write_atomic(path, lambda p: frame.to_parquet(p))
