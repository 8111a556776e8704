"""Whoosh is imported with stand-ins for modules it loads at import time and does not
need then (search/__init__.py): the real ones must not load, yet everything Whoosh or
anyone else asks of them later must work. Each check runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


LATER = ("urllib.request", "whoosh.lang.morph_en", "asyncio")


@pytest.mark.parametrize(
    ("loader", "kept_out"),
    [
        ("load_whoosh", LATER),  # (random loads: Whoosh's file storage imports tempfile)
        ("load_whoosh_words", (*LATER, "random", "tempfile")),
    ],
)
def test_the_stand_ins_keep_modules_out_until_used(loader: str, kept_out: tuple[str, ...]) -> None:
    code = (
        "import sys\n"
        f"from digest_tui.core.search import {loader}\n"
        f"{loader}()\n"
        f"print(sorted(m for m in {kept_out!r} if m in sys.modules))\n"
        "print(sorted(m for m in sys.modules if getattr(sys.modules[m], '_stand_in', 0) is True))\n"
    )
    assert _run(code).splitlines() == ["[]", "[]"]


def test_what_the_stand_ins_stand_for_works_when_used() -> None:
    code = (
        "import sys\n"
        "from digest_tui.core.search import load_whoosh\n"
        "load_whoosh()\n"
        "import whoosh.compat, whoosh.util\n"
        "from whoosh.lang import morph_en\n"
        "print(whoosh.compat.htmlescape('<a & b>'))\n"
        "print(len(whoosh.util.random_name(12)))\n"
        "print('test' in morph_en.variations('test'))\n"
        "print(callable(whoosh.compat.urlretrieve), 'urllib.request' in sys.modules)\n"
    )
    assert _run(code).splitlines() == ["&lt;a &amp; b&gt;", "12", "True", "True False"]


def test_a_module_imported_while_they_stand_gets_the_real_one() -> None:
    """tempfile takes `Random` from random as it is imported: the real random loads."""
    code = (
        "import sys\n"
        "from digest_tui.core.search import _stand_ins\n"
        "with _stand_ins():\n"
        "    import tempfile\n"
        "import random\n"
        "print(tempfile._Random is random.Random, getattr(random, '_stand_in', False))\n"
        "print(bool(tempfile.mkdtemp()))\n"
    )
    assert _run(code).splitlines() == ["True False", "True"]


def test_urllib_request_stands_in_only_where_no_other_thread_could_import_it() -> None:
    """In the app, Whoosh loads in a worker while the UI thread may import anything (our
    fetch module imports urllib.request): there the real module loads."""
    code = (
        "import sys, threading, time\n"
        "from digest_tui.core.search import load_whoosh\n"
        "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
        "load_whoosh()\n"
        "import urllib\n"
        "print('urllib.request' in sys.modules, hasattr(urllib, 'request'))\n"
    )
    assert _run(code) == "True True"
