"""Helpers every parser shares: decoding, ids, whitespace, dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Paper

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a parser may know besides the bytes: a name for messages and date hints."""

    name: str = "<input>"
    date: dt.date | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedDigest:
    source: str
    papers: tuple[Paper, ...]
    date: dt.date | None
    dropped_links: int = 0
    extra: dict[str, str] = field(default_factory=dict)


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
    """Unwrap hard line breaks and squeeze whitespace; strip NULs and other C0 controls."""
    cleaned = "".join(c if c >= " " or c in "\t\n\r" else " " for c in text)
    return _SPACE.sub(" ", cleaned).strip()


def normalise_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def title_id(title: str) -> str:
    """A stable id for a paper that has no arXiv id: a hash of its normalised title."""
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"t-{digest[:12]}"


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
