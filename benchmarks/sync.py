"""Sync at the size of a real library: every paper of LIBRARY read and 200 bookmarked on
a copy of it, then the first sync of that state, a sync with nothing new, and an empty
library reading it all (with the bookmarked papers' records).

    python benchmarks/sync.py LIBRARY_DIR

LIBRARY_DIR is only read (its database is copied into a temporary folder).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths


def timed(label: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("library", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        (root / "shared").mkdir()
        source = sqlite3.connect(args.library / "library.sqlite3")
        copy = sqlite3.connect(root / "a" / "library.sqlite3")
        source.backup(copy)
        copy.close()
        source.close()
        folder = str(root / "shared")
        with Library(Paths.resolve(root / "a")) as lib:
            ids = [r[0] for r in lib.store.db.connection().execute("SELECT id FROM papers")]
            marked = timed(f"mark {len(ids):,} papers read", lambda: lib.mark_read(ids))
            print(f"  {len(marked):,} were unread")
            for paper_id in ids[:200]:
                lib.set_bookmark(paper_id, True)
            report = timed("first sync", lambda: lib.sync.run(folder))
            print(f"  {report.written:,} events written")
            timed("sync with nothing new", lambda: lib.sync.run(folder))
        size = sum(p.stat().st_size for p in (root / "shared").iterdir())
        print(f"journal: {size / 1e6:.1f} MB")
        with Library(Paths.resolve(root / "b")) as empty:
            report = timed("an empty library reads it", lambda: empty.sync.run(folder))
            print(f"  {report.read:,} events read, {report.papers_added} papers came with them")
            timed("its next sync", lambda: empty.sync.run(folder))


if __name__ == "__main__":
    main()
