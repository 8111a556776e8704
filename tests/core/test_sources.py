"""The real sources of ../shared/data (skipped where absent) and self-written fixtures."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.errors import IngestError
from digest_tui.core.export import to_jsonl
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.sources import ParseContext, parse_bytes
from digest_tui.core.sources.common import collapse
from digest_tui.core.sources.registry import PARSERS

from ..conftest import SHARED_DATA, shared_file

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
<channel>
<title>cs.CV updates on arXiv.org</title>
<link>http://rss.arxiv.org/rss/cs.CV</link>
<description>cs.CV updates on the arXiv.org e-print archive.</description>
<pubDate>Fri, 23 Feb 2024 00:00:00 -0500</pubDate>
<item>
<title>Mass concentration in rescaled first order integral functionals</title>
<link>https://arxiv.org/abs/2203.01250</link>
<description>arXiv:2203.01250v3 Announce Type: replace-cross
Abstract: We consider first order local minimization problems. Code at https://github.com/a/b.</description>
<guid isPermaLink="false">oai:arXiv.org:2203.01250v3</guid>
<category>math.AP</category>
<category>math.OC</category>
<pubDate>Fri, 23 Feb 2024 00:00:00 -0500</pubDate>
<arxiv:announce_type>replace-cross</arxiv:announce_type>
<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
<arxiv:DOI>10.5802/jep.257</arxiv:DOI>
<arxiv:journal_reference>Journal de l'Ecole polytechnique 11 (2024)</arxiv:journal_reference>
<dc:creator>Antonin Monteil, Paul Pegon</dc:creator>
</item>
</channel>
</rss>
"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol3;</title></entry></feed>"""


def test_all_valid_hf_daily_files_give_332_papers(empty_library: Library) -> None:
    folder = shared_file("hf_daily")
    files = sorted(p for p in folder.glob("*.json") if p.name != "2024-12-11.json")
    assert len(files) == 17
    for file in files:
        empty_library.import_file(file)
    assert empty_library.store.papers.count() == 332
    papers = empty_library.papers(empty_library.search(Selection()).ids)
    assert all(p.arxiv_id and p.authors and p.upvotes is not None for p in papers)
    assert all({"HF", "arXiv", "PDF"} <= {link.label for link in p.links} for p in papers)
    assert all("\n" not in p.title and "\n" not in p.abstract for p in papers)
    assert {d.date for d in empty_library.digests()} == {
        dt.date.fromisoformat(f.stem) for f in files
    }
    again = [empty_library.import_file(f) for f in files]
    assert sum(s.added + s.updated for s in again) == 0


def test_hf_fields_are_mapped(empty_library: Library) -> None:
    file = shared_file("hf_daily/2026-05-12.json")
    empty_library.import_file(file)
    paper = empty_library.paper("2605.09063")
    assert paper.upvotes == 50 and paper.ai_summary and paper.keywords
    assert paper.organization == "EleutherAI"
    assert paper.published == dt.date(2026, 5, 9)
    assert empty_library.search(Selection('keyword:"refusal subset"')).ids


def test_malformed_hf_file_fails_cleanly_and_changes_nothing(library: Library) -> None:
    file = shared_file("hf_daily/2024-12-11.json")
    before = library.stats()
    with pytest.raises(IngestError, match=r"2024-12-11\.json.*string"):
        library.import_file(file)
    assert library.stats() == before


def test_arxiv_atom_new_and_old_output(empty_library: Library) -> None:
    query = shared_file("arxiv_atom/new-format/query.xml")
    summary = empty_library.import_file(query)
    assert summary.added == 10
    papers = empty_library.papers(empty_library.search(Selection()).ids)
    assert all(p.arxiv_id and "v" not in p.id.split("/")[-1] for p in papers)
    assert all(p.categories for p in papers)  # categories: a kind of tag of their own
    assert any(p.doi and p.journal_ref for p in papers)
    old = parse_bytes(
        query.read_bytes().replace(b"https://arxiv.org", b"http://arxiv.org"), ParseContext("old")
    )
    assert len(old.papers) == 10
    for empty in ("arxiv_atom/new-format/query_empty.xml", "arxiv_atom/old-format/query_empty.xml"):
        result = empty_library.import_file(shared_file(empty))
        assert result.total == 0


