"""A query word as the index's analyzers read it (schema.py), without Whoosh's analysis
modules: the one-shot reader of the index files (w3files.py) needs the terms a word
stands for in each field, and importing Whoosh's fields and analysis costs more than
the search. A test holds every field's terms equal to Whoosh's for any text."""

import bisect
import heapq
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from digest_tui.core.search import load_whoosh_words
from digest_tui.core.search.cjk import cjk_pieces
from digest_tui.core.search.fields import STEMMED_FIELDS, TEXT_FIELDS, WORD

# Whoosh's English stop words (StopFilter's default list), which the stemmed fields drop
STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "it",
        "may",
        "not",
        "of",
        "on",
        "or",
        "tbd",
        "that",
        "the",
        "this",
        "to",
        "us",
        "we",
        "when",
        "will",
        "with",
        "yet",
        "you",
        "your",
    )
)
MAX_EXPANSIONS = 300  # words a prefix or a typo may stand for (the most frequent first)
# A two-letter prefix is a word being typed: it stands for its few most frequent words
# (reading their postings the first time is what a keystroke waits for; 20 took ~150 ms).
SHORT_EXPANSIONS = 6
_WORD = re.compile(WORD, re.UNICODE)
_KEYWORD = re.compile(r"[^,]+")


class Token(NamedTuple):
    """What Whoosh's analyzers yield, as far as the search reads it."""

    text: str


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    load_whoosh_words()
    from whoosh.lang.porter import stem

    return stem


@lru_cache(maxsize=1)
def _accent_table() -> dict[int, str]:
    load_whoosh_words(accents=True)
    from whoosh.support.charset import accent_map

    table: dict[int, str] = accent_map
    return table


# Whoosh's accent table maps no lower-case ASCII letter to another, so plain ASCII text
# needs no table once lower-cased (the table takes ~5 ms to load; a CLI search of
# English words no longer loads it). A test holds this against the table.
_NO_ACCENTS: dict[int, str] = {}


def terms(field: str, text: str) -> list[str]:
    """The terms of `text` in a field, as the index made them."""
    if field == "tags":  # a keyword field: comma-separated, stripped, lower case
        return [piece.strip().lower() for piece in _KEYWORD.findall(text)]
    stem = _stemmer()
    accents = _NO_ACCENTS if text.isascii() else _accent_table()
    found = [
        piece
        for match in _WORD.finditer(text)
        for piece in cjk_pieces(match.group(0).lower().translate(accents))
    ]
    if field in STEMMED_FIELDS:
        return [stem(w) for w in found if len(w) >= 2 and w not in STOP_WORDS]
    return found


class FieldWords(NamedTuple):
    """One field of the index, as word_clauses and the ranking read it."""

    name: str
    scorable: bool = True

    def analyzer(self, text: str) -> list[Token]:
        return [Token(t) for t in terms(self.name, text)]


class IndexFields:
    """The index's text fields by name, without its schema (`schema[field].analyzer`)."""

    def __getitem__(self, name: str) -> FieldWords:
        if name not in TEXT_FIELDS and name != "words":
            raise KeyError(name)
        return FieldWords(name)


def with_prefix(words: Sequence[str], counts: Sequence[int], prefix: str) -> list[str]:
    """The words (sorted, with their counts) that start with `prefix`; when there are
    many, the most frequent (a two-letter prefix stands for fewer than a longer one)."""
    start = bisect.bisect_left(words, prefix)
    stop = bisect.bisect_left(words, prefix + "\U0010ffff", start)
    cap = MAX_EXPANSIONS if len(prefix) > 2 else SHORT_EXPANSIONS
    if stop - start <= cap:
        return list(words[start:stop])
    top = heapq.nlargest(cap, range(start, stop), key=counts.__getitem__)
    return [words[i] for i in sorted(top)]
