"""The Whoosh full-text index: the only module that imports whoosh.

The index is derived from the store and rebuildable at any time. Text is not stored in
it (the store has it); it holds what ranking, filtering and sorting need. A stamp file
records the schema version and the store generation it reflects: a missing, stale or
unreadable index is rebuilt rather than trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import threading

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import fields, index, qparser, query
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.levenshtein import damerau_levenshtein

from digest_tui.core.errors import InvalidQueryError, SearchError
from digest_tui.core.files import write_atomic
from digest_tui.core.models import Highlight, Paper, Sort
from digest_tui.core.processes import alive, forked_children_die_with_parent
from digest_tui.core.textsafe import no_surrogates

SCHEMA_VERSION = 2  # 2: segments without compound files (a rebuild saves ~230 MB of RAM)
STAMP = "digest-tui-stamp.json"
Progress = Callable[[int, int], None]

TEXT_FIELDS = ("title", "abstract", "authors", "keywords", "tags", "note")
STEMMED_FIELDS = frozenset({"title", "abstract", "keywords", "note"})
FIELD_ALIASES = {
    "authors": ["author", "by"],
    "tags": ["tag"],
    "keywords": ["keyword", "kw"],
    "note": ["notes"],
}
KNOWN_FIELDS = frozenset(
    [*TEXT_FIELDS, "id", "words", *(a for alias in FIELD_ALIASES.values() for a in alias)]
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_QUERY_WORD = re.compile(r"(?<![\w:])([^\W_]+)(?![\w:*~])", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_MAX_EXPANSIONS = 400


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem the index uses for a lower-case word."""
    return str(porter_stem(word))


def schema() -> fields.Schema:
    stemmed = StemmingAnalyzer()
    plain = RegexTokenizer(r"[^\W_]+(?:['’][^\W_]+)?") | LowercaseFilter()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=fields.TEXT(analyzer=stemmed, field_boost=2.0),
        abstract=fields.TEXT(analyzer=stemmed),
        authors=fields.TEXT(analyzer=plain),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        keywords=fields.TEXT(analyzer=stemmed),
        note=fields.TEXT(analyzer=stemmed),
        words=fields.TEXT(analyzer=plain, phrase=False),
        date=fields.NUMERIC(int, bits=32, sortable=True),
        published=fields.NUMERIC(int, bits=32, sortable=True),
        upvotes=fields.NUMERIC(int, bits=32, sortable=True, signed=True),
        title_sort=fields.ID(sortable=True),
    )


def _day(value: dt.date | None) -> int:
    return int(value.strftime("%Y%m%d")) if value else 0


_INT32 = 2**31 - 1


def document(paper: Paper, note: str = "") -> dict[str, Any]:
    """The index document of a paper: what search, filters and sorts need, no stored text.
    Every value fits its field (text that encodes, numbers within 32 bits), whatever the
    store holds, so no record can stop an index from being built."""
    tags = [*paper.tags, *paper.user_tags, *paper.categories]
    text = no_surrogates
    return {
        "id": paper.id,
        "title": text(paper.title),
        "abstract": text(f"{paper.abstract}\n{paper.ai_summary}"),
        "authors": text(" ; ".join(paper.authors)),
        "tags": text(",".join(t.replace(",", " ") for t in tags)),
        "keywords": text(" ; ".join(paper.keywords)),
        "note": text(note),
        "words": text(f"{paper.title}\n{paper.abstract}\n{' '.join(paper.keywords)}"),
        "date": _day(paper.date),
        "published": _day(paper.published),
        "upvotes": max(-_INT32, min(_INT32, paper.upvotes or 0)),
        "title_sort": text(paper.title.casefold()[:120]),
    }


@dataclass(frozen=True, slots=True)
class IndexResult:
    ids: tuple[str, ...]
    scores: tuple[float, ...] | None
    highlight: Highlight
    fuzzy: bool = False
    suggestion: str | None = None


def validate_query(text: str) -> None:
    """Reject what the parser would silently misread, with a message a user can act on."""
    if text.count('"') % 2:
        raise InvalidQueryError('unclosed quote: add the closing "')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise InvalidQueryError("')' without a matching '('")
    if depth:
        raise InvalidQueryError("unclosed '(': add the closing ')'")
    tokens = text.split()
    if tokens and (tokens[-1] in _OPERATORS or tokens[0] in _OPERATORS - {"NOT"}):
        op = tokens[-1] if tokens[-1] in _OPERATORS else tokens[0]
        raise InvalidQueryError(f"{op} needs a term on each side")
    for token in tokens:
        name, sep, rest = token.partition(":")
        if sep and name.lower() in KNOWN_FIELDS and not rest:
            raise InvalidQueryError(f"'{name}:' needs a word after it, e.g. {name}:segmentation")


