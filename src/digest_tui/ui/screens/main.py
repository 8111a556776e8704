"""The main screen: search field, status line, tag pane, paper list and detail.

It owns the state (the selection, the result, the paper shown) and runs every library
call in a thread worker, so no SQLite query and no file I/O happens on the UI thread;
widgets show data and post typed messages (`ui.messages`), and the detail pane owns what
is done with links. Commands come from `ui.commands`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Input

from digest_tui.core.library import Library
from digest_tui.core.models import Paper, PaperRow, SearchResult, Selection, TagCount
from digest_tui.core.textsafe import safe
from digest_tui.ui.commands import MAIN_COMMANDS
from digest_tui.ui.detail_flow import DetailFlow
from digest_tui.ui.empty import empty_lines
from digest_tui.ui.literal import Severity, say
from digest_tui.ui.messages import (
    PaperChosen,
    PaperHighlighted,
    RowsWanted,
    SavedSearchChosen,
    SavedSearchDeleted,
    SavedSearchRenamed,
    SelectionChanged,
    SuggestionChosen,
    TagChosen,
    View,
    ViewChosen,
)
from digest_tui.ui.opening import Opening
from digest_tui.ui.paper_actions import PaperActions
from digest_tui.ui.saved_flow import SavedSearchFlow
from digest_tui.ui.searching import SearchRunner
from digest_tui.ui.selected import SelectedPapers
from digest_tui.ui.triage import Triage
from digest_tui.ui.widgets.footer import DigestFooter
from digest_tui.ui.widgets.paper_detail import PaperDetail
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.search_field import SearchField
from digest_tui.ui.widgets.status_line import StatusLine
from digest_tui.ui.widgets.tag_pane import TagPane
from digest_tui.ui.work_progress import WorkProgress
from digest_tui.ui.workers import write

T = TypeVar("T")


class MainScreen(Screen[None]):
    READ_AFTER: ClassVar[float] = 1.5  # seconds shown in the detail before a paper is read
    BINDINGS: ClassVar[list[BindingType]] = [c.binding() for c in MAIN_COMMANDS]

    def __init__(self, library: Library, opening: Future[Opening] | None = None) -> None:
        super().__init__()
        self.library = library
        self.opening = opening  # the first view, read while Textual loaded
        self.selection = Selection(sort=library.preferences.sort)
        self.since: str | None = None  # when the previous visit began: papers since are new
        self.new_count = 0  # of the list shown, how many are new since then
        self.elsewhere = 0  # an empty filtered search: its papers without the filters
        self.result: SearchResult | None = None
        self.current: Paper | None = None
        self.current_note = ""
        self.active_saved: str | None = None  # the saved search whose papers are shown
        self.pending: str | None = None  # a paper to put the cursor on when results land
        self.searches = SearchRunner(self)
        self.saved = SavedSearchFlow(self)
        self.actions = PaperActions(self)
        self.details = DetailFlow(self)
        self.triage = Triage(self)
        self.picked = SelectedPapers(self)
        self._digest_dates: list[dt.date] = []
        self._shown: Selection | None = None
        self.work = WorkProgress(self, self._status)
        self.live = False  # the query was typed and not settled: its last word is a prefix

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield SearchField(
                placeholder='Search: words, "a phrase", prefix*, title:, author:, tag:  (/)',
                id="search",
            )
            yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield TagPane(id="tags", fold_under=self.library.preferences.fold_under)
            yield PaperList(id="papers")
            yield PaperDetail(id="detail")
        yield DigestFooter()

    def on_mount(self) -> None:
        self.query_one(PaperList).focus()
        self._layout(self.size.width)
        self.searches.begin(self.opening)  # the view to open on, then its list, at once
        self.searches.prepare(search=False)

    def say(
        self, message: str, *, severity: Severity = "information", timeout: float | None = None
    ) -> None:
        say(self, message, severity=severity, timeout=timeout)

    # ----- what the runner and the widgets hand back ----------------------------------------
    def _write(self, change: Callable[[], T], then: Callable[[T], object]) -> None:
        write(self, change, then)

    def rows_changed(self, _: object = None) -> None:
        """A bookmark, read state, note or tags changed: redraw the rows and the detail."""
        self.searches.totals_changed()
        self.query_one(PaperList).refresh_rows()
        if self.current:
            self.show_detail_of(self.current.id)

    def view_changed(self, _: object = None) -> None:
        """A change that can move papers in or out of the list."""
        self.rows_changed()
        self.run_search()

    def prepared(self, dates: list[dt.date], search: bool = True) -> None:
        self._digest_dates = dates
        if search:
            self.searches.totals_changed()
            self.run_search()
        self.refresh_saved()

    def progress(self, done: int, total: int, what: str | None = None) -> None:
        self.work.show(done, total, what)

    def run_search(self) -> None:
        self.searches.run(self.selection, live=self.live)

    def show_search(
        self,
        result: SearchResult,
        rows: list[PaperRow],
        counts: Sequence[TagCount],
        totals: tuple[int, int, int],
        new: int = 0,
        elsewhere: int = 0,
    ) -> None:
        """One search's list, count and tag counts, in one frame."""
        self.new_count, self.elsewhere = new, elsewhere
        self.show_result(result, rows, totals[0])
        self.show_counts(result.selection, counts, totals)
        if not self.searches.painted:
            self.searches.painted = True
            self.call_after_refresh(self.searches.after_first_paint)

    def show_counts(
        self, selection: Selection, counts: Sequence[TagCount], totals: tuple[int, int, int]
    ) -> None:
        self.query_one(TagPane).show(counts, totals, selection, self.active_saved)

    def show_result(self, result: SearchResult, rows: list[PaperRow], total: int = 1) -> None:
        self.result = result
        self.query_one("#search", Input).remove_class("-invalid")
        papers = self.query_one(PaperList)
        same_view = (
            self._shown is not None and result.selection.sorted_by(self._shown.sort) == self._shown
        )
        keep = self.pending or (papers.current_id if same_view else None)
        self.pending, self._shown = None, result.selection
        empty = empty_lines(result.selection, self.active_saved, total == 0, self.elsewhere)
        self.details.typed = self.live  # the next highlight comes from a list typing changed
        papers.show(
            result.ids,
            rows=rows,
            spans=lambda text: self.library.match_spans(text, result.highlight),
            empty=empty,
            suggestion=result.suggestion if not result.ids or result.fuzzy else None,
            keep=keep,
        )
        if not result.ids:
            self.current = None
            self.query_one(PaperDetail).show(Text("No paper selected.", "dim"))
        self._status()

    def show_query_error(self, message: str) -> None:
        self.query_one("#search", Input).add_class("-invalid")
        error = Text.assemble(("Query error: ", "bold red"), (safe(message), "red"))
        self.query_one(StatusLine).say(error)

    def on_rows_wanted(self, message: RowsWanted) -> None:
        self.searches.load_rows(message.ids)

    def add_rows(self, rows: list[PaperRow]) -> None:
        self.query_one(PaperList).add_rows(rows)

    def show_detail_of(self, paper_id: str) -> None:
        self.details.show(paper_id)

    # ----- status and layout ------------------------------------------------------------
    def _status(self) -> None:
        status = self.query_one(StatusLine)
        picked = len(self.query_one(PaperList).selected)
        status.show(self.selection, self.result, self.active_saved, self.new_count, picked)

    def action_accept_suggestion(self) -> None:
        if self.result and self.result.suggestion:
            self.query_one("#search", Input).value = self.result.suggestion

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < 100, "-narrow")
        self.set_class(width < 60, "-stacked")

    # ----- messages from widgets ----------------------------------------------------------
    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.selection = self.selection.searching(event.value)
        self.active_saved = None
        self.live = True  # typed: the last word is a prefix, typos wait for a pause
        self.run_search()

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.query_one(PaperList).focus()
        self.searches.submitted(self.selection, self.result)  # Enter: typos now

    def set_search_text(self, text: str) -> None:
        """Put text in the search box without starting another search."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = text
        self.live = False  # a whole query (a saved search), not one being typed

    def on_paper_highlighted(self, message: PaperHighlighted) -> None:
        self.details.follow(message.paper_id, moved=message.moved)

    def on_paper_chosen(self, message: PaperChosen) -> None:
        self.details.show(message.paper_id, read=True)  # chosen: read once it has been seen
        self.add_class("-show-detail")
        self.query_one(PaperDetail).focus()

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.query_one("#search", Input).value = message.query

    def on_view_chosen(self, message: ViewChosen) -> None:
        sel, self.active_saved = self.selection, None
        if message.view is View.ALL:
            self.selection = sel.tagged().only_bookmarked(False).only_unread(False)
        elif message.view is View.BOOKMARKED:
            self.selection = sel.only_bookmarked(not sel.bookmarked)
        else:
            self.selection = sel.only_unread(not sel.unread)
        self.run_search()

    def on_tag_chosen(self, message: TagChosen) -> None:
        sel, tag, self.active_saved = self.selection, message.tag, None
        if message.add:
            self.selection = sel.and_tagged(tag)
        else:
            self.selection = sel.tagged() if sel.tags == (tag,) else sel.tagged(tag)
        self.run_search()

    # ----- actions ----------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        tags = self.query_one(TagPane)
        if tags.has_focus and tags.clear_filter():
            return
        search = self.query_one("#search", Input)
        if search.has_focus:
            if search.value:
                search.value = ""
            else:
                self.query_one(PaperList).focus()
        elif self.has_class("-show-detail") or self.focused is self.query_one(PaperDetail):
            self.remove_class("-show-detail")
            self.query_one(PaperList).focus()

    def action_copy_link(self) -> None:
        self.query_one(PaperDetail).copy_primary()

    def action_open_link(self) -> None:
        self.query_one(PaperDetail).open_primary()

    def action_pick_link(self, verb: str) -> None:
        self.query_one(PaperDetail).pick_link(verb)

    def action_copy_link_number(self, number: int) -> None:  # a click on a link in the detail
        self.query_one(PaperDetail).action_copy_link(number)

    def action_toggle_bookmark(self) -> None:
        self.picked.bookmark() if self.any_picked else self.triage.toggle_bookmark()

    def action_bookmarked_only(self) -> None:
        self.selection = self.selection.only_bookmarked(not self.selection.bookmarked)
        self.run_search()

    def action_toggle_read(self) -> None:
        self.picked.mark_read() if self.any_picked else self.triage.toggle_read()

    @property
    def any_picked(self) -> bool:
        return bool(self.query_one(PaperList).selected)

    def on_selection_changed(self, message: SelectionChanged) -> None:
        self._status()

    def action_cycle_sort(self) -> None:
        self.selection = self.selection.sorted_by(self.selection.effective_sort.next())
        self.run_search()

    # ----- triage (ui/triage.py) -------------------------------------------------------------
    def action_digest(self, step: int) -> None:
        self.triage.digest(step, self._digest_dates)

    def action_mark_view_read(self) -> None:
        self.triage.mark_view_read()

    def action_undo(self) -> None:
        self.triage.undo()

    def action_toggle_authors(self) -> None:
        self.details.toggle_authors()

    def action_clear_filters(self) -> None:
        self.triage.clear_filters()

    def action_all_digests(self) -> None:
        self.selection = self.selection.in_digest(None)
        self.run_search()

    def action_toggle_tag_pane(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-tags")
        else:
            self.toggle_class("-hide-tags")

    def action_refresh(self) -> None:
        self.searches.prepare()

    # ----- saved searches (ui/saved_flow.py) ------------------------------------------------
    def refresh_saved(self) -> None:
        self.saved.refresh()

    def action_save_search(self) -> None:
        self.saved.save()

    def on_saved_search_chosen(self, message: SavedSearchChosen) -> None:
        self.saved.choose(message.name)

    def on_saved_search_renamed(self, message: SavedSearchRenamed) -> None:
        self.saved.rename(message.old, message.new)

    def on_saved_search_deleted(self, message: SavedSearchDeleted) -> None:
        self.saved.delete(message.name)

    # ----- the paper's data, and finding others (ui/paper_actions.py) ----------------------
    def action_edit_tags(self) -> None:
        self.picked.add_tags() if self.any_picked else self.actions.edit_tags()

    def action_edit_note(self) -> None:
        self.actions.edit_note()

    def action_similar(self) -> None:
        self.actions.similar()

    def action_open_pdf(self) -> None:
        self.actions.open_pdf()

    def action_download_pdf(self) -> None:
        self.actions.download_pdf()

    def action_next_unread(self, step: int) -> None:
        self.actions.next_unread(step)

    def action_export(self) -> None:
        self.picked.export() if self.any_picked else self.actions.export()

    def action_fetch_today(self) -> None:
        self.actions.fetch_today()
