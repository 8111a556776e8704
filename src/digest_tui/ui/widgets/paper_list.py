"""The paper list: a Line API ScrollView drawing only the rows on screen.

It holds the ordered ids of the current result and the rows it has been given (by id).
A row it is about to draw and does not have is asked for with a `RowsWanted` message, a
page at a time; the screen loads it in a worker (no SQLite on the UI thread) and hands it
back with `add_rows`. So 100,000 results cost no more to show than 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from digest_tui.core.latex import readable
from digest_tui.core.models import PaperRow
from digest_tui.core.textsafe import safe
from digest_tui.ui.literal import fit, segments
from digest_tui.ui.messages import (
    PaperChosen,
    PaperHighlighted,
    RowsWanted,
    SelectionChanged,
    SuggestionChosen,
)
from digest_tui.ui.widgets.line_view import LineView

Spans = Callable[[str], list[tuple[int, int]]]
PAGE = 100
MAX_CACHED = 20 * PAGE  # rows kept; the rest are asked for again when scrolled back to


class PaperList(LineView, can_focus=True):
    """Rows of bookmark mark, title and date; the cursor row is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("g,home", "first", "First", show=False, id="first"),
        Binding("G,end", "last", "Last", show=False, id="last"),
        Binding("enter", "choose", "Details", id="choose"),
        Binding("space", "toggle_selected", "Select", id="select"),
        Binding("A", "select_all", "Select all", id="select_all"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--match",
        "paper-list--date",
        "paper-list--mark",
        "paper-list--selected",
        "paper-list--unread",
        "paper-list--empty",
        "paper-list--suggestion",
    }
    DEFAULT_CSS = """
    PaperList { background: $surface; overflow-x: hidden; }
    PaperList > .paper-list--cursor { background: $accent 40%; }
    PaperList:focus > .paper-list--cursor { background: $accent; color: $text; }
    PaperList > .paper-list--match { text-style: bold; color: $warning; }
    PaperList > .paper-list--date { color: $text-muted; }
    PaperList > .paper-list--mark { color: $warning; }
    PaperList > .paper-list--selected { background: $accent 30%; }
    PaperList > .paper-list--unread { text-style: bold; }
    PaperList > .paper-list--empty { color: $text-muted; }
    PaperList > .paper-list--suggestion { color: $accent; text-style: underline; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: tuple[str, ...] = ()
        self._rows: dict[str, PaperRow] = {}
        self._asked: set[int] = set()  # pages asked for and not yet given
        self._spans: Spans = lambda text: []
        self._titles: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}  # see _title
        self._empty: list[str] = ["Loading…"]
        self._suggestion: str | None = None
        self._today = dt.date.today()
        self._moved = False  # the next cursor change is the reader's, not a new list's
        self.selected: set[str] = set()  # papers the reader picked for b, u, t, E at once

    # ----- data ------------------------------------------------------------------------
    @property
    def ids(self) -> tuple[str, ...]:
        return self._ids

    @property
    def current_id(self) -> str | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def show(
        self,
        ids: Sequence[str],
        *,
        rows: Sequence[PaperRow] = (),
        spans: Spans | None = None,
        empty: Sequence[str] = ("No papers.",),
        suggestion: str | None = None,
        keep: str | None = None,
    ) -> None:
        """Replace the list (with the rows already loaded, usually the first page); keep
        the cursor on paper `keep` if it is still there."""
        self._ids = tuple(ids)
        self._asked.clear()
        self._today = dt.date.today()  # short dates follow the year (a list open at midnight)
        self._remember(rows)
        self._spans = spans or (lambda text: [])
        self._titles = {}
        self._empty = list(empty)
        self._suggestion = suggestion
        self.virtual_size = Size(0, max(len(self._ids), len(self._empty) + 2))
        target = self._ids.index(keep) if keep in self._ids else 0
        self.scroll_to(y=max(0, target - self.size.height // 2), animate=False, immediate=True)
        self.cursor = target
        self.refresh()

    def add_rows(self, rows: Sequence[PaperRow]) -> None:
        """Rows loaded for this list (after `RowsWanted`, or changed by a write)."""
        self._remember(rows)
        self._asked.clear()
        self.refresh()

    def refresh_rows(self) -> None:
        """Ask again for the rows on screen (a bookmark or read state changed); they are
        drawn as they were until the new ones arrive."""
        top = self.scroll_offset.y
        wanted = self._ids[max(0, top - PAGE // 2) : top + self.size.height + PAGE // 2]
        if wanted:
            self.post_message(RowsWanted(tuple(wanted)))

    def _remember(self, rows: Sequence[PaperRow]) -> None:
        self._rows.update((row.id, row) for row in rows)
        if len(self._rows) > MAX_CACHED:  # keep memory flat while scrolling far
            near = set(self._ids[max(0, self.cursor - 5 * PAGE) : self.cursor + 5 * PAGE])
            self._rows = {k: v for k, v in self._rows.items() if k in near}

    def _row(self, index: int) -> PaperRow | None:
        row = self._rows.get(self._ids[index])
        if row is None:
            page = index // PAGE
            if page not in self._asked:
                self._asked.add(page)
                self.post_message(RowsWanted(self._ids[page * PAGE : (page + 1) * PAGE]))
        return row

    # ----- drawing -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        top, width = self.frame()
        index = top + y
        base = self.base_style()
        if not self._ids:
            return self._render_empty(y, width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        row = self._row(index)
        cursor_style = self.get_component_rich_style("paper-list--cursor")
        style = base + cursor_style if index == self.cursor else base
        if row is None:  # asked for; drawn when it arrives
            return Strip([Segment("   …".ljust(width), style)], width)
        return self._render_row(row, width, style)

    def _render_row(self, row: PaperRow, width: int, style: Style) -> Strip:
        """A row's line, drawn once and kept while nothing it shows changes: the next
        keystroke's list mostly holds the same papers with the same hits."""
        title_text, spans = self._title(row.title)
        selected = row.id in self.selected
        key = (row, width, style, selected, spans, self._today)
        return self.kept_line(
            key, lambda: self._draw_row(row, width, style, selected, title_text, spans), MAX_CACHED
        )

    def _draw_row(
        self,
        row: PaperRow,
        width: int,
        style: Style,
        selected: bool,
        title_text: str,
        spans: Sequence[tuple[int, int]],
    ) -> Strip:
        """The row's segments, put together directly: a Rich `Text` with its spans took
        ~0.25 ms a row, and while typing most rows of each new list are drawn afresh.
        The cells and styles are those of `Text.assemble` (a test holds them equal)."""
        date = short_date(row.date, self._today)
        mark = "★" if row.bookmarked else ("•" if not row.read else " ")
        component = self.get_component_rich_style
        if selected:
            mark, style = "✓", style + component("paper-list--selected")
        title_style = style if row.read else style + component("paper-list--unread")
        match_style = title_style + component("paper-list--match")
        title, padding = fit(title_text, max(1, width - len(date) - 5))
        line = [Segment(f" {mark} ", style + component("paper-list--mark"))]
        line += segments(title, spans, title_style, match_style)
        line += [
            Segment(" " * padding + " ", style),
            Segment(date, style + component("paper-list--date")),
            Segment(" ", style),
        ]
        return Strip(line).crop_extend(0, width, style)

    def _title(self, title: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """A title as shown (LaTeX as text, made safe) and its hits, worked out once per
        list: a cursor move redraws every line, and each keystroke's list mostly holds
        the same papers."""
        found = self._titles.get(title)
        if found is None:
            if len(self._titles) > MAX_CACHED:
                self._titles.clear()
            shown = safe(readable(title), 1000)
            found = self._titles[title] = (shown, tuple(self._spans(shown)))
        return found

    def _segments(self, text: Text, style: Style) -> list[Segment]:
        """Segments that all carry a style: Textual's NO_COLOR filter fails on None."""
        return [
            Segment(seg.text, style + seg.style if seg.style else style)
            for seg in text.render(self.app.console, end="")
        ]

    def _render_empty(self, y: int, width: int, base: Style) -> Strip:
        lines = [*self._empty]
        if self._suggestion:
            lines.append("")
        if y < len(lines):
            text = Text(
                " " + safe(lines[y]), style=self.get_component_rich_style("paper-list--empty")
            )
        elif y == len(lines) and self._suggestion:
            text = Text.assemble(
                " Did you mean: ",
                (
                    safe(self._suggestion),
                    self.get_component_rich_style("paper-list--suggestion")
                    + Style.from_meta({"suggestion": True}),
                ),
                "?  (Enter to search it)",
            )
        else:
            return Strip.blank(width, base)
        return Strip(self._segments(text, base)).crop_extend(0, width, base)

    # ----- cursor ------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True, force=True)
        self.refresh()
        moved, self._moved = self._moved, False
        self.post_message(PaperHighlighted(self.current_id, moved=moved))

    def action_cursor_down(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor -= 1

    def action_page_down(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor += max(1, self.size.height - 1)

    def action_page_up(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor -= max(1, self.size.height - 1)

    def action_first(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor = 0

    def action_last(self) -> None:
        self._moved = True  # the reader moved: a dwell here reads it
        self.cursor = len(self._ids) - 1

    def action_toggle_selected(self) -> None:
        """Space: select or unselect this paper, then go to the next."""
        paper_id = self.current_id
        if paper_id is None:
            return
        self.selected.symmetric_difference_update({paper_id})
        self.post_message(SelectionChanged(len(self.selected)))
        self.action_cursor_down()
        self.refresh()

    def action_select_all(self) -> None:
        """A: select every paper in the list (all of them selected already: none)."""
        every = set(self._ids)
        if every and every <= self.selected:
            self.selected -= every
        else:
            self.selected |= every
        self.post_message(SelectionChanged(len(self.selected)))
        self.refresh()

    def clear_selected(self) -> None:
        self.selected.clear()
        self.post_message(SelectionChanged(0))
        self.refresh()

    def action_choose(self) -> None:
        if self.current_id:
            self.post_message(PaperChosen(self.current_id))
        elif self._suggestion:
            self.post_message(SuggestionChosen(self._suggestion))

    def on_click(self, event: events.Click) -> None:
        if not self._ids:
            if self._suggestion and event.style.meta.get("suggestion"):
                self.post_message(SuggestionChosen(self._suggestion))
            return
        offset = event.get_content_offset(self)
        if offset is None:  # the border or scrollbar
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self._ids):
            self._moved = True  # the reader moved: a dwell here reads it
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()


def short_date(day: dt.date | None, today: dt.date) -> str:
    """A row's date in few columns: `08-01` within this year, `2025-08` before (or after),
    so the title gets the room."""
    if day is None:
        return ""
    if day.year == today.year:
        return day.strftime("%m-%d")
    return day.strftime("%Y-%m")
