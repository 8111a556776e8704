"""Untrusted text -> `rich.text.Text`, never through markup.

Titles, abstracts, authors and links come from strangers: control characters (and so
ANSI/OSC escapes) become visible symbols, bidi overrides and zero-width characters are
shown as escapes, and highlighting is applied by character spans, not by markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

MAX_SHOWN = 20_000  # characters of one field shown; a 1 MB abstract must not stall a frame
_BIDI_AND_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
    "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff",
}  # fmt: skip


def _visible(char: str) -> str:
    code = ord(char)
    if code < 32:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ...
    if code == 127:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    if char in _BIDI_AND_INVISIBLE:
        return f"<U+{code:04X}>"
    if unicodedata.category(char) == "Cs":
        return "\ufffd"
    return char


def safe(text: str, limit: int = MAX_SHOWN, *, newlines: bool = False) -> str:
    """Printable text: control, bidi and invisible characters made visible; capped length."""
    if len(text) > limit:
        text = text[:limit] + f"… [{len(text) - limit:,} more characters]"
    if newlines:
        return "\n".join("".join(_visible(c) for c in line) for line in text.split("\n"))
    if text.isprintable() and not any(c in _BIDI_AND_INVISIBLE for c in text):
        return text
    return "".join(" " if c in "\n\t\r" else _visible(c) for c in text)


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
