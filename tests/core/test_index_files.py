"""A CLI search reads the index files itself (search/w3files.py, no Whoosh import): it
must read what Whoosh reads, list every query as the Whoosh-backed one-shot search does,
analyse query words as the index's analyzers do, and hand anything it does not know to
Whoosh. Over the bundled sample plus a second digest that updates some of its papers
(two segments, deleted documents), real SQLite, real index."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.library import Library
from digest_tui.core.models import Selection, Sort
from digest_tui.core.search import load_whoosh, w3files
from digest_tui.core.search.fields import TEXT_FIELDS
from digest_tui.core.search.oneshot import search_once
from digest_tui.core.search.w3files import IndexFiles, Unreadable
from digest_tui.core.search.words import STOP_WORDS, IndexFields, terms


@pytest.fixture
def library(two_segments: Library) -> Library:
    two_segments.ensure_index()
    return two_segments


def _whoosh(library: Library) -> Any:
    load_whoosh()
    from digest_tui.core.search import segments
    from digest_tui.core.search.index import SearchIndex

    index = SearchIndex(library.indexing.directory, in_memory=False)
    return segments.WhooshSegments(index._fresh_searcher().reader())


def test_the_files_read_what_whoosh_reads(library: Library) -> None:
    whoosh = _whoosh(library)
    with IndexFiles(library.indexing.directory) as files:
        mine, theirs = files.leaves(), whoosh.leaves()
        assert len(mine) == len(theirs) >= 2
        assert any(files.deleted(s) for s, _ in mine)
        for (segment, base), (other, other_base) in zip(mine, theirs, strict=True):
            assert base == other_base
            assert files.doc_count(segment) == whoosh.doc_count(other)
            assert files.deleted(segment) == whoosh.deleted(other)
            for field in (*TEXT_FIELDS, "words"):
                assert files.length_bytes(segment, field) == whoosh.length_bytes(other, field)
                words, _ = whoosh.lexicon(field)
                for word in [*words[::7], "nothingofthesort"]:
                    read = [
                        (list(i), list(w)) for i, w in files.posting_blocks(segment, field, word)
                    ]
                    want = [
                        (list(i), list(w)) for i, w in whoosh.posting_blocks(other, field, word)
                    ]
                    assert read == want, (field, word)
                    assert files.doc_frequency(field, word) == whoosh.doc_frequency(field, word)
        for field in (*TEXT_FIELDS, "words"):
            assert files.average_length(field) == whoosh.average_length(field)
        everyone = list(range(files.size))
        assert files.ids_of(everyone) == whoosh.ids_of(everyone)
        for sort in (Sort.DATE, Sort.UPVOTES, Sort.TITLE):
            mine_key, their_key = files.sort_key(sort), whoosh.sort_key(sort)
            assert sorted(everyone, key=lambda d: (mine_key(d), d)) == sorted(
                everyone, key=lambda d: (their_key(d), d)
            ), sort


@pytest.mark.parametrize("sort", list(Sort))
def test_a_search_from_the_files_lists_as_through_whoosh(
    library: Library, sort: Sort, queries: list[str]
) -> None:
    whoosh = _whoosh(library)
    checked = 0
    for query in queries:
        for limit, tags in ((None, ()), (5, ()), (None, ("video",))):
            options = (sort, limit, None, tags, False, True)
            theirs = search_once(whoosh, query, query.split(), *options)
            try:
                with IndexFiles(library.indexing.directory) as files:
                    mine = search_once(files, query, query.split(), *options)
            except Unreadable:  # only where the words found nothing: corrections are next
                exact = (sort, limit, None, tags, False, False)
                assert not search_once(whoosh, query, query.split(), *exact).ids, query
                continue
            assert mine == theirs, (query, limit, tags)
            checked += 1
    assert checked >= len(queries)  # the others found nothing exactly: Whoosh corrects
    for typo in ("reasonign", "nothingofthesort"):  # corrections need Whoosh's vocabulary
        with IndexFiles(library.indexing.directory) as files, pytest.raises(Unreadable):
            search_once(files, typo, [typo], sort, None, None, (), False, True)


def test_the_cli_search_reads_the_files_and_falls_back_for_typos(library: Library) -> None:
    """In a process of its own, as the CLI runs it: Whoosh is not imported, the answer is
    the app's; a typo loads Whoosh and is corrected. Plain ASCII words need no accent table."""
    directory = str(library.indexing.directory.parent)
    probe = (
        "import json, sys\n"
        "from digest_tui.core.library import Library\n"
        "from digest_tui.core.models import Selection\n"
        "from digest_tui.core.paths import Paths\n"
        "lib = Library(Paths.resolve(sys.argv[1]))\n"
        "lib.indexing.in_memory = False\n"
        "found = lib.search(Selection(query=sys.argv[2]), 20)\n"
        "loaded = [m in sys.modules for m in ('whoosh.index', 'whoosh.support.charset')]\n"
        "print(json.dumps([list(found.ids), found.fuzzy, loaded]))\n"
    )
    for query, fuzzy in (("diffusion model", False), ("reasonign", True)):
        run = subprocess.run(
            [sys.executable, "-c", probe, directory, query],
            capture_output=True,
            text=True,
            check=True,
        )
        ids, was_fuzzy, loaded = json.loads(run.stdout)
        assert ids == list(library.search(Selection(query=query), 20).ids) and ids, query
        assert (was_fuzzy, loaded) == (fuzzy, [fuzzy, fuzzy]), query


