"""Parsers, one module per source; `parse_bytes` sniffs the format or takes one forced.

Each parser is a pure function from bytes (plus a small context) to a `ParsedDigest`,
raising `IngestError` for anything it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from digest_tui.core.errors import IngestError
from digest_tui.core.ingest import arxiv_atom, arxiv_rss, hf_json, hf_page_text, jsonl
from digest_tui.core.ingest.common import ParseContext, ParsedDigest

Parser = Callable[[bytes, ParseContext], ParsedDigest]

_MODULES: tuple[ModuleType, ...] = (hf_page_text, hf_json, arxiv_atom, arxiv_rss, jsonl)
PARSERS: dict[str, Parser] = {m.NAME: m.parse for m in _MODULES}
FORMATS: tuple[str, ...] = ("auto", *PARSERS)


def sniff(data: bytes, ctx: ParseContext) -> str:
    """The format name the content looks like, or IngestError listing what is supported."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    text = head.decode("utf-8", errors="replace")
    for module in (arxiv_atom, arxiv_rss, jsonl, hf_json, hf_page_text):
        if module.looks_like(text):
            return str(module.NAME)
    raise IngestError(
        "unrecognised format; supported: " + ", ".join(PARSERS) + " (use --format to force one)",
        source=ctx.name,
    )


def parse_bytes(data: bytes, ctx: ParseContext, fmt: str = "auto") -> ParsedDigest:
    if fmt == "auto":
        fmt = sniff(data, ctx)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise IngestError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    try:
        return parser(data, ctx)
    except IngestError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # A parser bug must still surface as a clear, typed error, never a traceback.
        raise IngestError(f"could not read as {fmt}: {exc}", source=ctx.name) from exc


__all__ = ["FORMATS", "PARSERS", "ParseContext", "ParsedDigest", "parse_bytes", "sniff"]
