"""Untrusted text -> `rich.text.Text`, never through markup.

Titles, abstracts, authors and links come from strangers: control characters (and so
ANSI/OSC escapes) become visible symbols, bidi overrides and zero-width characters are
shown as escapes, and highlighting is applied by character spans, not by markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from digest_tui.core.textsafe import MAX_SHOWN, safe

__all__ = ["MAX_SHOWN", "highlighted", "plain", "safe"]


def plain(text: str, style: str | Style = "", limit: int = MAX_SHOWN) -> Text:
    """A Text holding exactly these characters (made safe), never parsed as markup."""
    return Text(safe(text, limit), style=style, end="")


def highlighted(
    text: str, spans: Iterable[tuple[int, int]], style: str | Style, base: str | Style = ""
) -> Text:
    """Text with the given character spans styled (spans refer to the safe text)."""
    result = plain(text, base)
    for start, end in spans:
        if start < len(result.plain):
            result.stylize(style, start, min(end, len(result.plain)))
    return result
