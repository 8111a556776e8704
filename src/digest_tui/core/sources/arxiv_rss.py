"""rss.arxiv.org RSS 2.0 (format `arxiv-rss`).

Items carry `arxiv:announce_type`, `dc:creator` as one comma-separated string and the
abstract inside `description` after `Abstract:`. Date rule: `--date`, else the
channel's `pubDate` (the announcement day), else the file name.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from xml.etree.ElementTree import Element

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Link, Paper
from digest_tui.core.sources.common import (
    ParseContext,
    ParsedDigest,
    collapse,
    stamp_date,
    strip_arxiv_preamble,
    title_id,
)
from digest_tui.core.sources.links import (
    derived_links,
    mentioned_links,
    merge_links,
    normalise_arxiv_id,
)
from digest_tui.core.sources.xmlsafe import ARXIV, DC, parse_xml, text_of

NAME = "arxiv-rss"
EXPECTED = "an arXiv RSS 2.0 feed (<rss><channel><item>...)"


def _rfc822(value: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _item(item: Element, number: int, ctx: ParseContext) -> tuple[Paper, int]:
    title = text_of(item.find("title"))
    if not title:
        raise IngestError(f"item {number} has no title", source=ctx.name)
    guid = text_of(item.find("guid"))
    link = text_of(item.find("link"))
    arxiv_id = normalise_arxiv_id(guid.removeprefix("oai:arXiv.org:")) or normalise_arxiv_id(link)
    abstract = collapse(strip_arxiv_preamble(text_of(item.find("description"))))
    creators = text_of(item.find(f"{DC}creator"))
    authors = tuple(n.strip() for n in creators.split(",") if n.strip())
    doi = text_of(item.find(f"{ARXIV}DOI")) or text_of(item.find(f"{ARXIV}doi"))
    extra = [Link("DOI", f"https://doi.org/{doi}")] if doi else []
    links, dropped = merge_links(derived_links(arxiv_id, title), extra, mentioned_links(abstract))
    paper = Paper(
        id=arxiv_id or title_id(title),
        title=title,
        abstract=abstract,
        authors=authors,
        published=_rfc822(text_of(item.find("pubDate"))),
        source=NAME,
        links=links,
        categories=tuple(dict.fromkeys(text_of(c) for c in item.iter("category") if text_of(c))),
        doi=doi,
        journal_ref=text_of(item.find(f"{ARXIV}journal_reference")),
    )
    return paper, dropped


def parse(data: bytes, ctx: ParseContext) -> ParsedDigest:
    root = parse_xml(data, ctx, EXPECTED)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise IngestError(f"root element is <{root.tag}>; expected {EXPECTED}", source=ctx.name)
    papers: list[Paper] = []
    dropped = 0
    for number, item in enumerate(channel.iter("item"), start=1):
        paper, lost = _item(item, number, ctx)
        papers.append(paper)
        dropped += lost
    date = ctx.date or _rfc822(text_of(channel.find("pubDate"))) or ctx.name_date
    return ParsedDigest(NAME, stamp_date(papers, date), date, dropped)
