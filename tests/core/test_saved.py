"""Saved searches, new-paper counts, the morning digest, unread filters and jumps."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from digest_tui.core.errors import InvalidQueryError, NotFoundError, SavedSearchError
from digest_tui.core.export import digest_markdown
from digest_tui.core.library import Library
from digest_tui.core.models import Paper, Selection
from digest_tui.core.sources import ParsedDigest


def new_digest(*titles: str) -> ParsedDigest:
    papers = tuple(
        Paper(id=f"2611.{i:05d}", title=t, abstract=f"About {t}.")
        for i, t in enumerate(titles, start=1)
    )
    return ParsedDigest(source="jsonl", date=dt.date(2026, 11, 29), papers=papers)


def test_save_list_rename_delete(library: Library) -> None:
    saved = library.saved.save("  Organ   seg ", Selection(query="segmentation", tags=("ct",)))
    assert saved.name == "Organ seg" and saved.tags == ("ct",)
    (listed,) = library.saved.all()
    expected = library.search(Selection(query="segmentation", tags=("ct",))).ids
    assert listed.count == len(expected) > 0 and listed.new == 0
    assert library.saved.rename("organ SEG", "CT seg").name == "CT seg"
    library.saved.save("other", Selection(query="mri"))
    with pytest.raises(SavedSearchError, match="already"):
        library.saved.rename("other", "ct seg")
    with pytest.raises(SavedSearchError):
        library.saved.save("   ", Selection(query="mri"))
    with pytest.raises(InvalidQueryError):
        library.saved.save("bad", Selection(query='"unbalanced'))
    library.saved.delete("CT seg")
    assert [s.name for s in library.saved.all(counts=False)] == ["other"]
    with pytest.raises(NotFoundError):
        library.saved.delete("CT seg")


def test_new_papers_count_until_viewed(library: Library) -> None:
    library.saved.save("seg", Selection(query="segmentation"))
    time.sleep(1.1)  # timestamps have one-second resolution
    library.import_parsed(new_digest("Alpha segmentation", "Beta segmentation"), "new.jsonl")
    (saved,) = library.saved.all()
    assert saved.new == 2
    time.sleep(1.1)
    library.saved.mark_viewed("seg")
    assert library.saved.all()[0].new == 0


def test_morning_digest_lists_exactly_what_the_saved_search_finds(library: Library) -> None:
    library.saved.save("segmentation", Selection(query="segmentation"))
    digest = library.saved.morning_digest()
    ((name, papers),) = digest.groups
    assert name == "segmentation"
    assert [p.id for p in papers] == list(library.search(Selection(query="segmentation")).ids)
    text = digest_markdown(digest)
    assert text.count("\n### ") == len(papers)
    library.saved.mark_digest_run()
    assert library.saved.morning_digest().total == 0  # nothing new since the run
    time.sleep(1.1)
    library.import_parsed(new_digest("Gamma segmentation", "Unrelated topic"), "new.jsonl")
    ((name, papers),) = library.saved.morning_digest().groups
    assert [p.title for p in papers] == ["Gamma segmentation"]
    since = library.saved.morning_digest(since=dt.date(2000, 1, 1))
    assert since.total == len(library.search(Selection(query="segmentation")).ids)


def test_digest_without_saved_searches_lists_every_new_paper(library: Library) -> None:
    ((name, papers),) = library.saved.morning_digest().groups
    assert name == "New papers" and len(papers) == 92


def test_unread_filter_and_next_unread(library: Library) -> None:
    ids = library.search(Selection()).ids
    for paper_id in ids[1:4]:
        library.set_read(paper_id)
    assert library.unread_count() == 89
    unread = library.search(Selection(unread=True)).ids
    assert len(unread) == 89 and not set(ids[1:4]) & set(unread)
    assert library.next_unread(ids, 0, 1) == 4
    assert library.next_unread(ids, 4, -1) == 0
    assert library.next_unread(ids, len(ids) - 1, 1) is None
    for paper_id in ids:
        library.set_read(paper_id)
    assert library.next_unread(ids, 0, 1) is None


def test_a_name_differing_only_in_case_replaces_the_saved_search(library: Library) -> None:
    library.saved.save("ML", Selection(query="segmentation"))
    library.saved.save("ml", Selection(query="mri"))
    (saved,) = library.saved.all(counts=False)
    assert (saved.name, saved.query) == ("ML", "mri")
    library.saved.delete("ml")
    assert library.saved.all(counts=False) == []
