"""Blocks of a doc between marker comments, written or checked by the doc scripts.

A block named `x` is the text between a line `<!-- x:begin -->` and a line `<!-- x:end -->`
(README.md and docs/adequacy.md open theirs with `<!-- x:start -->`; either opening is read and
kept as found, so no page changes when its script moves to this module). The body is what lies
between the two marker lines, without the newline before the closing marker.

A doc without the markers is a mistake in the doc, not in the run: the scripts stop with one line
naming the file and the marker, exit 2, no traceback.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import NoReturn


def _pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name)
    return re.compile(
        rf"<!-- {escaped}:(begin|start) -->\n(.*?)\n<!-- {escaped}:end -->", flags=re.DOTALL
    )


def _missing(doc: Path | str, name: str) -> NoReturn:
    print(f"{doc}: no <!-- {name}:begin --> ... <!-- {name}:end --> block", file=sys.stderr)
    raise SystemExit(2)


def read_block(text: str, name: str, doc: Path | str) -> str:
    """The body of block `name` in `text` (read from `doc`, which errors name)."""
    match = _pattern(name).search(text)
    if match is None:
        _missing(doc, name)
    return match.group(2)


def replace_block(text: str, name: str, body: str, doc: Path | str) -> str:
    """`text` with the body of block `name` replaced by `body`; the markers stay as they were."""
    match = _pattern(name).search(text)
    if match is None:
        _missing(doc, name)
    opening = match.group(1)
    block = f"<!-- {name}:{opening} -->\n{body}\n<!-- {name}:end -->"
    return text[: match.start()] + block + text[match.end() :]


def check_block(text: str, name: str, body: str, doc: Path | str) -> str:
    """A unified diff from the doc's block `name` to `body`; empty when they agree."""
    old = read_block(text, name, doc)
    if old == body:
        return ""
    diff = difflib.unified_diff(
        old.splitlines(True), body.splitlines(True), f"{doc} ({name})", "this run"
    )
    # the last line of either side has no newline of its own: end every diff line with one
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def write_or_check(path: Path, name: str, body: str, check: bool) -> bool:
    """Write `body` into block `name` of the file at `path`, or with `check` only compare and
    print the difference. True when the file's block differed from `body`."""
    text = path.read_text(encoding="utf-8")
    if check:
        diff = check_block(text, name, body, path)
        sys.stdout.write(diff)
        return bool(diff)
    new = replace_block(text, name, body, path)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def publish(path: Path, name: str, body: str, check: bool) -> None:
    """A one-block script's ending: with `check`, exit 1 when the page's block differs from
    `body` (0 when it agrees); otherwise write it and print it."""
    stale = write_or_check(path, name, body, check)
    if check:
        sys.exit(1 if stale else 0)
    print(body)
