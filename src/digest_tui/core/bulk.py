"""What the app does to several papers at once (the ones the reader selected): bookmark,
add tags, export. Behind `library.bulk`; each is one call from a worker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digest_tui.core.library import Library


class Bulk:
    def __init__(self, library: Library) -> None:
        self.library = library

    def bookmark(self, ids: Sequence[str], on: bool = True) -> int:
        """Bookmark (or unbookmark) these papers in one transaction; how many changed."""
        store = self.library.store
        present = [i for i in ids if store.papers.has(i)]
        changed = [i for i in present if store.user.is_bookmarked(i) != on]
        with store.transaction() as con:
            for paper_id in changed:
                store.user.set_bookmark(con, paper_id, on)
        return len(changed)

    def add_tags(self, ids: Sequence[str], tags: Iterable[str]) -> int:
        """Add the user's tags to each of these papers (their other tags stay)."""
        wanted = [t for t in tags if t.strip()]
        done = 0
        for paper in self.library.papers(ids):
            self.library.set_user_tags(paper.id, [*paper.user_tags, *wanted])
            done += 1
        return done

    def export(self, fmt: str, ids: Sequence[str], target: Path) -> int:
        """Write these papers (with notes), in this order, to a file; the count."""
        from digest_tui.core.export import render

        papers = self.library.papers(ids)
        self.library.write_file(target, render(fmt, papers, self.library.notes_of(papers)))
        return len(papers)