def test_anything_unexpected_is_left_to_whoosh(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A posting block the reader does not recognise, met in the middle of a search:
    the search is answered through Whoosh, alike."""
    library.indexing.in_memory = False
    selection = Selection(query="diffusion model")
    want = library.search(selection, 20)
    monkeypatch.setattr(w3files, "_BLOCKS", b"XXXX")
    with IndexFiles(library.indexing.directory) as files, pytest.raises(Unreadable):
        search_once(
            files,
            "diffusion model",
            ["diffusion", "model"],
            Sort.RELEVANCE,
            20,
            None,
            (),
            False,
            True,
        )
    found = library.search(selection, 20)  # (the fixture opened the index in memory)
    assert found.ids == want.ids and want.ids
    assert found.scores == pytest.approx(want.scores, rel=1e-5)


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (print, ("planted code ran",))


def test_a_planted_pickle_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table of contents whose segment list would call a function when unpickled is
    refused before anything runs."""
    stream = io.BytesIO()
    stream.write(bytes([4, 8, 4]))  # the varints Whoosh writes: int, long, float sizes
    for number in (-12345, -111):
        stream.write(number.to_bytes(4, "big", signed=True))
    stream.write(bytes([2, 7, 5, 0]))  # a release, then an empty schema
    stream.write((1).to_bytes(4, "big") + (0).to_bytes(4, "big"))
    stream.write(pickle.dumps([_Planted()]))
    (tmp_path / "_MAIN_1.toc").write_bytes(stream.getvalue())
    with pytest.raises(Unreadable):
        IndexFiles(tmp_path)
    assert "planted" not in capsys.readouterr().out


def test_fields_and_stop_words_are_the_schemas() -> None:
    load_whoosh()
    from whoosh.analysis.filters import STOP_WORDS as WHOOSH_STOP_WORDS

    from digest_tui.core.search.schema import schema

    assert STOP_WORDS == WHOOSH_STOP_WORDS
    fields = IndexFields()
    for field in (*TEXT_FIELDS, "words"):
        assert fields[field].scorable == bool(schema()[field].scorable), field
    with pytest.raises(KeyError):
        fields["date"]


_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from("ÉéÆæœßİıＡ中文分词日本語한국어 ,;'’-_\t\n0123456789ing"),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_query_words_are_analysed_as_the_index_does(text: str) -> None:
    load_whoosh()
    from digest_tui.core.search.schema import schema

    index_schema = schema()
    for field in (*TEXT_FIELDS, "words"):
        assert terms(field, text) == [t.text for t in index_schema[field].analyzer(text)], field


def test_plain_ascii_needs_no_accent_table() -> None:
    load_whoosh()
    from whoosh.support.charset import accent_map

    lowered = "".join(chr(c) for c in range(128)).lower()
    assert lowered.translate(accent_map) == lowered


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_ascii_query_words_are_analysed_as_the_index_does(text: str) -> None:
    load_whoosh()
    from digest_tui.core.search.schema import schema

    index_schema = schema()
    for field in (*TEXT_FIELDS, "words"):
        assert terms(field, text) == [t.text for t in index_schema[field].analyzer(text)], field
