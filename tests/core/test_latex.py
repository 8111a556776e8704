"""LaTeX as a reader sees it; plain text untouched; the index finds either spelling."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest_tui.core.latex import readable
from digest_tui.core.library import Library
from digest_tui.core.models import Paper, Selection
from digest_tui.core.sources import ParsedDigest


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("D$^2$iT: Diffusion", "D²iT: Diffusion"),
        ("$\\mu$P scaling", "μP scaling"),
        ("Dice of 83.6pm6.3% in training", "Dice of 83.6±6.3% in training"),
        ("83.6\\pm6.3\\% and 71.8\\pm10.7\\%", "83.6±6.3% and 71.8±10.7%"),
        ("AI-45$^{\\circ}$ law", "AI-45° law"),
        ("$\\texttt{Complex-Edit}$: a benchmark", "Complex-Edit: a benchmark"),
        ("LLM$\\times$MapReduce", "LLM×MapReduce"),
        ("$x_1$ and $M^{T}$", "x₁ and Mᵀ"),
        ("costs $5 and $10", "costs $5 and $10"),  # money, not math
        ("50% of a_b cases", "50% of a_b cases"),  # plain text is never touched
        ("$\\frac{a}{$", "$\\frac{a}{$"),  # broken LaTeX stays as it came
    ],
)
def test_latex_is_shown_as_text(source: str, shown: str) -> None:
    assert readable(source) == shown


@given(st.text(max_size=200))
def test_any_text_gives_text_and_keeps_its_words(text: str) -> None:
    out = readable(text)
    assert isinstance(out, str)
    if "$" not in text and "\\" not in text and "pm" not in text:
        assert out == text


def test_search_finds_the_title_as_shown_and_as_stored(empty_library: Library) -> None:
    paper = Paper(id="2501.00001", title="D$^2$iT and $\\mu$P", digest_dates=(dt.date(2025, 1, 1),))
    empty_library.import_parsed(ParsedDigest("jsonl", (paper,), None), "t")
    for query in ("D²iT", "μP", "title:mu"):
        assert empty_library.search(Selection(query)).ids == ("2501.00001",), query
