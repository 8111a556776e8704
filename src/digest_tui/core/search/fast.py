"""Plain queries (words, ANDed) answered from postings held in memory, with numpy.

Whoosh's matchers are pure Python: a three-word query matching 12,000 papers took ~400 ms
to score, too slow to follow typing. A plain query (words only: no fields, quotes,
operators or wildcards, the common case while typing) is answered here instead: each
term's postings are read once from the index segments (Whoosh's own W3 blocks) into numpy
arrays and kept while the index does not change; matching is a mask per word, ranking is
BM25 summed over the fields Whoosh searches (title weighted 2), sorting uses the index's
own columns. The last word can be a prefix (what is typed is unfinished), and any word can
be replaced by its typo corrections. Anything this cannot read makes the caller fall back
to Whoosh.
"""

from __future__ import annotations

import bisect
import math
import struct
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from digest_tui.core.models import Sort
from digest_tui.core.search.clauses import Clause, merged, word_clauses
from digest_tui.core.search.schema import FIELD_BOOSTS

K1, B = 1.2, 0.75
MAX_EXPANSIONS = 300  # words a prefix or a typo may stand for (the most frequent first)
# A two-letter prefix is a word being typed: it stands for its few most frequent words
# (reading their postings the first time is what a keystroke waits for; 20 took ~150 ms).
SHORT_EXPANSIONS = 6
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_TERM_INFO_HEAD = struct.Struct("!BfI")  # W3TermInfo's flags, weight, document frequency


class FastSearch:
    """Postings, lengths and sort keys of one searcher's index version."""

    def __init__(self, searcher: Any) -> None:
        self.reader = searcher.reader()
        self.schema = self.reader.schema
        self.leaves = [  # an empty index has a reader with no segments behind it
            (segment, base)
            for segment, base in self.reader.leaf_readers()
            if hasattr(segment, "_terms") and hasattr(segment, "_perdoc")
        ]
        self.size = self.reader.doc_count_all()
        live = np.zeros(self.size, dtype=bool)
        live[list(self.reader.all_doc_ids())] = True
        self.live = live
        self.count = int(live.sum())
        self._postings: OrderedDict[tuple[str, str], tuple[Any, Any]] = OrderedDict()
        self._lengths: dict[str, tuple[Any, float]] = {}
        self._sort: dict[Sort, Any] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}
        self._lexicons: dict[str, tuple[list[str], Any]] = {}

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
        fmt = self.schema[field].format
        text = self.schema[field].to_bytes(term)
        for segment, base in self.leaves:
            if (field, text) not in segment:
                continue
            matcher = segment._terms.matcher(field, text, fmt)
            while not matcher._atend:
                matcher._read_ids()
                matcher._read_weights()
                docs.append(np.asarray(matcher._ids, dtype=np.int64) + base)
                freqs.append(np.asarray(matcher._weights, dtype=np.float32))
                if matcher._lastblock:
                    break
                matcher._goto(matcher._nextoffset)
        found = (
            (np.concatenate(docs), np.concatenate(freqs))
            if docs
            else (np.zeros(0, np.int64), np.zeros(0, np.float32))
        )
        self._postings[key] = found
        if len(self._postings) > 4000:
            self._postings.popitem(last=False)
        return found

    def lengths(self, field: str) -> tuple[Any, float]:
        """Each paper's length in a field, and the average."""
        if field not in self._lengths:
            lengths = np.zeros(self.size, dtype=np.float32)
            for segment, base in self.leaves:
                column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                if column is not None:
                    raw = np.fromiter(column, dtype=np.uint8, count=segment.doc_count_all())
                    lengths[base : base + len(raw)] = _LENGTHS[raw]
            used = lengths[self.live]
            average = float(used.mean()) if used.size and used.mean() > 0 else 1.0
            self._lengths[field] = (lengths, average)
        return self._lengths[field]

    def sort_rank(self, sort: Sort) -> Any:
        """A number per paper: higher first (date, upvotes) or lower first (title)."""
        if sort not in self._sort:
            name = {Sort.DATE: "date", Sort.UPVOTES: "upvotes", Sort.TITLE: "title_sort"}[sort]
            values = list(self.reader.column_reader(name)) if self.leaves else []
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
        where asking Whoosh term by term took seconds)."""
        if field not in self._lexicons:
            counts: dict[bytes, int] = {}
            for segment, _ in self.leaves:
                terms = segment._terms
                head = terms._keycoder(field, b"")
                for key, value in terms._tindex.items_from(head):
                    if not key.startswith(head):
                        break
                    word = key[len(head) :]
                    counts[word] = counts.get(word, 0) + _TERM_INFO_HEAD.unpack_from(value)[2]
            ordered = sorted(counts)
            words = [w.decode("utf-8", "replace") for w in ordered]
            frequency = np.fromiter((counts[w] for w in ordered), np.int64, len(ordered))
            self._lexicons[field] = (words, frequency)
        return self._lexicons[field]

    def words_with_prefix(self, field: str, prefix: str) -> list[str]:
        """Terms of a field that start with `prefix`; when there are many, the most
        frequent (a two-letter prefix stands for fewer words than a longer one)."""
        key = (field, prefix)
        if key not in self._prefixes:
            terms, frequency = self.lexicon(field)
            start = bisect.bisect_left(terms, prefix)
            stop = bisect.bisect_left(terms, prefix + "\U0010ffff", start)
            cap = MAX_EXPANSIONS if len(prefix) > 2 else SHORT_EXPANSIONS
            if stop - start > cap:
                top = np.argsort(-frequency[start:stop], kind="stable")[:cap]
                found = [terms[start + int(i)] for i in sorted(top)]
            else:
                found = terms[start:stop]
            self._prefixes[key] = found
        return self._prefixes[key]

    # ----- answering ------------------------------------------------------------------------
    def _term_scores(self, field: str, term: str) -> tuple[Any, Any]:
        docs, freqs = self.postings(field, term)
        if not docs.size:
            return docs, freqs
        lengths, average = self.lengths(field)
        df = int(np.count_nonzero(self.live[docs]))
        idf = math.log(1 + (self.count - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * lengths[docs] / average)
        weight = FIELD_BOOSTS.get(field, 1.0) * idf
        return docs, weight * freqs * (K1 + 1) / (freqs + norm)

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


__all__ = ["Clause", "FastSearch", "merged", "word_clauses"]
