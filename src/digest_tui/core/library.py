"""The facade the UI and the CLI call: every read and write of the library goes here.

The store is the truth; the index is derived. Writes commit to the store first, then
update the index and stamp it with the store's generation, so a crash in between only
costs a rebuild at the next start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

from digest_tui.core import importer
from digest_tui.core import index as search_index
from digest_tui.core.config import Config, load_config
from digest_tui.core.errors import (
    AmbiguousError,
    DigestError,
    IngestError,
    NotFoundError,
    SearchError,
)
from digest_tui.core.ingest import ParseContext, ParsedDigest, parse_bytes
from digest_tui.core.ingest.common import sanitize
from digest_tui.core.models import (
    Digest,
    Highlight,
    ImportSummary,
    Paper,
    PaperRow,
    SearchResult,
    Selection,
    TagCount,
)
from digest_tui.core.paths import Paths
from digest_tui.core.saved import SavedSearches
from digest_tui.core.store import SAMPLE_SOURCE, Store
from digest_tui.core.textsafe import no_surrogates, safe

Progress = Callable[[int, int], None]
SAMPLE_LABEL = "sample"  # how the sample digest is listed; it is known by SAMPLE_SOURCE
BULK_REBUILD = 2000  # papers changed in one batch beyond which rebuilding the index is faster


def sample_bytes() -> bytes:
    return resources.files("digest_tui.core").joinpath("data/sample-digest.txt").read_bytes()


class Library(SavedSearches):
    """A user's library: store and index, opened from `Paths`."""

    def __init__(self, paths: Paths, *, seed_sample: bool = True) -> None:
        self.paths = paths
        paths.ensure()
        self.config: Config = load_config(paths.config_file)
        self.store = Store(paths.database)
        self.index = search_index.SearchIndex(paths.index_dir)
        self.index.sweep()  # half-built indexes of killed rebuilds
        self._batch: tuple[set[str], set[str]] | None = None
        self.index_problem: str | None = None
        self._rebuilding = threading.Lock()
        if seed_sample and self.store.meta("seeded") is None:
            with self.store.transaction() as con:
                self.store.set_meta(con, "seeded", "1")
            if self.store.count() == 0:
                self.import_sample()

    def close(self) -> None:
        self.index.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- index upkeep -----------------------------------------------------------------
    def index_is_current(self) -> bool:
        return self.index.is_current(self.store.generation())

    def ensure_index(self, progress: Progress | None = None) -> bool:
        """Rebuild the index if it is missing, stale or unreadable; True if rebuilt.
        Threads asking at once wait for one rebuild instead of starting their own."""
        if self.index_is_current():
            return False
        with self._rebuilding:
            if self.index_is_current():
                return False
            self.reindex(progress)
            return True

    def reindex(self, progress: Progress | None = None, procs: int = 1) -> int:
        total = self.store.count()
        generation = self.store.generation()
        notes = self.store.notes()
        documents = (
            search_index.document(p, notes.get(p.id, "")) for p in self.store.iter_papers()
        )
        self.index.rebuild(documents, total, generation, progress, procs=procs)
        if self.index.skipped:
            shown = ", ".join(self.index.skipped[:5])
            self.index_problem = f"{len(self.index.skipped)} papers could not be indexed ({shown})"
        return total

    def _reindex_papers(
        self, ids: Iterable[str], generation: int, deleted: Sequence[str] = ()
    ) -> None:
        """Bring the index to `generation` by updating only these papers, if it is safe to."""
        if self._batch is not None:  # inside batch(): the index catches up once at the end
            self._batch[0].update(ids)
            self._batch[1].update(deleted)
            return
        stamp = self.index.stamp()
        if (
            stamp is None
            or stamp.get("schema") != search_index.SCHEMA_VERSION
            or stamp.get("generation") != generation - 1
        ):
            self._index_quietly(self.reindex)  # it missed other changes: rebuild it all
            return
        wanted = list(dict.fromkeys(ids))
        papers = self.store.papers(wanted)
        docs = [search_index.document(papers[i], self.store.note(i)) for i in wanted if i in papers]
        self._index_quietly(lambda: self.index.update(docs, deleted, generation, generation - 1))

    def _index_quietly(self, change: Callable[[], object]) -> None:
        """Index upkeep after a committed write: a failure (disk full, a lock held too
        long) must not undo or hide the write. The stamp stays stale, so the next search
        rebuilds the index; the problem is kept in `index_problem` for the caller to say."""
        try:
            change()
            self.index_problem = None
        except SearchError as exc:
            self.index_problem = f"{exc}; it will be rebuilt at the next search"

    @contextlib.contextmanager
    def batch(self, progress: Progress | None = None) -> Iterator[None]:
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
            stamp = self.index.stamp() or {}
            if generation != start:
                if len(changed) > BULK_REBUILD or stamp.get("generation") != start:
                    self._index_quietly(lambda: self.reindex(progress, procs=2))
                else:
                    papers = self.store.papers(sorted(changed))
                    docs = [search_index.document(p, self.store.note(i)) for i, p in papers.items()]
                    gone = sorted(deleted - set(papers))
                    self._index_quietly(lambda: self.index.update(docs, gone, generation, start))

    # ----- importing ----------------------------------------------------------------------
    def import_file(
        self, path: str | os.PathLike[str], fmt: str = "auto", date: dt.date | None = None
    ) -> ImportSummary:
        """Parse one file and import it in one transaction; IngestError leaves no trace."""
        parsed, label = importer.prepare(str(path), fmt, date, self._topics(), self._max_bytes)
        if parsed is None:
            raise IngestError(label)
        return self.import_parsed(parsed, label, tagged=True)

    def import_files(
        self, paths: Sequence[str], fmt: str = "auto", date: dt.date | None = None
    ) -> Iterator[ImportSummary | DigestError]:
        """Import many files, each in its own transaction, in order; files are parsed in
        worker processes ahead of the store. Yields a summary or the error of each file."""
        prepared = importer.prepare_all(paths, fmt, date, self._topics(), max_bytes=self._max_bytes)
        for parsed, label in prepared:
            if parsed is None:
                yield IngestError(label)
                continue
            try:
                yield self.import_parsed(parsed, label, tagged=True)
            except DigestError as exc:  # disk full, the library busy: say it, go on
                yield exc

    @property
    def _max_bytes(self) -> int:
        return self.config.max_file_mb * 2**20

    def _topics(self) -> importer.Topics:
        return importer.frozen_topics(self.config.topics)

    def import_sample(self, year: int | None = None) -> ImportSummary:
        """Import the bundled sample digest (its `Aug 1` falls in `year`, default this year)."""
        ctx = ParseContext(name="bundled sample digest", year=year or dt.date.today().year)
        parsed = parse_bytes(sample_bytes(), ctx, "hf-page-text")
        return self.import_parsed(replace(parsed, source=SAMPLE_SOURCE), label=SAMPLE_LABEL)

    def sample_digest(self) -> Digest:
        """The bundled sample digest, known by its source (no file can take it)."""
        for digest in self.store.digests():
            if digest.source == SAMPLE_SOURCE:
                return digest
        raise NotFoundError("the sample digest is not in the library (`sample add` adds it)")

    def import_parsed(
        self, parsed: ParsedDigest, label: str, tagged: bool = False
    ) -> ImportSummary:
        """Store parsed papers in one transaction: one digest per digest date."""
        parsed = sanitize(parsed)  # no record can break the store or the index
        if not tagged:
            parsed = importer.tag_digest(parsed, importer.lexicon(self._topics()))
        papers = parsed.papers
        with self.store.transaction() as con:
            digests: dict[dt.date | None, int] = {}

            def digest_for(day: dt.date | None) -> int:
                if day not in digests:
                    dated = day is not None and parsed.source != SAMPLE_SOURCE
                    name = day.isoformat() if dated and day else label
                    digests[day] = self.store.ensure_digest(con, parsed.source, day, name)
                return digests[day]

            if not papers:
                digest_for(parsed.date)  # an empty feed is an empty digest
            items = [
                (p, [digest_for(d) for d in (p.digest_dates or (parsed.date,))]) for p in papers
            ]
            counts = self.store.upsert(con, items)
            generation = self.store.generation()
            if counts.changed_ids:
                generation = self.store.bump_generation(con)
        if counts.changed_ids:
            self._reindex_papers(counts.changed_ids, generation, deleted=counts.removed_ids)
        return ImportSummary(
            source=parsed.source,
            path=label,
            digest_date=parsed.date,
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
            dropped_links=parsed.dropped_links,
            problems=parsed.problems,
        )

    def remove_digest(self, digest: Digest) -> int:
        """Remove a digest and its papers that nothing else holds; returns papers removed."""
        with self.store.transaction() as con:
            orphans = self.store.orphaned_by(con, digest.id)
            sql = "SELECT paper_id FROM digest_papers WHERE digest_id=?"
            members = [r[0] for r in con.execute(sql, (digest.id,))]
            con.execute("DELETE FROM digests WHERE id=?", (digest.id,))
            con.executemany("DELETE FROM papers WHERE id=?", [(i,) for i in orphans])
            touched = sorted(set(members) - set(orphans))
            for paper_id in touched:
                self.store.refresh_sort_date(con, paper_id)
            generation = self.store.bump_generation(con)
        self._reindex_papers(touched, generation, deleted=orphans)
        return len(orphans)

    def find_digest(self, key: str) -> Digest:
        """A digest by id, else by date (YYYY-MM-DD) or label; when several match, an
        AmbiguousError lists them (removing the wrong one loses papers)."""
        digests = self.store.digests()
        by_id = [d for d in digests if str(d.id) == key]
        found = by_id or [
            d for d in digests if d.label == key or (d.date and d.date.isoformat() == key)
        ]
        if not found:
            raise NotFoundError(f"no digest {key!r}; `digest-tui digests` lists them")
        if len(found) > 1:
            listed = "; ".join(
                f"id {d.id}: {d.source} {d.label} ({d.paper_count} papers)" for d in found
            )
            raise AmbiguousError(f"{len(found)} digests match {key!r}: {listed}. Name one by id")
        return found[0]

    def digests(self) -> list[Digest]:
        return self.store.digests()

    def digest_dates(self) -> list[dt.date]:
        return self.store.digest_dates()

    # ----- reading ----------------------------------------------------------------------------
    def search(self, selection: Selection, limit: int | None = None) -> SearchResult:
        """Ordered ids for a selection; raises InvalidQueryError for a bad query.

        With `limit`, only the first ids (a page to show at once; `complete` is False
        when there may be more): the whole ordered list of a common term costs Whoosh
        several times the first page."""
        sort = selection.effective_sort
        text = search_index.clean_query(selection.query)
        if not text:
            ordered = self.store.ordered_ids(selection)
            return SearchResult(selection, tuple(ordered))
        self.ensure_index()
        if selection.bookmarked or selection.unread or selection.digest_date:
            found = self.index.search(text, sort, limit, self.store.filtered_ids(selection))
        else:
            found = self.index.search(text, sort, limit, tags=selection.tags)
        complete = limit is None or len(found.ids) < limit
        return SearchResult(
            selection,
            found.ids,
            found.scores,
            found.fuzzy,
            found.suggestion,
            found.highlight,
            complete=complete,
        )

    def paper(self, paper_id: str) -> Paper:
        found = self.store.papers([paper_id])
        if paper_id not in found:
            raise NotFoundError(f"no paper {paper_id!r} in the library")
        return found[paper_id]

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        found = self.store.papers(ids)
        return [found[i] for i in ids if i in found]

    def rows(self, ids: Sequence[str]) -> list[PaperRow]:
        found = self.store.rows(ids)
        return [found[i] for i in ids if i in found]

    def tag_counts(self, ids: Sequence[str] | None = None) -> list[TagCount]:
        return self.store.tag_counts(ids)

    def match_spans(self, text: str, highlight: Highlight) -> list[tuple[int, int]]:
        return search_index.match_spans(text, highlight)

    def similar(self, paper_id: str, limit: int = 10) -> list[tuple[Paper, float]]:
        paper = self.paper(paper_id)
        self.ensure_index()
        text = f"{paper.title}\n{paper.abstract}\n{' '.join(paper.keywords)}"
        hits = self.index.more_like(paper_id, text, limit)
        found = self.store.papers([h[0] for h in hits])
        return [(found[i], score) for i, score in hits if i in found]

    # ----- the user's own data ---------------------------------------------------------
    def is_bookmarked(self, paper_id: str) -> bool:
        return self.store.is_bookmarked(paper_id)

    def set_bookmark(self, paper_id: str, on: bool) -> bool:
        self.paper(paper_id)
        with self.store.transaction() as con:
            self.store.set_bookmark(con, paper_id, on)
        return on

    def toggle_bookmark(self, paper_id: str) -> bool:
        return self.set_bookmark(paper_id, not self.is_bookmarked(paper_id))

    def paper_count(self) -> int:
        return self.store.count()

    def bookmark_count(self) -> int:
        return self.store.bookmark_count()

    def unread_count(self) -> int:
        return self.store.unread_count()

    def next_unread(self, ids: Sequence[str], start: int, step: int) -> int | None:
        """The position of the next unread paper in `ids` after `start` going by `step`
        (1 or -1), looked up a page at a time; None if there is none."""
        position = start + step
        while 0 <= position < len(ids):
            stop = position + 500 * step
            page = range(position, max(-1, min(len(ids), stop)), step)
            unread = self.store.unread_among([ids[i] for i in page])
            for i in page:
                if ids[i] in unread:
                    return i
            position = stop
        return None

    def bookmarks(self) -> list[tuple[Paper, str]]:
        marks = self.store.bookmarks()
        found = self.store.papers([m[0] for m in marks])
        return [(found[i], added) for i, added in marks if i in found]

    def set_user_tags(self, paper_id: str, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace the user's own tags of a paper; each is one line as the user sees it."""
        clean = tuple(
            dict.fromkeys(safe(" ".join(t.split()), 100).lower() for t in tags if t.strip())
        )
        self.paper(paper_id)
        with self.store.transaction() as con:
            self.store.set_user_tags(con, paper_id, clean)
            generation = self.store.bump_generation(con)
        self._reindex_papers([paper_id], generation)
        return clean

    def note(self, paper_id: str) -> str:
        return self.store.note(paper_id)

    def set_note(self, paper_id: str, body: str) -> None:
        self.paper(paper_id)
        body = no_surrogates(body)
        with self.store.transaction() as con:
            self.store.set_note(con, paper_id, body)
            generation = self.store.bump_generation(con)
        self._reindex_papers([paper_id], generation)

    def set_read(self, paper_id: str, on: bool = True) -> None:
        if not self.store.has_paper(paper_id):
            raise NotFoundError(f"no paper {paper_id!r} in the library (removed meanwhile?)")
        with self.store.transaction() as con:
            self.store.set_read(con, paper_id, on)

    def toggle_read(self, paper_id: str) -> bool:
        """Mark read if unread and the reverse; returns the new state."""
        read = not self.store.is_read(paper_id)
        self.set_read(paper_id, read)
        return read

    def stats(self) -> dict[str, Any]:
        counts = self.store.table_counts()
        current = self.index_is_current()
        return {
            "papers": counts["papers"],
            "digests": counts["digests"],
            "bookmarks": counts["bookmarks"],
            "tags": counts["tags"],
            "notes": counts["notes"],
            "read": counts["read_state"],
            "index": "current" if current else "stale (rebuilt on next search)",
            "data_dir": str(self.paths.data_dir),
            "config_file": str(self.paths.config_file),
        }
