"""The plain-text copy of a Hugging Face "Daily Papers" page (format `hf-page-text`).

Header lines, then per paper a title line, a blank line and an abstract paragraph.
Page furniture (subscribe prompts, upvote counts, `· N authors`) is skipped.
Date rule: `--date` wins; else month and day from the `Aug 1` line and the year from
the context (the file's modification year).
"""

from __future__ import annotations

import datetime as dt
import re

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Paper
from digest_tui.core.sources.common import (
    ParseContext,
    ParsedDigest,
    collapse,
    decode_text,
    stamp_date,
    title_id,
)
from digest_tui.core.sources.links import derived_links, mentioned_links, merge_links

NAME = "hf-page-text"

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_DATE_LINE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$")
_NOISE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^new$",
        r"^get trending papers in your email inbox.*$",
        r"^subscribe$",
        r"^(daily|weekly|monthly)( papers)?$",
        r"^by\s*ak( and the research community)?$",
        r"^ak$",
        r"^(and )?the research community$",
        r"^by$",
        r"^(▲|⬆|↑|upvote)?\s*[\d,.]+k?$",
        r"^upvote$",
        r"^·?\s*\d+\s+authors?$",
        r"^·$",
        r"^submitted by .*$",
        r"^(previous|next)( day| week| month)?$",
    )
]
_HEADER_MARKERS = re.compile(
    r"^(daily papers|get trending papers.*|by\s*ak.*|(daily|weekly|monthly))$", re.IGNORECASE
)
MAX_TITLE = 400


def looks_like(text: str) -> bool:
    """Sniff: one of the page's header lines near the top."""
    head = [line.strip() for line in text.splitlines()[:40] if line.strip()]
    return any(_HEADER_MARKERS.match(line) for line in head[:15])


def _date_of(line: str, ctx: ParseContext) -> dt.date | None:
    match = _DATE_LINE.match(line)
    if not match or match[1].lower() not in _MONTHS:
        return None
    fallback = ctx.name_date.year if ctx.name_date else ctx.year
    year = int(match[3]) if match[3] else (fallback or dt.date.today().year)
    try:
        return dt.date(year, _MONTHS[match[1].lower()], int(match[2]))
    except ValueError:
        return None


def _blocks(text: str, ctx: ParseContext) -> tuple[list[str], dt.date | None, bool]:
    """Paragraphs that are not page furniture, the page date, and whether a header was seen."""
    blocks: list[str] = []
    current: list[str] = []
    page_date: dt.date | None = None
    header_seen = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        if not blocks and not current:
            if _HEADER_MARKERS.match(line):
                header_seen = True
            found = _date_of(line, ctx)
            if found is not None:
                page_date = page_date or found
                header_seen = True
                continue
        if any(p.match(line) for p in _NOISE):
            if current:  # furniture ends a paragraph
                blocks.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    return blocks, page_date, header_seen


def parse(data: bytes, ctx: ParseContext) -> ParsedDigest:
    text = decode_text(data, ctx)
    blocks, page_date, header_seen = _blocks(text, ctx)
    expected = (
        "expected a Hugging Face Daily Papers page: header lines, then per paper a title "
        "line, a blank line and an abstract paragraph"
    )
    if not header_seen:
        raise IngestError(f"no 'Daily Papers' header or date line; {expected}", source=ctx.name)
    if not blocks:
        raise IngestError(f"no papers found; {expected}", source=ctx.name)
    if len(blocks) % 2:
        dangling = blocks[-1][:60]
        raise IngestError(
            f"paper {len(blocks) // 2 + 1} ({dangling!r}) has no abstract; {expected}",
            source=ctx.name,
        )
    papers: list[Paper] = []
    dropped = 0
    for number, i in enumerate(range(0, len(blocks), 2), start=1):
        title = collapse(blocks[i].lstrip("#").strip())
        abstract = collapse(blocks[i + 1])
        if not title or len(title) > MAX_TITLE:
            raise IngestError(
                f"paper {number}: title line is {len(title)} characters, not a title; {expected}",
                source=ctx.name,
            )
        links, lost = merge_links(derived_links(None, title), mentioned_links(abstract))
        dropped += lost
        papers.append(
            Paper(
                id=title_id(title),
                title=title,
                abstract=abstract,
                source=NAME,
                links=links,
            )
        )
    digest_date = ctx.date or page_date or ctx.name_date
    return ParsedDigest(NAME, stamp_date(papers, digest_date), digest_date, dropped)
