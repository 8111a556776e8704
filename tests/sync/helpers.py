"""Libraries sharing one sync folder, built from small papers the tests write themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from digest_tui.core.library import Library
from digest_tui.core.models import Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources.common import ParsedDigest

DAY = dt.date(2026, 8, 1)
PAPERS = tuple(
    Paper(f"2608.0000{i}", f"Paper number {i} on sparse attention", f"Abstract {i} about graphs.")
    for i in range(1, 7)
)

A, B, C = (p.id for p in PAPERS[:3])


def open_library(root: Path, name: str, papers: tuple[Paper, ...] = PAPERS) -> Library:
    lib = Library(Paths.resolve(root / name))
    if papers and not lib.paper_count():
        lib.import_parsed(ParsedDigest("jsonl", papers, DAY), "test")
    return lib


def user_state(lib: Library) -> dict[str, Any]:
    """What a user sees of their own state (the tables, not the registers)."""
    con = lib.store.db.connection()
    return {
        "bookmarks": sorted(r[0] for r in con.execute("SELECT paper_id FROM bookmarks")),
        "read": sorted(r[0] for r in con.execute("SELECT paper_id FROM read_state")),
        "notes": dict(con.execute("SELECT paper_id, body FROM notes").fetchall()),
        "tags": sorted(
            con.execute("SELECT paper_id, tag FROM paper_tags WHERE kind='user'").fetchall()
        ),
        "saved": sorted(con.execute("SELECT name, query, tags FROM saved_searches").fetchall()),
    }
