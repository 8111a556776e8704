"""One plain query in a process that asks only one (a CLI search): no numpy, no parser.

The in-memory postings (fast.py) pay ~0.15 s for numpy and read every paper's lengths
and ids before the first answer; Whoosh's own matchers took ~95 ms to intersect two
common words at 35,000 papers. Here each word's postings are read block by block into
sets and dicts, only the papers holding every word are scored, and only the ids shown
are read. The ranking is fast.py's, which is Whoosh's BM25F: the CLI, the app and the
query language list a query alike. The segments are read through Whoosh
(segments.WhooshSegments) or, without importing it, from the files (w3files.IndexFiles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from digest_tui.core.models import Sort
from digest_tui.core.search.clauses import Clause, IndexResult
from digest_tui.core.search.plain import PlainQuery
from digest_tui.core.search.ranking import bm25, idf, length_of
from digest_tui.core.search.typos import Vocabulary
from digest_tui.core.search.words import with_prefix


class Segments(Protocol):
    """An index version's segments, as a one-shot search reads them."""

    schema: Any

    def leaves(self) -> list[tuple[Any, int]]: ...
    def deleted(self, segment: Any) -> list[int]: ...
    def doc_count(self, segment: Any) -> int: ...
    def posting_blocks(
        self, segment: Any, field: str, term: str
    ) -> Iterator[tuple[Sequence[int], Sequence[float]]]: ...
    def length_bytes(self, segment: Any, field: str) -> bytes: ...
    def average_length(self, field: str) -> float: ...
    def doc_frequency(self, field: str, term: str) -> int: ...
    def sort_key(self, sort: Sort) -> Callable[[int], Any]: ...
    def ids_of(self, docnums: Sequence[int]) -> tuple[str, ...]: ...
    def lexicon(self, field: str) -> tuple[list[str], list[int]]: ...


class OneShot:
    """One searcher's segments, read only where a query needs them."""

    def __init__(self, source: Segments) -> None:
        self.source = source
        self.schema = source.schema
        self.leaves = source.leaves()
        self.deleted = {base + n for s, base in self.leaves for n in source.deleted(s)}
        self.size = sum(source.doc_count(s) for s, _ in self.leaves)
        self._lengths: dict[str, bytes] = {}
        self._lexicons: dict[str, tuple[list[str], list[int]]] = {}

    def postings(self, field: str, term: str) -> dict[int, float]:
        """Docnum -> term frequency, deleted papers still in (as in Whoosh's counts)."""
        found: dict[int, float] = {}
        for segment, base in self.leaves:
            for ids, weights in self.source.posting_blocks(segment, field, term):
                found.update(zip(map(base.__add__, ids) if base else ids, weights, strict=True))
        return found

    def lexicon(self, field: str) -> tuple[list[str], list[int]]:
        """Every term of a field, sorted, with how many papers hold each (read once)."""
        if field not in self._lexicons:
            self._lexicons[field] = self.source.lexicon(field)
        return self._lexicons[field]

    def words_with_prefix(self, field: str, prefix: str) -> list[str]:
        return with_prefix(*self.lexicon(field), prefix)

    def lengths(self, field: str) -> bytes:
        """Each paper's length byte in a field (ranking.length_of gives the length)."""
        if field not in self._lengths:
            read = self.source.length_bytes
            self._lengths[field] = b"".join(read(s, field) for s, _ in self.leaves)
        return self._lengths[field]

    def run(
        self, clauses: Sequence[Clause], sort: Sort, only: set[int] | None = None
    ) -> tuple[list[int], list[float] | None]:
        """Docnums of the papers holding every clause, best (or by `sort`) first."""
        hits: list[dict[tuple[str, str], dict[int, float]]] = []
        matching: set[int] | None = only
        for clause in clauses:
            postings = {term: self.postings(*term) for term in clause.terms}
            holding = set().union(*postings.values())
            matching = holding if matching is None else matching & holding
            if not matching:
                return [], []
            hits.append(postings)
        found = (matching or set()) - self.deleted
        total = dict.fromkeys(found, 0.0)
        for postings in hits:
            for (field, _), frequencies in postings.items():
                self._add_scores(total, field, frequencies)
        if sort is Sort.RELEVANCE:
            order = sorted(found, key=lambda d: (-total[d], d))
            return order, [total[d] for d in order]
        key = self.source.sort_key(sort)
        return sorted(found, key=lambda d: (key(d), d)), None

    def _add_scores(
        self, total: dict[int, float], field: str, frequencies: dict[int, float]
    ) -> None:
        """BM25 of one term in one field (as fast.py), added to the papers in `total`."""
        if not frequencies:
            return
        found = total.keys() & frequencies.keys()
        if not self.schema[field].scorable:
            for docnum in found:
                total[docnum] += frequencies[docnum]
            return
        raw, average = self.lengths(field), self.source.average_length(field)
        weight = idf(self.size, len(frequencies))
        of = length_of()
        for docnum in found:
            total[docnum] += bm25(weight, frequencies[docnum], of[raw[docnum]], average)


def search_once(
    source: Segments,
    text: str,
    words: list[str],
    sort: Sort,
    limit: int | None,
    only: set[int] | None,
    tags: Sequence[str],
    prefix_last: bool,
    typos: bool,
) -> IndexResult:
    """The first `limit` ids of a plain query (words ANDed), as the app would list them."""
    shot = OneShot(source)
    for tag in tags:
        tagged = set(shot.postings("tags", tag.lower().replace(",", " ")))
        only = tagged if only is None else only & tagged
    query = PlainQuery(text, words, prefix_last, typos)
    vocabulary = Vocabulary(source, shot.lexicon)
    return query.run(shot, vocabulary, source.ids_of, sort, limit, only)
