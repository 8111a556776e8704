"""The hostile corpus: text, records and files crafted by a stranger.

CLI, export, parser and Pilot tests all use these same strings, so every surface is tried
with the same attacks: markup that would run an action or emit a hyperlink, terminal
escapes (CSI, OSC 52 clipboard writes), C1 controls, bidi overrides, invisible format
characters, lone surrogates, and real titles that merely contain brackets.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper
from digest_tui.core.sources import ParsedDigest

CLICK = "[@click=app.screenshot('pwned.svg')]click me[/]"
STRINGS = [
    CLICK,
    '[link="file:///etc/passwd"]passwd[/link]',
    "[/]",
    "[bold]x",
    "[Re] Improving a reproduction",
    "Learning to Insert [PAUSE] Tokens",
    "\x1b[2J cleared \x1b]52;c;ZXZpbA==\x07 clipboard",
    "c1 \x9b31m csi and \x9d osc and nel\x85",
    "bidi \u202eevil\u202c alm\u061c fa\u2061 mvs\u180e soft\u00adhyphen",
    "tags \U000e0041\U000e0042 zero\u200bwidth line\u2028sep para\u2029sep bom\ufeff",
    "del \x7f nul \x00 bell \x07 backspace \x08",
    "braces {unbalanced }} \\backslash\\ `tick` *star* _under_ # | ~ $ % & ^",
    "<script>alert(1)</script> ](javascript:alert(1))",
    "emoji 🧪 CJK 论文 accents Gómez José",
]
# Characters that must never reach a terminal raw (newline aside, in multi-line output).
UNSAFE = frozenset(
    "\x1b\x07\x00\x08\x7f\x9b\x9d\x85\u202e\u202c\u061c\u2061\u180e\u00ad"
    "\U000e0041\U000e0042\u200b\u2028\u2029\ufeff"
)
HOSTILE_ID = "t-\x1b[2J\x1b]52;c;ZXZpbA==\x07pwn"
DAY = dt.date(2025, 2, 2)


def raw_chars(text: str) -> set[str]:
    """The unsafe characters present in `text`."""
    return {c for c in text if c in UNSAFE or 0xD800 <= ord(c) <= 0xDFFF}


def papers() -> tuple[Paper, ...]:
    """One paper per hostile string, carried in every text field."""
    return tuple(
        Paper(
            f"2502.{i:05d}",
            f"Hostile {i}: {text}",
            abstract=f"Abstract {i}: {text}",
            authors=(f"Author {text}",),
            digest_dates=(DAY,),
            categories=(f"cs.{i} {text}",),
            keywords=(f"kw {text}",),
            links=(Link(text, "https://example.org/p"),),
        )
        for i, text in enumerate(STRINGS)
    )


def hostile_library(library: Library) -> list[str]:
    """Import the hostile papers, then give each a hostile note and user tag."""
    found = papers()
    library.import_parsed(ParsedDigest("jsonl", found, DAY), "hostile")
    for i, text in enumerate(STRINGS):
        library.set_note(f"2502.{i:05d}", f"Note {i}: {text}")
        library.set_user_tags(f"2502.{i:05d}", [f"t{i} {text[:20]}"])
    return [p.id for p in found]


def letters(n: int) -> str:
    """0 -> "aa", 1 -> "ab", ...: category-shaped names without digits."""
    out = ""
    for _ in range(4):
        n, rest = divmod(n, 26)
        out = chr(97 + rest) + out
    return out


def record_lines() -> list[str]:
    """JSON Lines a stranger could send: hostile ids, numbers out of range, lone
    surrogates, a record with 50,000 categories, escapes in every field."""
    lines = [
        json.dumps({"id": HOSTILE_ID, "title": "Escape id " + STRINGS[6], "summary": "x"}),
        '{"id": "2502.90001", "title": "Upvotes beyond 32 bits", "upvotes": 5e9}',
        json.dumps({"id": "2502.90002", "title": "Counts beyond 64 bits", "upvotes": 10**30,
                    "comments": -(10**25), "github_stars": 2**63}),
        '{"id": "2502.90003", "title": "Lone surrogates", "authors": ["A \\ud800 B"], '
        '"categories": ["cs.\\udfffX"], "summary": "s \\udc00 t"}',
        json.dumps({"id": "2502.90004", "title": "Fifty thousand categories",
                    "categories": [f"cat.{letters(n)}" for n in range(50_000)],
                    "authors": [f"Author {n}" for n in range(6_000)]}),
        json.dumps({"id": "2502.90005", "title": "Links " + CLICK, "links": [
            {"label": "del", "url": "https://example.org/a\x7fb"},
            {"label": "c1", "url": "https://example.org/a\x9bb"},
            {"label": "bidi", "url": "https://example.org/a\u202eb"},
            {"label": "zw", "url": "https://example.org/a\u200bb"},
            {"label": "js", "url": "javascript:alert(1)"},
            {"label": "ok", "url": "https://example.org/fine"}]}),
    ]  # fmt: skip
    lines += [
        json.dumps({"id": f"2502.{i:05d}", "title": f"Hostile {i}: {text}", "summary": text,
                    "authors": [text], "categories": [text[:30]]})
        for i, text in enumerate(STRINGS)
    ]  # fmt: skip
    return lines


def write_records(path: Path) -> Path:
    path.write_text("\n".join(record_lines()) + "\n", "utf-8")
    return path
