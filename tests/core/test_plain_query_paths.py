"""A plain query has two answerers: postings held in memory with numpy (the app, fast.py)
and one pass over the segments without numpy (a CLI search, oneshot.py). They must list
every query alike, and the bulk segment readers under both must read what Whoosh's own
per-document readers read: over the bundled sample plus a second digest that updates
some of its papers (two segments, deleted documents), real SQLite, real index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.models import Sort
from digest_tui.core.search import load_whoosh


@pytest.fixture
def library(two_segments: Library) -> Library:
    return two_segments


def two_indexes(library: Library) -> tuple[object, object]:
    load_whoosh()
    from digest_tui.core.search.index import SearchIndex

    library.ensure_index()
    directory = library.indexing.directory
    return SearchIndex(directory, in_memory=True), SearchIndex(directory, in_memory=False)


def test_the_index_has_segments_with_deleted_documents(library: Library) -> None:
    from digest_tui.core.search import segments

    fast, _ = two_indexes(library)
    reader = fast._fresh_searcher().reader()  # type: ignore[attr-defined]
    leaves = segments.leaves(reader)
    assert len(leaves) >= 2
    assert any(segments.deleted(s) for s, _ in leaves)


@pytest.mark.parametrize("sort", list(Sort))
def test_in_memory_and_one_shot_list_every_query_alike(
    library: Library, sort: Sort, queries: list[str]
) -> None:
    fast, once = two_indexes(library)
    for query in queries:
        for options in ({}, {"limit": 5}, {"tags": ("video",)}, {"allowed": {"2601.00001"}}):
            a = fast.search(query, sort, **options)  # type: ignore[attr-defined]
            b = once.search(query, sort, **options)  # type: ignore[attr-defined]
            assert a.ids == b.ids, (query, options)
            assert (a.fuzzy, a.suggestion, a.highlight) == (b.fuzzy, b.suggestion, b.highlight)
            if a.scores is None or b.scores is None:
                assert a.scores == b.scores
            else:
                assert b.scores == pytest.approx(a.scores, rel=1e-5), query
    assert fast.search("model", sort).ids  # type: ignore[attr-defined]


def test_a_prefix_being_typed_is_answered_alike(library: Library) -> None:
    fast, once = two_indexes(library)
    for typed in ("diffusion vid", "lang", "rea"):
        a = fast.search(typed, prefix_last=True, typos=False)  # type: ignore[attr-defined]
        b = once.search(typed, prefix_last=True, typos=False)  # type: ignore[attr-defined]
        assert a.ids == b.ids and a.ids, typed


def test_a_plain_query_finds_what_whoosh_finds(library: Library) -> None:
    """The same papers, scores and order as Whoosh's own matchers and BM25F (the query
    language's path): `diffusion model` and `diffusion AND model` list alike."""
    _, once = two_indexes(library)
    searcher = once._fresh_searcher()  # type: ignore[attr-defined]
    for query in ("language models", "diffusion model", "vision transformer", "reasoning"):
        mine = once.search(query)  # type: ignore[attr-defined]
        whoosh = once._whoosh_search(searcher, query, Sort.RELEVANCE, None, None, (), False)  # type: ignore[attr-defined]
        assert mine.ids == whoosh.ids and mine.ids, query
        assert mine.scores == pytest.approx(whoosh.scores, rel=1e-6), query


def test_bulk_readers_read_what_whoosh_reads(library: Library) -> None:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    from digest_tui.core.search import segments

    fast, _ = two_indexes(library)
    reader = fast._fresh_searcher().reader()  # type: ignore[attr-defined]
    for segment, _ in segments.leaves(reader):
        count = segment.doc_count_all()
        for field in ("title", "abstract", "authors", "tags", "note", "words"):
            column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            whoosh = bytes(column[n] for n in range(count)) if column else bytes(count)
            assert segments.length_bytes(segment, field) == whoosh, field
        for name in ("id", "date", "upvotes", "title_sort"):
            assert segments.column_values(segment, name) == list(segment.column_reader(name))
        live = set(segment.all_doc_ids())
        assert set(segments.deleted(segment)) == set(range(count)) - live
        words, counts = segments.lexicon([(segment, 0)], "words")
        assert words == sorted(words) and len(words) == len(counts)
        for word, n in list(zip(words, counts, strict=True))[::50]:
            assert n == segment.doc_frequency("words", word), word


def test_postings_read_by_place_are_whoosh_postings(library: Library) -> None:
    """The postings of every seventh word (by the places the lexicon read, decoded with
    numpy) are those read by looking each word up, and, deleted papers aside, the ones
    Whoosh's own matchers give."""
    from digest_tui.core.search.fast import FastSearch

    fast, _ = two_indexes(library)
    searcher = fast._fresh_searcher()  # type: ignore[attr-defined]
    reader = searcher.reader()
    unplaced = FastSearch(searcher)  # no lexicon read: Whoosh looks every term up
    placed = FastSearch(searcher)
    checked = 0
    for field in ("words", "authors"):
        words, _ = placed.lexicon(field)
        for word in [*words[::7], "nosuchword"]:
            expected: dict[int, float] = {}
            if (field, word) in reader:
                matcher = reader.postings(field, word)
                while matcher.is_active():
                    expected[matcher.id()] = matcher.weight()
                    matcher.next()
            docs, freqs = placed.postings(field, word)
            found = dict(zip(docs.tolist(), freqs.tolist(), strict=True))
            looked_up = unplaced.postings(field, word)
            assert found == dict(zip(*(a.tolist() for a in looked_up), strict=True)), word
            assert {d: f for d, f in found.items() if placed.live[d]} == expected, word
            checked += 1
    assert checked > 500


PROBE = """
import json, sys
from digest_tui.cli.run import main
main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] == "numpy" or m == "whoosh.qparser")
print(json.dumps(heavy), file=sys.stderr)
"""


def test_a_cli_search_of_plain_words_loads_neither_numpy_nor_the_query_parser(
    library: Library, sample_dir: Path
) -> None:
    library.ensure_index()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(sample_dir), "search", "language models"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the search listed nothing"
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("survey of language models", "survey language models"),
        ("a model for the video", "model video"),
        ("language AND the AND models", "language models"),
        ('"language models" for reasoning', '"language models" reasoning'),
    ],
)
def test_stop_words_are_left_out_not_required(library: Library, query: str, meant: str) -> None:
    """`of` is dropped by the text fields' analyzer; it used to be required of the fields
    that keep every word (authors, tags), so any query with one found nothing."""
    fast, once = two_indexes(library)
    for index in (fast, once):
        found = index.search(query)  # type: ignore[attr-defined]
        assert found.ids and found.ids == index.search(meant).ids, query  # type: ignore[attr-defined]


def test_a_field_named_on_purpose_keeps_a_short_word(library: Library) -> None:
    fast, _ = two_indexes(library)
    parsed = fast.language.parse("author:an")  # type: ignore[attr-defined]
    assert (parsed.fieldname, parsed.text) == ("authors", "an")
