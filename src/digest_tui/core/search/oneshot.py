"""One plain query in a process that asks only one (a CLI search): no numpy, no parser.

The in-memory postings (fast.py) pay ~0.15 s for numpy and read every paper's lengths
and ids before the first answer; Whoosh's own matchers took ~95 ms to intersect two
common words at 35,000 papers. Here each word's postings are read block by block into
sets and dicts, only the papers holding every word are scored, and only the ids shown
are read. The ranking is fast.py's, which is Whoosh's BM25F: the CLI, the app and the
query language list a query alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from digest_tui.core.models import Sort
from digest_tui.core.search import segments
from digest_tui.core.search.clauses import Clause, IndexResult
from digest_tui.core.search.plain import PlainQuery
from digest_tui.core.search.typos import Vocabulary

K1, B = segments.K1, segments.B
_SORT_COLUMNS = {Sort.DATE: "date", Sort.UPVOTES: "upvotes", Sort.TITLE: "title_sort"}


class OneShot:
    """One searcher's segments, read only where a query needs them."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.schema = reader.schema
        self.leaves = segments.leaves(reader)
        self.deleted = {base + n for s, base in self.leaves for n in segments.deleted(s)}
        self.size = sum(s.doc_count_all() for s, _ in self.leaves)
        self._lengths: dict[str, bytes] = {}
        self._lexicons: dict[str, tuple[list[str], list[int]]] = {}

    def postings(self, field: str, term: str) -> dict[int, float]:
        """Docnum -> term frequency, deleted papers still in (as in Whoosh's counts)."""
        found: dict[int, float] = {}
        for segment, base in self.leaves:
            for ids, weights in segments.posting_blocks(segment, self.schema, field, term):
                found.update(zip(map(base.__add__, ids) if base else ids, weights, strict=True))
        return found

    def lexicon(self, field: str) -> tuple[list[str], list[int]]:
        """Every term of a field, sorted, with how many papers hold each (read once)."""
        if field not in self._lexicons:
            self._lexicons[field] = segments.lexicon(self.leaves, field)
        return self._lexicons[field]

    def words_with_prefix(self, field: str, prefix: str) -> list[str]:
        return segments.with_prefix(*self.lexicon(field), prefix)

    def lengths(self, field: str) -> bytes:
        """Each paper's length byte in a field (segments.LENGTH_OF gives the length)."""
        if field not in self._lengths:
            self._lengths[field] = b"".join(segments.length_bytes(s, field) for s, _ in self.leaves)
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
        key = self._sort_key(sort)
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
        raw, average = self.lengths(field), segments.average_length(self.reader, field)
        weight = segments.idf(self.size, len(frequencies))
        of = segments.LENGTH_OF
        for docnum in found:
            freq = frequencies[docnum]
            norm = K1 * (1 - B + B * of[raw[docnum]] / average)
            total[docnum] += weight * freq * (K1 + 1) / (freq + norm)

    def _sort_key(self, sort: Sort) -> Any:
        """Newest or most upvoted first; titles in order."""
        column = self.reader.column_reader(_SORT_COLUMNS[sort])
        if sort is Sort.TITLE:
            return column.__getitem__
        return lambda docnum: -column[docnum]


def search_once(
    reader: Any,
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
    shot = OneShot(reader)
    for tag in tags:
        tagged = set(shot.postings("tags", tag.lower().replace(",", " ")))
        only = tagged if only is None else only & tagged
    query = PlainQuery(text, words, prefix_last, typos)
    vocabulary = Vocabulary(reader, shot.lexicon)
    return query.run(shot, vocabulary, partial(segments.ids_of, reader), sort, limit, only)
