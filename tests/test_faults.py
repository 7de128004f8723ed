"""Faults injected into runs: kills, concurrent runs, unwritable folders, rogue schedulers."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from powerpact import outputs_guard
from powerpact.outputs_guard import MANIFEST, file_hash, replace_outputs
from powerpact.studies.sweep import executors
from powerpact.studies.sweep.run import run_sweep
from powerpact.studies.sweep.spec import load_spec
from powerpact.system import InputError

TINY = Path(__file__).parent / "data" / "tiny"
QUICK = ("--hours", "48", "--samples", "10")


def assess_command(out: Path, seed: int) -> list[str]:
    powerpact = [sys.executable, "-m", "powerpact"]
    return [
        *powerpact,
        "assess",
        "--system",
        str(TINY),
        *QUICK,
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]


def assert_complete(out: Path) -> dict:
    """Every file the manifest lists is there as written, and results.json names the tables."""
    manifest = json.loads((out / MANIFEST).read_text())
    for relative, digest in manifest["files"].items():
        assert file_hash(out / relative) == digest, relative
    results = json.loads((out / "results.json").read_text())
    tables = {f for f in manifest["files"] if f.startswith("tables/")}
    assert set(results["tables"]) == tables
    assert "report.html" in manifest["files"]
    return results


# --- killed and concurrent runs ---------------------------------------------------------------


def test_concurrent_runs_into_one_folder_end_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(assess_command(out, seed), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for seed in (1, 2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()
        assert b"Traceback" not in stderr
    results = assert_complete(out)
    assert results["provenance"]["seed"] in (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_run_killed_anywhere_leaves_a_complete_output_and_the_users_files(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    subprocess.run(assess_command(out, 1), check=True, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    (out / "notes.txt").write_text("mine")
    draw = random.Random(18)
    for attempt in range(3):
        run = subprocess.Popen(
            assess_command(out, 10 + attempt), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # From start-up to the last file: the kill lands in loading, computing or writing.
        time.sleep(draw.uniform(0.3, 1.1) * duration)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert_complete(out)
        assert (out / "notes.txt").read_text() == "mine"
    # The next run into the folder clears what a killed one left beside it.
    replace_outputs(out, "assess", lambda folder: (folder / "results.json").write_text("{}"))
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_run_waits_for_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from powerpact.outputs_guard import "
            "locked\nwith locked(Path(sys.argv[1])):\n print('locked', flush=True); "
            "time.sleep(1.5)",
            str(out),
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    started = time.monotonic()
    replace_outputs(out, "assess", lambda folder: (folder / "results.json").write_text("1"))
    assert time.monotonic() - started > 0.5  # it waited for the holder
    holder.wait(timeout=10)


# --- unwritable places ------------------------------------------------------------------------


def test_an_out_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    # Tests run as root, and root ignores permission bits: a parent that is a file stands in
    # for a read-only one (both fail in mkdir), and os.access is patched below.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "powerpact",
            "assess",
            "--system",
            str(TINY),
            "--out",
            blocker / "x",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert str(blocker) in result.stderr and "not a folder" in result.stderr


def test_data_copy_into_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "powerpact", "data", "copy", "serbia-2025", str(blocker / "mine")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot write: Not a directory" in result.stderr


def test_a_read_only_parent_and_a_failing_write_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(outputs_guard.os, "access", lambda path, mode: False)
        with pytest.raises(InputError, match=f"{tmp_path}.* is not writable"):
            replace_outputs(tmp_path / "out", "assess", lambda folder: None)

    def full_disk(folder: Path) -> None:
        raise OSError(28, "No space left on device", str(folder / "report.html"))

    with pytest.raises(InputError, match=r"report\.html: cannot write: No space left"):
        replace_outputs(tmp_path / "out", "assess", full_disk)
    assert not (tmp_path / ".out.partial").exists()


# --- schedulers that are not ------------------------------------------------------------------


@pytest.fixture
def rogue_server() -> Iterator[Callable[[bytes | None], str]]:
    """`serve(reply)`: a loopback server that accepts and sends `reply` (None: nothing),
    holding each connection open; its address."""
    servers: list[socket.socket] = []
    stop = threading.Event()

    def serve(reply: bytes | None) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        server.settimeout(0.2)
        servers.append(server)

        def loop() -> None:
            held = []
            while not stop.is_set():
                try:
                    connection, _ = server.accept()
                except TimeoutError:
                    continue
                held.append(connection)
                if reply is not None:
                    connection.sendall(reply)
            for connection in held:
                connection.close()

        threading.Thread(target=loop, daemon=True).start()
        return f"tcp://127.0.0.1:{server.getsockname()[1]}"

    yield serve
    stop.set()
    time.sleep(0.3)
    for server in servers:
        server.close()


@pytest.mark.parametrize(
    "reply",
    [b"HTTP/1.1 400 Bad Request\r\n\r\n", struct.pack("Q", 3 << 60), struct.pack("Q", 40) * 6],
    ids=["http", "exbibyte-frame", "garbage-frames"],
)
def test_a_server_that_speaks_no_dask_is_refused_at_once(
    rogue_server: Callable[[bytes | None], str], reply: bytes
) -> None:
    address = rogue_server(reply)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"not with the Dask protocol|not a Dask scheduler"):
        executors.connect(address)
    assert time.monotonic() - started < 5


def test_a_silent_server_times_out(
    rogue_server: Callable[[bytes | None], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT_S", 1.0)
    address = rogue_server(None)
    started = time.monotonic()
    with pytest.raises(InputError, match="did not greet as a Dask scheduler within 1 s"):
        executors.connect(address)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("address", ["tcp://host:port", "nosuch://host:1", "tcp://:8786"])
def test_an_address_that_is_not_one_is_one_line(address: str) -> None:
    with pytest.raises(InputError, match="--scheduler"):
        executors.connect(address)


def sweep_spec(tmp_path: Path, engines: dict, values: int = 2) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "name": "faults",
                "base": str(TINY),
                "parameters": {
                    "d": {"target": "demand.scale", "range": [1.0, 1.3], "steps": values}
                },
                "engines": engines,
            }
        )
    )
    return spec


def test_a_failed_scheduler_start_leaves_nothing_to_block_a_retry(
    tmp_path: Path, rogue_server: Callable[[bytes | None], str]
) -> None:
    spec, out = load_spec(sweep_spec(tmp_path, {"overview": {}})), tmp_path / "out"
    with pytest.raises(InputError, match="not with the Dask protocol"):
        run_sweep(spec, out, scheduler=rogue_server(struct.pack("Q", 1 << 40)))
    assert not out.exists()
    assert run_sweep(spec, out).ok == 2  # not "already holds a sweep"


# --- workers of a killed sweep ----------------------------------------------------------------


def test_workers_end_when_the_sweep_is_killed(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    # Points long enough that both workers are busy when the sweep dies.
    spec = sweep_spec(tmp_path, {"adequacy.monte_carlo": {"samples": 20_000}}, values=40)
    out = tmp_path / "out"
    sweep = subprocess.Popen(
        [sys.executable, "-m", "powerpact", "sweep", spec, "--out", out, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(sweep.pid)
    deadline = time.monotonic() + 60
    workers: list = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = [
            child
            for child in parent.children(recursive=True)
            if "spawn_main" in " ".join(child.cmdline())
        ]
    assert len(workers) == 2
    children = parent.children(recursive=True)
    os.kill(sweep.pid, signal.SIGKILL)
    sweep.wait()

    def running(process: psutil.Process) -> bool:
        # An orphan that died is a zombie until the container's init reaps it, if ever.
        try:
            return process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 5
    while any(map(running, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, children))
