"""Sources: everything that turns bytes from a file or a server into papers.

One pure parser module per format (bytes plus a small context -> `ParsedDigest`, or
`IngestError`), sniffing, the record limits, links, topic tags, reading files (in worker
processes) and fetching over HTTP. `parse_bytes` is the one entry point (`sniff.sniff`
names a format without parsing). Nothing here
touches the library: `core.library` stores what these functions return.

Importing this package is cheap: the parsers (XML, JSON, e-mail dates) load when something
is first parsed, so a command or the app's first paint never pays for them.
"""

from __future__ import annotations

from digest_tui.core.sources.common import ParseContext, ParsedDigest

FORMATS: tuple[str, ...] = ("auto", "hf-page-text", "hf-json", "arxiv-atom", "arxiv-rss", "jsonl")


def parse_bytes(data: bytes, ctx: ParseContext, fmt: str = "auto") -> ParsedDigest:
    """Papers from bytes in a format (sniffed with "auto"), held to the record limits; an
    IngestError for anything else."""
    from digest_tui.core.sources.registry import parse_bytes as parse

    return parse(data, ctx, fmt)


__all__ = ["FORMATS", "ParseContext", "ParsedDigest", "parse_bytes"]
