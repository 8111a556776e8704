"""Typos (Damerau: a swap costs one), accents and unspaced scripts, and the live prefix of
a query being typed: over a small library written here, real SQLite, real index."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.library import Library
from digest_tui.core.models import Highlight, Paper, Selection
from digest_tui.core.paths import Paths
from digest_tui.core.search import analysis
from digest_tui.core.search.analysis import match_spans
from digest_tui.core.sources import ParsedDigest

PAPERS = (
    Paper("2501.00001", "Compressed sensing for sparse signals", abstract="Recovery bounds."),
    Paper("2501.00002", "Event cameras in low light", abstract="A survey of sensors."),
    Paper("2501.00003", "Time series forecasting with state spaces", abstract="Long horizons."),
    Paper("2501.00004", "Forecasting demand", abstract="A time series baseline for retail."),
    Paper("2501.00005", "Multi-object tracking by detection", abstract="Crowded scenes."),
    Paper("2501.00006", "Efficient training of small models", abstract="Schedules."),
    Paper("2501.00007", "Robust depth", abstract="Work by Ana Gómez and José Pérez."),
    Paper("2501.00008", "Robust flow", abstract="Work by Luis Gomez."),
    Paper("2501.00009", "多语言模型", abstract="我们发布一个中文数据集和评测基准。"),
    Paper("2501.00010", "Diffusion transformers at scale", abstract="Image generation."),
    Paper("2501.00011", "Diffusion transport maps", abstract="Optimal transport."),
    Paper("2501.00012", "Tiny summary models", abstract="A tidy summary of summaries."),
)


@pytest.fixture
def small(data_dir) -> Iterator[Library]:  # type: ignore[no-untyped-def]
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    lib.import_parsed(ParsedDigest("jsonl", PAPERS, dt.date(2025, 1, 1)), "small")
    yield lib
    lib.close()


def ids(library: Library, query: str, live: bool = False) -> list[str]:
    return list(library.search(Selection(query), live=live).ids)


@pytest.mark.parametrize(
    ("typo", "meant", "paper"),
    [("sensign", "sensing", "2501.00001"), ("camears", "cameras", "2501.00002")],
)
def test_a_swap_of_two_letters_is_one_typo(
    small: Library, typo: str, meant: str, paper: str
) -> None:
    result = small.search(Selection(typo))
    assert result.fuzzy and result.suggestion == meant
    assert result.ids[0] == paper


def test_typo_ranking_keeps_the_title_boost(small: Library) -> None:
    result = small.search(Selection("seires"))
    assert result.suggestion == "series"
    assert list(result.ids) == ["2501.00003", "2501.00004"]  # in the title, then the abstract


def test_the_suggestion_is_made_of_words_that_exist(small: Library) -> None:
    result = small.search(Selection("tidy seires summary"))
    assert result.suggestion == "tidy series summary"
    assert result.ids == ("2501.00012",) or not result.ids  # "series" is not in that paper
    vocabulary = {w for p in PAPERS for w in f"{p.title} {p.abstract}".lower().split()}
    assert all(w in vocabulary or w.rstrip(".") in vocabulary for w in ["tidy", "series"])


def test_a_word_spelled_right_is_not_loosened(small: Library) -> None:
    assert ids(small, "tracking") == ["2501.00005"]  # not "training"
    assert ids(small, "training") == ["2501.00006"]
    assert not small.search(Selection("tracking")).fuzzy


def test_accents_fold_in_the_index_and_in_queries(small: Library) -> None:
    gomez = set(ids(small, "Gomez"))
    assert gomez == {"2501.00007", "2501.00008"}
    assert set(ids(small, "Gómez")) == gomez
    assert ids(small, "Jose") == ["2501.00007"]
    assert ids(small, "perez") == ["2501.00007"]


def test_highlights_show_the_original_accented_text(small: Library) -> None:
    result = small.search(Selection("gomez"))
    text = "Work by Ana Gómez and José Pérez."
    assert [text[a:b] for a, b in match_spans(text, result.highlight)] == ["Gómez"]


def test_words_inside_unspaced_chinese_are_found(small: Library) -> None:
    assert ids(small, "中文") == ["2501.00009"]
    assert ids(small, "数据集") == ["2501.00009"]
    assert ids(small, "语言模型") == ["2501.00009"]
    assert ids(small, "中日") == []
    result = small.search(Selection("中文"))
    text = PAPERS[8].abstract
    assert [text[a:b] for a, b in match_spans(text, result.highlight)] == ["中文"]


def test_while_typing_the_last_word_is_a_prefix_and_typos_wait(small: Library) -> None:
    assert ids(small, "diffusion transf", live=True) == ["2501.00010"]
    assert set(ids(small, "diffusion trans", live=True)) == {"2501.00010", "2501.00011"}
    assert ids(small, "diffusion transf") == []  # a whole query: no such word
    assert ids(small, "diffusion transf ", live=True) == []  # a space ends the word
    live = small.search(Selection("camears"), live=True)
    assert not live.ids and not live.fuzzy  # typos wait for a pause or Enter
    assert ids(small, "diffusion t", live=True) == ids(small, "diffusion")  # one letter: not yet


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(min_size=1, max_size=6), max_size=4))
def test_highlight_spans_lie_in_the_text_in_order(text: str, words: list[str]) -> None:
    highlight = Highlight(words=frozenset(words), prefixes=tuple(words[:1]))
    spans = match_spans(text, highlight)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


_PIECES = ["Gómez", "gomez", "中文分词", "中文", "文", "diffusion", "Diffusions", "x-ray"]
_PIECES += ["⼀", "ﬁne"]  # a Kangxi radical and a ligature: both fold into something else


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*_PIECES, " ", "-", "'"]), max_size=12).map("".join),
    st.sampled_from(
        [
            Highlight(words=frozenset({"gomez", "中文"})),
            Highlight(prefixes=("diff", "文")),
            Highlight(stems=frozenset({"diffus"}), words=frozenset({"fine"})),
        ]
    ),
)
def test_highlight_spans_are_those_of_asking_every_word_afresh(
    text: str, highlight: Highlight
) -> None:
    remembered = match_spans(text, highlight)
    with pytest.MonkeyPatch.context() as patch:  # each word asked again, nothing kept
        patch.setattr(analysis, "_word_matches", lambda w, h, _: analysis._matches(w, h))
        assert remembered == match_spans(text, highlight)
