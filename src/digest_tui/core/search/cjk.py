"""Chinese, Japanese and Korean text has no spaces between words: the index and the
highlighter split it into overlapping character bigrams (a common, dictionary-free way to
find words inside unspaced text)."""

from __future__ import annotations

import functools
import re

# Scripts written without spaces between words: Han, Hiragana, Katakana, Hangul syllables
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_FIRST_CJK = "\u3040"


@functools.cache
def _cjk() -> re.Pattern[str]:
    return re.compile(f"[{_CJK}]")


@functools.cache
def _runs() -> re.Pattern[str]:
    """Compiled on first CJK text (the negated class costs ~10 ms to compile)."""
    return re.compile(f"[{_CJK}]+|[^{_CJK}]+")


def has_cjk(text: str) -> bool:
    """Text below the first CJK code point (most text) is answered without a regex."""
    return bool(text) and max(text) >= _FIRST_CJK and _cjk().search(text) is not None


def cjk_pieces(word: str) -> list[str]:
    """A word split for the index: runs of CJK characters become overlapping character
    bigrams (one character alone stays itself), so `中文` finds `中文分词`; the rest stays."""
    if not has_cjk(word):
        return [word]
    pieces: list[str] = []
    for run in _runs().findall(word):
        if _cjk().match(run):
            pieces += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            pieces.append(run)
    return pieces


def cjk_piece_spans(word: str) -> list[tuple[int, int, str]]:
    """The pieces of `cjk_pieces` with where each lies in the word (start, end, piece):
    a highlight marks the matched bigrams, not the whole unspaced run."""
    spans: list[tuple[int, int, str]] = []
    for run in _runs().finditer(word):
        start, text = run.start(), run.group(0)
        if _cjk().match(text) and len(text) > 1:
            spans += [(start + i, start + i + 2, text[i : i + 2]) for i in range(len(text) - 1)]
        else:
            spans.append((start, run.end(), text))
    return spans
