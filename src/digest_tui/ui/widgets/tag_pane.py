"""The tag pane: the views (All, Bookmarked, Unread), saved searches, then tags by kind
(your own, topics, the source's categories), each with how many papers of the current
view carry it.

Choosing an entry posts a typed message (`ViewChosen`, `TagChosen`, `SavedSearchChosen`);
renaming or deleting a saved search asks the user here and posts what they decided.
Tags on fewer than `fold_under` papers fold under "more…"; typing filters the tags by
name; counts are right-aligned and never wrap (long names are cut with "…").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from digest_tui.core.models import SavedSearch, Selection, TagCount, TagKind
from digest_tui.core.textsafe import safe
from digest_tui.ui.literal import say
from digest_tui.ui.messages import (
    SavedSearchChosen,
    SavedSearchDeleted,
    SavedSearchRenamed,
    TagChosen,
    View,
    ViewChosen,
)
from digest_tui.ui.widgets.line_view import LineView
from digest_tui.ui.widgets.tag_rows import TagRow, tag_label

__all__ = ["TagPane", "TagRow", "tag_label"]

TAG_PREFIX = "tag:"  # option ids; what an entry is lives in `TagPane._entries`
SAVED_PREFIX = "saved:"
MORE_PREFIX = "more:"
Entry = View | tuple[str, str]  # a view, or ("tag" | "saved" | "more", name)
SECTIONS = (
    (TagKind.USER, "Your tags"),
    (TagKind.TOPIC, "Topics"),
    (TagKind.CATEGORY, "Categories"),
)
# Keys that keep their meaning in the pane unless a filter is being typed: its own
# bindings, and quit, help and search. Every other printable key starts the filter.
KEEP_MEANING = frozenset("jkgGRd+q?/")


class TagPane(LineView, can_focus=True):
    """Enter replaces the filter with the chosen entry; `+` ANDs a tag; saved searches
    can be renamed (R) and deleted (d); typing filters the tags (Esc clears).

    Drawn with the Line API: only the rows on screen are laid out, so new counts for
    every keystroke cost the UI thread a list of tuples."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Filter by it", id="choose_tag"),
        Binding("plus", "add_tag", "AND tag", id="add_tag"),
        Binding("j,down", "cursor_down", "Down", show=False, id="tags_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="tags_up"),
        Binding("g,home", "first", "First", show=False, id="tags_first"),
        Binding("G,end", "last", "Last", show=False, id="tags_last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="tags_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="tags_page_up"),
        Binding("R", "edit_saved('rename')", "Rename saved search", id="rename_saved"),
        Binding("d,delete", "edit_saved('delete')", "Delete saved search", id="delete_saved"),
        Binding("backspace", "filter_back", "Filter: delete a letter", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tag-pane--cursor", "tag-pane--header"}
    DEFAULT_CSS = """
    TagPane { background: $surface; overflow-x: hidden; }
    TagPane > .tag-pane--cursor { background: $accent 40%; }
    TagPane:focus > .tag-pane--cursor { background: $accent; color: $text; }
    TagPane > .tag-pane--header { color: $text-muted; }
    """

    highlighted: reactive[int | None] = reactive[int | None](None, always_update=True)

    def __init__(self, *, id: str | None = None, fold_under: int = 3) -> None:
        super().__init__(id=id)
        self._rows: tuple[TagRow, ...] = ()
        self.fold_under = fold_under
        self.selection = Selection()
        self.active_saved: str | None = None
        self.counts: tuple[TagCount, ...] = ()
        self.saved: tuple[SavedSearch, ...] = ()
        self.totals = (0, 0, 0)
        self.filter = ""
        self._unfolded: set[TagKind] = set()
        self._follow: str | None = None
        self._entries: dict[str, Entry] = {}
        self._stale = False  # counts changed since the last rebuild

    def follow(self, key: str) -> None:
        """Highlight this entry once it appears (a renamed saved search)."""
        self._follow = key

    def show(
        self,
        counts: Sequence[TagCount],
        totals: tuple[int, int, int],
        selection: Selection,
        active_saved: str | None,
    ) -> None:
        """New tag counts (over the current view) and totals (papers, bookmarked, unread).
        Nothing is rebuilt when nothing changed, or while the pane is hidden (it rebuilds
        when it is shown again and gets its size)."""
        counts = tuple(counts)
        unchanged = (
            counts == self.counts
            and totals == self.totals
            and active_saved == self.active_saved
            and self._marks(selection) == self._marks(self.selection)
        )
        self.counts, self.totals = counts, totals
        self.selection, self.active_saved = selection, active_saved
        if unchanged and self.option_count:
            return
        self._stale = True
        if self.display and self.size.width:
            self._rebuild()

    @staticmethod
    def _marks(selection: Selection) -> tuple[object, ...]:
        """What of a selection the entries show (which are marked active)."""
        return (selection.tags, selection.bookmarked, selection.unread)

    def show_saved(self, saved: Sequence[SavedSearch]) -> None:
        self.saved = tuple(saved)
        self._rebuild()

    # ----- the rows ------------------------------------------------------------------------
    @property
    def options(self) -> tuple[TagRow, ...]:
        return self._rows

    @property
    def option_count(self) -> int:
        return len(self._rows)

    @property
    def highlighted_option(self) -> TagRow | None:
        i = self.highlighted
        return self._rows[i] if i is not None and 0 <= i < len(self._rows) else None

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()  # rows remember the width they were made for

    def on_show(self) -> None:
        if self._stale:
            self._rebuild()  # counts arrived while the pane was hidden

    def _row(
        self, key: str, name: str, count: int, active: bool, dim: bool = False, extra: str = ""
    ) -> TagRow:
        return TagRow(key, name, count, active, dim, extra, self._width())

    def _width(self) -> int:
        return max(8, self.scrollable_content_region.width or 24)

    def _rebuild(self) -> None:
        """Refill the rows, keeping the highlighted entry where it was."""
        self._stale = False
        now = self.highlighted_option
        keep = now.id if now else None
        sel = self.selection
        total, marked, unread = self.totals
        plain = not (sel.tags or sel.bookmarked or sel.unread or self.active_saved)
        rows: list[TagRow] = [
            self._row(View.ALL.value, "All", total, plain),
            self._row(View.BOOKMARKED.value, "★ Bookmarked", marked, sel.bookmarked),
            self._row(View.UNREAD.value, "• Unread", unread, sel.unread),
        ]
        entries: dict[str, Entry] = {v.value: v for v in View}
        if self.saved:
            rows.append(TagRow(None, "Saved searches"))
        for saved in self.saved:
            key = SAVED_PREFIX + saved.name
            extra = f" +{saved.new}" if saved.new else ""
            active = saved.name == self.active_saved
            name = "⌕ " + safe(saved.name, 80)
            rows.append(self._row(key, name, saved.count, active, extra=extra))
            entries[key] = ("saved", saved.name)
        for kind, title in SECTIONS:
            rows += self._section(kind, title, entries)
        self._entries, self._rows = entries, tuple(rows)
        self.border_title = f"tags /{safe(self.filter, 20)}" if self.filter else None
        self.virtual_size = Size(0, len(rows))
        ids = [r.id for r in rows]  # headers have no id
        if self._follow is not None and self._follow in ids:
            keep, self._follow = self._follow, None
        self.highlighted = ids.index(keep) if keep is not None and keep in ids else 0
        self.refresh()

    def _section(self, kind: TagKind, title: str, entries: dict[str, Entry]) -> list[TagRow]:
        chosen = {t.casefold() for t in self.selection.tags}
        wanted = self.filter.casefold()
        tags = [
            t
            for t in self.counts
            if t.kind is kind and (t.count > 0 or t.name.casefold() in chosen)
            if not wanted or wanted in t.shown.casefold()
        ]
        shown_names = {t.name.casefold() for t in tags}
        tags += [  # a chosen tag no paper of the view carries: shown, dimmed, to unchoose
            TagCount(name, 0, kind)
            for name in self.selection.tags
            if kind is TagKind.TOPIC
            and name.casefold() not in shown_names
            and not any(t.name.casefold() == name.casefold() for t in self.counts)
        ]
        if not tags:
            return []
        folded = not wanted and kind is not TagKind.USER and kind not in self._unfolded
        head = [
            t
            for t in tags
            if not folded or t.count >= self.fold_under or t.name.casefold() in chosen
        ]
        tail = len(tags) - len(head)
        out = [TagRow(None, title)]
        mark = "✎ " if kind is TagKind.USER else ""
        for tag in head:
            key = f"{TAG_PREFIX}{kind}:{tag.name}"
            name = mark + safe(tag.shown, 200)
            out.append(
                self._row(key, name, tag.count, tag.name.casefold() in chosen, tag.count == 0)
            )
            entries[key] = ("tag", tag.name)
        if tail or (kind in self._unfolded and not wanted):
            # "more… 12": twelve tags on fewer than fold_under papers each; Enter shows them
            out.append(
                self._row(MORE_PREFIX + kind, "more…" if tail else "fewer", tail, False, True)
            )
            entries[MORE_PREFIX + kind] = ("more", str(kind))
        return out

    # ----- drawing and moving ------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        top, width = self.frame()
        index = top + y
        base = self.base_style()
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        style = base
        if row.disabled:
            style += self.get_component_rich_style("tag-pane--header")
        elif index == self.highlighted:
            style += self.get_component_rich_style("tag-pane--cursor")
        limit = 4 * len(self._rows) + 100  # new counts each keystroke: bounded all the same
        return self.kept_line((row, width, style), lambda: _drawn(row, width, style), limit)

    def validate_highlighted(self, value: int | None) -> int | None:
        if not self._rows:
            return None
        return max(0, min(value or 0, len(self._rows) - 1))

    def watch_highlighted(self, value: int | None) -> None:
        if value is not None:
            self.scroll_to_region(Region(0, value, 1, 1), animate=False, immediate=True, force=True)
        self.refresh()

    def _move(self, start: int, step: int) -> None:
        """Highlight the first choosable row from `start` in direction `step`."""
        i = start
        while 0 <= i < len(self._rows):
            if not self._rows[i].disabled:
                self.highlighted = i
                return
            i += step

    def action_cursor_down(self) -> None:
        self._move((self.highlighted or 0) + 1, 1)

    def action_cursor_up(self) -> None:
        self._move((self.highlighted or 0) - 1, -1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1, -1)

    def action_page_down(self) -> None:
        self._move(min(len(self._rows) - 1, (self.highlighted or 0) + self.size.height - 1), 1)

    def action_page_up(self) -> None:
        self._move(max(0, (self.highlighted or 0) - self.size.height + 1), -1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x >= self.scrollable_content_region.width:
            return  # the border, or the column kept for the scrollbar
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self._rows) and not self._rows[index].disabled:
            self.highlighted = index
            self.action_select()

    # ----- choosing ------------------------------------------------------------------------
    def _entry(self, option_id: str | None) -> Entry | None:
        return self._entries.get(option_id) if option_id else None

    def action_select(self) -> None:
        row = self.highlighted_option
        entry = self._entry(row.id if row else None)
        if isinstance(entry, View):
            self.post_message(ViewChosen(entry))
        elif entry and entry[0] == "saved":
            self.post_message(SavedSearchChosen(entry[1]))
        elif entry and entry[0] == "more":
            self._unfolded ^= {TagKind(entry[1])}
            self._rebuild()
        elif entry:
            self.post_message(TagChosen(entry[1]))

    def action_add_tag(self) -> None:
        option = self.highlighted_option
        entry = self._entry(option.id if option else None)
        if isinstance(entry, tuple) and entry[0] == "tag":
            self.post_message(TagChosen(entry[1], add=True))

    def action_edit_saved(self, verb: str) -> None:
        """Rename or delete the highlighted saved search, after asking the user."""
        option = self.highlighted_option
        entry = self._entry(option.id if option else None)
        if not (isinstance(entry, tuple) and entry[0] == "saved"):
            say(self, "Highlight a saved search (⌕) first.", timeout=3)
            return
        name = entry[1]
        if verb == "delete":

            def delete(yes: bool | None) -> None:
                if yes:
                    self.post_message(SavedSearchDeleted(name))

            from digest_tui.ui.screens import modals  # loads on first use

            self.app.push_screen(modals.Confirm(f"Delete the saved search {name!r}?"), delete)
            return

        def rename(new: str | None) -> None:
            if new and new != name:
                self.post_message(SavedSearchRenamed(name, new))

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.Prompt(f"Rename {name!r} to:", name), rename)

    # ----- typing filters the tags ------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        char = event.character
        if not char or not char.isprintable() or (char.isspace() and not self.filter):
            return
        if not self.filter and char in KEEP_MEANING:
            return
        event.stop()
        event.prevent_default()
        self.filter += char
        self._rebuild()

    def action_filter_back(self) -> None:
        if self.filter:
            self.filter = self.filter[:-1]
            self._rebuild()

    def clear_filter(self) -> bool:
        """Esc: clear the filter; False if there was none (Esc means something else)."""
        if not self.filter:
            return False
        self.filter = ""
        self._rebuild()
        return True


def _drawn(row: TagRow, width: int, style: Style) -> Strip:
    segments = [Segment(text, style + part) for text, part in row.segments(max(1, width))]
    return Strip(segments).crop_extend(0, width, style)
