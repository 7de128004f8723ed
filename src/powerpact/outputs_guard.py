"""Output folders that powerpact owns: it replaces only what it wrote, one run at a time.

A folder powerpact writes holds `.powerpact-manifest.json`: the command that wrote it and every
file it wrote with its SHA-256. That manifest is the folder's claim of ownership:

- an empty or missing folder is taken; a non-empty folder without a manifest is refused;
- a run replaces the files its manifest lists and nothing else: the user's own files in the
  folder are carried into the new output, and a listed file that the user changed is refused;
- `.powerpact.lock` in the folder serialises runs: a run that finds another writing waits for it
  (saying so on stderr). `fcntl.flock` locks die with their process, so a killed run never
  leaves the folder locked.

`replace_outputs` writes a complete new output into a staging folder beside the target and
swaps the two in one step (Linux `renameat2(RENAME_EXCHANGE)`), so at every instant the folder
holds the previous complete output or the new complete one, whatever kills the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from powerpact.io import write_json_atomic
from powerpact.system.errors import InputError

MANIFEST = ".powerpact-manifest.json"
LOCK = ".powerpact.lock"
# Longest output name made from a scenario name: well inside every file system's 255 bytes.
MAX_NAME = 100


# --- names ------------------------------------------------------------------------------------


def _clean(name: str) -> str:
    text = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    # Leading dots would make '.', '..' or a hidden entry; an empty name would be the folder.
    return text.lstrip(".")[:MAX_NAME] or "scenario"


def safe_names(names: Sequence[str]) -> dict[str, str]:
    """A file-system name for each of `names`: ASCII letters, digits, '-', '_', '.', never
    empty, hidden, '.' or '..', and unique even on case-insensitive file systems ('x/y' and
    'x_y' become 'x_y' and 'x_y-2', in the order given)."""
    taken: set[str] = set()
    chosen = {}
    for name in names:
        base = _clean(name)
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        chosen[name] = candidate
    return chosen


# --- where outputs may go ---------------------------------------------------------------------


def check_inputs_outside(out: Path, inputs: Iterable[Path], flag: str = "--out") -> None:
    """Refuse `out` when an input file or folder is, or lies inside, it, or `out` lies inside an
    input folder: writing there could change or delete what the run reads."""
    target = out.resolve()
    for item in inputs:
        path = item.resolve()
        inside_out = path == target or target in path.parents
        if inside_out or (path.is_dir() and path in target.parents):
            raise InputError(
                str(out),
                f"overlaps the input {'folder' if path.is_dir() else 'file'} {path}; choose "
                f"another {flag} (inputs are never written to)",
            )


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_writable(out: Path) -> None:
    """Refuse at once an `out` that can never be created, rather than after a long run."""
    ancestor = _existing_ancestor(out.resolve().parent)
    if not ancestor.is_dir():
        raise InputError(str(out), f"cannot be created: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(str(out), f"cannot be created: the folder {ancestor} is not writable")


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None when it has none; an unreadable one is refused."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest.get("files"), dict) or not manifest.get("command"):
            raise ValueError("no command or files")
    except (ValueError, AttributeError, OSError):
        raise InputError(
            str(path), "is not a powerpact manifest; choose another folder (nothing was written)"
        ) from None
    return manifest


def _entries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name != LOCK]


def check_claimable(out: Path, command: str, flag: str = "--out") -> dict | None:
    """Refuse `out` unless it is missing, empty, or a folder `command` wrote; its manifest."""
    if out.exists() and not out.is_dir():
        raise InputError(str(out), f"exists and is not a folder; choose another {flag}")
    if not out.is_dir():
        return None
    manifest = read_manifest(out)
    if manifest is None:
        if _entries(out):
            raise InputError(
                str(out),
                f"is not empty and not a powerpact output (no {MANIFEST}); choose "
                f"another {flag} or an empty folder (nothing was overwritten)",
            )
        return None
    if manifest["command"] != command:
        raise InputError(
            str(out),
            f"holds the output of 'powerpact {manifest['command']}', not of '{command}'; "
            f"choose another {flag} (nothing was overwritten)",
        )
    return manifest


# --- the lock ---------------------------------------------------------------------------------


def _create(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot create the folder: {exc.strerror}") from None


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock (creating the folder): one powerpact run writes it at a time.

    The folder may be swapped for another while we wait (`replace_outputs` carries the lock
    file across, as a hard link); a lock file no longer at its path is let go and taken anew.
    """
    _create(folder)
    path = folder / LOCK
    told = False
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise InputError(str(folder), f"cannot write in the folder: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                print(
                    f"waiting: another powerpact run is writing to {folder}",
                    file=sys.stderr,
                    flush=True,
                )
                told = True
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            same = os.stat(path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    try:
        yield
    finally:
        os.close(handle)  # closing releases the lock


# --- replacing an output ----------------------------------------------------------------------


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative POSIX path, with its hash."""
    return {
        p.relative_to(folder).as_posix(): file_hash(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _check_unchanged(out: Path, manifest: dict) -> None:
    """Refuse to replace a file the manifest lists once the user has changed it."""
    for relative, digest in manifest["files"].items():
        path = out / relative
        if path.is_file() and not path.is_symlink() and file_hash(path) == digest:
            continue
        if os.path.lexists(path):
            raise InputError(
                str(path),
                "was changed after powerpact wrote it; move it out of the folder or choose "
                "another --out (nothing was overwritten)",
            )


def _carry(out: Path, staging: Path, owned: Iterable[str]) -> None:
    """Hard-link every entry of `out` that powerpact does not own (the user's files, the lock)
    into `staging`, so that they are in the new output, and stay in the old until the swap."""
    skip = {*owned, MANIFEST}
    for root, dirs, files in os.walk(out):
        here = Path(root)
        links = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        if not dirs and not files and not links and here != out:
            (staging / here.relative_to(out)).mkdir(parents=True, exist_ok=True)
        for name in [*files, *links]:
            source = here / name
            relative = source.relative_to(out).as_posix()
            if relative in skip:
                continue
            target = staging / relative
            try:
                if os.path.lexists(target):
                    raise FileExistsError
                target.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                raise InputError(
                    str(source),
                    "is not powerpact's, and the new output has a file of that name; move it "
                    "out of the folder or choose another --out (nothing was overwritten)",
                ) from None
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
                continue
            try:
                os.link(source, target)
            except OSError:  # a file system without hard links
                shutil.copy2(source, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    rename = getattr(libc, "renameat2", None)
    if rename is None:
        return False
    if rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            return False
        raise OSError(code, os.strerror(code), str(first))
    return True


def _retired(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def restore_retired(out: Path) -> None:
    """Where the folders cannot be swapped in one step, a run killed between its two renames
    leaves the previous output under the retired name: put it back."""
    retired = _retired(out)
    if not out.exists() and retired.is_dir():
        # Another run may be restoring it too; whichever renames first wins.
        with contextlib.suppress(OSError):
            retired.rename(out)


@contextmanager
def write_errors(out: Path) -> Iterator[None]:
    """A full disk or a folder that turned read-only while writing: one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise InputError(str(exc.filename or out), f"cannot write: {exc.strerror}") from None


def check_output_file(
    out: Path, inputs: Iterable[Path], ours: Callable[[Path], bool], flag: str = "OUT"
) -> None:
    """Refuse to write the single file `out` over an input, into an input folder, or over an
    existing file that `ours` does not recognise as powerpact's."""
    if out.is_dir():
        raise InputError(str(out), f"is a folder; give {flag} as a file to write")
    check_inputs_outside(out, inputs, flag)
    check_writable(out)
    if out.exists() and not ours(out):
        raise InputError(
            str(out),
            "exists and powerpact did not write it; choose a new file or move it away "
            "(nothing was overwritten)",
        )


def replace_outputs(out: Path, command: str, write: Callable[[Path], object]) -> Path:
    """Let `write` fill a staging folder with a complete output, then swap it for `out`.

    Whatever stops `write` leaves `out` as it was. The user's files in `out` are in the new
    output too; files the previous run wrote and this one does not are gone.
    """
    out = out.resolve()
    check_writable(out)
    restore_retired(out)
    check_claimable(out, command)  # before the lock file goes into a folder that is not ours
    staging = out.with_name(f".{out.name}.partial")
    with write_errors(out), locked(out):
        previous = check_claimable(out, command)
        owned = previous["files"] if previous else {}
        if previous:
            _check_unchanged(out, previous)
        # Left by a killed run; the lock makes it ours to remove.
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            write(staging)
            files = _files(staging)
            _carry(out, staging, owned)
            write_json_atomic(staging / MANIFEST, {"command": command, "files": files})
            if not _exchange(staging, out):
                out.rename(_retired(out))
                staging.rename(out)
                shutil.rmtree(_retired(out))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return out


def claim(folder: Path, command: str) -> None:
    """Mark a folder that `command` fills file by file (a sweep's) as its own. Such a command
    writes only names of its own and deletes nothing, so the manifest lists no files."""
    write_json_atomic(folder / MANIFEST, {"command": command, "files": {}})
