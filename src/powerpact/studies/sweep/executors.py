"""Starting a sweep's workers so that they fail fast and never outlive the sweep.

- A Dask scheduler address is checked before anything is written: it must parse, answer within
  `SCHEDULER_TIMEOUT_S` and speak the Dask protocol. The check reads the scheduler's greeting
  itself, with a bounded size, because Dask's client trusts the length a peer announces (an
  HTTP server's first bytes read as a frame of exbibytes) and waits without end on a peer that
  accepts the connection and says nothing.
- Local worker processes ask Linux to kill them when the sweep's process dies (even by
  SIGKILL), and check once that it has not died already.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import struct
import sys
import time
from typing import TYPE_CHECKING

from powerpact.limits import SCHEDULER_TIMEOUT_S
from powerpact.system import InputError

if TYPE_CHECKING:
    from distributed import Client

# A scheduler's greeting is a small mapping (compression, Python and pickle versions).
MAX_GREETING_BYTES = 1 << 16
_PR_SET_PDEATHSIG = 1


def start_worker(parent: int) -> None:
    """Initializer of a local worker process; `parent` is the sweep's process id."""
    # Ctrl-C reaches the whole process group; only the parent handles it, by stopping workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died before prctl took effect; then no signal will come.
    if os.getppid() != parent:
        os._exit(1)


def _host_port(address: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a scheduler address; one line if it is not an address."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        host, port = parse_host_port(location, default_port=8786)
    except (ValueError, TypeError) as exc:
        raise InputError(
            "--scheduler",
            f"{address!r} is not a Dask scheduler address, e.g. tcp://host:8786 ({exc})",
        ) from None
    if not host:
        raise InputError("--scheduler", f"{address!r} names no host, e.g. tcp://host:8786")
    return scheme, host, int(port)


def _receive(sock: socket.socket, size: int, deadline: float, address: str) -> bytes:
    data = bytearray()
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(
                address,
                f"accepts connections but did not greet as a Dask scheduler within "
                f"{SCHEDULER_TIMEOUT_S:g} s",
            )
        sock.settimeout(left)
        try:
            chunk = sock.recv(size - len(data))
        except TimeoutError:
            continue
        except OSError as exc:
            raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
        if not chunk:
            raise InputError(address, "closed the connection: not a Dask scheduler")
        data += chunk
    return bytes(data)


def _check_greeting(host: str, port: int, deadline: float, address: str) -> None:
    """Read the scheduler's handshake message, refusing anything that is not one."""
    from distributed.protocol.core import loads
    from distributed.protocol.utils import unpack_frames

    not_dask = InputError(address, "answers, but not with the Dask protocol")
    try:
        sock = socket.create_connection((host, port), timeout=max(deadline - time.monotonic(), 0))
    except OSError as exc:
        raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
    with sock:
        (size,) = struct.unpack("Q", _receive(sock, 8, deadline, address))
        if not 8 <= size <= MAX_GREETING_BYTES:
            raise not_dask
        body = _receive(sock, size, deadline, address)
        try:
            greeting = loads(unpack_frames(body), deserialize=False)
        except Exception:  # whatever the bytes make of the decoder: not a scheduler
            raise not_dask from None
    if not isinstance(greeting, dict) or "compression" not in greeting:
        raise not_dask


def connect(address: str) -> Client:
    """A client of the scheduler at `address`, within `SCHEDULER_TIMEOUT_S` in all."""
    from distributed import Client

    scheme, host, port = _host_port(address)
    deadline = time.monotonic() + SCHEDULER_TIMEOUT_S
    if scheme == "tcp":  # other transports (tls, ws, ucx) wrap the bytes; Dask checks those
        _check_greeting(host, port, deadline, address)
    try:
        return Client(address, timeout=max(deadline - time.monotonic(), 1.0))
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
