"""The one way data becomes something on screen: literal `Text`/`Content`, never markup.

Titles, abstracts, authors, tags, notes, links, ids and names come from strangers (or from
files and servers the user does not control). Everything from data reaches a widget
through this module: made terminal-safe by `core.textsafe.safe` (escapes, bidi and
invisible characters shown visibly), wrapped as literal `Text` or `Content` (so `[b]`,
`[@click=...]` and `[link=...]` stay characters), highlighted by character spans, and
notified with markup off. Textual's fuzzy `Matcher.highlight` parses its candidate as
markup, so palette hits are highlighted here instead. Lines drawn many times a second (the
list's and tag pane's rows) are put together as segments of safe text (`fit`,
`segments`): no parser, and no Rich `Text` to lay out each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widget import Widget

from digest_tui.core.textsafe import MAX_SHOWN, safe

__all__ = [
    "as_markup",
    "content",
    "fit",
    "fuzzy",
    "highlighted",
    "plain",
    "say",
    "segments",
    "short",
]
Severity = Literal["information", "warning", "error"]


def short(text: str, limit: int) -> str:
    """One safe line of at most `limit` characters, cut with an ellipsis."""
    line = safe(text, len(text) + 1)
    return line if len(line) <= limit else line[: max(0, limit - 1)] + "…"


def plain(text: str, style: str | Style = "", limit: int = MAX_SHOWN) -> Text:
    """A Text holding exactly these characters (made safe), never parsed as markup."""
    return Text(safe(text, limit), style=style, end="")


def content(text: str, style: str = "", limit: int = MAX_SHOWN) -> Content:
    """Literal Content (what Textual's own widgets take) of these characters, made safe."""
    literal = Content(safe(text, limit))
    return literal.stylize(style) if style else literal


def as_markup(text: str) -> str:
    """For the few Textual APIs that only take markup (the palette's help line): the safe
    text with every `[` escaped, so the markup parser gives back exactly these characters."""
    return safe(text).replace("[", "\\[")


def highlighted(
    text: str, spans: Iterable[tuple[int, int]], style: str | Style, base: str | Style = ""
) -> Text:
    """Text with the given character spans styled (spans refer to the safe text)."""
    result = plain(text, base)
    for start, end in spans:
        if start < len(result.plain):
            result.stylize(style, start, min(end, len(result.plain)))
    return result


def fit(text: str, width: int) -> tuple[str, int]:
    """Safe text cut to `width` cells with "…" (as Rich's `Text.truncate`), and the spaces
    that would pad it to `width`."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…", 0
    return text, width - length


def segments(
    text: str, spans: Sequence[tuple[int, int]], style: Style, match_style: Style
) -> list[Segment]:
    """Safe text as segments, in runs of plain and matched characters (spans refer to the
    text; they may overlap or run past its end)."""
    if not spans:
        return [Segment(text, style)] if text else []
    matched = bytearray(len(text))
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if end > start:
            matched[start:end] = b"\x01" * (end - start)
    runs: list[Segment] = []
    at = 0
    while at < len(text):
        flag = matched[at]
        stop = matched.find(b"\x00" if flag else b"\x01", at)
        stop = len(text) if stop < 0 else stop
        runs.append(Segment(text[at:stop], match_style if flag else style))
        at = stop
    return runs


def fuzzy(matcher: Matcher, text: str, limit: int = 120) -> Content:
    """A command palette hit: the characters of `text` (made safe and short), with the
    letters the fuzzy matcher matched highlighted; never parsed as markup."""
    line = short(text, limit)
    result = Content(line)
    score, offsets = matcher.fuzzy_search.match(matcher.query, line)
    if score:
        for offset in offsets:
            if offset < len(line) and not line[offset].isspace():
                result = result.stylize(matcher.match_style, offset, offset + 1)
    return result


def say(
    node: Widget | App[Any],
    message: str,
    *,
    severity: Severity = "information",
    timeout: float | None = None,
) -> None:
    """Notify with markup off and the whole message made safe: messages hold titles,
    names, paths and URLs from strangers."""
    text = safe(message, 2_000, newlines=True)
    node.notify(text, severity=severity, timeout=timeout, markup=False)
