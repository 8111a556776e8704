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
import threading
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
    """Import Whoosh without the imports it makes at import time and never uses here
    (see `_stand_ins`), which cost half its import time (a CLI search paid it on every
    run), and with the standard library's `functools.cached_property` for the backport
    it asks for (whose asyncio support pulls in asyncio; both are non-data descriptors
    caching in the instance's `__dict__`). The query parser loads when a query needs it."""
    if "whoosh.index" in sys.modules:
        return
    with _stand_ins():
        import whoosh.index
        import whoosh.query  # noqa: F401


def load_whoosh_words(*, accents: bool = False) -> None:
    """Import only what analysing a query word needs (the Porter stemmer, the length
    bytes and, for words that are not plain ASCII, the accent table): ~5 ms, where the
    whole of Whoosh is ~50 ms of a CLI search that reads the index files itself
    (w3files.py)."""
    if "whoosh.util.numeric" in sys.modules and (
        not accents or "whoosh.support.charset" in sys.modules
    ):
        return
    with _stand_ins():
        import whoosh.lang.porter
        import whoosh.util.numeric

        if accents:
            import whoosh.support.charset  # noqa: F401


def _real(module: str) -> Any:
    """The real module, loaded now (a stand-in still in place is dropped first)."""
    import importlib

    if getattr(sys.modules.get(module), "_stand_in", False):
        del sys.modules[module]
    return importlib.import_module(module)


def _deferred(module: str, name: str) -> Any:
    """A function of `module` that loads the real module when first called."""
    return lambda *args, **kwargs: getattr(_real(module), name)(*args, **kwargs)


def _stand_in(module: str, *functions: str) -> types.ModuleType:
    """A module whose `functions` (taken at import time by `from module import name`)
    and any other attribute asked for later load the real one."""
    stand_in = types.ModuleType(module)
    stand_in._stand_in = True  # type: ignore[attr-defined]  # (what _real looks for)
    for name in functions:
        setattr(stand_in, name, _deferred(module, name))

    def attribute(name: str) -> Any:
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(_real(module), name)

    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    return stand_in


@contextlib.contextmanager
def _stand_ins() -> Iterator[None]:
    """Stand-ins for modules Whoosh imports at import time and does not use here (or uses
    only when writing): `urllib.request` for `urlretrieve`, `random` for temporary file
    names, the English word variations (~7 ms of tables, for one query type) and the
    `cached_property` backport. Each loads the real module when used. They are in
    `sys.modules` only while Whoosh imports; anything imported later gets the real
    modules. No package stands in, and `urllib.request` only in a process of one thread
    (the CLI): another thread importing a package's submodule or `urllib.request`
    meanwhile would find it bound to the stand-in, not to its real parent package."""
    stand_ins = {
        "random": _stand_in("random"),
        "whoosh.lang.morph_en": _stand_in("whoosh.lang.morph_en", "variations"),
    }
    if threading.active_count() == 1:  # no other thread can import it meanwhile
        stand_ins["urllib.request"] = _stand_in("urllib.request", "urlretrieve")
    backport = types.ModuleType("cached_property")
    backport.cached_property = functools.cached_property  # type: ignore[attr-defined]
    stand_ins["cached_property"] = backport
    placed = [name for name in stand_ins if name not in sys.modules]
    for name in placed:
        sys.modules[name] = stand_ins[name]
    try:
        yield
    finally:
        for name in placed:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]
