"""JSON Lines, one paper a line (format `jsonl`), with a flexible field mapping.

Covers the arXiv metadata snapshot, daily arXiv listings and our own
`export --format jsonl` (which this parser reads back unchanged). Blank lines are
skipped. Date rule: a line's `digest_dates`, else `--date`, else the file name.
"""

from __future__ import annotations

import json
from typing import Any

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Link, Paper
from digest_tui.core.sources.common import (
    ParseContext,
    ParsedDigest,
    as_int,
    as_str,
    collapse,
    decode_text,
    parse_date,
    split_authors,
    stamp_date,
    title_id,
)
from digest_tui.core.sources.links import (
    derived_links,
    label_for,
    mentioned_links,
    merge_links,
    normalise_arxiv_id,
)

NAME = "jsonl"


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(dict.fromkeys(collapse(v) for v in value if isinstance(v, str) and v.strip()))
    if isinstance(value, str):
        return tuple(dict.fromkeys(v for v in value.split() if v))
    return ()


def _links(record: dict[str, Any]) -> list[Link]:
    found: list[Link] = []
    raw = record.get("links")
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                url = item["url"]
                found.append(Link(as_str(item.get("label")) or label_for(url), url))
    for key, label in (("abs", "arXiv"), ("pdf", "PDF"), ("url", "")):
        url = as_str(record.get(key))
        if url:
            found.append(Link(label or label_for(url), url))
    return found


def _paper(record: Any, line: int, ctx: ParseContext) -> tuple[Paper, int]:
    if not isinstance(record, dict):
        raise IngestError(f"line {line} is not a JSON object", source=ctx.name)
    title = collapse(as_str(record.get("title")))
    if not title:
        raise IngestError(f"line {line} has no title", source=ctx.name)
    abstract = collapse(as_str(record.get("abstract")) or as_str(record.get("summary")))
    raw_id = as_str(record.get("id")) or as_str(record.get("arxiv_id"))
    arxiv_id = normalise_arxiv_id(raw_id)
    paper_id = arxiv_id or raw_id or title_id(title)  # sanitize() replaces an unsafe id
    has_own_links = isinstance(record.get("links"), list)
    groups = (
        [_links(record)]
        if has_own_links
        else [derived_links(arxiv_id, title), _links(record), mentioned_links(abstract)]
    )
    links, dropped = merge_links(*groups)
    days = record.get("digest_dates")
    digest_dates = tuple(
        sorted({d for d in (parse_date(x) for x in days) if d} if isinstance(days, list) else ())
    )
    published = parse_date(record.get("published")) or parse_date(record.get("update_date"))
    paper = Paper(
        id=paper_id,
        title=title,
        abstract=abstract,
        authors=split_authors(record.get("authors")),
        published=published,
        updated=parse_date(record.get("updated")),
        digest_dates=digest_dates,
        source=as_str(record.get("source")) or NAME,
        upvotes=as_int(record.get("upvotes")),
        comments=as_int(record.get("comments")),
        links=links,
        keywords=_strings(record.get("keywords")),
        categories=_strings(record.get("categories")),
        ai_summary=collapse(as_str(record.get("ai_summary"))),
        organization=collapse(as_str(record.get("organization"))),
        doi=collapse(as_str(record.get("doi"))),
        journal_ref=collapse(
            as_str(record.get("journal_ref")) or as_str(record.get("journal-ref"))
        ),
        github_stars=as_int(record.get("github_stars")),
        comment=collapse(as_str(record.get("comment"))),
    )
    return paper, dropped


def parse(data: bytes, ctx: ParseContext) -> ParsedDigest:
    text = decode_text(data, ctx)
    papers: list[Paper] = []
    dropped = 0
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise IngestError(
                f"line {line} is not valid JSON ({exc.msg}); expected one paper object a line",
                source=ctx.name,
            ) from None
        paper, lost = _paper(record, line, ctx)
        papers.append(paper)
        dropped += lost
    if not papers and text.strip():
        raise IngestError("no papers found; expected one JSON object a line", source=ctx.name)
    date = ctx.date or ctx.name_date
    return ParsedDigest(NAME, stamp_date(papers, date), date, dropped)
