"""Whoosh's BM25F, as the in-memory postings (fast.py) and the one-shot search
(oneshot.py) rank with it, without Whoosh's searcher: the same scores as its matchers."""

from __future__ import annotations

import functools
import math

from digest_tui.core.search import load_whoosh_words

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults


@functools.cache
def length_of() -> tuple[float, ...]:
    """The field length each length byte stands for (Whoosh's table)."""
    load_whoosh_words()
    from whoosh.util.numeric import byte_to_length

    return tuple(float(byte_to_length(b)) for b in range(256))


def idf(doc_count: int, doc_frequency: int) -> float:
    """Whoosh's inverse document frequency (both counts include deleted documents)."""
    return math.log(doc_count / (doc_frequency + 1)) + 1


def mean_length(total: float, documents: int) -> float:
    """A field's average length as Whoosh's BM25F takes it: the total the segments keep
    over every document, deleted ones included until a merge (1 when there is none)."""
    return (total / documents if documents else 0.0) or 1.0


def bm25(weight: float, frequency: float, length: float, average: float) -> float:
    """One term's score in one field of one document (or, with numpy arrays, of many)."""
    norm = K1 * (1 - B + B * length / average)
    return weight * frequency * (K1 + 1) / (frequency + norm)
