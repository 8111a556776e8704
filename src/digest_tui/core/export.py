"""Exports: JSON, JSON Lines (read back unchanged by the `jsonl` parser), Markdown, BibTeX.

Text from strangers is escaped for each format: JSON by the encoder, Markdown by
backslash-escaping its punctuation, BibTeX by spelling braces and backslashes as LaTeX
commands (BibTeX balances every brace) and escaping what LaTeX treats specially.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from collections.abc import Iterable

from digest_tui.core.errors import ExportError
from digest_tui.core.models import MorningDigest, Paper, paper_dict, paper_record
from digest_tui.core.textsafe import json_dumps, safe

FORMATS = ("json", "jsonl", "markdown", "bibtex")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # BibTeX counts braces even after a backslash:
    "}": r"\textbraceright{}",  # a literal brace must not be one
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def to_jsonl(papers: Iterable[Paper]) -> str:
    return "".join(json_dumps(paper_record(p)) + "\n" for p in papers)


def to_json(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    notes = notes or {}
    data = [paper_dict(p, note=notes.get(p.id, "")) for p in papers]
    return json_dumps(data, indent=2) + "\n"


def md_escape(text: str) -> str:
    """One line of Markdown showing `text` literally: escapes (a file that is `cat` to a
    terminal must not clear it or write its clipboard) made visible, punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(safe(text, sys.maxsize).split()))


def md_url(url: str) -> str:
    """A link target that cannot break out of `(<...>)` or carry a terminal escape: every
    character outside printable ASCII (and `()<>`, space, backslash) percent-encoded."""
    return urllib.parse.quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def _md_paper(paper: Paper, note: str, level: str = "##") -> list[str]:
    out = [f"{level} {md_escape(paper.title)}", ""]
    if paper.authors:
        out += [f"*{md_escape(', '.join(paper.authors))}*", ""]
    for link in paper.links:
        out.append(f"- [{md_escape(link.label)}](<{md_url(link.url)}>)")
    if paper.links:
        out.append("")
    body = paper.ai_summary or paper.abstract
    if body:
        out += [md_escape(body), ""]
    if note:
        out += ["> " + md_escape(note), ""]
    return out


def to_markdown(
    papers: Iterable[Paper], notes: dict[str, str] | None = None, title: str = "Papers"
) -> str:
    notes = notes or {}
    out = [f"# {md_escape(title)}", ""]
    for paper in papers:
        out += _md_paper(paper, notes.get(paper.id, ""))
    return "\n".join(out).rstrip() + "\n"


def digest_markdown(digest: MorningDigest, notes: dict[str, str] | None = None) -> str:
    """The morning digest: one section per saved search, papers under it."""
    notes = notes or {}
    since = f"since {digest.since[:16].replace('T', ' ')}" if digest.since else "in your library"
    out = [f"# New papers {md_escape(since)}", ""]
    for name, papers in digest.groups:
        out += [f"## {md_escape(name)} ({len(papers)})", ""]
        if not papers:
            out += ["Nothing new.", ""]
        for paper in papers:
            out += _md_paper(paper, notes.get(paper.id, ""), "###")
    return "\n".join(out).rstrip() + "\n"


def bib_escape(text: str) -> str:
    cleaned = "".join(c for c in " ".join(text.split()) if c.isprintable())
    return "".join(_BIB_SPECIAL.get(c, c) for c in cleaned)


def _bib_key(paper: Paper, used: set[str]) -> str:
    base = re.sub(
        r"[^A-Za-z0-9]+", "", (paper.authors[0].split()[-1] if paper.authors else "paper")
    )
    day = paper.published or paper.date
    year = day.year if day else ""
    word = re.sub(r"[^A-Za-z0-9]+", "", paper.title.split()[0]) if paper.title.split() else ""
    key = f"{base}{year}{word}".lower() or "paper"
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
        day = paper.published or paper.date
        if day:
            fields.append(("year", str(day.year)))
        arxiv = paper.arxiv_id
        if arxiv:
            fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
            if paper.categories:
                fields.append(("primaryClass", bib_escape(paper.categories[0])))
            fields.append(("url", f"https://arxiv.org/abs/{arxiv}"))
        elif paper.primary_link:
            fields.append(("url", bib_escape(paper.primary_link.url)))
        if paper.doi:
            fields.append(("doi", bib_escape(paper.doi)))
        if paper.abstract:
            fields.append(("abstract", bib_escape(paper.abstract)))
        if notes.get(paper.id):
            fields.append(("note", bib_escape(notes[paper.id])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{_bib_key(paper, used)},\n{body}\n}}\n")
    return "\n".join(entries)


def render(fmt: str, papers: list[Paper], notes: dict[str, str] | None = None) -> str:
    if fmt == "jsonl":
        return to_jsonl(papers)
    if fmt == "json":
        return to_json(papers, notes)
    if fmt == "markdown":
        return to_markdown(papers, notes)
    if fmt == "bibtex":
        return to_bibtex(papers, notes)
    raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
