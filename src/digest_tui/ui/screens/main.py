"""The main screen: owns the selection and results, runs library calls in workers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Footer, Input, ProgressBar, Static

from digest_tui.core.errors import DigestError, InvalidQueryError
from digest_tui.core.library import Library
from digest_tui.core.models import Paper, SearchResult, Selection, TagCount
from digest_tui.ui.literal import safe
from digest_tui.ui.messages import (
    LinkChosen,
    PaperChosen,
    PaperHighlighted,
    SuggestionChosen,
    TagChosen,
)
from digest_tui.ui.screens.base import reports_errors
from digest_tui.ui.screens.discovery import DiscoveryScreen
from digest_tui.ui.screens.modals import TagEditor
from digest_tui.ui.widgets.paper_detail import PaperDetail, paper_renderable
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import (
    ALL,
    BOOKMARKED,
    SAVED_PREFIX,
    TAG_PREFIX,
    UNREAD,
    TagPane,
)

WELCOME = (
    "Your library is empty.",
    "",
    "Import a digest from a shell, then press r here:",
    "  digest-tui import FILE...        (HF page text, HF JSON, arXiv Atom/RSS, JSONL)",
    "  digest-tui sample add            (the bundled sample digest, 92 papers)",
)


def bind(
    key: str, action: str, description: str, *, show: bool = True, id: str | None = None
) -> Binding:
    """A binding whose id (the name `[keys]` in config.toml remaps) is its action's name."""
    return Binding(key, action, description, show=show, id=id or action.split("(")[0])


FIRST_PAGE = 100  # results shown before the whole ordered list is ready