def clean_query(text: str) -> str:
    """Drop control characters and cap the length: the parser gets printable text only."""
    return "".join(c if c.isprintable() else " " for c in text)[:1000].strip()


class SearchIndex:
    """One Whoosh index directory, opened (or rebuilt) on demand; thread-safe."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._index: Any = None
        self._searcher: Any = None
        self._id_cache: tuple[Any, list[str], dict[str, int]] | None = None
        self._inode = 0
        self.skipped: list[str] = []  # ids the last rebuild could not index
        self._schema = schema()
        parser = qparser.MultifieldParser(list(TEXT_FIELDS), self._schema, group=qparser.AndGroup)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
        parser.remove_plugin_class(qparser.BoostPlugin)
        self._parser = parser

    # ----- state -------------------------------------------------------------------
    def sweep(self) -> None:
        """Remove half-built indexes of processes that died (a killed rebuild)."""
        with contextlib.suppress(OSError):
            self._sweep()

    def stamp(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.directory / STAMP).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def is_current(self, generation: int) -> bool:
        """True when the index exists, opens, has our schema and matches the store."""
        found = self.stamp()
        if not found or found.get("schema") != SCHEMA_VERSION:
            return False
        if found.get("generation") != generation:
            return False
        try:
            with self._lock:
                self._open()
        except Exception:  # any unreadable index is rebuilt, never trusted
            self.close()
            return False
        return True

    def write_stamp(self, generation: int) -> None:
        self._stamp_into(self.directory, generation)

    @staticmethod
    def _stamp_into(directory: Path, generation: int) -> None:
        stamp = {"schema": SCHEMA_VERSION, "generation": generation}
        write_atomic(directory / STAMP, json.dumps(stamp))

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
            self._index = None

    # ----- writing -----------------------------------------------------------------
    def rebuild(
        self,
        documents: Iterable[dict[str, Any]],
        total: int,
        generation: int,
        progress: Progress | None = None,
        procs: int = 1,
    ) -> None:
        """Build a fresh index beside the old one, then swap it in. Any failure (disk
        full, a lock file we may not open) is a SearchError and leaves the old index."""
        with self._lock:
            self.close()
            self._sweep()
            fresh = self.directory.with_name(f"{self.directory.name}.new-{os.getpid()}")
            try:
                self._build(fresh, documents, total, generation, progress, procs)
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

    def _build(
        self,
        fresh: Path,
        documents: Iterable[dict[str, Any]],
        total: int,
        generation: int,
        progress: Progress | None,
        procs: int,
    ) -> None:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        ix = index.create_in(str(fresh), self._schema)
        # compound=False: Whoosh copies every sub-file of a compound segment into memory
        # when it opens one (BytesIO over the mmap): 273 MB for the 35k corpus, 40 without
        options: dict[str, Any] = {"limitmb": 128, "compound": False}
        if procs > 1 and total > 2000:
            options.update(procs=procs, multisegment=True)
            forked_children_die_with_parent()
        writer = ix.writer(**options)
        done = 0
        self.skipped = []
        try:
            for doc in documents:
                try:
                    writer.add_document(**doc)
                except (ValueError, TypeError, UnicodeError, OverflowError):
                    self.skipped.append(str(doc.get("id")))  # reported; the rest is built
                done += 1
                if progress and done % 500 == 0:
                    progress(done, total)
            writer.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        if progress:
            progress(done, total)
        self._stamp_into(fresh, generation)

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

    def _sweep(self) -> None:
        """Remove half-built indexes left by processes that died (kill -9 mid-rebuild)."""
        for path in self.directory.parent.glob(f"{self.directory.name}.[no][el][wd]-*"):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)

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

    def parse(self, text: str) -> Any:
        validate_query(text)
        text = re.sub(r"\btag:'", "tags:'", text)
        try:
            return self._parser.parse(text)
        except Exception as exc:
            raise InvalidQueryError(f"cannot parse query: {exc}") from exc

    def search(
        self,
        text: str,
        sort: Sort = Sort.RELEVANCE,
        limit: int | None = None,
        allowed: set[str] | None = None,
        tags: Sequence[str] = (),
    ) -> IndexResult:
        """Matching ids in order (the first `limit`, or all), only among `allowed` ids and
        papers with all of `tags` when given, with a typo-tolerant retry when nothing
        matches."""
        text = clean_query(text)
        parsed = self.parse(text)
        with self._lock:
            try:
                searcher = self._fresh_searcher()
                only: Any = self._docnums(searcher, allowed)
                if tags and only is None:  # the index holds tags: Whoosh filters them itself
                    only = query.And(
                        [query.Term("tags", t.lower().replace(",", " ")) for t in tags]
                    )
                ids, scores = self._run(searcher, parsed, sort, limit, only)
                highlight = self._highlight(searcher, parsed)
                if ids:
                    return IndexResult(ids, scores, highlight)
                suggestion = self._suggest(searcher, text)
                lenient = self._lenient(text)
                if lenient is None:
                    return IndexResult((), (), highlight, suggestion=suggestion)
                ids, scores = self._run(searcher, lenient, sort, limit, only)
                return IndexResult(
                    ids,
                    scores,
                    self._highlight(searcher, lenient) if ids else highlight,
                    fuzzy=bool(ids),
                    suggestion=suggestion,
                )
            except InvalidQueryError:
                raise
            except Exception as exc:
                raise SearchError(f"search failed: {exc}") from exc

    def _ids(self, searcher: Any) -> tuple[list[str], dict[str, int]]:
        """Docnum -> id and id -> docnum for this searcher, read once per index version."""
        if self._id_cache is None or self._id_cache[0] is not searcher:
            reader = searcher.reader()
            ids = list(reader.column_reader("id"))
            live = {ids[n]: n for n in reader.all_doc_ids()}  # deleted documents left out
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
        id_of = self._ids(searcher)[0]
        ids = tuple(id_of[docnum] for _, docnum in results.top_n)
        if sort is not Sort.RELEVANCE:
            return ids, None
        return ids, tuple(float(score) for score, _ in results.top_n)

    def _highlight(self, searcher: Any, parsed: Any) -> Highlight:
        stems: set[str] = set()
        exact: set[str] = set()
        prefixes: list[str] = []
        fuzzy: list[tuple[str, int]] = []
        for leaf in parsed.leaves():
            if isinstance(leaf, query.FuzzyTerm):  # expanding it over the whole vocabulary
                fuzzy.append((str(leaf.text).lower(), int(leaf.maxdist)))  # costs seconds:
                continue  # the shown text is compared instead (match_spans)
            if isinstance(leaf, query.Prefix):
                prefixes.append(str(leaf.text).lower())
                continue
            if isinstance(leaf, query.Wildcard):
                head = re.split(r"[*?]", str(leaf.text))[0].lower()
                if head:
                    prefixes.append(head)
                continue
            try:
                terms = list(leaf.existing_terms(searcher.reader(), expand=True))[:_MAX_EXPANSIONS]
            except Exception:
                terms = []
            if not terms and hasattr(leaf, "all_terms"):
                terms = list(leaf.all_terms())
            for fieldname, value in terms:
                word = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                (stems if fieldname in STEMMED_FIELDS else exact).add(word.lower())
        return Highlight(frozenset(stems), frozenset(exact), tuple(prefixes), tuple(fuzzy))

    def _plain_words(self, text: str) -> list[str]:
        return [
            w.lower()
            for w in _QUERY_WORD.findall(re.sub(r'"|\(|\)', " ", text))
            if w not in _OPERATORS
        ]

    def _lenient(self, text: str) -> Any | None:
        """Fuzzy terms over the unstemmed words: distance 1 for 4-7 letters, 2 beyond."""
        plain = self._plain_words(text)
        if not plain:
            return None
        terms = []
        for word in plain:
            distance = 0 if len(word) < 4 else 1 if len(word) <= 7 else 2
            terms.append(
                query.FuzzyTerm("words", word, maxdist=distance, prefixlength=1)
                if distance
                else query.Term("words", word)
            )
        return query.And(terms)

    def _suggest(self, searcher: Any, text: str) -> str | None:
        """A corrected query from the library's own vocabulary, if any word is unknown."""
        plain = self._plain_words(text)
        if not plain:
            return None
        reader = searcher.reader()
        corrected = text
        changed = False
        for word in dict.fromkeys(plain):
            if len(word) < 3 or reader.doc_frequency("words", word):
                continue
            found = searcher.suggest("words", word, limit=1, maxdist=2, prefix=1)
            if found and found[0] != word:
                corrected = re.sub(rf"(?i)\b{re.escape(word)}\b", found[0], corrected)
                changed = True
        return corrected if changed else None

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


def match_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """Character spans of the words in text that the query matched."""
    if not highlight:
        return []
    spans = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if (
            word in highlight.words
            or (highlight.stems and stem(word) in highlight.stems)
            or any(word.startswith(p) for p in highlight.prefixes)
            or any(
                abs(len(word) - len(f)) <= d and damerau_levenshtein(word, f) <= d
                for f, d in highlight.fuzzy
            )
        ):
            spans.append((match.start(), match.end()))
    return spans