def test_arxiv_rss_fixture() -> None:
    digest = parse_bytes(RSS.encode(), ParseContext("feed.xml"))
    assert digest.source == "arxiv-rss"
    assert digest.date == dt.date(2024, 2, 23)
    (paper,) = digest.papers
    assert paper.id == "2203.01250"
    assert paper.authors == ("Antonin Monteil", "Paul Pegon")
    assert paper.abstract.startswith("We consider first order")
    assert paper.categories == ("math.AP", "math.OC")
    assert paper.doi == "10.5802/jep.257"
    assert "https://github.com/a/b" in [link.url for link in paper.links]


def test_billion_laughs_fails_cleanly() -> None:
    with pytest.raises(IngestError, match="unsafe XML"):
        parse_bytes(LAUGHS, ParseContext("laughs.xml"))


def test_jsonl_corpus_files_and_recurring_papers(empty_library: Library) -> None:
    folder = shared_file("arxiv_corpus")
    files = sorted(folder.glob("*.jsonl"))[:3]
    ids: set[str] = set()
    for file in files:
        for paper in parse_bytes(file.read_bytes(), ParseContext(file.name)).papers:
            ids.add(paper.id)
        empty_library.import_file(file)
    assert empty_library.store.papers.count() == len(ids)
    digests = empty_library.digests()
    assert len(digests) == 3 and all(d.date for d in digests)


def test_jsonl_export_round_trip(empty_library: Library, tmp_path: Path) -> None:
    empty_library.import_sample(year=2025)
    query = SHARED_DATA / "arxiv_atom/new-format/query.xml"
    if query.exists():
        empty_library.import_file(query, date=dt.date(2025, 11, 11))
    papers = empty_library.papers(empty_library.search(Selection()).ids)
    text = to_jsonl(papers)
    parsed = parse_bytes(text.encode(), ParseContext("export.jsonl"), "jsonl")
    strip = lambda p: p.with_changes(tags=(), user_tags=())  # noqa: E731
    assert [strip(p) for p in parsed.papers] == [strip(p) for p in papers]


def test_jsonl_flexible_mapping() -> None:
    line = (
        '{"id": "arXiv:2401.00001v2", "title": "T", "abstract": "A", "authors": "A. One, B. Two '
        'and C. Three", "categories": "cs.CV cs.LG", "update_date": "2024-01-05"}\n\n'
    )
    (paper,) = parse_bytes(line.encode(), ParseContext("x.jsonl")).papers
    assert paper.id == "2401.00001"
    assert paper.authors == ("A. One", "B. Two", "C. Three")
    assert paper.categories == ("cs.CV", "cs.LG")
    assert paper.published == dt.date(2024, 1, 5)


@pytest.mark.parametrize(
    "data",
    [
        b'[{"paper": {"title": "x"',
        b"\xff\xfe\x00binary\x00",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b"{not json}\n",
        "<rss><channel><item><title>é</title>".encode("latin-1"),
    ],
)
def test_truncated_binary_and_wrong_encoding_fail_cleanly(
    library: Library, tmp_path: Path, data: bytes
) -> None:
    file = tmp_path / "2025-01-01-bad.json"
    file.write_bytes(data)
    before = library.stats()
    with pytest.raises(IngestError, match=r"2025-01-01-bad\.json"):
        library.import_file(file)
    assert library.stats() == before


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(PARSERS)), st.binary(max_size=1500))
def test_any_bytes_into_any_parser_give_papers_or_ingest_error(fmt: str, data: bytes) -> None:
    try:
        digest = parse_bytes(data, ParseContext("fuzz"), fmt)
    except IngestError:
        return
    assert all(p.title for p in digest.papers)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1500))
def test_any_bytes_sniffed_give_papers_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        parse_bytes(data, ParseContext("fuzz"))


_SPACES = [chr(c) for c in range(0x3100) if chr(c).isspace()] + ["\u3000", "\x1c", "a", "é", "-"]


@given(st.lists(st.sampled_from(_SPACES), max_size=20))
def test_collapse_squeezes_exactly_what_the_whitespace_pattern_does(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()
