"""Analysis shared by the index and the UI: the stemmer, and which characters of a
shown text a query matched (for highlighting the title and abstract)."""

from __future__ import annotations

import re
from functools import lru_cache

from digest_tui.core.models import Highlight

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem the index uses for a lower-case word."""
    from whoosh.lang.porter import stem as porter_stem

    return str(porter_stem(word))


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
                abs(len(word) - len(f)) <= d and _damerau(word, f) <= d for f, d in highlight.fuzzy
            )
        ):
            spans.append((match.start(), match.end()))
    return spans


def _damerau(a: str, b: str) -> int:
    from whoosh.support.levenshtein import damerau_levenshtein

    return int(damerau_levenshtein(a, b))
