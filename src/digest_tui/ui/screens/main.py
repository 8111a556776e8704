"""The main screen: owns the selection and results, runs library calls in workers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from digest_tui.core.errors import DigestError, InvalidQueryError
from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper, SearchResult, Selection, TagCount
from digest_tui.ui.actions import open_in_browser, system_copy
from digest_tui.ui.messages import (
    LinkChosen,
    PaperChosen,
    PaperHighlighted,
    SuggestionChosen,
    TagChosen,
)
from digest_tui.ui.render import safe
from digest_tui.ui.screens.modals import LinkPicker, TagEditor
from digest_tui.ui.widgets.paper_detail import PaperDetail, paper_renderable
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import ALL, BOOKMARKED, TAG_PREFIX, TagPane

WELCOME = (
    "Your library is empty.",
    "",
    "Import a digest from a shell, then press r here:",
    "  digest-tui import FILE...        (HF page text, HF JSON, arXiv Atom/RSS, JSONL)",
    "  digest-tui sample add            (the bundled sample digest, 92 papers)",
)


class MainScreen(Screen[None]):
    READ_AFTER: ClassVar[float] = 1.5  # seconds shown in the detail before a paper is read
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("b", "toggle_bookmark", "Bookmark"),
        Binding("B", "bookmarked_only", "Bookmarks only"),
        Binding("y", "copy_link", "Copy link"),
        Binding("Y", "pick_link('copy')", "Copy link…"),
        Binding("o", "open_link", "Open"),
        Binding("O", "pick_link('open')", "Open link…"),
        Binding("t", "edit_tags", "Edit tags"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("u", "toggle_read", "Read/unread", show=False),
        Binding("left_square_bracket", "digest(-1)", "Older digest", show=False),
        Binding("right_square_bracket", "digest(1)", "Newer digest", show=False),
        Binding("backslash", "all_digests", "All digests", show=False),
        Binding("T", "toggle_tag_pane", "Tag pane", show=False),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("F", "fetch_today", "Fetch today's HF papers", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.selection = Selection(sort=library.config.sort)
        self.result: SearchResult | None = None
        self.current: Paper | None = None
        self._search_seq = 0
        self._digest_dates: list[dt.date] = []
        self._pending: str | None = None
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
    def prepare(self) -> None:
        """Make sure the index is usable (rebuild with progress if not), then search."""
        if not self.library.index_is_current():
            self.app.call_from_thread(self._progress, 0, self.library.paper_count())
            self.library.reindex(lambda d, t: self.app.call_from_thread(self._progress, d, t))
            self.app.call_from_thread(self._progress, -1, 0)
        self._digest_dates = self.library.digest_dates()
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
        try:
            result = self.library.search(selection)
            counts = self.library.tag_counts(result.ids if selection.query.strip() else None)
            marked = self.library.bookmark_count()
            total = self.library.paper_count()
        except InvalidQueryError as exc:
            self.app.call_from_thread(self._query_error, seq, str(exc))
            return
        except DigestError as exc:
            self.app.call_from_thread(self.say, safe(str(exc)), severity="error")
            return
        self.app.call_from_thread(self._apply, seq, result, counts, marked, total)

    def _apply(
        self, seq: int, result: SearchResult, counts: Sequence[TagCount], marked: int, total: int
    ) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way; never show stale results
        self.result = result
        self.query_one("#search", Input).remove_class("-invalid")
        papers = self.query_one(PaperList)
        same_view = (
            self._shown is not None and result.selection.sorted_by(self._shown.sort) == self._shown
        )
        keep = self._pending or (papers.current_id if same_view else None)
        self._pending, self._shown = None, result.selection
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
        self.query_one(TagPane).show(counts, total, marked, result.selection.tags)
        self._status()

    def _query_error(self, seq: int, message: str) -> None:
        if seq != self._search_seq:
            return
        self.query_one("#search", Input).add_class("-invalid")
        self._status(Text.assemble(("Query error: ", "bold red"), (safe(message), "red")))

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, paper_id: str) -> None:
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
        self.current = paper
        highlight = self.result.highlight if self.result else None
        spans = (lambda t: self.library.match_spans(t, highlight)) if highlight else (lambda t: [])
        self.query_one(PaperDetail).show(
            paper_renderable(paper, bookmarked=bookmarked, note=note, spans=spans)
        )
        self.set_timer(self.READ_AFTER, lambda: self._mark_read(paper.id))

    def _mark_read(self, paper_id: str) -> None:
        if self.current and self.current.id == paper_id:
            self._write(lambda: self.library.set_read(paper_id, True), refresh_detail=False)

    @work(thread=True, group="write")
    def _write(
        self, change: Callable[[], object], refresh_detail: bool = True, search: bool = False
    ) -> None:
        """Run one library write off the UI thread, then redraw what it changed."""
        try:
            change()
        except DigestError as exc:
            self.app.call_from_thread(self.say, safe(str(exc)), severity="error")
            return
        self.app.call_from_thread(self._after_write, refresh_detail, search)

    def _after_write(self, refresh_detail: bool, search: bool) -> None:
        self.query_one(PaperList).refresh_rows()
        if refresh_detail and self.current:
            self._load_detail(self.current.id)
        if search:
            self.run_search()

    def say(self, message: str, **options: object) -> None:
        """Notify with markup off: messages may hold titles and URLs from strangers."""
        self.notify(message, markup=False, **options)  # type: ignore[arg-type]

    # ----- status and layout ------------------------------------------------------------
    def _status(self, override: Text | None = None) -> None:
        status = self.query_one("#status", Static)
        if override is not None:
            status.update(override)
            return
        sel = self.selection
        day = sel.digest_date.isoformat() if sel.digest_date else "all"
        count = len(self.result.ids) if self.result else 0
        parts = [f"Digest: {day}", f"{count:,} papers", f"sort: {sel.effective_sort.label}"]
        if sel.tags:
            parts.append("tags: " + " + ".join(safe(t, 40) for t in sel.tags))
        if sel.bookmarked:
            parts.append("bookmarked only")
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
        self.run_search()

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.query_one(PaperList).focus()

    def on_paper_highlighted(self, message: PaperHighlighted) -> None:
        if message.paper_id:
            self._load_detail(message.paper_id)

    def on_paper_chosen(self, message: PaperChosen) -> None:
        self.add_class("-show-detail")
        self.query_one(PaperDetail).focus()

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.query_one("#search", Input).value = message.query

    def on_tag_chosen(self, message: TagChosen) -> None:
        sel = self.selection
        if message.key == ALL:
            self.selection = sel.tagged().only_bookmarked(False)
        elif message.key == BOOKMARKED:
            self.selection = sel.only_bookmarked(not sel.bookmarked)
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
            read = self.library.rows([paper_id])[0].read
            self._write(lambda: self.library.set_read(paper_id, not read))

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
                self._write(lambda: self.library.set_user_tags(paper.id, tags), search=True)

        self.app.push_screen(TagEditor(paper.title, paper.user_tags), save)

    def action_copy_link(self) -> None:
        link = self.current.primary_link if self.current else None
        if link:
            self._copy(link)

    def action_open_link(self) -> None:
        link = self.current.primary_link if self.current else None
        if link:
            self._open(link)

    def action_copy_link_number(self, number: int) -> None:
        self._use_link(number - 1, "copy")

    def action_pick_link(self, verb: str) -> None:
        if not self.current or not self.current.links:
            self.say("This paper has no links.", timeout=3)
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._use_link(index, verb)

        self.app.push_screen(LinkPicker(self.current.links, verb.capitalize()), chosen)

    def _use_link(self, index: int, verb: str) -> None:
        if not self.current or not 0 <= index < len(self.current.links):
            self.say(f"No link {index + 1}.", severity="warning", timeout=3)
            return
        link = self.current.links[index]
        self._open(link) if verb == "open" else self._copy(link)

    def _copy(self, link: Link) -> None:
        self.app.copy_to_clipboard(link.url)  # OSC 52: works over SSH
        if system_copy(link.url):
            self.say(f"Copied {safe(link.label)}: {safe(link.url)}", timeout=4)
        else:
            self.say(
                f"Copied {safe(link.url)} via the terminal (OSC 52): no system clipboard here.",
                timeout=5,
            )

    @work(thread=True, group="browser")
    def _open(self, link: Link) -> None:
        if open_in_browser(link.url):
            self.app.call_from_thread(self.say, f"Opened {safe(link.url)}", timeout=3)
        else:
            self.app.call_from_thread(self._copy, link)
            self.app.call_from_thread(
                self.say,
                "No browser could be started here; copied the link instead.",
                severity="warning",
                timeout=5,
            )

    @work(thread=True, exclusive=True, group="fetch")
    def action_fetch_today(self) -> None:
        """Fetch today's Hugging Face daily papers in the background, with progress."""
        from digest_tui.core import fetch

        self.app.call_from_thread(self.say, "Fetching today's HF papers…", timeout=3)
        self.app.call_from_thread(self._progress, 0, 1)
        try:
            results = fetch.fetch_hf(self.library, [dt.date.today()], refresh=True)
        except DigestError as exc:
            self.app.call_from_thread(self.say, f"Fetch failed: {safe(str(exc))}", severity="error")
            return
        finally:
            self.app.call_from_thread(self._progress, -1, 0)
        for day, summary in results:
            if summary is not None:
                self.app.call_from_thread(
                    self.say, f"{day}: {summary.added} papers added, {summary.updated} updated"
                )
        self._digest_dates = self.library.digest_dates()
        self.app.call_from_thread(self.run_search)

    def go_to_paper(self, paper_id: str) -> None:
        """Show one paper: clear the search and filters, then put the cursor on it."""
        self._pending = paper_id
        self.selection = Selection(sort=self.selection.sort)
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.run_search()
