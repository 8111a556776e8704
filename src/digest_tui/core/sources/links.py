"""URLs: find them in abstracts, clean LaTeX debris, derive the standard links.

Only http(s) URLs ever leave this module; everything else is dropped and counted. A URL
must be printable: `str.isprintable` is False for every control (C0, DEL, C1), format (bidi,
zero-width, tag characters), separator and surrogate character.
"""

from __future__ import annotations

import re
import urllib.parse

from digest_tui.core.models import Link
from digest_tui.core.urls import is_http_url, link_key, merge_links

__all__ = [
    "clean_url",
    "derived_links",
    "extract_urls",
    "is_http_url",
    "label_for",
    "link_key",
    "mentioned_links",
    "merge_links",
    "normalise_arxiv_id",
]

_CANDIDATE = re.compile(
    r"""(?:https?://|(?<![\w./@])www\.|(?<![\w./@-])github\.com/)[^\s<>"'`]+""",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*"
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)


def clean_url(raw: str) -> str | None:
    """Clean one candidate found in running text; None if nothing usable is left."""
    url = raw.replace("\\_", "_").replace("\\%", "%").replace("\\&", "&").replace("\\#", "#")
    # LaTeX wrappers: {url}, url{url} duplicates and \href{url}{text} leave braces behind.
    url = re.split(r"[{}\\]", url, maxsplit=1)[0]
    while url:
        last = url[-1]
        if (
            last in _TRAILING
            or (last == ")" and url.count("(") < url.count(")"))
            or (last == "]" and url.count("[") < url.count("]"))
        ):
            url = url[:-1]
        else:
            break
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return url if is_http_url(url) else None


def _may_hold_url(text: str) -> bool:
    """False only where `_CANDIDATE` cannot match: most abstracts name no link, and the
    pattern (case-blind, with look-behinds) is tried at every character (~0.15 ms an
    abstract, a tenth of parsing one). Each of its three starts holds one of these
    pieces, whose letters match no other character case-blind ("github.com/" does hold
    "thub.com/"; its "i" would also match "ı" and "İ")."""
    if "://" in text:
        return True
    lowered = text.lower()
    return "www." in lowered or "thub.com/" in lowered


def extract_urls(text: str) -> list[str]:
    """Every distinct URL the text mentions, cleaned, in order of appearance."""
    found: dict[str, None] = {}
    if not _may_hold_url(text):
        return []
    for match in _CANDIDATE.finditer(text):
        url = clean_url(match.group(0))
        if url and link_key(url) not in {link_key(u) for u in found}:
            found[url] = None
    return list(found)


def label_for(url: str) -> str:
    """A short label from the URL's host: GitHub, HF, arXiv, PDF, DOI, Project or the host."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.lower()
    if host == "github.com":
        return "GitHub"
    if host.endswith("github.io") or host.endswith("gitlab.io"):
        return "Project"
    if host == "huggingface.co":
        if path.startswith("/datasets"):
            return "HF dataset"
        if path.startswith("/papers"):
            return "HF"
        return "HF model" if path.count("/") >= 2 else "HF"
    if host.endswith("arxiv.org"):
        return "PDF" if path.startswith("/pdf") else "arXiv"
    if host in ("doi.org", "dx.doi.org"):
        return "DOI"
    return host or "Link"


def normalise_arxiv_id(raw: str) -> str | None:
    """`2401.01234v2`, `arXiv:2401.01234` or an abs/pdf URL -> `2401.01234`; else None."""
    value = raw.strip()
    value = re.sub(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/", "", value)
    value = re.sub(r"^arxiv:", "", value, flags=re.IGNORECASE).removesuffix(".pdf")
    match = _ARXIV_ID.match(value)
    return match.group(1) if match else None


def derived_links(arxiv_id: str | None, title: str) -> list[Link]:
    """The standard links of a paper: arXiv, PDF and HF page, or searches by title."""
    if arxiv_id:
        return [
            Link("HF", f"https://huggingface.co/papers/{arxiv_id}"),
            Link("arXiv", f"https://arxiv.org/abs/{arxiv_id}"),
            Link("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
        ]
    quoted = urllib.parse.quote_plus(title)
    return [
        Link("HF search", f"https://huggingface.co/papers?q={quoted}"),
        Link("arXiv search", f"https://arxiv.org/search/?query={quoted}&searchtype=title"),
    ]


def mentioned_links(text: str) -> list[Link]:
    return [Link(label_for(url), url) for url in extract_urls(text)]
