"""Exports: JSON, JSON Lines (read back unchanged by the `jsonl` parser), Markdown, and the
citation formats of `citations` (BibTeX, RIS, CSL-JSON).

Text from strangers is escaped for each format: JSON by the encoder, Markdown by
backslash-escaping what it would read as syntax.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from collections.abc import Iterable

from digest_tui.core.citations import to_bibtex, to_csl_json, to_ris
from digest_tui.core.errors import ExportError
from digest_tui.core.models import MorningDigest, Paper, paper_dict, paper_record
from digest_tui.core.textsafe import json_dumps, safe

FORMATS = ("json", "jsonl", "markdown", "bibtex", "ris", "csl-json")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")  # emphasis, code, links, HTML, tables
_MD_LINE_START = re.compile(r"^(\d*)([#+\-=]|(?<=\d)[.)])")  # headings, lists, rules


def to_jsonl(papers: Iterable[Paper]) -> str:
    return "".join(json_dumps(paper_record(p)) + "\n" for p in papers)


def to_json(papers: Iterable[Paper], notes: dict[str, str] | None = None) -> str:
    notes = notes or {}
    data = [paper_dict(p, note=notes.get(p.id, "")) for p in papers]
    return json_dumps(data, indent=2) + "\n"


def md_escape(text: str) -> str:
    """One line of Markdown showing `text` literally: escapes (a file that is `cat` to a
    terminal must not clear it or write its clipboard) made visible; only what Markdown
    would read as syntax is backslash-escaped (`co-evolution.` stays as it is)."""
    line = _MD_INLINE.sub(r"\\\1", " ".join(safe(text, sys.maxsize).split()))
    line = line.replace("](", "]\\(")  # not even an escaped link looks like one
    return _MD_LINE_START.sub(r"\1\\\2", line, count=1)


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


def render(fmt: str, papers: list[Paper], notes: dict[str, str] | None = None) -> str:
    if fmt == "jsonl":
        return to_jsonl(papers)
    if fmt == "json":
        return to_json(papers, notes)
    if fmt == "markdown":
        return to_markdown(papers, notes)
    if fmt == "bibtex":
        return to_bibtex(papers, notes)
    if fmt == "ris":
        return to_ris(papers, notes)
    if fmt == "csl-json":
        return to_csl_json(papers, notes)
    raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
