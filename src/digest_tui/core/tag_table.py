"""Tag counts over any set of papers, in memory: every paper's tags, read once per library
generation (~200,000 rows at 35,000 papers) into numpy arrays. Counting the tags of the
12,000 papers of a common search is then ~2 ms, where SQLite took ~50-80 ms: the tag pane
follows typing."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from digest_tui.core.models import TagCount, TagKind

if TYPE_CHECKING:
    from digest_tui.core.store import Store


class TagTable:
    """numpy is imported on the first count, not with the library (it costs ~100 ms)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._generation = -1
        self._names: list[tuple[str, TagKind]] = []
        self._row: dict[str, int] = {}  # paper id -> row
        self._entry_row: Any = None  # each (paper, tag) entry: its row
        self._entry_tag: Any = None  # ... and its tag number
        self._all: Any = None

    def ready(self) -> bool:
        """True when counting needs no reading (the table is loaded and current)."""
        return self._generation == self.store.generation()

    def _load(self) -> None:
        generation = self.store.generation()
        if generation == self._generation:
            return
        import numpy as np

        numbers: dict[tuple[str, str], int] = {}
        rows: dict[str, int] = {}
        entry_row: list[int] = []
        entry_tag: list[int] = []
        for paper_id, tag, kind in self.store.listing.paper_tags():
            entry_row.append(rows.setdefault(paper_id, len(rows)))
            entry_tag.append(numbers.setdefault((tag, kind), len(numbers)))
        self._names = [(tag, TagKind(kind)) for tag, kind in numbers]
        self._row = rows
        self._entry_row = np.asarray(entry_row, dtype=np.int64)
        self._entry_tag = np.asarray(entry_tag, dtype=np.int64)
        self._all = np.bincount(self._entry_tag, minlength=len(numbers))
        self._generation = generation

    def counts(self, ids: Iterable[str] | None = None) -> list[TagCount]:
        """Tags with the number of these papers (or of all) that carry each, most first."""
        import numpy as np

        with self._lock:
            self._load()
            names = self._names
            if ids is None:
                counted = self._all
            else:
                row = self._row
                chosen = np.zeros(len(row), dtype=bool)
                chosen[[row[i] for i in ids if i in row]] = True
                counted = np.bincount(
                    self._entry_tag[chosen[self._entry_row]], minlength=len(names)
                )
        found = [
            TagCount(names[n][0], int(c), names[n][1])
            for n in np.flatnonzero(counted)
            for c in (counted[n],)
        ]
        return sorted(found, key=lambda t: (-t.count, t.name))
