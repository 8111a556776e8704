"""Search: the only package that imports Whoosh, and only when a search needs it.

`index` holds the index's lifecycle (open, rebuild in a new directory and swap, update,
locks shared by processes) and runs searches; `schema` what the index holds per paper;
`query` the query language; `analysis` stemming and highlight spans; `stamp` the schema
and generation an index reflects. This module itself imports nothing heavy: callers
import the submodule they need, when they need it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
                import shutil  # only when there is something to sweep

                shutil.rmtree(path, ignore_errors=True)


def load_whoosh() -> None:
    """Import Whoosh without three imports it makes at import time and never uses here,
    which cost half its import time (a CLI search pays it on every run): `urllib.request`
    (for `urlretrieve`), the English word-variation tables (for the `Variations` query)
    and the `cached_property` backport, whose asyncio support pulls in asyncio (the
    standard library's `functools.cached_property` does the same job: a non-data
    descriptor caching in the instance's `__dict__`). The query parser loads when a query
    needs it."""
    if "whoosh.index" in sys.modules:
        return
    with _stand_ins():
        import whoosh.index
        import whoosh.query  # noqa: F401


def load_whoosh_words() -> None:
    """Import only what analysing a query word needs (the Porter stemmer, the accent
    table, the length bytes): ~5 ms, where the whole of Whoosh is ~50 ms of a CLI search
    that reads the index files itself (w3files.py)."""
    if "whoosh.support.charset" in sys.modules:
        return
    with _stand_ins():
        import whoosh.lang.porter
        import whoosh.support.charset
        import whoosh.util.numeric  # noqa: F401


@contextlib.contextmanager
def _stand_ins() -> Iterator[None]:
    """Stand-ins for the modules Whoosh imports and never uses here. The first two load
    the real module if called. They are in `sys.modules` only while Whoosh imports;
    anything imported later gets the real modules."""
    lazy_url = types.ModuleType("urllib.request")

    def urlretrieve(*args: Any, **kwargs: Any) -> Any:
        import importlib

        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    lazy_url.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    backport = types.ModuleType("cached_property")
    backport.cached_property = functools.cached_property  # type: ignore[attr-defined]
    morph = types.ModuleType("whoosh.lang.morph_en")  # English word variations: its tables

    def variations(word: str) -> Any:  # cost ~7 ms to load, for the Variations query only
        import importlib

        real = importlib.import_module("whoosh.lang.morph_en")
        return real.variations(word)

    morph.variations = variations  # type: ignore[attr-defined]
    stand_ins = {"urllib.request": lazy_url, "cached_property": backport}
    stand_ins["whoosh.lang.morph_en"] = morph
    placed = [name for name in stand_ins if name not in sys.modules]
    for name in placed:
        sys.modules[name] = stand_ins[name]
    try:
        yield
    finally:
        for name in placed:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]
