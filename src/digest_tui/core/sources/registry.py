"""The parsers by format name, and parsing with sniffing, limits and typed errors."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from digest_tui.core.errors import IngestError
from digest_tui.core.sources import arxiv_atom, arxiv_rss, hf_json, hf_page_text, jsonl
from digest_tui.core.sources.common import ParseContext, ParsedDigest
from digest_tui.core.sources.limits import sanitize
from digest_tui.core.sources.sniff import sniff

Parser = Callable[[bytes, ParseContext], ParsedDigest]

_MODULES: tuple[ModuleType, ...] = (hf_page_text, hf_json, arxiv_atom, arxiv_rss, jsonl)
PARSERS: dict[str, Parser] = {m.NAME: m.parse for m in _MODULES}
FORMATS: tuple[str, ...] = ("auto", *PARSERS)  # sources.FORMATS says the same, cheaply


def parse_bytes(data: bytes, ctx: ParseContext, fmt: str = "auto") -> ParsedDigest:
    if fmt == "auto":
        fmt = sniff(data, ctx)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise IngestError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    try:
        return sanitize(parser(data, ctx))
    except IngestError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # A parser bug must still surface as a clear, typed error, never a traceback.
        raise IngestError(f"could not read as {fmt}: {exc}", source=ctx.name) from exc


__all__ = ["FORMATS", "PARSERS", "parse_bytes"]
