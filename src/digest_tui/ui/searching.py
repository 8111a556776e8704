"""Searches for the main screen, in thread workers: the first page at once, then the
whole ordered list, then the tag counts; the rows the list asks for; and, at start, the
index check. Every search has a number, and only the newest one's results are shown."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App

from digest_tui.core.errors import InvalidQueryError
from digest_tui.core.models import Selection
from digest_tui.ui.workers import reports_errors

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen

FIRST_PAGE = 100  # results shown before the whole ordered list is ready


class SearchRunner:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library
        self.seq = 0

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def run(self, selection: Selection) -> None:
        self.seq += 1
        work = partial(self._search, self.seq, selection)
        self.screen.run_worker(work, thread=True, exclusive=True, group="search")

    def _later(self, seq: int, method: Any, *args: Any) -> None:
        """Call a screen method on the UI thread if this is still the newest search."""

        def apply() -> None:
            if seq == self.seq:
                method(*args)

        self.app.call_from_thread(apply)

    @reports_errors
    def _search(self, seq: int, selection: Selection) -> None:
        screen, library = self.screen, self.library
        try:
            total = library.paper_count()
            result = library.search(selection, limit=FIRST_PAGE)
            rows = library.rows(result.ids[:FIRST_PAGE])
            self._later(seq, screen.show_result, result, total, rows)
            if not result.complete:
                if seq != self.seq:
                    return  # a newer query was typed meanwhile
                result = library.search(selection)
                self._later(seq, screen.show_result, result, total, rows)
            if seq != self.seq:
                return
            narrowed = (
                selection.query.strip()
                or selection.tags
                or selection.bookmarked
                or selection.unread
                or selection.digest_date
            )  # the counts answer "how many of what I see carry this tag"
            counts = library.tag_counts(result.ids if narrowed else None)
            totals = (total, library.bookmark_count(), library.unread_count())
        except InvalidQueryError as exc:
            self._later(seq, screen.show_query_error, str(exc))
            return
        self._later(seq, screen.show_counts, result.selection, counts, totals)

    def load_rows(self, ids: tuple[str, ...]) -> None:
        self.screen.run_worker(partial(self._rows, ids), thread=True, group="rows")

    @reports_errors
    def _rows(self, ids: tuple[str, ...]) -> None:
        rows = self.library.rows(ids)
        self.app.call_from_thread(self.screen.add_rows, rows)

    def prepare(self) -> None:
        self.screen.run_worker(self._prepare, thread=True, exclusive=True, group="prepare")

    @reports_errors
    def _prepare(self) -> None:
        """Show the list at once (an empty query needs no index), then make sure the index
        is usable, rebuilding it with progress if not."""
        screen, library = self.screen, self.library
        dates = library.digest_dates()
        self.app.call_from_thread(screen.prepared, dates)
        if not library.tags_current():  # once after an upgrade or a change of [topics]
            self.app.call_from_thread(screen.progress, 0, library.paper_count(), "Retagging")
            try:
                library.ensure_tags(lambda d, t: self.app.call_from_thread(screen.progress, d, t))
            finally:
                self.app.call_from_thread(screen.progress, -1, 0)
            self.app.call_from_thread(screen.prepared, dates)
        if library.index_is_current():
            return
        self.app.call_from_thread(screen.progress, 0, library.paper_count())
        try:
            rebuilt = library.ensure_index(
                lambda d, t: self.app.call_from_thread(screen.progress, d, t)
            )
        finally:
            self.app.call_from_thread(screen.progress, -1, 0)
        if rebuilt:
            self.app.call_from_thread(screen.run_search)
