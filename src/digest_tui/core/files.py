"""Files written whole or not at all: the one way digest-tui writes a file.

Only regular files are replaced (through a temporary file, fsync and rename). A symlink is
written through to its target, a FIFO or a character device (`-o /dev/stdout`, a pipe) is
written straight into, and anything else that is not a regular file is refused: the
writer never turns a device, a FIFO or a directory into a regular file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from digest_tui.core.errors import ExportError


class NotRegularFileError(OSError):
    """The target exists and is neither a regular file nor something to stream into."""


def _stream(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:  # a FIFO blocks here until a reader opens it
        handle.write(data)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` whole or not at all. On any failure the temporary file is
    removed, the old content stays and the OSError propagates."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = os.stat(path)  # follows symlinks: what the path finally names
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            _stream(path, raw)
            return
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise NotRegularFileError(f"{path} is {kind}; it was left as it is")
    target = Path(os.path.realpath(path))  # a symlink's target is replaced, not the link
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_export(target: Path, text: str) -> None:
    """An export written whole or not at all; an OSError becomes an ExportError."""
    try:
        write_atomic(target.expanduser(), text)
    except (OSError, RuntimeError) as exc:  # RuntimeError: ~nosuchuser
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ExportError(f"cannot write {target}: {reason}") from None