class MainScreen(DiscoveryScreen):
    READ_AFTER: ClassVar[float] = 1.5  # seconds shown in the detail before a paper is read
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("slash", "focus_search", "Search"),
        bind("b", "toggle_bookmark", "Bookmark"),
        bind("B", "bookmarked_only", "Bookmarks only", show=False),
        bind("y", "copy_link", "Copy link"),
        bind("Y", "pick_link('copy')", "Copy link…", show=False, id="copy_link_menu"),
        bind("o", "open_link", "Open"),
        bind("O", "pick_link('open')", "Open link…", show=False, id="open_link_menu"),
        bind("t", "edit_tags", "Edit tags", show=False),
        bind("e", "edit_note", "Note"),
        bind("m", "similar", "Similar", show=False),
        bind("S", "save_search", "Save search"),
        bind("s", "cycle_sort", "Sort"),
        bind("u", "toggle_read", "Read/unread", show=False),
        bind("n", "next_unread(1)", "Next unread", show=False, id="next_unread"),
        bind("N", "next_unread(-1)", "Previous unread", show=False, id="previous_unread"),
        bind("E", "export", "Export list…", show=False),
        bind("left_square_bracket", "digest(-1)", "Older digest", show=False, id="older_digest"),
        bind("right_square_bracket", "digest(1)", "Newer digest", show=False, id="newer_digest"),
        bind("backslash", "all_digests", "All digests", show=False),
        bind("T", "toggle_tag_pane", "Tag pane", show=False),
        bind("r", "refresh", "Refresh", show=False),
        bind("F", "fetch_today", "Fetch today's papers", show=False),
        bind("escape", "back", "Back", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._search_seq = 0
        self._digest_dates: list[dt.date] = []
        self._shown: Selection | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield Input(
                placeholder='Search: words, "a phrase", prefix*, title:, author:, tag:  (/)',
                id="search",
            )
            yield Static(id="status")
        yield ProgressBar(id="progress", show_eta=True)
        with Horizontal(id="panes"):
            yield TagPane(id="tags")
            yield PaperList(self.library.rows, id="papers")
            yield PaperDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one(PaperList).focus()
        self._layout(self.size.width)
        self.prepare()

    # ----- workers ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="prepare")
    @reports_errors
    def prepare(self) -> None:
        """Show the list at once (an empty query needs no index), then make sure the index
        is usable, rebuilding it with progress if not."""
        self._digest_dates = self.library.digest_dates()
        self.app.call_from_thread(self.run_search)
        self.app.call_from_thread(self.refresh_saved)
        if self.library.index_is_current():
            return
        self.app.call_from_thread(self._progress, 0, self.library.paper_count())
        try:
            rebuilt = self.library.ensure_index(
                lambda d, t: self.app.call_from_thread(self._progress, d, t)
            )
        except DigestError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="error", timeout=10)
            return
        finally:
            self.app.call_from_thread(self._progress, -1, 0)
        if rebuilt:
            self.app.call_from_thread(self.run_search)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = done >= 0
        if done >= 0:
            bar.update(total=total or None, progress=done)
            self._status(Text(f"Working: {done:,} of {total:,}"))
        else:
            self._status()

    def run_search(self) -> None:
        self._search_seq += 1
        self._search(self._search_seq, self.selection)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, seq: int, selection: Selection) -> None:
        """The list first (its first page first), then the counts of the tag pane."""
        try:
            total = self.library.paper_count()
            result = self.library.search(selection, limit=FIRST_PAGE)
            self.app.call_from_thread(self._apply, seq, result, total)
            if not result.complete:
                if seq != self._search_seq:
                    return  # a newer query was typed meanwhile
                result = self.library.search(selection)
                self.app.call_from_thread(self._apply, seq, result, total)
            if seq != self._search_seq:
                return
            counts = self.library.tag_counts(result.ids if selection.query.strip() else None)
            totals = (total, self.library.bookmark_count(), self.library.unread_count())
        except InvalidQueryError as exc:
            self.app.call_from_thread(self._query_error, seq, str(exc))
            return
        except DigestError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="error")
            return
        self.app.call_from_thread(self._apply_counts, seq, result.selection, counts, totals)

    def _apply_counts(
        self,
        seq: int,
        selection: Selection,
        counts: Sequence[TagCount],
        totals: tuple[int, int, int],
    ) -> None:
        if seq == self._search_seq:
            self.query_one(TagPane).show(counts, totals, selection, self.active_saved)

    def _apply(self, seq: int, result: SearchResult, total: int) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way; never show stale results
        self.result = result
        self.query_one("#search", Input).remove_class("-invalid")
        papers = self.query_one(PaperList)
        same_view = (
            self._shown is not None and result.selection.sorted_by(self._shown.sort) == self._shown
        )
        keep = self.pending or (papers.current_id if same_view else None)
        self.pending, self._shown = None, result.selection
        empty: Sequence[str] = ("No papers match this search.",)
        if total == 0:
            empty = WELCOME
        elif not result.selection.query.strip():
            empty = ("No papers match this filter.",)
        papers.show(
            result.ids,
            spans=lambda text: self.library.match_spans(text, result.highlight),
            empty=empty,
            suggestion=result.suggestion if not result.ids or result.fuzzy else None,
            keep=keep,
        )
        if not result.ids:
            self.current = None
            self.query_one(PaperDetail).show(Text("No paper selected.", "dim"))
        self._status()

    def _query_error(self, seq: int, message: str) -> None:
        if seq != self._search_seq:
            return
        self.query_one("#search", Input).add_class("-invalid")
        self._status(Text.assemble(("Query error: ", "bold red"), (safe(message), "red")))

    @work(thread=True, exclusive=True, group="detail")
    def show_detail_of(self, paper_id: str) -> None:
        try:
            paper = self.library.paper(paper_id)
        except DigestError:
            return
        bookmarked = self.library.is_bookmarked(paper_id)
        note = self.library.note(paper_id)
        self.app.call_from_thread(self._show_detail, paper, bookmarked, note)

    def _show_detail(self, paper: Paper, bookmarked: bool, note: str) -> None:
        if self.query_one(PaperList).current_id != paper.id:
            return
        self.current, self.current_note = paper, note
        highlight = self.result.highlight if self.result else None
        spans = (lambda t: self.library.match_spans(t, highlight)) if highlight else (lambda t: [])
        self.query_one(PaperDetail).show(
            paper_renderable(paper, bookmarked=bookmarked, note=note, spans=spans)
        )
        self.set_timer(self.READ_AFTER, lambda: self._mark_read(paper.id))

    def _mark_read(self, paper_id: str) -> None:
        if self.current and self.current.id == paper_id:
            self._write(lambda: self.library.set_read(paper_id, True), refresh_detail=False)

    # ----- status and layout ------------------------------------------------------------
    def _status(self, override: Text | None = None) -> None:
        status = self.query_one("#status", Static)
        if override is not None:
            status.update(override)
            return
        sel = self.selection
        day = sel.digest_date.isoformat() if sel.digest_date else "all"
        count = len(self.result.ids) if self.result else 0
        more = "+" if self.result and not self.result.complete else ""
        parts = [f"Digest: {day}", f"{count:,}{more} papers", f"sort: {sel.effective_sort.label}"]
        if sel.tags:
            parts.append("tags: " + " + ".join(safe(t, 40) for t in sel.tags))
        if sel.bookmarked:
            parts.append("bookmarked only")
        if sel.unread:
            parts.append("unread only")
        if self.active_saved:
            parts.insert(0, f"Saved: {safe(self.active_saved, 40)}")
        text = Text(" · ".join(parts))
        if self.result and self.result.fuzzy:
            text.append(" · typo-tolerant matches", "italic yellow")
        if self.result and self.result.suggestion:
            text.append(" · Did you mean: ")
            click = Style.from_meta({"@click": "screen.accept_suggestion"})
            text.append(safe(self.result.suggestion, 80), Style(underline=True, bold=True) + click)
            text.append("?")
        status.update(text)

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
        self.run_search()

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.query_one(PaperList).focus()

    def on_paper_highlighted(self, message: PaperHighlighted) -> None:
        if message.paper_id:
            self.show_detail_of(message.paper_id)

    def on_paper_chosen(self, message: PaperChosen) -> None:
        self.add_class("-show-detail")
        self.query_one(PaperDetail).focus()

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.query_one("#search", Input).value = message.query

    def on_tag_chosen(self, message: TagChosen) -> None:
        sel = self.selection
        if message.key.startswith(SAVED_PREFIX):
            self.apply_saved(message.key.removeprefix(SAVED_PREFIX))
            return
        self.active_saved = None
        if message.key == ALL:
            self.selection = sel.tagged().only_bookmarked(False).only_unread(False)
        elif message.key == BOOKMARKED:
            self.selection = sel.only_bookmarked(not sel.bookmarked)
        elif message.key == UNREAD:
            self.selection = sel.only_unread(not sel.unread)
        else:
            tag = message.key.removeprefix(TAG_PREFIX)
            if message.add:
                self.selection = sel.and_tagged(tag)
            elif sel.tags == (tag,):
                self.selection = sel.tagged()
            else:
                self.selection = sel.tagged(tag)
        self.run_search()

    def on_link_chosen(self, message: LinkChosen) -> None:
        self._use_link(message.number - 1, "open" if message.open else "copy")

    # ----- actions ----------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            if search.value:
                search.value = ""
            else:
                self.query_one(PaperList).focus()
        elif self.has_class("-show-detail") or self.focused is self.query_one(PaperDetail):
            self.remove_class("-show-detail")
            self.query_one(PaperList).focus()

    def action_toggle_bookmark(self) -> None:
        if self.current:
            paper_id = self.current.id
            self._write(lambda: self._toggle_bookmark(paper_id), search=True)

    def _toggle_bookmark(self, paper_id: str) -> None:
        on = self.library.toggle_bookmark(paper_id)
        self.app.call_from_thread(self.say, "Bookmarked" if on else "Bookmark removed", timeout=2)

    def action_bookmarked_only(self) -> None:
        self.selection = self.selection.only_bookmarked(not self.selection.bookmarked)
        self.run_search()

    def action_toggle_read(self) -> None:
        if self.current:
            paper_id = self.current.id
            self._write(lambda: self.library.toggle_read(paper_id))

    def action_cycle_sort(self) -> None:
        self.selection = self.selection.sorted_by(self.selection.effective_sort.next())
        self.run_search()

    def action_digest(self, step: int) -> None:
        dates = self._digest_dates
        if not dates:
            self.say("No dated digests in the library.", timeout=3)
            return
        current = self.selection.digest_date
        if current is None:
            index = len(dates) - 1
        else:
            position = dates.index(current) if current in dates else len(dates) - 1
            index = max(0, min(len(dates) - 1, position + step))
        self.selection = self.selection.in_digest(dates[index])
        self.run_search()

    def action_all_digests(self) -> None:
        self.selection = self.selection.in_digest(None)
        self.run_search()

    def action_toggle_tag_pane(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-tags")
        else:
            self.toggle_class("-hide-tags")

    def action_refresh(self) -> None:
        self.prepare()

    def action_edit_tags(self) -> None:
        paper = self.current
        if paper is None:
            return

        def save(tags: list[str] | None) -> None:
            if tags is not None:
                self._write(
                    lambda: self.library.set_user_tags(paper.id, tags), search=True, saved=True
                )

        self.app.push_screen(TagEditor(paper.title, paper.user_tags), save)

    @work(thread=True, exclusive=True, group="fetch")
    @reports_errors
    def action_fetch_today(self) -> None:
        """Fetch today's papers from the configured sources in the background."""
        from digest_tui.core import fetch

        self.app.call_from_thread(self.say, "Fetching today's papers…", timeout=3)
        self.app.call_from_thread(self._progress, 0, 1)
        try:
            results = fetch.fetch_configured(self.library)
        except DigestError as exc:
            self.app.call_from_thread(self.say, f"Fetch failed: {exc}", severity="error")
            return
        finally:
            self.app.call_from_thread(self._progress, -1, 0)
        for label, summary in results:
            if summary is not None:
                self.app.call_from_thread(
                    self.say, f"{label}: {summary.added} papers added, {summary.updated} updated"
                )
        self._digest_dates = self.library.digest_dates()
        self.app.call_from_thread(self.run_search)
        self.app.call_from_thread(self.refresh_saved)  # fetched papers are new to them
