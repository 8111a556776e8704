"""Citations: BibTeX, RIS (Zotero, Mendeley, EndNote) and CSL-JSON (pandoc, Zotero).

The year is the paper's: its publication date, else the year in its arXiv id; never the
date of the digest it came in. arXiv papers carry their eprint, archive prefix, primary
class and abstract page. Text from strangers is escaped for each format: BibTeX spells
LaTeX's special characters as commands that LaTeX, BibTeX and LaTeX decoders (pylatexenc,
as bibtexparser uses) all read back as the character; RIS lines hold no line breaks or
control characters; CSL-JSON is JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from digest_tui.core.models import Link, Paper
from digest_tui.core.textsafe import json_dumps

# the year and month an arXiv id encodes (stored ids are arXiv ids or `t-` title ids:
# core/identity.py; `Paper.arxiv_id` tells them apart)
_NEW_ARXIV = re.compile(r"(\d{2})(\d{2})\.\d{4,5}(v\d+)?")
_OLD_ARXIV = re.compile(r"[a-z-]+(\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(v\d+)?")
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\string^",
    "~": r"\textasciitilde{}",
}


def publication_year(paper: Paper) -> int | None:
    """The publication year, else the year an arXiv id encodes (`1501.00001` is 2015,
    `hep-th/9901001` is 1999); None when neither is known."""
    if paper.published:
        return paper.published.year
    arxiv = paper.arxiv_id or ""
    new = _NEW_ARXIV.fullmatch(arxiv)
    if new and 1 <= int(new.group(2)) <= 12:
        return 2000 + int(new.group(1))
    old = _OLD_ARXIV.fullmatch(arxiv)
    if old and 1 <= int(old.group(3)) <= 12:
        year = int(old.group(2))
        return 1900 + year if year >= 91 else 2000 + year
    return None


def best_url(paper: Paper) -> str | None:
    """The arXiv abstract page, else the DOI, else a link that is not a search page."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    pages = [link for link in paper.links if not _is_search(link)]
    chosen = pages or list(paper.links)
    return chosen[0].url if chosen else None


def _is_search(link: Link) -> bool:
    return "search" in link.label.lower() or "?q=" in link.url


def _one_line(text: str) -> str:
    return "".join(c for c in " ".join(text.split()) if c.isprintable())


# ----- BibTeX ---------------------------------------------------------------------------
def bib_escape(text: str) -> str:
    """LaTeX for `text`: braces that pair up become `\\{ \\}` (read back by every tool);
    a brace without its partner becomes `\\textbraceleft{}` or `\\textbraceright{}`, so
    BibTeX, which counts escaped braces too, still finds the field's end."""
    cleaned = _one_line(text)
    paired: set[int] = set()
    opened: list[int] = []
    for i, c in enumerate(cleaned):
        if c == "{":
            opened.append(i)
        elif c == "}" and opened:
            paired.update((opened.pop(), i))
    out = []
    for i, c in enumerate(cleaned):
        if c in "{}":
            if i in paired:
                out.append("\\" + c)
            else:
                out.append(r"\textbraceleft{}" if c == "{" else r"\textbraceright{}")
        else:
            out.append(_BIB_SPECIAL.get(c, c))
    return "".join(out)


def _bib_key(paper: Paper, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "", paper.authors[0].split()[-1] if paper.authors else "")
    year = publication_year(paper) or ""
    word = re.sub(r"[^A-Za-z0-9]+", "", paper.title.split()[0]) if paper.title.split() else ""
    key = f"{base or 'paper'}{year}{word}".lower()
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}{n}"
    used.add(candidate)
    return candidate


def to_bibtex(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    notes = notes or {}
    used: set[str] = set()
    entries = []
    for paper in papers:
        fields = [("title", "{" + bib_escape(paper.title) + "}")]
        if paper.authors:
            fields.append(("author", " and ".join(bib_escape(a) for a in paper.authors)))
        year = publication_year(paper)
        if year:
            fields.append(("year", str(year)))
        if paper.arxiv_id:
            fields += [("eprint", str(paper.arxiv_id)), ("archivePrefix", "arXiv")]
            if paper.categories:
                fields.append(("primaryClass", bib_escape(paper.categories[0])))
        url = best_url(paper)
        if url:
            fields.append(("url", bib_escape(url)))
        if paper.doi:
            fields.append(("doi", bib_escape(paper.doi)))
        if paper.journal_ref:
            fields.append(("journal", bib_escape(paper.journal_ref)))
        if paper.abstract:
            fields.append(("abstract", bib_escape(paper.abstract)))
        if notes.get(paper.id):
            fields.append(("note", bib_escape(notes[paper.id])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = "article" if paper.journal_ref else "misc"
        entries.append(f"@{kind}{{{_bib_key(paper, used)},\n{body}\n}}\n")
    return "\n".join(entries)


# ----- RIS --------------------------------------------------------------------------------
def to_ris(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    """RIS: one `TAG  - value` line each, `ER  - ` ending a record."""
    notes = notes or {}
    out: list[str] = []
    for paper in papers:
        lines = [("TY", "JOUR" if paper.journal_ref else "UNPB"), ("TI", paper.title)]
        lines += [("AU", author) for author in paper.authors]
        year = publication_year(paper)
        if year:
            lines.append(("PY", str(year)))
        if paper.published:
            lines.append(("DA", paper.published.strftime("%Y/%m/%d")))
        if paper.journal_ref:
            lines.append(("JO", paper.journal_ref))
        if paper.abstract:
            lines.append(("AB", paper.abstract))
        url = best_url(paper)
        if url:
            lines.append(("UR", url))
        if paper.doi:
            lines.append(("DO", paper.doi))
        if paper.arxiv_id:
            lines += [("DB", "arXiv"), ("M1", f"arXiv:{paper.arxiv_id}")]
        lines += [("KW", tag) for tag in (*paper.tags, *paper.user_tags)]
        if notes.get(paper.id):
            lines.append(("N1", notes[paper.id]))
        lines.append(("ID", paper.id))
        for tag, value in lines:
            text = _one_line(value)
            if text:
                out.append(f"{tag}  - {text}")
        out += ["ER  - ", ""]
    return "\r\n".join(out)


# ----- CSL-JSON ----------------------------------------------------------------------------
def _csl_name(author: str) -> dict[str, str]:
    parts = _one_line(author).rsplit(" ", 1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return {"family": parts[1], "given": parts[0]}
    return {"literal": _one_line(author)}


def csl_item(paper: Paper, note: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": paper.id,
        "type": "article-journal" if paper.journal_ref else "article",
        "title": _one_line(paper.title),
    }
    if paper.authors:
        item["author"] = [_csl_name(a) for a in paper.authors]
    if paper.published:
        day = paper.published
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    elif publication_year(paper):
        item["issued"] = {"date-parts": [[publication_year(paper)]]}
    if paper.abstract:
        item["abstract"] = paper.abstract
    url = best_url(paper)
    if url:
        item["URL"] = url
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.journal_ref:
        item["container-title"] = _one_line(paper.journal_ref)
    if paper.arxiv_id:
        item.update(publisher="arXiv", number=paper.arxiv_id, genre="Preprint")
    if note:
        item["note"] = note
    return item


def to_csl_json(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    notes = notes or {}
    return json_dumps([csl_item(p, notes.get(p.id, "")) for p in papers], indent=2) + "\n"
