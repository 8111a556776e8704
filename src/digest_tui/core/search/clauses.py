"""Query words as the index reads them (a clause per word, of the (field, term) pairs any
of which a paper must hold) and what a search found. Light, no numpy: the query language
and the Whoosh path need them too."""

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from digest_tui.core.models import Highlight
from digest_tui.core.search.fields import STEMMED_FIELDS, TEXT_FIELDS


class IndexResult(NamedTuple):
    """What the index found: ids in order (scores for relevance order), what to highlight."""

    ids: tuple[str, ...]
    scores: tuple[float, ...] | None
    highlight: Highlight
    fuzzy: bool = False
    suggestion: str | None = None


class Clause(NamedTuple):
    """One query word: the (field, term) pairs any of which a paper must hold."""

    terms: tuple[tuple[str, str], ...]


def word_clauses(schema: Any, word: str) -> list[Clause]:
    """A query word as Whoosh reads it in every default field (stemmed, folded); a word the
    analyzer splits (CJK bigrams) is one clause per piece; none when it is a stop word of
    the text fields (`survey of diffusion` asks for papers with `survey` and `diffusion`;
    `of` left to the fields that keep every word would have found none)."""
    if not any(True for _ in schema["title"].analyzer(word)):
        return []
    pieces: dict[int, list[tuple[str, str]]] = {}
    for field in TEXT_FIELDS:
        analyzer = getattr(schema[field], "analyzer", None)
        tokens = [t.text for t in analyzer(word)] if analyzer else [word.lower()]
        for i, token in enumerate(tokens):
            pieces.setdefault(i, []).append((field, token))
    return [Clause(tuple(terms)) for _, terms in sorted(pieces.items())]


def merged(clauses: Iterable[Clause]) -> Clause:
    """One clause any of whose terms will do (the corrections of one misspelt word)."""
    return Clause(tuple(dict.fromkeys(t for c in clauses for t in c.terms)))


OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_PLAIN = re.compile(r"[^\W_]+", re.UNICODE)


def plain_words(text: str) -> list[str] | None:
    """The words of a plain query (words only, ANDed), or None when it uses the query
    language (quotes, operators, fields, wildcards, fuzzy~, punctuation)."""
    words = text.split()
    if not words or any(w in OPERATORS or not _PLAIN.fullmatch(w) for w in words):
        return None
    return words


def clause_highlight(clauses: Sequence[Clause], prefixes: Sequence[str]) -> Highlight:
    """What to highlight for a plain query: each field's terms (stems or words)."""
    stems = {t for c in clauses for f, t in c.terms if f in STEMMED_FIELDS}
    words = {t for c in clauses for f, t in c.terms if f not in STEMMED_FIELDS}
    return Highlight(frozenset(stems), frozenset(words), tuple(p for p in prefixes if p))
