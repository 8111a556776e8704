"""The one safety function and its JSON twin, against the whole of Unicode."""

from __future__ import annotations

import json
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.textsafe import UNSAFE, json_dumps, safe

CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def test_every_control_format_separator_and_surrogate_is_caught() -> None:
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in CATEGORIES and not UNSAFE.match(chr(code))
    ]
    assert missed == []


def test_escape_and_friends_are_shown_visibly() -> None:
    assert safe("\x1b[2J") == "␛[2J"
    assert safe("bell\x07 del\x7f") == "bell␇ del␡"
    for char, shown in [
        ("\x9b", "<U+009B>"),
        ("\u202e", "<U+202E>"),
        ("\u061c", "<U+061C>"),
        ("\u2061", "<U+2061>"),
        ("\u180e", "<U+180E>"),
        ("\u00ad", "<U+00AD>"),
        ("\U000e0041", "<U+E0041>"),
        ("\ud800", "<U+D800>"),
        ("\u2028", "<U+2028>"),
    ]:
        assert safe(f"a{char}b") == f"a{shown}b"
    assert safe("one\ntwo\tthree") == "one two three"
    assert safe("one\ntwo", newlines=True) == "one\ntwo"
    assert safe("accents é, CJK 论文, emoji 🧪 stay") == "accents é, CJK 论文, emoji 🧪 stay"


@settings(max_examples=300)
@given(st.text())
def test_safe_text_holds_no_unsafe_character(text: str) -> None:
    assert not UNSAFE.search(safe(text, len(text) + 1))
    kept = safe(text, len(text) + 1, newlines=True)
    assert not UNSAFE.search(kept.replace("\n", ""))


@settings(max_examples=300)
@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=4)))
def test_json_escapes_every_unsafe_character_and_round_trips(data: object) -> None:
    for indent in (None, 2):
        out = json_dumps(data, indent=indent)
        assert not UNSAFE.search(out.replace("\n", ""))
        assert json.loads(out) == data
        out.encode("utf-8")  # lone surrogates are escaped, so this never fails
