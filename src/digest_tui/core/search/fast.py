"""Plain queries (words, ANDed) answered from postings held in memory, with numpy.

Whoosh's matchers are pure Python: a three-word query matching 12,000 papers took ~400 ms
to score, too slow to follow typing. A plain query (words only: no fields, quotes,
operators or wildcards, the common case while typing) is answered here instead: each
term's postings are read once from the index segments (Whoosh's own W3 blocks) into numpy
arrays and kept while the index does not change; matching is a mask per word, ranking is
Whoosh's BM25F summed over the fields it searches (the same scores as Whoosh's matchers),
sorting uses the index's own columns. The last word can be a prefix (what is typed is
unfinished), and any word can be replaced by its typo corrections. Anything this cannot
read makes the caller fall back to Whoosh.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from digest_tui.core.models import Sort
from digest_tui.core.replacing import stop_if_replaced
from digest_tui.core.search import segments
from digest_tui.core.search.clauses import Clause, merged, word_clauses
from digest_tui.core.search.fields import SORT_COLUMNS
from digest_tui.core.search.ranking import bm25, idf, length_of
from digest_tui.core.search.words import with_prefix

_LENGTHS = np.array(length_of(), dtype=np.float32)


class FastSearch:
    """Postings, lengths and sort keys of one searcher's index version."""

    def __init__(self, searcher: Any) -> None:
        self.reader = searcher.reader()
        self.schema = self.reader.schema
        self.leaves = segments.leaves(self.reader)
        self.size = self.reader.doc_count_all()
        live = np.zeros(self.size, dtype=bool)
        for segment, base in self.leaves:
            live[base : base + segment.doc_count_all()] = True
            live[[base + n for n in segments.deleted(segment)]] = False
        self.live = live
        self.count = int(live.sum())
        self._postings: OrderedDict[tuple[str, str], tuple[Any, Any]] = OrderedDict()
        self._lengths: dict[str, tuple[Any, float]] = {}
        self._sort: dict[Sort, Any] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}
        self._lexicons: dict[str, tuple[list[str], Any, list[Any]]] = {}

    # ----- reading the index ----------------------------------------------------------------
    def postings(self, field: str, term: str) -> tuple[Any, Any]:
        """(docnums, term frequencies) of a term in every segment, deleted papers left in
        (the live mask takes them out)."""
        key = (field, term)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        docs: list[Any] = []
        freqs: list[Any] = []
        for (segment, base), place in zip(self.leaves, self._places(field, term), strict=True):
            if place == segments.ABSENT:
                continue  # the lexicon says this segment does not hold the word
            blocks = segments.stored_blocks(segment, self.schema, field, term, place)
            for ids, gaps, weights, count in blocks:
                docnums = np.asarray(ids, dtype=np.int64)
                docs.append((np.cumsum(docnums) if gaps else docnums) + base)
                freqs.append(_frequencies(weights, count))
        found = (
            (np.concatenate(docs), np.concatenate(freqs))
            if docs
            else (np.zeros(0, np.int64), np.zeros(0, np.float32))
        )
        self._postings[key] = found
        if len(self._postings) > 4000:
            self._postings.popitem(last=False)
        return found

    def _places(self, field: str, term: str) -> list[int | None]:
        """Where the term's postings start in each segment, as its lexicon (read for
        prefixes and typos) says: ABSENT, or None if unknown (then Whoosh looks)."""
        known = self._lexicons.get(field)
        if known is not None:
            words, _, places = known
            i = bisect.bisect_left(words, term)
            if i < len(words) and words[i] == term:
                return [None if at[i] == segments.INLINE else at[i] for at in places]
        return [None] * len(self.leaves)

    def lengths(self, field: str) -> tuple[Any, float]:
        """Each paper's length in a field, and the average."""
        if field not in self._lengths:
            lengths = np.zeros(self.size, dtype=np.float32)
            for segment, base in self.leaves:
                raw = np.frombuffer(segments.length_bytes(segment, field), dtype=np.uint8)
                lengths[base : base + len(raw)] = _LENGTHS[raw]
            self._lengths[field] = (lengths, segments.average_length(self.reader, field))
        return self._lengths[field]

    def sort_rank(self, sort: Sort) -> Any:
        """A number per paper: higher first (date, upvotes) or lower first (title)."""
        if sort not in self._sort:
            name = SORT_COLUMNS[sort]
            values = [
                v for segment, _ in self.leaves for v in segments.column_values(segment, name)
            ]
            if sort is Sort.TITLE:
                order = sorted(range(len(values)), key=values.__getitem__)
                rank = np.empty(len(values), dtype=np.float64)
                rank[order] = -np.arange(len(values), dtype=np.float64)
            else:
                rank = np.asarray(values, dtype=np.float64)
            self._sort[sort] = rank
        return self._sort[sort]

    def lexicon(self, field: str) -> tuple[list[str], Any]:
        """Every term of a field, sorted, and how many papers hold each (read once per
        index version, straight from each segment's terms file: ~0.3 s for 60,000 words,
        where asking Whoosh term by term took seconds). Where each word's postings start
        is kept with it: the hundreds of words a prefix stands for skip the lookups."""
        if field not in self._lexicons:
            words, counts, places = segments.read_lexicon(self.leaves, field, places=True)
            frequency = np.asarray(counts, dtype=np.int64)
            self._lexicons[field] = (words, frequency, places)
        words, frequency, _ = self._lexicons[field]
        return words, frequency

    def words_with_prefix(self, field: str, prefix: str) -> list[str]:
        """Terms of a field that start with `prefix` (the most frequent when many)."""
        key = (field, prefix)
        if key not in self._prefixes:
            self._prefixes[key] = with_prefix(*self.lexicon(field), prefix)
        return self._prefixes[key]

    # ----- answering ------------------------------------------------------------------------
    def _term_scores(self, field: str, term: str) -> tuple[Any, Any]:
        """BM25 as Whoosh's BM25F scores a term in a field (a title's frequencies are
        stored doubled: its boost); a field that keeps no lengths scores its frequency."""
        docs, freqs = self.postings(field, term)
        if not docs.size or not self.schema[field].scorable:
            return docs, freqs
        lengths, average = self.lengths(field)
        return docs, bm25(idf(self.size, docs.size), freqs, lengths[docs], average)

    def run(
        self, clauses: Sequence[Clause], sort: Sort, only: Any = None
    ) -> tuple[list[int], list[float] | None]:
        """Docnums of the papers holding every clause, best (or by `sort`) first."""
        mask = self.live.copy()
        if only is not None:
            mask &= only
        total = np.zeros(self.size, dtype=np.float64)
        for clause in clauses:
            hit = np.zeros(self.size, dtype=bool)
            for field, term in clause.terms:
                stop_if_replaced()  # a term read for the first time can take milliseconds
                docs, scores = self._term_scores(field, term)
                if docs.size:
                    hit[docs] = True
                    total[docs] += scores  # a term's docnums are distinct
            mask &= hit
            if not mask.any():
                return [], []
        found = np.flatnonzero(mask)
        if sort is Sort.RELEVANCE:
            order = found[np.lexsort((found, -total[found]))]
            return order.tolist(), total[order].tolist()
        rank = self.sort_rank(sort)
        order = found[np.lexsort((found, -rank[found]))]
        return order.tolist(), None

    def mask_of(self, docnums: Iterable[int]) -> Any:
        mask = np.zeros(self.size, dtype=bool)
        mask[list(docnums)] = True
        return mask

    def tag_mask(self, tags: Sequence[str]) -> Any:
        mask = self.live.copy()
        for tag in tags:
            docs, _ = self.postings("tags", tag.lower().replace(",", " "))
            hit = np.zeros(self.size, dtype=bool)
            hit[docs] = True
            mask &= hit
        return mask


def _frequencies(weights: Any, count: int) -> Any:
    """A block's term frequencies as stored: all 1.0 (None), all one value, or each."""
    if weights is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(weights, float):
        return np.full(count, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)


__all__ = ["Clause", "FastSearch", "merged", "word_clauses"]
