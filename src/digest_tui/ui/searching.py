"""Searches for the main screen, in thread workers: the list, its count and the tag
counts of a search together (the first page first when the whole list or the first tag
count is slow); the rows the list asks for; and, at start, the index check. Every search
has a number, and only the newest one's results are shown."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from digest_tui.core.errors import InvalidQueryError, SearchReplaced
from digest_tui.core.models import SearchResult, Selection
from digest_tui.ui.collecting import IdleCollector, keep_out_of_collections, resume_collections
from digest_tui.ui.empty import filters_on
from digest_tui.ui.opening import FIRST_PAGE, Opening, read_opening
from digest_tui.ui.workers import reports_errors

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen

NEW_COUNT_UP_TO = 5000  # lists longer than this (all 35,000) are not counted for "new"


class SearchRunner:
    """Runs the screen's searches. While a query is typed (`live`), its last word is a
    prefix and typos wait: when a typed query finds nothing, the typo-tolerant search runs
    after a pause (or on Enter). The list, its count and the tag counts of one search reach
    the screen together. Searches take turns, and one a newer search replaced is dropped
    before its turn, between its steps and between the terms it reads: at 20 keys/s,
    searches of every prefix running side by side shared the interpreter with the newest
    one and made it several times slower than alone."""

    SETTLE_AFTER = 0.35  # seconds of no typing before a query that found nothing is retried

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library
        self.seq = 0
        self.totals: tuple[int, int, int] | None = None  # papers, bookmarked, unread
        self._settle: Timer | None = None
        self.painted = False  # the first list since `prepare` is on screen
        self.collector = IdleCollector(screen)
        self._turn = threading.Lock()  # one search at a time
        self._at_once = -1  # the search whose typo retry Enter asked for: no pause

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def run(self, selection: Selection, live: bool = False) -> None:
        self.seq += 1
        self.collector.activity()
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        work = partial(self._search, self.seq, selection, live)
        # not exclusive: the turn and the number drop a replaced search; Textual's cancel
        # only marked its thread cancelled, and waiting for workers then raised for it
        self.screen.run_worker(work, thread=True, group="search")

    def totals_changed(self) -> None:
        """A write changed the library's counts: the next search recounts them."""
        self.totals = None

    def _later(self, seq: int, method: Any, *args: Any) -> None:
        """Call a screen method on the UI thread if this is still the newest search."""

        def apply() -> None:
            if seq == self.seq:
                method(*args)

        self.app.call_from_thread(apply)

    @reports_errors
    def _search(self, seq: int, selection: Selection, live: bool) -> None:
        with self._turn:
            if seq != self.seq:  # a newer search replaced this one while it waited
                return
            try:
                self._search_now(seq, selection, live)
            except SearchReplaced:  # ... or while it read postings
                return

    def _search_now(self, seq: int, selection: Selection, live: bool) -> None:
        screen, library = self.screen, self.library
        replaced = partial(self._replaced, seq)
        try:
            # the whole list costs no more, except before the first paint: a first page
            # leaves the UI thread the interpreter while it builds the screen
            whole = library.answers_fast(selection) and self.painted
            narrowed = (
                selection.query.strip()
                or selection.tags
                or selection.bookmarked
                or selection.unread
                or selection.digest_date
            )  # the counts answer "how many of what I see carry this tag"
            first = None if whole else FIRST_PAGE
            result = library.search(selection, first, live=live, replaced=replaced)
            if seq != self.seq:
                return  # a newer query was typed meanwhile
            rows = library.rows(result.ids[:FIRST_PAGE])
            slow_tags = narrowed and not library.tag_counts_ready()  # the first count loads
            if not result.complete or not self.painted or slow_tags:
                self._later(seq, screen.show_result, result, rows)  # the list first
            if not result.complete:
                result = library.search(selection, live=live, replaced=replaced)
            if seq != self.seq:
                return
            counts = library.tag_counts(result.ids if narrowed else None)
            if self.totals is None:
                self.totals = (
                    library.paper_count(),
                    library.bookmark_count(),
                    library.unread_count(),
                )
            totals = self.totals
        except InvalidQueryError as exc:
            self._later(seq, screen.show_query_error, str(exc))
            return
        new = 0  # papers new since the last visit, for a list that is not being typed
        if screen.since and not selection.query.strip() and len(result.ids) <= NEW_COUNT_UP_TO:
            new = library.visits.new_among(result.ids, screen.since)
        elsewhere = 0  # a search the filters empty: how many it finds without them
        if not result.ids and selection.query.strip() and filters_on(selection, None):
            unfiltered = Selection(query=selection.query, sort=selection.sort)
            elsewhere = len(library.search(unfiltered, live=live).ids)
        self._later(seq, screen.show_search, result, rows, counts, totals, new, elsewhere)
        if live and not result.ids and selection.query.strip() and not elsewhere:
            # a pause retries with typos; not when the filters are what empty the list (the
            # words are fine, and the last one, unfinished, would be "corrected": segm -> seg)
            self.app.call_from_thread(self._settle_later, seq, selection)

    def _replaced(self, seq: int) -> bool:
        return seq != self.seq

    def submitted(self, selection: Selection, shown: SearchResult | None) -> None:
        """Enter in the search field: typos do not wait for a pause. A query that found
        nothing is retried with them now; if the newest search has not answered yet, its
        retry runs as soon as it finds nothing."""
        if not selection.query.strip():
            return
        if shown is not None and not shown.ids:
            self.run(selection, live=False)
        else:
            self._at_once = self.seq

    def _settle_later(self, seq: int, selection: Selection) -> None:
        if seq != self.seq:
            return
        if seq == self._at_once:  # Enter was pressed: no pause
            self.run(selection, live=False)
        else:
            self._settle = self.screen.set_timer(
                self.SETTLE_AFTER, lambda: self.run(selection, live=False)
            )

    def load_rows(self, ids: tuple[str, ...]) -> None:
        self.screen.run_worker(partial(self._rows, ids), thread=True, group="rows")

    @reports_errors
    def _rows(self, ids: tuple[str, ...]) -> None:
        rows = self.library.rows(ids)
        self.app.call_from_thread(self.screen.add_rows, rows)

    def begin(self, opening: Future[Opening] | None = None) -> None:
        """The visit begins: the view `[view] open` names (the newest digest by default)
        and when the last visit began; then the first search. An opening read while
        Textual loaded is shown at once, in the first frame, when it is ready."""
        if opening is not None and opening.done() and opening.exception() is None:
            self._opened(opening.result())
            return
        self.screen.run_worker(partial(self._begin, opening), thread=True, group="begin")

    def _opened(self, opening: Opening) -> None:
        screen = self.screen
        screen.selection, screen.since = opening.selection, opening.since
        if opening.result is not None:
            screen.show_result(opening.result, list(opening.rows), opening.papers)
        screen.run_search()  # the whole list, the counts and the tags follow

    def _begin(self, opening: Future[Opening] | None) -> None:
        """Off the UI thread: wait for the opening being read, or read it here (an app
        started without one)."""
        found = read_opening(self.library) if opening is None else opening.result()
        self.app.call_from_thread(self._opened, found)

    def prepare(self, search: bool = True) -> None:
        """Digest dates and saved searches (and tags, if the rules changed), then a new
        search unless one is already running (at start)."""
        self.painted = False
        work = partial(self._prepare, search)
        self.screen.run_worker(work, thread=True, exclusive=True, group="prepare")

    @reports_errors
    def _prepare(self, search: bool) -> None:
        """Show the list at once (an empty query needs no index); retag first if the
        tagging rules changed."""
        screen, library = self.screen, self.library
        if library.seed_sample():  # the app opened on an empty library: show the sample
            search = True
        dates = library.digest_dates()
        self.app.call_from_thread(screen.prepared, dates, search)
        if not library.tags_current():  # once after an upgrade or a change of [topics]
            self.app.call_from_thread(screen.progress, 0, library.paper_count(), "Retagging")
            try:
                library.ensure_tags(lambda d, t: self.app.call_from_thread(screen.progress, d, t))
            finally:
                self.app.call_from_thread(screen.progress, -1, 0)
            self.app.call_from_thread(screen.prepared, dates)

    def after_first_paint(self) -> None:
        """The index check and the warm-up (Whoosh, numpy, postings) wait until the first
        list is on screen: they would slow it down by half a second at 35,000 papers."""
        resume_collections()
        self.screen.run_worker(self._ready_index, thread=True, exclusive=True, group="index")

    @reports_errors
    def _ready_index(self) -> None:
        screen, library = self.screen, self.library
        if library.index_is_current():
            library.warm_up()  # the first keystrokes find postings and tags in memory
            keep_out_of_collections()
            return
        self.app.call_from_thread(screen.progress, 0, library.paper_count(), "Indexing")
        try:
            rebuilt = library.ensure_index(
                lambda phase, d, t: self.app.call_from_thread(screen.progress, d, t, phase)
            )
        finally:
            self.app.call_from_thread(screen.progress, -1, 0)
        if rebuilt:
            self.app.call_from_thread(screen.run_search)
        library.warm_up()
        keep_out_of_collections()
