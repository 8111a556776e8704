"""Citations a reference manager reads right: years that are the paper's, arXiv fields,
titles that come back exactly, RIS and CSL-JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digest_tui.core.citations import best_url, publication_year, to_bibtex, to_csl_json, to_ris
from digest_tui.core.export import md_escape
from digest_tui.core.models import Link, Paper
from tests.bib import bib_entries

DIGEST_DAY = (dt.date(2026, 8, 1),)
HOSTILE_TITLES = [
    "Braces {balanced} here",
    "A lone { opening",
    "A lone } closing",
    "Money $5 and $\\mu$P",
    "Approx ~ tilde and 50% off",
    "R&D at scale",
    "Back\\slash and \\textbf{bold}",
    "Hash #1, under_score, caret ^",
    "All at once: {$~%&\\}",
]


def arxiv_paper(**changes: object) -> Paper:
    base = Paper(
        id="1501.00001",
        title="Deep Organs",
        authors=("Holger R. Roth", "Le Lu"),
        digest_dates=DIGEST_DAY,
        categories=("cs.CV", "eess.IV"),
        links=(Link("HF search", "https://huggingface.co/papers?q=deep"),),
    )
    return base.with_changes(**changes)


@pytest.mark.parametrize(
    ("paper_id", "published", "year"),
    [
        ("1501.00001", None, 2015),
        ("2410.12345", None, 2024),
        ("hep-th/9901001", None, 1999),
        ("math.AG/0301001", None, 2003),
        ("1501.00001", dt.date(2016, 3, 2), 2016),
        ("t-0123456789ab", None, None),
    ],
)
def test_the_year_is_the_papers_never_the_digests(
    paper_id: str, published: dt.date | None, year: int | None
) -> None:
    paper = arxiv_paper(id=paper_id, published=published)
    assert publication_year(paper) == year
    entry = bib_entries(to_bibtex([paper]))[0]
    assert entry.get("year") == (str(year) if year else None)


def test_arxiv_papers_carry_eprint_class_and_abstract_page() -> None:
    entry = bib_entries(to_bibtex([arxiv_paper()]))[0]
    assert entry["eprint"] == "1501.00001" and entry["archiveprefix"] == "arXiv"
    assert entry["primaryclass"] == "cs.CV"
    assert entry["url"] == "https://arxiv.org/abs/1501.00001"


def test_the_search_page_only_when_nothing_better_exists() -> None:
    search = Link("HF search", "https://huggingface.co/papers?q=x")
    page = Link("Project", "https://example.org/project")
    plain = Paper(id="t-0123456789ab", title="x", links=(search, page))
    assert best_url(plain) == "https://example.org/project"
    assert best_url(plain.with_changes(links=(search,))) == search.url
    assert best_url(plain.with_changes(doi="10.1/abc")) == "https://doi.org/10.1/abc"


def test_hostile_titles_round_trip_exactly_through_bibtexparser() -> None:
    papers = [arxiv_paper(id=f"2401.{n:05d}", title=t) for n, t in enumerate(HOSTILE_TITLES)]
    entries = bib_entries(to_bibtex(papers), decode=True)
    back = [e["title"] for e in entries]  # the braces that protect the case are gone too
    exact = [t for t, b in zip(HOSTILE_TITLES, back, strict=True) if t == b]
    lone = {"A lone { opening", "A lone } closing"}  # spelled \textbrace…: BibTeX-safe
    assert set(HOSTILE_TITLES) - set(exact) <= lone
    raw = bib_entries(to_bibtex(papers))  # and every entry parses, none swallows another
    assert len(raw) == len(HOSTILE_TITLES)


def test_ris_records_one_field_a_line() -> None:
    paper = arxiv_paper(abstract="Line one.\nLine two\x1b[2J.", published=dt.date(2015, 1, 2))
    text = to_ris([paper, arxiv_paper(id="2401.00002", title="Second")], {"1501.00001": "mine"})
    records = [r for r in text.split("ER  - ") if r.strip()]
    assert len(records) == 2
    lines = records[0].strip().split("\r\n")
    assert lines[0] == "TY  - UNPB" and "TI  - Deep Organs" in lines
    assert [line for line in lines if line.startswith("AU")] == [
        "AU  - Holger R. Roth",
        "AU  - Le Lu",
    ]
    assert "PY  - 2015" in lines and "DA  - 2015/01/02" in lines
    assert "AB  - Line one. Line two[2J." in lines  # one line, no escape character
    assert "UR  - https://arxiv.org/abs/1501.00001" in lines and "N1  - mine" in lines
    assert all(len(line) >= 6 and line[2:6] == "  - " for line in lines)


def test_csl_json_is_what_pandoc_reads() -> None:
    items = json.loads(to_csl_json([arxiv_paper(), arxiv_paper(id="t-0123456789ab")]))
    first, second = items
    assert first["type"] == "article" and first["title"] == "Deep Organs"
    assert first["author"][0] == {"family": "Roth", "given": "Holger R."}
    assert first["issued"] == {"date-parts": [[2015]]}
    assert first["URL"] == "https://arxiv.org/abs/1501.00001" and first["number"] == "1501.00001"
    assert "issued" not in second  # no publication date, no arXiv id: no year invented


def test_markdown_escapes_only_what_markdown_would_read() -> None:
    assert md_escape("co-evolution.") == "co-evolution."
    assert md_escape("3D (point) clouds!") == "3D (point) clouds!"
    assert md_escape("*bold* `code` [x](y)") == "\\*bold\\* \\`code\\` \\[x\\]\\(y)"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("# not a heading") == "\\# not a heading"
