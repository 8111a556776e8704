"""Untrusted text made safe for a terminal: no escape sequences, no invisible tricks.

Control characters (and so ANSI/OSC escapes) become visible symbols, bidi overrides and
zero-width characters are shown as `<U+XXXX>`, and very long text is cut. The CLI prints
through it and the app builds its `Text` objects from it.
"""

from __future__ import annotations

import unicodedata

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
