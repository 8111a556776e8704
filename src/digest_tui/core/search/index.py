"""The Whoosh index: one directory, opened (or rebuilt) on demand, thread-safe.

Rebuilds are built beside the index (`index.new-PID`), stamped, then swapped in; updates
and swaps take an OS lock shared by every process on the index (released when a process
dies); a stale, missing or unreadable index is rebuilt rather than trusted.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index, query

from digest_tui.core.errors import InvalidQueryError, SearchError, SearchReplaced
from digest_tui.core.models import PhaseProgress, Sort
from digest_tui.core.search import clean_query, segments, sweep_leftovers
from digest_tui.core.search.building import build_index
from digest_tui.core.search.clauses import IndexResult, plain_words
from digest_tui.core.search.fields import TEXT_FIELDS
from digest_tui.core.search.query import QueryLanguage
from digest_tui.core.search.schema import schema
from digest_tui.core.search.stamp import read_stamp, stamp_matches, write_stamp

if TYPE_CHECKING:
    from digest_tui.core.search.fast import FastSearch
    from digest_tui.core.search.typos import Vocabulary


class SearchIndex:
    """One Whoosh index directory, opened (or rebuilt) on demand; thread-safe."""

    def __init__(self, directory: Path, in_memory: bool = True) -> None:
        """`in_memory`: answer plain words from postings held in memory (search/fast.py).
        Loading them costs ~1 s at 35,000 papers and pays off from the second search on:
        the app keeps it, a one-shot CLI command turns it off."""
        self.directory = directory
        self.in_memory = in_memory
        self._lock = threading.RLock()
        self._index: Any = None
        self._searcher: Any = None
        self._id_cache: tuple[Any, list[str], dict[str, int]] | None = None
        self._fast_cache: tuple[Any, FastSearch, Vocabulary] | None = None
        self._inode = 0
        self.skipped: list[str] = []  # ids the last rebuild could not index
        self._schema = schema()
        self.language = QueryLanguage(self._schema)

    # ----- state -------------------------------------------------------------------
    def stamp(self) -> dict[str, Any] | None:
        return read_stamp(self.directory)

    def is_current(self, generation: int) -> bool:
        """True when the index exists, opens, has our schema and matches the store."""
        if not stamp_matches(self.directory, generation):
            return False
        try:
            with self._lock:
                self._open()
        except Exception:  # any unreadable index is rebuilt, never trusted
            self.close()
            return False
        return True

    def write_stamp(self, generation: int) -> None:
        write_stamp(self.directory, generation)

    def _open(self) -> Any:
        """The open index, reopened if another process swapped in a rebuild (a new
        directory: its generation may equal ours, so Whoosh's up_to_date() misses it)."""
        if self._index is not None and os.stat(self.directory).st_ino != self._inode:
            self.close()
        if self._index is None:
            self._inode = os.stat(self.directory).st_ino
            self._index = index.open_dir(str(self.directory))
            self._searcher = self._index.searcher()
        return self._index

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
            self._searcher = None
            self._id_cache = None
            self._fast_cache = None
            self._index = None

    # ----- writing -----------------------------------------------------------------
    def rebuild(
        self,
        documents: Iterable[dict[str, Any]],
        total: int,
        generation: int,
        progress: PhaseProgress | None = None,
        procs: int = 1,
    ) -> None:
        """Build a fresh index beside the old one, then swap it in. Any failure (disk
        full, a lock file we may not open) is a SearchError and leaves the old index."""
        with self._lock:
            self.close()
            sweep_leftovers(self.directory)
            fresh = self.directory.with_name(f"{self.directory.name}.new-{os.getpid()}")
            try:
                self.skipped = build_index(
                    fresh, self._schema, documents, total, generation, progress, procs
                )
                old = self.directory.with_name(f"{self.directory.name}.old-{os.getpid()}")
                with self._interprocess():  # no other process is mid-update while we swap
                    if self.directory.exists():
                        os.replace(self.directory, old)
                    os.replace(fresh, self.directory)
                shutil.rmtree(old, ignore_errors=True)
            except Exception as exc:
                shutil.rmtree(fresh, ignore_errors=True)
                if isinstance(exc, SearchError):
                    raise
                raise SearchError(f"could not build the search index: {exc}") from exc
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise

    def update(
        self,
        documents: Iterable[dict[str, Any]],
        deleted: Iterable[str],
        generation: int,
        expected: int | None = None,
    ) -> None:
        """Add or replace documents and delete others; stamp the new generation only if the
        index was at `expected` (another process may have swapped in a rebuild)."""
        try:
            with self._lock, self._interprocess():
                before = (self.stamp() or {}).get("generation")
                ix = self._open()
                # another process may hold the lock: wait; compound=False as in rebuild()
                writer = ix.writer(timeout=60.0, delay=0.25, compound=False)
                try:
                    for paper_id in deleted:
                        writer.delete_by_term("id", paper_id)
                    for doc in documents:
                        writer.update_document(**doc)
                    writer.commit()
                except BaseException:
                    with contextlib.suppress(Exception):
                        writer.cancel()
                    raise
                if expected is None or before == expected:
                    self.write_stamp(generation)
        except SearchError:
            raise
        except Exception as exc:  # disk full, the lock held too long, an unreadable index
            raise SearchError(f"could not update the search index: {exc}") from exc

    @contextlib.contextmanager
    def _interprocess(self) -> Iterator[None]:
        """An exclusive lock shared by every process on this index (released by the OS
        when a process dies): updates and rebuild swaps never interleave."""
        if fcntl is None:  # Windows: Whoosh's own writer lock is all there is
            yield
            return
        path = self.directory.with_name(self.directory.name + ".lock")
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ----- searching ---------------------------------------------------------------
    def _fresh_searcher(self) -> Any:
        """A searcher on the latest commit. (Searcher.refresh() keeps deleted documents
        visible in whoosh-reloaded 2.7.5, so a new searcher is opened instead.)"""
        self._open()
        if not self._searcher.up_to_date():
            self._searcher.close()
            self._index = index.open_dir(str(self.directory))
            self._searcher = self._index.searcher()
        return self._searcher

    def search(
        self,
        text: str,
        sort: Sort = Sort.RELEVANCE,
        limit: int | None = None,
        allowed: set[str] | None = None,
        tags: Sequence[str] = (),
        *,
        prefix_last: bool = False,
        typos: bool = True,
    ) -> IndexResult:
        """Matching ids in order (the first `limit`, or all), only among `allowed` ids and
        papers with all of `tags` when given. `prefix_last`: the last word is still being
        typed (a prefix). `typos`: when nothing matches, retry with unknown words replaced
        by the library's words that are one or two edits away."""
        text = clean_query(text)
        words = plain_words(text)
        with self._lock:
            try:
                searcher = self._fresh_searcher()
                if words is not None and self.in_memory:
                    found = self._fast_search(
                        searcher, text, words, sort, limit, allowed, tags, prefix_last, typos
                    )
                    if found is not None:
                        return found
                elif words is not None:  # one search (the CLI): no numpy
                    from digest_tui.core.search.oneshot import search_once

                    only = self._docnums(searcher, allowed)
                    options = (sort, limit, only, tags, prefix_last, typos)
                    source = segments.WhooshSegments(searcher.reader())
                    return search_once(source, text, words, *options)
                return self._whoosh_search(searcher, text, sort, limit, allowed, tags, typos)
            except (InvalidQueryError, SearchReplaced):
                raise
            except Exception as exc:
                raise SearchError(f"search failed: {exc}") from exc

    # ----- plain words, from postings in memory (search/fast.py) --------------------------
    def warm_up(self) -> None:
        """Read now what every first search reads (the ids, every field's lengths, the
        words prefixes and typos look up), so the first keystroke does not wait ~200 ms."""
        with self._lock:
            searcher = self._fresh_searcher()
            fast, _ = self._fast(searcher)
            if fast.leaves:  # an empty index has no id column to read
                self._ids(searcher)
            for field in (*TEXT_FIELDS, "words"):
                fast.lengths(field)
            for field in ("words", "authors"):  # prefixes and typos look words up here
                fast.lexicon(field)

    def _fast(self, searcher: Any) -> tuple[FastSearch, Vocabulary]:
        if self._fast_cache is None or self._fast_cache[0] is not searcher:
            from digest_tui.core.search.fast import FastSearch  # numpy loads here
            from digest_tui.core.search.typos import Vocabulary

            fast = FastSearch(searcher)
            self._fast_cache = (searcher, fast, Vocabulary(searcher.reader(), fast.lexicon))
        return self._fast_cache[1], self._fast_cache[2]

    def _fast_search(
        self,
        searcher: Any,
        text: str,
        words: list[str],
        sort: Sort,
        limit: int | None,
        allowed: set[str] | None,
        tags: Sequence[str],
        prefix_last: bool,
        typos: bool,
    ) -> IndexResult | None:
        try:
            fast, vocabulary = self._fast(searcher)
        except Exception:  # an index this cannot read: Whoosh answers instead
            return None
        only = None
        if allowed is not None:
            only = fast.mask_of(self._docnums(searcher, allowed) or ())
        if tags:
            only = fast.tag_mask(tags) if only is None else only & fast.tag_mask(tags)
        from digest_tui.core.search.plain import PlainQuery

        query = PlainQuery(text, words, prefix_last, typos)
        id_list = self._ids(searcher)[0]
        return query.run(
            fast, vocabulary, lambda ds: tuple(map(id_list.__getitem__, ds)), sort, limit, only
        )

    # ----- the query language, through Whoosh ----------------------------------------------
    def _whoosh_search(
        self,
        searcher: Any,
        text: str,
        sort: Sort,
        limit: int | None,
        allowed: set[str] | None,
        tags: Sequence[str],
        typos: bool,
    ) -> IndexResult:
        parsed = self.language.parse(text)
        only: Any = self._docnums(searcher, allowed)
        if tags and only is None:  # the index holds tags: Whoosh filters them itself
            only = query.And([query.Term("tags", t.lower().replace(",", " ")) for t in tags])
        ids, scores = self._run(searcher, parsed, sort, limit, only)
        highlight = self.language.highlight(searcher, parsed)
        if ids or not typos:
            return IndexResult(ids, scores, highlight)
        from digest_tui.core.search.typos import Vocabulary

        reader = searcher.reader()
        vocabulary = Vocabulary(reader, lambda f: segments.lexicon(segments.leaves(reader), f))
        plain = self.language.plain_words(text)
        unknown = {w: vocabulary.corrections(w) for w in plain if not vocabulary.knows(w)}
        suggestion = vocabulary.suggestion(text, unknown)
        if not any(unknown.values()):
            return IndexResult((), (), highlight, suggestion=suggestion)
        lenient_text = text
        for word, corrections in unknown.items():
            if corrections:
                either = "(" + " OR ".join(corrections) + ")"
                lenient_text = re.sub(
                    rf"(?i)(?<![\w:]){re.escape(word)}(?!\w)", either, lenient_text
                )
        lenient = self.language.parse(lenient_text)
        ids, scores = self._run(searcher, lenient, sort, limit, only)
        return IndexResult(
            ids,
            scores,
            self.language.highlight(searcher, lenient) if ids else highlight,
            fuzzy=bool(ids),
            suggestion=suggestion,
        )

    def _ids(self, searcher: Any) -> tuple[list[str], dict[str, int]]:
        """Docnum -> id and id -> docnum for this searcher, read once per index version."""
        if self._id_cache is None or self._id_cache[0] is not searcher:
            ids: list[str] = []
            live: dict[str, int] = {}
            for segment, base in segments.leaves(searcher.reader()):
                ids.extend(segments.column_values(segment, "id"))
                gone = set(segments.deleted(segment))
                live.update(  # deleted documents left out
                    (ids[base + n], base + n) for n in range(len(ids) - base) if n not in gone
                )
            self._id_cache = (searcher, ids, live)
        return self._id_cache[1], self._id_cache[2]

    def _docnums(self, searcher: Any, allowed: set[str] | None) -> set[int] | None:
        if allowed is None:
            return None
        by_id = self._ids(searcher)[1]
        return {by_id[i] for i in allowed if i in by_id}

    def _run(
        self,
        searcher: Any,
        parsed: Any,
        sort: Sort,
        limit: int | None = None,
        only: Any = None,
    ) -> tuple[tuple[str, ...], tuple[float, ...] | None]:
        """Matching ids in order; scores only for relevance order (sorts have none).
        With a limit Whoosh skips blocks that cannot reach the top: the first page of a
        common term costs a fraction of the whole list."""
        if isinstance(only, set) and not only:
            return (), ()
        options: dict[str, Any] = {"limit": limit}
        if only is not None:
            options["filter"] = only
        if sort is Sort.DATE:
            options.update(sortedby="date", reverse=True)
        elif sort is Sort.UPVOTES:
            options.update(sortedby="upvotes", reverse=True)
        elif sort is Sort.TITLE:
            options.update(sortedby="title_sort")
        results = searcher.search(parsed, **options)
        if self.in_memory or self._id_cache is not None:
            id_of = self._ids(searcher)[0]
        else:  # one search: read the ids of the hits only, not of every paper
            id_of = searcher.reader().column_reader("id")
        ids = tuple(id_of[docnum] for _, docnum in results.top_n)
        if sort is not Sort.RELEVANCE:
            return ids, None
        return ids, tuple(float(score) for score, _ in results.top_n)

    def more_like(self, paper_id: str, text: str, limit: int = 10) -> list[tuple[str, float]]:
        """Papers most similar to one (key terms of its text), best first, excluding it."""
        try:
            return self._more_like(paper_id, text, limit)
        except Exception as exc:
            raise SearchError(f"could not find similar papers: {exc}") from exc

    def _more_like(self, paper_id: str, text: str, limit: int) -> list[tuple[str, float]]:
        with self._lock:
            searcher = self._fresh_searcher()
            docnum = searcher.document_number(id=paper_id)
            if docnum is None:
                return []
            id_of = self._ids(searcher)[0]
            hits = searcher.more_like(
                docnum, "words", text=text, top=limit + 1, numterms=15, normalize=True
            )
            return [(id_of[h.docnum], float(h.score)) for h in hits if id_of[h.docnum] != paper_id][
                :limit
            ]
