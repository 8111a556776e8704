"""The tag pane: All, Bookmarked, Unread, saved searches, then tags with counts.

Choosing an entry posts a typed message (`ViewChosen`, `TagChosen`, `SavedSearchChosen`);
renaming or deleting a saved search asks the user here and posts what they decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from digest_tui.core.models import SavedSearch, Selection, TagCount
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
from digest_tui.ui.screens.modals import Confirm, Prompt

TAG_PREFIX = "tag:"  # option ids; what an entry is lives in `TagPane._entries`
SAVED_PREFIX = "saved:"
Entry = View | tuple[str, str]  # a view, or ("tag" | "saved", name)


class TagPane(OptionList):
    """Enter replaces the filter with the chosen entry; `+` ANDs a tag; saved searches
    can be renamed (R) and deleted (d)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("plus,a", "add_tag", "AND tag", id="add_tag"),
        Binding("R", "edit_saved('rename')", "Rename saved search", id="rename_saved"),
        Binding("d,delete", "edit_saved('delete')", "Delete saved search", id="delete_saved"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selection = Selection()
        self.active_saved: str | None = None
        self.counts: tuple[TagCount, ...] = ()
        self.saved: tuple[SavedSearch, ...] = ()
        self.totals = (0, 0, 0)
        self._follow: str | None = None
        self._entries: dict[str, Entry] = {}

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
        """New tag counts and totals (papers, bookmarked, unread) for this selection."""
        self.counts, self.totals = tuple(counts), totals
        self.selection, self.active_saved = selection, active_saved
        self._rebuild()

    def show_saved(self, saved: Sequence[SavedSearch]) -> None:
        self.saved = tuple(saved)
        self._rebuild()

    def _rebuild(self) -> None:
        """Refill the options, keeping the highlighted entry where it was."""
        keep = self.highlighted_option.id if self.highlighted_option else None
        sel = self.selection
        total, marked, unread = self.totals
        plain = not (sel.tags or sel.bookmarked or sel.unread or self.active_saved)
        options: list[Option | None] = [
            Option(self._label("All", total, plain), id=View.ALL.value),
            Option(self._label("★ Bookmarked", marked, sel.bookmarked), id=View.BOOKMARKED.value),
            Option(self._label("• Unread", unread, sel.unread), id=View.UNREAD.value),
        ]
        entries: dict[str, Entry] = {v.value: v for v in View}
        if self.saved:
            options.append(None)
        for saved in self.saved:
            active = saved.name == self.active_saved
            label = self._label("⌕ " + safe(saved.name, 40), saved.count, active)
            if saved.new:
                label.append(f" +{saved.new} new", style="bold green")
            options.append(Option(label, id=SAVED_PREFIX + saved.name))
            entries[SAVED_PREFIX + saved.name] = ("saved", saved.name)
        options.append(None)
        for tag in self.counts:
            name = ("✎ " if tag.user else "") + safe(tag.name, 60)
            options.append(
                Option(self._label(name, tag.count, tag.name in sel.tags), id=TAG_PREFIX + tag.name)
            )
            entries[TAG_PREFIX + tag.name] = ("tag", tag.name)
        self._entries = entries
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in self.options]
        if self._follow in ids:
            keep, self._follow = self._follow, None
        self.highlighted = ids.index(keep) if keep in ids else 0

    @staticmethod
    def _label(name: str, count: int, active: bool) -> Text:
        text = Text(("● " if active else "  ") + name, style="bold" if active else "")
        text.append(f" {count}", style="dim")
        return text

    def _entry(self, option_id: str | None) -> Entry | None:
        return self._entries.get(option_id) if option_id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._entry(event.option.id)
        if isinstance(entry, View):
            self.post_message(ViewChosen(entry))
        elif entry and entry[0] == "saved":
            self.post_message(SavedSearchChosen(entry[1]))
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

            self.app.push_screen(Confirm(f"Delete the saved search {name!r}?"), delete)
            return

        def rename(new: str | None) -> None:
            if new and new != name:
                self.post_message(SavedSearchRenamed(name, new))

        self.app.push_screen(Prompt(f"Rename {name!r} to:", name), rename)
