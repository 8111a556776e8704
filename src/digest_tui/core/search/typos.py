"""Typo tolerance: an unknown word is replaced by the library's own words within a small
Damerau-Levenshtein distance (a swap of two letters costs 1: `sensign` is `sensing`).

Whoosh's fuzzy terms use plain Levenshtein (a swap costs 2) and walk the vocabulary in
Python (~650 ms a query); rapidfuzz compares a word with the ~80,000 words of a 35,000-paper
library in a few milliseconds. The vocabulary is the index's unstemmed `words` field,
read when a query first misses. Words that are spelled right are never loosened.
"""

from __future__ import annotations

import re
from typing import Any

MAX_CORRECTIONS = 12


def allowed_distance(word: str) -> int:
    """Edits a word may be off by: none under 4 letters, 1 up to 7, 2 beyond."""
    return 0 if len(word) < 4 else 1 if len(word) <= 7 else 2


class Vocabulary:
    """The words of one index version, for corrections and "Did you mean"."""

    def __init__(self, reader: Any, lexicon: Any = None) -> None:
        self.reader = reader
        self._lexicon = lexicon  # FastSearch.lexicon, when there is one: the words, read once
        self._words: list[str] | None = None
        self._fold = reader.schema["words"].analyzer

    def fold(self, word: str) -> str:
        """The word as the index keeps it (lower case, accents folded)."""
        tokens = [t.text for t in self._fold(word)]
        return tokens[0] if tokens else word.lower()

    def frequency(self, word: str) -> int:
        return int(self.reader.doc_frequency("words", word))

    def knows(self, word: str) -> bool:
        folded = self.fold(word)
        return bool(self.frequency(folded) or self.reader.doc_frequency("authors", folded))

    def words(self) -> list[str]:
        if self._words is None and self._lexicon is not None:
            self._words = self._lexicon("words")[0]
        if self._words is None:
            self._words = [
                w.decode("utf-8") if isinstance(w, bytes) else str(w)
                for w in self.reader.lexicon("words")
            ]
        return self._words

    def corrections(self, word: str) -> list[str]:
        """Known words close to an unknown one: the nearest first, then the most used."""
        folded = self.fold(word)
        distance = allowed_distance(folded)
        if not distance:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        found = process.extract(
            folded,
            self.words(),
            scorer=DamerauLevenshtein.distance,
            score_cutoff=distance,
            limit=None,
        )
        ranked = sorted(found, key=lambda f: (f[1], -self.frequency(f[0]), f[0]))
        return [w for w, _, _ in ranked[:MAX_CORRECTIONS] if w != folded]

    def suggestion(self, text: str, unknown: dict[str, list[str]]) -> str | None:
        """The query with each unknown word replaced by its best correction, if all have
        one (a suggestion that finds nothing is no help)."""
        if not unknown or not all(unknown.values()):
            return None
        for word, corrections in unknown.items():
            text = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", corrections[0], text)
        return text
