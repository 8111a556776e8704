"""Helpers every parser shares: the parse context and result, decoding, whitespace,
dates, numbers and authors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from digest_tui.core.errors import IngestError
from digest_tui.core.identity import title_id
from digest_tui.core.models import Paper

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a parser may know besides the bytes: a name for messages and date hints."""

    name: str = "<input>"
    date: dt.date | None = None  # --date: wins over everything
    year: int | None = None  # for dates written without one (the file's year)
    name_date: dt.date | None = None  # a YYYY-MM-DD in the file name: the last resort


@dataclass(frozen=True, slots=True)
class ParsedDigest:
    source: str
    papers: tuple[Paper, ...]
    date: dt.date | None
    dropped_links: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    problems: tuple[tuple[str, int], ...] = ()  # what `limits.sanitize` changed, counted
    sanitized: bool = False


def decode_text(data: bytes, ctx: ParseContext) -> str:
    """UTF-8 (BOM allowed) text, or an IngestError that says it is not."""
    if b"\x00" in data[:4096]:
        raise IngestError("binary data, expected UTF-8 text", source=ctx.name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"not UTF-8 text (invalid byte at offset {exc.start}); re-save the file as UTF-8",
            source=ctx.name,
        ) from None


def collapse(text: str) -> str:
    """Unwrap hard line breaks and squeeze whitespace. Other control characters are kept
    as the source wrote them: every output shows them visibly (core/textsafe). `split`
    and the pattern `\\s` know the same whitespace (str.isspace); splitting is ~6x
    quicker, and an imported paper collapses ~15 texts."""
    return " ".join(text.split())


def parse_date(value: object) -> dt.date | None:
    """The date part of an ISO-8601 string (`2024-05-27T..`), or None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.search(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_in_name(name: str) -> dt.date | None:
    """A `YYYY-MM-DD` in a file name, the fallback digest date."""
    return parse_date(name.rsplit("/", 1)[-1])


def as_str(value: object) -> str:
    return value if isinstance(value, str) else ""


def as_int(value: object) -> int | None:
    """An integer, also from a whole float (`5e9` in JSON); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def split_authors(value: object) -> tuple[str, ...]:
    """Authors from a list of names or dicts, or one string ("A, B and C")."""
    if isinstance(value, list):
        names = [
            collapse(
                v if isinstance(v, str) else as_str(v.get("name")) if isinstance(v, dict) else ""
            )
            for v in value
        ]
        return tuple(n for n in names if n)
    if isinstance(value, str):
        parts = re.split(r",|;|\band\b", value)
        return tuple(n for n in (collapse(p) for p in parts) if n)
    return ()


def strip_arxiv_preamble(text: str) -> str:
    """`arXiv:2401.1v1 Announce Type: new Abstract: ...` (arXiv RSS/Atom) -> the abstract."""
    head, sep, rest = text.partition("Abstract:")
    if sep and head.lstrip().startswith("arXiv:"):
        return rest
    return text


def stamp_date(papers: list[Paper], date: dt.date | None) -> tuple[Paper, ...]:
    """Give the digest date to every paper that has none of its own."""
    if date is None:
        return tuple(papers)
    return tuple(p if p.digest_dates else p.with_changes(digest_dates=(date,)) for p in papers)


__all__ = ["ParseContext", "ParsedDigest", "title_id"]
