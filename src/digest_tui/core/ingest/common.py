"""Helpers every parser shares: decoding, ids, whitespace, dates, and the limits every
record is held to (`sanitize`), whatever its format."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from digest_tui.core.errors import IngestError
from digest_tui.core.links import is_http_url
from digest_tui.core.models import Link, Paper
from digest_tui.core.textsafe import no_surrogates

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
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
    problems: tuple[tuple[str, int], ...] = ()  # what `sanitize` changed, with counts
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
    as the source wrote them: every output shows them visibly (core/textsafe)."""
    return _SPACE.sub(" ", text).strip()


def normalise_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


_VALID_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}|t-[0-9a-f]{12})", re.ASCII)


def is_valid_id(paper_id: str) -> bool:
    """An arXiv id (`2401.01234`, `hep-th/9901001`) or a title id (`t-` + 12 hex digits):
    the only ids the library stores, so an id is always safe to print."""
    return _VALID_ID.fullmatch(paper_id) is not None


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


# ----- the limits every record is held to ----------------------------------------------------
MAX_COUNT = 2**31 - 1  # upvotes, comments, stars: the index stores them in 32 bits
MAX_TITLE = 1_000
MAX_TEXT = 200_000  # abstract, summary: characters
MAX_FIELD = 1_000  # organization, doi, journal_ref, one author, one keyword, one category
MAX_ITEMS = {  # how many of each list one paper may bring
    "authors": 5_000,  # real papers have ~3,000 (ATLAS, CMS); the corpus has one of 2,900
    "categories": 50,
    "keywords": 100,
    "links": 100,
    "digest_dates": 100,
}


def scrub(text: str, limit: int = MAX_TEXT) -> str:
    """Text a database and an index can store: no lone surrogates, the length capped."""
    return no_surrogates(text[:limit])


def _capped(
    values: Iterable[str], name: str, problems: Counter[str], limit: int = MAX_FIELD
) -> tuple[str, ...]:
    items = tuple(values)
    cap = MAX_ITEMS[name]
    if len(items) > cap:
        problems[f"{name} beyond {cap:,} dropped"] += len(items) - cap
        items = items[:cap]
    return tuple(scrub(v, limit) for v in items)


def _count(value: int | None, name: str, problems: Counter[str]) -> int | None:
    if value is None or 0 <= value <= MAX_COUNT:
        return value
    problems[f"{name} out of range dropped"] += 1
    return None


def sanitize_paper(paper: Paper, problems: Counter[str]) -> Paper:
    """The paper held to the library's limits; each change counted in `problems`."""
    title = scrub(paper.title, MAX_TITLE)
    if len(paper.title) > MAX_TITLE:
        problems["titles cut"] += 1
    if len(paper.abstract) > MAX_TEXT:
        problems["abstracts cut"] += 1
    paper_id = paper.id
    if not is_valid_id(paper_id):
        problems["ids replaced by a title id"] += 1
        paper_id = title_id(title)
    links = tuple(link for link in paper.links if is_http_url(link.url))
    if len(links) < len(paper.links):
        problems["unsafe links dropped"] += len(paper.links) - len(links)
    if len(links) > MAX_ITEMS["links"]:
        problems[f"links beyond {MAX_ITEMS['links']} dropped"] += len(links) - MAX_ITEMS["links"]
        links = links[: MAX_ITEMS["links"]]
    dates = paper.digest_dates
    if len(dates) > MAX_ITEMS["digest_dates"]:
        problems["digest dates beyond 100 dropped"] += len(dates) - MAX_ITEMS["digest_dates"]
        dates = tuple(sorted(dates)[-MAX_ITEMS["digest_dates"] :])
    return paper.with_changes(
        id=paper_id,
        title=title,
        abstract=scrub(paper.abstract),
        authors=_capped(paper.authors, "authors", problems),
        categories=_capped(paper.categories, "categories", problems, 100),
        keywords=_capped(paper.keywords, "keywords", problems),
        links=tuple(Link(scrub(link.label, 100), scrub(link.url, 2_000)) for link in links),
        digest_dates=dates,
        upvotes=_count(paper.upvotes, "upvotes", problems),
        comments=_count(paper.comments, "comment counts", problems),
        github_stars=_count(paper.github_stars, "GitHub stars", problems),
        ai_summary=scrub(paper.ai_summary),
        organization=scrub(paper.organization, MAX_FIELD),
        doi=scrub(paper.doi, MAX_FIELD),
        journal_ref=scrub(paper.journal_ref, MAX_FIELD),
        source=scrub(paper.source, 100),
        tags=tuple(scrub(t, 100) for t in paper.tags[:200]),
        user_tags=tuple(scrub(t, 100) for t in paper.user_tags[:200]),
    )


def sanitize(parsed: ParsedDigest) -> ParsedDigest:
    """Every paper of a digest held to the limits (idempotent): no record can stop the
    store or the index, whatever a file or a server sent."""
    if parsed.sanitized:
        return parsed
    problems: Counter[str] = Counter(dict(parsed.problems))
    papers = tuple(sanitize_paper(p, problems) for p in parsed.papers)
    return ParsedDigest(
        parsed.source,
        papers,
        parsed.date,
        parsed.dropped_links,
        parsed.extra,
        tuple(sorted(problems.items())),
        sanitized=True,
    )
