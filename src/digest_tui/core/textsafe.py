"""Untrusted text made safe for a terminal: the one safety function, and its JSON twin.

Every character of the Unicode categories Cc (controls, so ANSI/OSC escapes), Cf (format:
bidi overrides, zero-width and tag characters, soft hyphen), Zl and Zp (line and paragraph
separators) and Cs (lone surrogates) is shown visibly: C0 controls as their control
pictures (ESC as `␛`, BEL as `␇`), DEL as `␡`, everything else as `<U+XXXX>`. The CLI
prints through `safe`, the app builds its `Text`/`Content` from it, exports use it, and
`json_dumps` writes the same characters as `\\uXXXX` escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_SHOWN = 20_000  # characters of one field shown; a 1 MB abstract must not stall a frame

# Cc, Cf, Zl, Zp and Cs as of Unicode 15 (tests/core/test_textsafe.py checks this class
# against the running Python's unicodedata, so a newer Unicode cannot slip past it).
_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605),
    (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip


def _class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile(
        "["
        + "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)
        + "]"
    )


UNSAFE = _class(_RANGES)
_JSON_UNSAFE = _class(_RANGES[1:])  # json.dumps escapes C0 in strings; outside them is layout
_WHITESPACE = frozenset("\n\t\r")


def visible(char: str) -> str:
    """How one unsafe character is shown."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ␀ for NUL ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _one_line(match: re.Match[str]) -> str:
    char = match.group(0)
    return " " if char in _WHITESPACE else visible(char)


def _many_lines(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if char == "\n" else " " if char in "\t\r" else visible(char)


def safe(text: str, limit: int = MAX_SHOWN, *, newlines: bool = False) -> str:
    """Printable text: every unsafe character made visible (tab and CR become spaces, and
    newlines too unless `newlines`); cut to `limit` characters with a note of the rest."""
    if len(text) > limit:
        rest = len(text) - limit
        text = text[:limit] + f"… [{rest:,} more character{'s' if rest != 1 else ''}]"
    if text.isprintable():
        return text
    return UNSAFE.sub(_many_lines if newlines else _one_line, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates (from `\\ud800` escapes in JSON or
    undecodable command-line bytes) become U+FFFD."""
    return text if text.isprintable() else _SURROGATE.sub("\ufffd", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_dumps(data: Any, *, indent: int | None = None) -> str:
    """JSON that keeps readable text (accents, CJK, emoji) but escapes every unsafe
    character as `\\uXXXX`: a file or pipe of it is safe to `cat` to a terminal. (Unsafe
    characters can only occur inside JSON strings, so escaping them keeps the JSON valid.)"""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.replace("\n", "").isprintable():  # the common case, checked in C: nothing unsafe
        return text
    return _JSON_UNSAFE.sub(_escape, text)
