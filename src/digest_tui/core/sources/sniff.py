"""Which format a file is in, by its structure (never by a fixed-size prefix)."""

from __future__ import annotations

import json
import re

from digest_tui.core.errors import IngestError
from digest_tui.core.sources import arxiv_atom, arxiv_rss, hf_json, hf_page_text, jsonl
from digest_tui.core.sources.common import ParseContext

NAMES = (hf_page_text.NAME, hf_json.NAME, arxiv_atom.NAME, arxiv_rss.NAME, jsonl.NAME)
_XML_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.DOTALL)
_XML_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HF_KEYS = frozenset({"paper", "publishedAt", "submittedOnDailyAt", "numComments", "data"})


def _xml_root(data: bytes) -> str | None:
    """The local name of the root element, skipping the prolog, comments and DOCTYPE."""
    position = 0
    while match := _XML_SKIP.match(data, position):
        if match.end() == position:
            break
        position = match.end()
    root = _XML_ROOT.match(data, position)
    return root.group(2).decode("ascii") if root else None


def _json_format(data: bytes) -> str:
    """JSON Lines or one JSON document, by structure: JSON Lines has a whole object on its
    first line (however long) and, unless it is that line alone, more after it."""
    if data[:1] == b"[":
        return hf_json.NAME  # JSON Lines lines are objects, never arrays
    first, _, rest = data.partition(b"\n")
    try:
        record = json.loads(first)
    except ValueError:
        return hf_json.NAME  # an object spread over lines: one (pretty-printed) document
    if not isinstance(record, dict):
        return hf_json.NAME
    if rest.strip():
        return jsonl.NAME
    looks_hf = _HF_KEYS & record.keys() or any(
        isinstance(record.get(k), list) for k in ("papers", "results")
    )
    return hf_json.NAME if looks_hf or "title" not in record else jsonl.NAME


def sniff(data: bytes, ctx: ParseContext) -> str:
    """The format name the content's structure shows, or IngestError listing what is
    supported. Structure, not a fixed-size prefix: a 56 KB first line is still JSON Lines."""
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] == b"<":
        root = _xml_root(body)
        if root == "feed":
            return arxiv_atom.NAME
        if root == "rss":
            return arxiv_rss.NAME
    elif body[:1] in (b"{", b"["):
        return _json_format(body)
    elif hf_page_text.looks_like(body[:65536].decode("utf-8", errors="replace")):
        return hf_page_text.NAME
    raise IngestError(
        "unrecognised format; supported: " + ", ".join(NAMES) + " (use --format to force one)",
        source=ctx.name,
    )
