"""A search the caller no longer wants stops between the terms it reads (SearchReplaced)
and leaves the postings it read whole: the next search answers as a fresh library would.
Real SQLite, real index, the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest_tui.core.errors import SearchReplaced
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths


def test_a_replaced_search_stops_between_terms(library: Library) -> None:
    asked: list[int] = []

    def replaced_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    selection = Selection(query="vision language mod")  # `mod`: a prefix, many words
    with pytest.raises(SearchReplaced):
        library.search(selection, live=True, replaced=replaced_after_two)
    assert len(asked) == 3  # asked before each term; stopped at the third


def test_a_search_still_wanted_runs_to_the_end(library: Library, sample_dir: Path) -> None:
    selection = Selection(query="vision language mod")
    with pytest.raises(SearchReplaced):
        library.search(selection, live=True, replaced=lambda: True)
    kept = library.search(selection, live=True, replaced=lambda: False)
    with Library(Paths.resolve(sample_dir)) as fresh:
        expected = fresh.search(selection, live=True)
    assert kept.ids and kept.ids == expected.ids
    assert kept.scores == expected.scores
