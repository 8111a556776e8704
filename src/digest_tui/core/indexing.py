"""Keeping the search index in step with the store.

The store is the truth; the index is derived. Writes commit to the store first, then the
index is updated and stamped with the store's generation, so a crash in between only
costs a rebuild. Whoosh is imported only when the index is first used (opened, rebuilt,
searched): commands that need no index never load it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest_tui.core.errors import SearchError
from digest_tui.core.models import Phase, PhaseProgress, Sort
from digest_tui.core.search import load_whoosh
from digest_tui.core.search.stamp import SCHEMA_VERSION, read_stamp, stamp_matches
from digest_tui.core.store import Store

if TYPE_CHECKING:
    from digest_tui.core.search.clauses import IndexResult
    from digest_tui.core.search.index import SearchIndex

BULK_REBUILD = 2000  # papers changed in one batch beyond which rebuilding the index is faster


class IndexKeeper:
    """The index of one library: opened lazily, rebuilt when stale, updated after writes."""

    def __init__(self, store: Store, directory: Path) -> None:
        self.store = store
        self.directory = directory
        self._index: SearchIndex | None = None
        self._batch: tuple[set[str], set[str]] | None = None
        self._rebuilding = threading.RLock()
        self._opening = threading.Lock()
        self.problem: str | None = None  # the last upkeep failure, for the caller to say
        # Processes a large rebuild may use: Whoosh forks them, which is only safe in a
        # process with one thread (the CLI sets 2; the app, with its threads, keeps 1).
        self.procs = 1
        self.in_memory = True  # postings in memory for many searches (the CLI does one)

    @property
    def index(self) -> SearchIndex:
        with self._opening:  # two threads asking first must share one index (one lock)
            if self._index is None:
                load_whoosh()
                from digest_tui.core.search.index import SearchIndex  # Whoosh loads here

                self._index = SearchIndex(self.directory, self.in_memory)
            return self._index

    def sweep(self) -> None:
        """Half-built indexes of killed rebuilds go at every start (no Whoosh needed)."""
        from digest_tui.core.search import sweep_leftovers

        sweep_leftovers(self.directory)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()

    def stamped_current(self) -> bool:
        """The stamp matches the store (without opening the index): cheap, for `stats`."""
        return stamp_matches(self.directory, self.store.generation())

    def is_current(self) -> bool:
        return self.stamped_current() and self.index.is_current(self.store.generation())

    def search_files(
        self, text: str, sort: Sort, limit: int | None, tags: Sequence[str], typos: bool
    ) -> IndexResult | None:
        """A plain query answered from the index files without importing Whoosh (~50 ms
        of a CLI search), or None when Whoosh must answer: in the app (its postings are
        in memory), for a stale index, the query language, typo corrections, or anything
        the files hold that w3files.py does not expect."""
        if self.in_memory or not self.stamped_current():
            return None
        from digest_tui.core.search.clauses import plain_words

        words = plain_words(text)
        if words is None:
            return None
        from digest_tui.core.search.oneshot import search_once
        from digest_tui.core.search.w3files import IndexFiles

        try:
            with IndexFiles(self.directory) as files:
                return search_once(files, text, words, sort, limit, None, tags, False, typos)
        except Exception:  # Unreadable, or files replaced while read: Whoosh answers
            return None

    def ensure(self, progress: PhaseProgress | None = None) -> bool:
        """Rebuild the index if it is missing, stale or unreadable; True if rebuilt.
        Threads asking at once wait for one rebuild instead of starting their own."""
        if self.is_current():
            return False
        with self._rebuilding:
            if self.is_current():
                return False
            self.rebuild(progress, procs=self.procs)
            return True

    def _documents(self, papers: Iterable[Any], notes: dict[str, str]) -> Iterator[dict[str, Any]]:
        load_whoosh()
        from digest_tui.core.search.schema import document

        return (document(p, notes.get(p.id, "")) for p in papers)

    def rebuild(self, progress: PhaseProgress | None = None, procs: int = 1) -> int:
        with self._rebuilding:  # one rebuild at a time: they share a build directory
            return self._rebuild(progress, procs)

    def _rebuild(self, progress: PhaseProgress | None, procs: int) -> int:
        total = self.store.papers.count()
        generation = self.store.generation()
        documents = self._documents(self.store.papers.iter_all(), self.store.user.notes())
        self.index.rebuild(documents, total, generation, progress, procs=procs)
        if self.index.skipped:
            shown = ", ".join(self.index.skipped[:5])
            self.problem = f"{len(self.index.skipped)} papers could not be indexed ({shown})"
        return total

    def follow(self, ids: Iterable[str], generation: int, deleted: Sequence[str] = ()) -> None:
        """Bring the index to `generation` by updating only these papers, if it is safe to."""
        if self._batch is not None:  # inside batch(): the index catches up once at the end
            self._batch[0].update(ids)
            self._batch[1].update(deleted)
            return
        stamp = read_stamp(self.directory)
        if (
            stamp is None
            or stamp.get("schema") != SCHEMA_VERSION
            or stamp.get("generation") != generation - 1
        ):
            self.quietly(self.rebuild)  # it missed other changes: rebuild it all
            return
        wanted = list(dict.fromkeys(ids))
        self._update(wanted, deleted, generation, generation - 1)

    def _update(
        self,
        ids: Sequence[str],
        deleted: Iterable[str],
        generation: int,
        expected: int,
        progress: PhaseProgress | None = None,
    ) -> None:
        papers = self.store.papers.get(ids)
        notes = {i: self.store.user.note(i) for i in papers}
        docs = list(self._documents((papers[i] for i in ids if i in papers), notes))
        gone = [i for i in deleted if i not in papers]
        if progress:
            progress(Phase.INDEXING, 0, len(docs))
        self.quietly(lambda: self.index.update(docs, gone, generation, expected))
        if progress:
            progress(Phase.INDEXING, len(docs), len(docs))

    def quietly(self, change: Callable[[], object]) -> None:
        """Index upkeep after a committed write: a failure (disk full, a lock held too
        long) must not undo or hide the write. The stamp stays stale, so the next search
        rebuilds the index; the problem is kept in `problem` for the caller to say."""
        try:
            change()
            self.problem = None
        except SearchError as exc:
            self.problem = f"{exc}; it will be rebuilt at the next search"

    @contextlib.contextmanager
    def batch(self, progress: PhaseProgress | None = None) -> Iterator[None]:
        """Many imports, one index update at the end: incremental for a few papers, a
        full rebuild (two processes) when the batch is large. A crash inside leaves a
        stale stamp, so the next start rebuilds."""
        start = self.store.generation()
        self._batch = (set(), set())
        try:
            yield
        finally:
            changed, deleted = self._batch
            self._batch = None
            generation = self.store.generation()
            stamp = read_stamp(self.directory) or {}
            if generation != start:
                if len(changed) > BULK_REBUILD or stamp.get("generation") != start:
                    self.quietly(lambda: self.rebuild(progress, procs=self.procs))
                else:
                    self._update(sorted(changed), sorted(deleted), generation, start, progress)
