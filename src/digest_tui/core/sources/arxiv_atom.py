"""arXiv Atom (format `arxiv-atom`): API responses, old and new output, and the Atom
flavour of rss.arxiv.org.

Ids lose their version suffix; categories (primary first) become tags. An empty
response is an empty digest. Date rule: `--date`, else the feed's `updated` day for
rss.arxiv.org feeds (their announcement day), else the file name.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Link, Paper
from digest_tui.core.sources.common import (
    ParseContext,
    ParsedDigest,
    collapse,
    parse_date,
    stamp_date,
    strip_arxiv_preamble,
    title_id,
)
from digest_tui.core.sources.links import (
    derived_links,
    is_http_url,
    mentioned_links,
    merge_links,
    normalise_arxiv_id,
)
from digest_tui.core.sources.xmlsafe import ARXIV, ATOM, parse_xml, text_of

NAME = "arxiv-atom"
EXPECTED = "an arXiv Atom feed (<feed xmlns='http://www.w3.org/2005/Atom'>)"


def _entry(entry: Element, number: int, ctx: ParseContext) -> tuple[Paper, int]:
    raw_id = text_of(entry.find(f"{ATOM}id"))
    title = text_of(entry.find(f"{ATOM}title"))
    if "api/errors" in raw_id or (title == "Error" and not normalise_arxiv_id(raw_id)):
        message = text_of(entry.find(f"{ATOM}summary")) or "unknown error"
        raise IngestError(f"the arXiv API returned an error: {message}", source=ctx.name)
    if not title:
        raise IngestError(f"entry {number} has no title", source=ctx.name)
    arxiv_id = normalise_arxiv_id(raw_id.removeprefix("oai:arXiv.org:"))
    abstract = collapse(strip_arxiv_preamble(text_of(entry.find(f"{ATOM}summary"))))
    authors = tuple(
        name
        for name in (text_of(a.find(f"{ATOM}name")) for a in entry.iter(f"{ATOM}author"))
        if name
    )
    if not authors:
        creator = text_of(entry.find("{http://purl.org/dc/elements/1.1/}creator"))
        authors = tuple(n.strip() for n in creator.split(",") if n.strip())
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [primary.get("term", "")] if primary is not None else []
    categories += [c.get("term", "") for c in entry.iter(f"{ATOM}category")]
    doi = text_of(entry.find(f"{ARXIV}doi")) or text_of(entry.find(f"{ARXIV}DOI"))
    journal = text_of(entry.find(f"{ARXIV}journal_ref")) or text_of(
        entry.find(f"{ARXIV}journal_reference")
    )
    extra: list[Link] = []
    if doi:
        extra.append(Link("DOI", f"https://doi.org/{doi}"))
    for link in entry.iter(f"{ATOM}link"):
        href = link.get("href", "")
        if is_http_url(href) and "arxiv.org/" not in href and "doi.org/" not in href:
            extra.append(Link(link.get("title") or "Link", href))
    links, dropped = merge_links(derived_links(arxiv_id, title), extra, mentioned_links(abstract))
    paper = Paper(
        id=arxiv_id or title_id(title),
        title=title,
        abstract=abstract,
        authors=authors,
        published=parse_date(text_of(entry.find(f"{ATOM}published"))),
        updated=parse_date(text_of(entry.find(f"{ATOM}updated"))),
        source=NAME,
        links=links,
        categories=tuple(dict.fromkeys(c for c in categories if c)),
        doi=doi,
        journal_ref=journal,
        comment=text_of(entry.find(f"{ARXIV}comment")),
    )
    return paper, dropped


def parse(data: bytes, ctx: ParseContext) -> ParsedDigest:
    root = parse_xml(data, ctx, EXPECTED)
    if root.tag != f"{ATOM}feed":
        raise IngestError(f"root element is <{root.tag}>; expected {EXPECTED}", source=ctx.name)
    papers: list[Paper] = []
    dropped = 0
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        paper, lost = _entry(entry, number, ctx)
        papers.append(paper)
        dropped += lost
    feed_id = text_of(root.find(f"{ATOM}id"))
    announced = (
        parse_date(text_of(root.find(f"{ATOM}updated"))) if "rss.arxiv.org" in feed_id else None
    )
    date = ctx.date or announced or ctx.name_date
    return ParsedDigest(NAME, stamp_date(papers, date), date, dropped)
