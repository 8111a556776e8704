"""Analysis shared by the index and the UI: the stemmer, and which characters of a
shown text a query matched (for highlighting the title and abstract)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from digest_tui.core.models import Highlight
from digest_tui.core.search import load_whoosh
from digest_tui.core.search.cjk import cjk_piece_spans, cjk_pieces, has_cjk

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem the index uses for a lower-case word."""
    load_whoosh()  # Whoosh as the index loads it (without the imports it never uses)
    from whoosh.lang.porter import stem as porter_stem

    return str(porter_stem(word))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, as the index keeps words (highlighting shows the
    original text; this only decides which of its words matched)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(word: str, highlight: Highlight) -> bool:
    return (
        word in highlight.words
        or bool(highlight.stems and stem(word) in highlight.stems)
        or any(word.startswith(p) for p in highlight.prefixes)
        or any(abs(len(word) - len(f)) <= d and _damerau(word, f) <= d for f, d in highlight.fuzzy)
    )


@lru_cache(maxsize=8)
def _verdicts(highlight: Highlight) -> dict[str, bool]:
    """Folded word -> whether the query matches it, filled as words are met: a list's
    titles share most of their words, and every title is looked at per keystroke."""
    return {}


def _word_matches(word: str, highlight: Highlight, known: dict[str, bool]) -> bool:
    found = known.get(word)
    if found is None:
        if len(known) > 50_000:
            known.clear()
        found = known[word] = _matches(word, highlight)
    return found


def match_spans(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    """Character spans of the words in text that the query matched."""
    if not highlight:
        return []
    known = _verdicts(highlight)
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = fold(match.group(0))
        if not has_cjk(word):  # most words: one piece, itself
            if _word_matches(word, highlight, known):
                spans.append(match.span())
            continue
        pieces = cjk_pieces(word)
        if len(pieces) == 1 or len(word) != len(match.group(0)):
            if any(_word_matches(piece, highlight, known) for piece in pieces):
                spans.append(match.span())
            continue
        # unspaced text: mark the matched pieces, joining those that touch or overlap
        # (offsets carry over: the folded word is as long as the shown one)
        base = match.start()
        for start, end, piece in cjk_piece_spans(word):
            if not _word_matches(piece, highlight, known):
                continue
            if spans and spans[-1][1] >= base + start:
                spans[-1] = (spans[-1][0], max(spans[-1][1], base + end))
            else:
                spans.append((base + start, base + end))
    return spans


def _damerau(a: str, b: str) -> int:
    from rapidfuzz.distance import DamerauLevenshtein

    return int(DamerauLevenshtein.distance(a, b))
