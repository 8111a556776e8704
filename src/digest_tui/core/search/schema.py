"""What the index holds for each paper: fields, and the document built from a paper.

Text is not stored in the index (the store has it); it holds what ranking, filtering and
sorting need. Every value fits its field, whatever the store holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from digest_tui.core.latex import readable
from digest_tui.core.models import Paper
from digest_tui.core.search.cjk import cjk_pieces
from digest_tui.core.search.fields import FIELD_BOOSTS, WORD
from digest_tui.core.search.stamp import SCHEMA_VERSION
from digest_tui.core.textsafe import no_surrogates


class CJKBigramFilter(Filter):  # type: ignore[misc]
    """Emits `cjk_pieces` of each token, with positions that stay in order."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        shift = 0
        for token in tokens:
            pieces = cjk_pieces(token.text)
            if len(pieces) == 1:
                if token.positions:
                    token.pos += shift
                yield token
                continue
            for i, piece in enumerate(pieces):
                token.text = piece
                if token.positions:
                    token.pos += shift if i == 0 else 1
                yield token
            shift += len(pieces) - 1


def schema() -> fields.Schema:
    """Accents folded (Gómez is Gomez), CJK split into bigrams, English stemmed."""
    base = RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map) | CJKBigramFilter()
    stemmed = base | StopFilter() | StemFilter()
    plain = base
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=fields.TEXT(analyzer=stemmed, field_boost=FIELD_BOOSTS["title"]),
        abstract=fields.TEXT(analyzer=stemmed),
        authors=fields.TEXT(analyzer=plain),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        category=fields.KEYWORD(commas=True, lowercase=True),
        keywords=fields.TEXT(analyzer=stemmed),
        note=fields.TEXT(analyzer=stemmed),
        words=fields.TEXT(analyzer=plain, phrase=False),
        date=fields.NUMERIC(int, bits=32, sortable=True),
        published=fields.NUMERIC(int, bits=32, sortable=True),
        upvotes=fields.NUMERIC(int, bits=32, sortable=True, signed=True),
        title_sort=fields.ID(sortable=True),
    )


def _day(value: dt.date | None) -> int:
    return int(value.strftime("%Y%m%d")) if value else 0


_INT32 = 2**31 - 1


def document(paper: Paper, note: str = "") -> dict[str, Any]:
    """The index document of a paper: what search, filters and sorts need, no stored text.
    Every value fits its field (text that encodes, numbers within 32 bits), whatever the
    store holds, so no record can stop an index from being built."""
    tags = [*paper.tags, *paper.user_tags, *paper.categories]
    text = no_surrogates
    shown = readable(paper.title)  # `D$^2$iT` is also found as D²iT
    title = paper.title if shown == paper.title else f"{paper.title}\n{shown}"
    return {
        "id": paper.id,
        "title": text(title),
        "abstract": text(f"{paper.abstract}\n{paper.ai_summary}"),
        "authors": text(" ; ".join(paper.authors)),
        "tags": text(",".join(t.replace(",", " ") for t in tags)),
        "category": text(",".join(c.replace(",", " ") for c in paper.categories)),
        "keywords": text(" ; ".join([*paper.keywords, paper.comment])),
        "note": text(note),
        "words": text(f"{title}\n{paper.abstract}\n{' '.join(paper.keywords)}"),
        "date": _day(paper.date),
        "published": _day(paper.published),
        "upvotes": max(-_INT32, min(_INT32, paper.upvotes or 0)),
        "title_sort": text(paper.title.casefold()[:120]),
    }


__all__ = ["SCHEMA_VERSION", "document", "schema"]
