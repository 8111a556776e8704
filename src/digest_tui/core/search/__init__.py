"""Search: the only package that imports Whoosh, and only when a search needs it.

`index` holds the index's lifecycle (open, rebuild in a new directory and swap, update,
locks shared by processes) and runs searches; `schema` what the index holds per paper;
`query` the query language; `analysis` stemming and highlight spans; `stamp` the schema
and generation an index reflects. This module itself imports nothing heavy: callers
import the submodule they need, when they need it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from digest_tui.core.processes import alive


def clean_query(text: str) -> str:
    """Drop control characters and cap the length: the parser gets printable text only."""
    return "".join(c if c.isprintable() else " " for c in text)[:1000].strip()


def sweep_leftovers(directory: Path) -> None:
    """Remove half-built indexes (`index.new-PID`, `index.old-PID`) of processes that died
    (kill -9 mid-rebuild); at every start and before every rebuild."""
    with contextlib.suppress(OSError):
        for path in directory.parent.glob(f"{directory.name}.[no][el][wd]-*"):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
