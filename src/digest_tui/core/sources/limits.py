"""The limits every record is held to, whatever its format or source: no record can
stop the store or the index, and every change is counted for the import summary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from digest_tui.core.identity import is_valid_id, title_id
from digest_tui.core.models import Link, Paper
from digest_tui.core.sources.common import ParsedDigest
from digest_tui.core.taxonomy import is_category
from digest_tui.core.textsafe import no_surrogates
from digest_tui.core.urls import is_http_url

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


def split_categories(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """(category codes, everything else): sources put MSC and ACM classes (`68T45
    (Machine vision)`, `I.2.10; I.4.8`) and free text beside arXiv's codes; those are
    keywords, searchable but never tags. `cs.CV, cs.MM` is two codes."""
    codes: list[str] = []
    other: list[str] = []
    for value in values:
        parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p]
        if parts and all(is_category(p) for p in parts):
            codes.extend(parts)
        elif value.strip():
            other.append(" ".join(value.split()))
    return list(dict.fromkeys(codes)), other


def sanitize_paper(paper: Paper, problems: Counter[str]) -> Paper:
    """The paper held to the library's limits; each change counted in `problems`."""
    categories, classes = split_categories(paper.categories)
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
        categories=_capped(categories, "categories", problems, 100),
        keywords=_capped(dict.fromkeys([*paper.keywords, *classes]), "keywords", problems),
        comment=scrub(paper.comment, 4 * MAX_FIELD),
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
