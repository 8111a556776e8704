"""The tagger's fast matching counts mentions exactly as the plain rule does: every
phrase tried at every word, mentions inside an unless-phrase left out (character spans)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.sources.tagging import Lexicon, build_lexicon, fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
BUNDLED = build_lexicon()
SMALL = Lexicon.from_topics(
    {
        "segmentation": {"match": ["segment*", "image segmentation"], "unless": ["word segment*"]},
        "ct": {"match": ["CT", "computed tomography"], "unless": ["CT scanner brand"]},
        "vision": {"match": ["image classification", "image caption*"], "mentions": 1},
        "he": {"match": ["H&E"], "unless": ["H&E free"]},
    }
)


def plain_counts(lex: Lexicon, text: str) -> dict[int, int]:
    """The rule written plainly: each phrase compared at each word, spans in characters."""
    words = [(fold(m.group(0).lower()), m.start(), m.end()) for m in _WORD.finditer(text)]
    phrases = [c for group in (*lex.by_word.values(), *lex.by_prefix.values()) for c in group]
    spans: dict[int, list[tuple[int, int]]] = {}
    blocked: dict[int, list[tuple[int, int]]] = {}
    for i in range(len(words)):
        for number, phrase, unless in phrases:
            window = words[i : i + len(phrase)]
            if len(window) == len(phrase) and all(
                word.startswith(want[:-1]) if want.endswith("*") else word == want
                for want, (word, _, _) in zip(phrase, window, strict=True)
            ):
                span = (window[0][1], window[-1][2])
                (blocked if unless else spans).setdefault(number, []).append(span)
    if lex.acronyms is not None:
        for match in lex.acronyms.finditer(text):
            for number in lex.acronym_topics[match.group("a")]:
                spans.setdefault(number, []).append(match.span())
    return {
        number: sum(
            1
            for s, e in found
            if not any(bs <= s and e <= be for bs, be in blocked.get(number, ()))
        )
        for number, found in spans.items()
    }


def _pieces(lex: Lexicon) -> list[str]:
    """Words that make phrases of this lexicon, plurals, acronyms and fillers."""
    words = {w.rstrip("*") for group in lex.by_word.values() for _, p, _ in group for w in p}
    words |= {w.rstrip("*") + "ation" for g in lex.by_prefix.values() for _, p, _ in g for w in p}
    return [*sorted(words), *lex.acronym_topics, "images", "CTs", "SAM2", "the", "É", "_", "-"]


def _texts(lex: Lexicon) -> st.SearchStrategy[str]:
    piece = st.sampled_from(_pieces(lex))
    glue = st.sampled_from([" ", "  ", "-", ", ", "\n", "", "/"])
    return st.lists(st.tuples(piece, glue), max_size=30).map(
        lambda parts: "".join(p + g for p, g in parts)
    )


@settings(max_examples=300, deadline=None)
@given(_texts(SMALL))
def test_small_lexicon_counts_as_the_plain_rule(text: str) -> None:
    assert SMALL._counts(text) == plain_counts(SMALL, text)


@settings(max_examples=150, deadline=None)
@given(_texts(BUNDLED))
def test_bundled_lexicon_counts_as_the_plain_rule(text: str) -> None:
    assert BUNDLED._counts(text) == plain_counts(BUNDLED, text)


def test_an_acronym_inside_an_unless_phrase_is_left_out() -> None:
    assert SMALL._counts("the CT scanner brand and a CT") == {1: 1}
    assert SMALL._counts("H&E free stain, H&E stain, H&E") == {3: 2}
