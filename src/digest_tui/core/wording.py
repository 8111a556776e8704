"""Small words right: `1 paper`, `2 papers`, `1,204 papers`."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and the word, singular for exactly one (`many`: an irregular plural)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
