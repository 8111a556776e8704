from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys

import pytest

from digest_tui.core.errors import InvalidQueryError
from digest_tui.core.library import Library
from digest_tui.core.models import Selection, Sort
from digest_tui.core.paths import Paths
from digest_tui.core.search.stamp import STAMP


def titles(library: Library, selection: Selection) -> list[str]:
    return [p.title for p in library.papers(library.search(selection).ids)]


def test_single_term_ranks_title_matches_first(library: Library) -> None:
    found = titles(library, Selection("segmentation"))
    assert len(found) >= 20
    assert "segmentation" in found[0].lower()


def test_words_are_anded_and_or_not_work(library: Library) -> None:
    both = set(library.search(Selection("pancreas segmentation")).ids)
    pancreas = set(library.search(Selection("pancreas")).ids)
    assert both and both <= pancreas
    either = set(library.search(Selection("pancreas OR dermatology")).ids)
    assert pancreas < either
    without = set(library.search(Selection("segmentation NOT pancreas")).ids)
    assert not without & pancreas


def test_phrase_prefix_and_field_queries(library: Library) -> None:
    assert titles(library, Selection('"multi-organ"'))
    phrase = titles(library, Selection('"visual question answering"'))
    assert phrase
    assert len(titles(library, Selection("segm*"))) >= len(
        titles(library, Selection("segmentation"))
    )
    in_title = titles(library, Selection("title:pathology"))
    assert in_title and all("patholog" in t.lower() for t in in_title)
    assert library.search(Selection("tag:ct")).ids
    assert library.search(Selection("segmentaton~")).ids


def test_typo_is_retried_leniently_and_finds_deeporgan(library: Library) -> None:
    result = library.search(Selection("pancreass segmentation"))
    assert result.fuzzy
    assert result.suggestion == "pancreas segmentation"
    assert any("DeepOrgan" in p.title for p in library.papers(result.ids))


def test_exact_results_are_not_marked_fuzzy(library: Library) -> None:
    result = library.search(Selection("pancreas"))
    assert result.ids and not result.fuzzy and result.suggestion is None


@pytest.mark.parametrize(
    "query", ['"unclosed', "(segmentation", "segmentation)", "AND", "segmentation OR", "title:"]
)
def test_unparseable_queries_raise_invalid_query_error(library: Library, query: str) -> None:
    with pytest.raises(InvalidQueryError):
        library.search(Selection(query))


@pytest.mark.parametrize("query", ["*", "x" * 5000, "a\x00b\x1b[2J", "foo:bar", "NOT x", "~", "'"])
def test_odd_queries_never_crash(library: Library, query: str) -> None:
    with contextlib.suppress(InvalidQueryError):
        library.search(Selection(query))


def test_filters_and_sorts(library: Library) -> None:
    seg = library.search(Selection("segmentation")).ids
    tagged = library.search(Selection("segmentation", tags=("ct",))).ids
    assert tagged and set(tagged) < set(seg)
    by_title = titles(library, Selection("segmentation", sort=Sort.TITLE))
    assert by_title == sorted(by_title, key=str.casefold)
    every = library.search(Selection()).ids
    assert len(every) == 92


def test_highlight_matches_stems_and_prefixes(library: Library) -> None:
    result = library.search(Selection("segmentation"))
    text = "Segmenting organs; segmentation works"
    spans = library.match_spans(text, result.highlight)
    assert [text[a:b] for a, b in spans] == ["Segmenting", "segmentation"]
    prefix = library.search(Selection("patho*"))
    assert [w for w in ("pathology", "Pathologists") if library.match_spans(w, prefix.highlight)]


@pytest.mark.parametrize("damage", ["missing", "stamp", "truncated"])
def test_a_damaged_index_is_rebuilt_from_the_store(sample_dir, damage: str) -> None:  # type: ignore[no-untyped-def]
    paths = Paths.resolve(sample_dir)
    if damage == "missing":
        shutil.rmtree(paths.index_dir)
    elif damage == "stamp":
        (paths.index_dir / STAMP).write_text('{"schema": 0, "generation": 1}')
    else:
        for segment in paths.index_dir.glob("*.seg"):
            segment.write_bytes(segment.read_bytes()[:100])
        for toc in paths.index_dir.glob("*.toc"):
            toc.write_bytes(toc.read_bytes()[:10])
    with Library(paths) as lib:
        assert not lib.index_is_current()
        assert len(lib.search(Selection("segmentation")).ids) >= 20
        assert lib.index_is_current()


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, digest_tui.core.library, digest_tui.cli; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_rebuild_by_another_process_is_seen_by_an_open_library(sample_dir) -> None:  # type: ignore[no-untyped-def]
    from digest_tui.core.models import Paper
    from digest_tui.core.paths import Paths
    from digest_tui.core.sources import ParsedDigest

    reader = Library(Paths.resolve(sample_dir))
    assert reader.search(Selection("segmentation")).ids  # its searcher is open
    other = Library(Paths.resolve(sample_dir))
    paper = Paper("2605.00001", "Zebrafish tracking", abstract="Zebrafish larvae.")
    other.import_parsed(ParsedDigest("jsonl", (paper,), None), "z")
    other.reindex()  # swaps in a new index directory, starting again at generation 1
    other.close()
    assert reader.search(Selection("zebrafish")).ids == ("2605.00001",)
    assert reader.search(Selection("segmentation", sort=Sort.DATE)).ids  # columns readable
    reader.close()
