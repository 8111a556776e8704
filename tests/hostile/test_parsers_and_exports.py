"""Text from strangers through search --json, every export and the query parser; mutated
real files through every parser."""

from __future__ import annotations

import contextlib
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest_tui.cli import main
from digest_tui.core.errors import IngestError, InvalidQueryError
from digest_tui.core.export import render
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.sources import ParseContext, parse_bytes
from digest_tui.core.sources.common import collapse
from tests.bib import bib_entries

from ..conftest import SHARED_DATA
from .corpus import STRINGS, hostile_library, raw_chars

HOSTILE = STRINGS


def test_search_json_carries_hostile_text_exactly(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_library(library)
    stored = {p.id: p for p in library.papers(library.search(Selection("hostile")).ids)}
    assert main(["search", "hostile", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out  # JSON escapes control characters
    hits = json.loads(out)
    assert len(hits) == len(HOSTILE)
    for hit in hits:
        paper = stored[hit["id"]]
        assert hit["title"] == paper.title and hit["abstract"] == paper.abstract
        assert hit["authors"] == list(paper.authors)


def test_plain_cli_output_writes_no_escapes(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = hostile_library(library)
    assert main(["search", "hostile"]) == 0
    for paper_id in ids:
        assert main(["show", paper_id]) == 0
    out = capsys.readouterr().out
    assert not raw_chars(out)
    assert "␛[2J" in out and "[@click=app.screenshot('pwned.svg')]click me[/]" in out


def test_exports_cannot_be_broken_by_the_data(library: Library) -> None:
    ids = hostile_library(library)
    papers = library.papers(ids)
    notes = {i: library.note(i) for i in ids}
    entries = bib_entries(render("bibtex", papers, notes))
    assert len(entries) == len(HOSTILE)
    for entry in entries:
        assert set(entry) >= {"ID", "title", "author", "eprint", "url", "note"}
        assert "\x1b" not in entry["title"] and "\x00" not in entry["abstract"]
    markdown = render("markdown", papers, notes)
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert len(headings) == len(HOSTILE)  # no title broke out of its heading line
    assert "\x1b" not in markdown and "](javascript:" not in markdown
    assert not re.search(r"(?<!\\)`", markdown)  # every backtick escaped
    for fmt in ("json", "jsonl"):
        text = render(fmt, papers, notes)
        assert "\x1b" not in text
        if fmt == "jsonl":
            back = parse_bytes(text.encode(), ParseContext("x.jsonl"), "jsonl").papers
            # importers drop control characters: the round trip keeps everything else
            assert [p.title for p in back] == [collapse(p.title) for p in papers]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))  # read-only searches: sharing the library between inputs is fine
def test_any_query_gives_results_or_invalid_query_error(library: Library, query: str) -> None:
    with contextlib.suppress(InvalidQueryError):
        library.search(Selection(query))
        library.search(Selection(query, tags=("ct",)), limit=10)


def _mutations(data: bytes, rng: random.Random) -> list[bytes]:
    out = [data[: rng.randrange(len(data))] for _ in range(3)]  # truncations
    for _ in range(3):  # byte flips
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        out.append(bytes(flipped))
    with contextlib.suppress(UnicodeError):
        out.append(data.decode("utf-8").encode("utf-16"))  # wrong encodings
    out.append(data.decode("utf-8", "replace").encode("latin-1", "replace"))
    return out


def test_mutated_real_files_give_papers_or_ingest_error() -> None:
    files = (
        sorted(SHARED_DATA.glob("hf_daily/*.json"))[:6]
        + sorted(SHARED_DATA.glob("arxiv_atom/**/*.xml"))[:4]
    )
    files += sorted(SHARED_DATA.glob("arxiv_corpus/*.jsonl"))[:2]
    if not files:
        pytest.skip(f"real data not available here: {SHARED_DATA} is absent")
    rng = random.Random(5)
    tried = 0
    for path in files:
        data = path.read_bytes()[:200_000]
        for mutated in _mutations(data, rng):
            for fmt in ("auto", "hf-json", "arxiv-atom", "jsonl"):
                tried += 1
                with contextlib.suppress(IngestError):
                    parse_bytes(mutated, ParseContext(path.name), fmt)
    assert tried >= len(files) * 8 * 4


def test_a_failed_import_leaves_no_partial_state(library: Library, tmp_path: Path) -> None:
    before = library.paper_count()
    good = '{"id": "2503.00001", "title": "Fine", "summary": "ok"}\n'
    bad = tmp_path / "half.jsonl"
    bad.write_text(good * 3 + '{"id": "2503.00002", "title": \n')
    with pytest.raises(IngestError):
        library.import_file(bad)
    assert library.paper_count() == before
