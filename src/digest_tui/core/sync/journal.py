"""Journal files in a sync folder, as the sync tools that copy them leave them.

`journal-<machine>.jsonl` is one machine's; a conflict copy a tool made of it
(`journal-<m>.sync-conflict-….jsonl`, `journal-<m> (conflicted copy).jsonl`) is read as
a journal too (events are idempotent). Only complete lines are read: a line still being
copied is read once its newline arrives. A reader remembers how far it read and a hash
of the bytes just before; a file that no longer has those bytes there (replaced by an
older copy, rewritten) is read again from the start.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

NAME = re.compile(r"journal-([0-9a-f]{16})(?:[ .(-].*)?\.jsonl")  # OneDrive: name-HOST
TAIL = 256  # bytes before the offset that must be unchanged to read on from it
CHUNK = 64 << 20  # bytes read from one journal in one sync, at most


def own_path(folder: Path, machine: str) -> Path:
    return folder / f"journal-{machine}.jsonl"


def journals(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every journal file in the folder with the machine its name says, by name."""
    for path in sorted(folder.iterdir()):
        found = NAME.fullmatch(path.name)
        if found and path.is_file() and not path.is_symlink():
            yield path, found.group(1)


def _tail_hash(data: bytes) -> str:
    import hashlib  # loads OpenSSL (~5 ms): only when syncing

    return hashlib.sha256(data[-TAIL:]).hexdigest()


def read_new(path: Path, offset: int, tail: str) -> tuple[list[bytes], int, str]:
    """The complete lines after `offset` (from the start if the file changed under it),
    the offset after the last of them, and the hash to check next time."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if 0 < offset <= size:
            handle.seek(max(0, offset - TAIL))
            if _tail_hash(handle.read(offset - max(0, offset - TAIL))) != tail:
                offset = 0
        elif offset > size:
            offset = 0
        handle.seek(max(0, offset - TAIL))
        before = handle.read(offset - max(0, offset - TAIL))
        data = handle.read(CHUNK)  # a huge journal is read over several syncs
    end = data.rfind(b"\n") + 1  # a partial last line waits for its newline
    if end == 0 and len(data) == CHUNK:  # no line ends in a whole chunk: not a journal
        return [b"<a line longer than the chunk>"], offset + len(data), _tail_hash(before + data)
    lines = [line for line in data[:end].split(b"\n") if line.strip()]
    return lines, offset + end, _tail_hash(before + data[:end])


def _own_seq(line: bytes, machine: str) -> int:
    """The sequence number of one of this machine's lines (0 if it is not one), read
    leniently: a line this machine wrote counts even if another would reject it."""
    try:
        data = json.loads(line)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return 0
    if not isinstance(data, dict) or not str(data.get("stamp", "")).endswith("." + machine):
        return 0
    seq = data.get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else 0


def last_seq(path: Path, machine: str) -> int:
    """The highest sequence number of this machine's lines in its journal (0: none, or no
    file). Read from the end, a chunk at a time, until one of its lines is found."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return 0
    with handle:
        size = os.fstat(handle.fileno()).st_size
        chunk, best = 1 << 16, 0
        start = size
        while start > 0 and not best:
            start = max(0, start - chunk)
            handle.seek(start)
            data = handle.read(size - start)
            complete = data[: data.rfind(b"\n") + 1]
            best = max([0] + [_own_seq(line, machine) for line in complete.split(b"\n")])
            chunk *= 4
    return best


def own_lines_after(path: Path, machine: str, seq: int) -> list[bytes]:
    """This machine's complete lines numbered above `seq` (what a restored library lost)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    complete = data[: data.rfind(b"\n") + 1]
    return [line for line in complete.split(b"\n") if _own_seq(line, machine) > seq]


def append(path: Path, lines: list[str]) -> None:
    """Append whole lines, after ending any partial last line (a write that was killed),
    so a new event is never glued to a broken one; flushed to disk before returning."""
    # Never through a symlink: whoever else can write the folder must not make this
    # machine append to a file of its choosing (~/.bashrc).
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        size = os.fstat(fd).st_size
        prefix = b""
        if size:
            with path.open("rb") as handle:
                handle.seek(size - 1)
                if handle.read(1) != b"\n":
                    prefix = b"\n"
        data = prefix + "".join(lines).encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
