from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.errors import IngestError
from digest_tui.core.importing import sample_bytes
from digest_tui.core.sources import ParseContext, parse_bytes
from digest_tui.core.sources.hf_page_text import parse

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
HEADER += "byAK and the research community\n\nAug 1\n\n"


def _expected_pairs(text: str) -> list[tuple[str, str]]:
    """Independent reading of the sample: non-empty lines after the 6 header lines, paired."""
    lines = [line for line in text.splitlines() if line.strip()][6:]
    return list(zip(lines[0::2], lines[1::2], strict=True))


def test_sample_gives_92_papers_with_exact_titles_and_whole_abstracts() -> None:
    data = sample_bytes()
    digest = parse(data, ParseContext("sample", year=2025))
    expected = _expected_pairs(data.decode("utf-8"))
    assert len(digest.papers) == 92 == len(expected)
    assert [p.title for p in digest.papers] == [t.strip() for t, _ in expected]
    assert [p.abstract for p in digest.papers] == [a.strip() for _, a in expected]
    assert len({p.id for p in digest.papers}) == 92
    assert digest.date == dt.date(2025, 8, 1)
    assert all(p.digest_dates == (dt.date(2025, 8, 1),) for p in digest.papers)


def test_date_option_wins_over_the_page_date() -> None:
    digest = parse(sample_bytes(), ParseContext("sample", date=dt.date(2024, 8, 2), year=2025))
    assert digest.date == dt.date(2024, 8, 2)


def test_ids_are_stable_across_parses() -> None:
    a = parse(sample_bytes(), ParseContext("a", year=2025))
    b = parse(sample_bytes(), ParseContext("b", year=2026))
    assert [p.id for p in a.papers] == [p.id for p in b.papers]


def test_header_variants_never_become_papers() -> None:
    text = (
        "new\nGet trending papers in your email inbox once a day!\n\nSubscribe\n\n"
        "Daily\nWeekly\nMonthly\n\nDaily Papers\n\nby\nAK\nand the research community\n\n"
        "Mar 3\n\n### A Real Title About Segmentation\n\n· 7 authors\n\n42\n\n"
        "An abstract paragraph that is long enough to be one.\n\n"
        "Second Paper Title\n\nUpvote 12\n\nSecond abstract, also whole.\n"
    )
    digest = parse(text.encode(), ParseContext("variants", year=2024))
    assert [p.title for p in digest.papers] == [
        "A Real Title About Segmentation",
        "Second Paper Title",
    ]
    assert digest.papers[0].abstract == "An abstract paragraph that is long enough to be one."
    assert digest.date == dt.date(2024, 3, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text\n\nwith paragraphs\n", "header"),
        (HEADER.encode() + b"Only a title\n", "has no abstract"),
        (HEADER.encode(), "no papers"),
        (b"\x00\x01\x02binary", "binary"),
        ("Daily Papers\n\nTítulo\n\nabstract".encode("latin-1"), "UTF-8"),
        (HEADER.encode() + b"x" * 500 + b"\n\nabstract\n", "not a title"),
    ],
)
def test_not_this_format_raises_ingest_error_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(IngestError) as info:
        parse(data, ParseContext("digest.txt"))
    assert "digest.txt" in str(info.value)
    assert message in str(info.value)


def test_sniff_recognises_the_sample() -> None:
    assert parse_bytes(sample_bytes(), ParseContext("s")).source == "hf-page-text"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_papers_or_ingest_error(data: bytes) -> None:
    try:
        digest = parse_bytes(data, ParseContext("fuzz"), "hf-page-text")
    except IngestError:
        return
    assert all(p.title for p in digest.papers)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_any_text_after_a_header_gives_papers_or_ingest_error(body: str) -> None:
    try:
        digest = parse_bytes((HEADER + body).encode("utf-8", "surrogatepass"), ParseContext("f"))
    except (IngestError, UnicodeEncodeError):
        return
    assert all(p.title and len(p.title) <= 400 for p in digest.papers)
