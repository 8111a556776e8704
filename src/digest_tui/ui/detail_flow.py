"""The detail pane follows the list cursor: the paper is read in a worker and shown (with
the search's hits highlighted) if the cursor is still on it. A paper the reader moved to
(or chose) and stayed on for `MainScreen.READ_AFTER` counts as read; one a new list put
the cursor on (opening the app, a search) does not.

A cursor move shows its paper at once. When typing changes the list, its first paper
waits for a short pause (`DETAIL_AFTER_TYPING`): laying out a whole abstract per keystroke
would hold up the list and the counts the user is watching."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.timer import Timer

from digest_tui.core.errors import DigestError
from digest_tui.core.models import Paper
from digest_tui.ui.widgets.paper_detail import PaperDetail, paper_renderable
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.workers import reports_errors, write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class DetailFlow:
    DETAIL_AFTER_TYPING: ClassVar[float] = 0.15  # seconds

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library
        self.typed = False  # the next highlight comes from a list that typing changed
        self.all_authors = False  # the reader asked for the whole author list
        self._timer: Timer | None = None
        self._read_timer: Timer | None = None

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def follow(self, paper_id: str | None, moved: bool = False) -> None:
        """The list cursor is on this paper (or on nothing); `moved`: the reader put it."""
        typed, self.typed = self.typed, False
        for timer in (self._timer, self._read_timer):
            if timer is not None:
                timer.stop()
        self._timer = self._read_timer = None
        if not paper_id:
            return
        if typed:
            self._timer = self.screen.set_timer(
                self.DETAIL_AFTER_TYPING, lambda: self.show(paper_id)
            )
        else:
            self.show(paper_id, read=moved)

    def show(self, paper_id: str, read: bool = False) -> None:
        """Show a paper; `read`: it counts as read once shown for `READ_AFTER`."""
        self.screen.run_worker(
            lambda: self._load(paper_id, read), thread=True, exclusive=True, group="detail"
        )

    def toggle_authors(self) -> None:
        self.all_authors = not self.all_authors
        if self.screen.current:
            self.show(self.screen.current.id)

    @reports_errors
    def _load(self, paper_id: str, read: bool) -> None:
        library = self.library
        try:
            paper = library.paper(paper_id)
            bookmarked = library.is_bookmarked(paper_id)
            note = library.note(paper_id)
            categories = [library.category_label(c) for c in paper.categories]
        except DigestError:
            return  # gone meanwhile (deleted by another process): the list will follow
        self.app.call_from_thread(self._show, paper, bookmarked, note, categories, read)

    def _show(
        self, paper: Paper, bookmarked: bool, note: str, categories: list[str], read: bool
    ) -> None:
        screen = self.screen
        if screen.query_one(PaperList).current_id != paper.id:
            return
        screen.current, screen.current_note = paper, note
        highlight = screen.result.highlight if screen.result else None
        library = self.library
        spans = (lambda t: library.match_spans(t, highlight)) if highlight else (lambda t: [])
        renderable = paper_renderable(
            paper,
            bookmarked=bookmarked,
            note=note,
            spans=spans,
            categories=categories,
            all_authors=self.all_authors,
        )
        detail = screen.query_one(PaperDetail)
        same = detail.paper is not None and detail.paper.id == paper.id
        detail.show(renderable, paper, keep_scroll=same)
        if read:
            self._read_timer = screen.set_timer(
                screen.READ_AFTER, lambda: self._mark_read(paper.id)
            )

    def _mark_read(self, paper_id: str) -> None:
        screen = self.screen
        if screen.current and screen.current.id == paper_id:
            write(screen, lambda: self.library.set_read(paper_id, True), screen.rows_changed)
