"""The detail pane follows the list cursor: the paper is read in a worker and shown (with
the search's hits highlighted) if the cursor is still on it; shown long enough
(`MainScreen.READ_AFTER`), it counts as read.

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
from digest_tui.ui.workers import write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class DetailFlow:
    DETAIL_AFTER_TYPING: ClassVar[float] = 0.15  # seconds

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library
        self.typed = False  # the next highlight comes from a list that typing changed
        self._timer: Timer | None = None

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def follow(self, paper_id: str | None) -> None:
        """The list cursor is on this paper (or on nothing)."""
        typed, self.typed = self.typed, False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not paper_id:
            return
        if typed:
            self._timer = self.screen.set_timer(
                self.DETAIL_AFTER_TYPING, lambda: self.show(paper_id)
            )
        else:
            self.show(paper_id)

    def show(self, paper_id: str) -> None:
        self.screen.run_worker(
            lambda: self._load(paper_id), thread=True, exclusive=True, group="detail"
        )

    def _load(self, paper_id: str) -> None:
        library = self.library
        try:
            paper = library.paper(paper_id)
            bookmarked = library.is_bookmarked(paper_id)
            note = library.note(paper_id)
            categories = [library.category_label(c) for c in paper.categories]
        except DigestError:
            return  # gone meanwhile (deleted by another process): the list will follow
        self.app.call_from_thread(self._show, paper, bookmarked, note, categories)

    def _show(self, paper: Paper, bookmarked: bool, note: str, categories: list[str]) -> None:
        screen = self.screen
        if screen.query_one(PaperList).current_id != paper.id:
            return
        screen.current, screen.current_note = paper, note
        highlight = screen.result.highlight if screen.result else None
        library = self.library
        spans = (lambda t: library.match_spans(t, highlight)) if highlight else (lambda t: [])
        renderable = paper_renderable(
            paper, bookmarked=bookmarked, note=note, spans=spans, categories=categories
        )
        screen.query_one(PaperDetail).show(renderable, paper)
        screen.set_timer(screen.READ_AFTER, lambda: self._mark_read(paper.id))

    def _mark_read(self, paper_id: str) -> None:
        screen = self.screen
        if screen.current and screen.current.id == paper_id:
            write(screen, lambda: self.library.set_read(paper_id, True), screen.rows_changed)
