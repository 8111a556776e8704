"""Hugging Face papers JSON (format `hf-json`).

Accepts `/api/daily_papers` responses (items `{paper: {...}, title, numComments, ...}`),
a single flat paper (`/api/papers/{id}`) and search results (flat or nested). Optional
fields are simply absent; hard line wraps in titles and abstracts are unwrapped.
Date rule: `--date`, else the most common `submittedOnDailyAt` day, else the file name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
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
    mentioned_links,
    merge_links,
    normalise_arxiv_id,
)

NAME = "hf-json"


def _items(data: Any, ctx: ParseContext) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("data", "papers", "results"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    raise IngestError("expected a JSON array of papers or a paper object", source=ctx.name)


def _paper(item: Any, number: int, ctx: ParseContext) -> tuple[Paper, int, dt.date | None]:
    if isinstance(item, str):
        hint = " (it looks like a Python repr, not JSON)" if item.lstrip().startswith("{'") else ""
        raise IngestError(f"item {number} is a string, not a paper object{hint}", source=ctx.name)
    if not isinstance(item, dict):
        raise IngestError(f"item {number} is not a paper object", source=ctx.name)
    paper: dict[str, Any] = item["paper"] if isinstance(item.get("paper"), dict) else item
    title = collapse(as_str(paper.get("title")) or as_str(item.get("title")))
    if not title:
        raise IngestError(f"item {number} has no title", source=ctx.name)
    abstract = collapse(as_str(paper.get("summary")) or as_str(item.get("summary")))
    arxiv_id = normalise_arxiv_id(as_str(paper.get("id")))
    org = paper.get("organization") or item.get("organization")
    links: list[Link] = []
    github = as_str(paper.get("githubRepo"))
    if github:
        links.append(Link("GitHub", github))
    project = as_str(paper.get("projectPage"))
    if project:
        links.append(Link("Project", project))
    merged, dropped = merge_links(derived_links(arxiv_id, title), links, mentioned_links(abstract))
    keywords = paper.get("ai_keywords")
    result = Paper(
        id=arxiv_id or title_id(title),
        title=title,
        abstract=abstract,
        authors=split_authors(paper.get("authors")),
        published=parse_date(paper.get("publishedAt")),
        source=NAME,
        upvotes=as_int(paper.get("upvotes")),
        comments=as_int(item.get("numComments")),
        links=merged,
        keywords=tuple(dict.fromkeys(collapse(k) for k in keywords if isinstance(k, str)))
        if isinstance(keywords, list)
        else (),
        ai_summary=collapse(as_str(paper.get("ai_summary"))),
        organization=collapse(as_str(org.get("fullname")) or as_str(org.get("name")))
        if isinstance(org, dict)
        else "",
        github_stars=as_int(paper.get("githubStars")),
    )
    return result, dropped, parse_date(paper.get("submittedOnDailyAt"))


def parse(data: bytes, ctx: ParseContext) -> ParsedDigest:
    text = decode_text(data, ctx)
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "expected a Hugging Face papers API response",
            source=ctx.name,
        ) from None
    papers: list[Paper] = []
    days: Counter[dt.date] = Counter()
    dropped = 0
    for number, item in enumerate(_items(decoded, ctx), start=1):
        paper, lost, day = _paper(item, number, ctx)
        papers.append(paper)
        dropped += lost
        if day:
            days[day] += 1
    date = ctx.date or (days.most_common(1)[0][0] if days else None) or ctx.name_date
    return ParsedDigest(NAME, stamp_date(papers, date), date, dropped)
