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

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

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
from digest_tui.ui.screens.modals import Confirm, Prompt

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


class TagPane(OptionList):
    """Enter replaces the filter with the chosen entry; `+` ANDs a tag; saved searches
    can be renamed (R) and deleted (d); typing filters the tags (Esc clears)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Filter by it", id="choose_tag"),
        Binding("plus", "add_tag", "AND tag", id="add_tag"),
        Binding("j", "cursor_down", "Down", show=False, id="tags_down"),
        Binding("k", "cursor_up", "Up", show=False, id="tags_up"),
        Binding("g", "first", "First", show=False, id="tags_first"),
        Binding("G", "last", "Last", show=False, id="tags_last"),
        Binding("R", "edit_saved('rename')", "Rename saved search", id="rename_saved"),
        Binding("d,delete", "edit_saved('delete')", "Delete saved search", id="delete_saved"),
        Binding("backspace", "filter_back", "Filter: delete a letter", show=False),
    ]

    def __init__(self, *, id: str | None = None, fold_under: int = 3) -> None:
        super().__init__(id=id)
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

    # ----- building the entries ---------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()  # the labels are laid out for the pane's width

    def on_show(self) -> None:
        if self._stale:
            self._rebuild()  # counts arrived while the pane was hidden

    def _label(
        self, name: str, count: int, active: bool, dim: bool = False, extra: str = ""
    ) -> Text:
        width = max(8, self.scrollable_content_region.width or 24)
        return tag_label(name, count, active, width, dim=dim, extra=extra)

    def _rebuild(self) -> None:
        """Refill the options, keeping the highlighted entry where it was."""
        self._stale = False
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
            options.append(self._header("Saved searches"))
        for saved in self.saved:
            extra = f" +{saved.new}" if saved.new else ""
            label = self._label(
                "⌕ " + safe(saved.name, 80),
                saved.count,
                saved.name == self.active_saved,
                extra=extra,
            )
            options.append(Option(label, id=SAVED_PREFIX + saved.name))
            entries[SAVED_PREFIX + saved.name] = ("saved", saved.name)
        for kind, title in SECTIONS:
            options += self._section(kind, title, entries)
        self._entries = entries
        self.clear_options()
        self.add_options(options)
        self.border_title = f"tags /{safe(self.filter, 20)}" if self.filter else None
        ids = [o.id for o in self.options]  # headers have no id
        if self._follow is not None and self._follow in ids:
            keep, self._follow = self._follow, None
        self.highlighted = ids.index(keep) if keep is not None and keep in ids else 0

    def _header(self, title: str) -> Option:
        return Option(Text(title, style="bold underline", no_wrap=True), disabled=True)

    def _section(self, kind: TagKind, title: str, entries: dict[str, Entry]) -> list[Option | None]:
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
        out: list[Option | None] = [self._header(title)]
        for tag in head:
            mark = "✎ " if kind is TagKind.USER else ""
            label = self._label(
                mark + safe(tag.shown, 200),
                tag.count,
                tag.name.casefold() in chosen,
                dim=tag.count == 0,
            )
            out.append(Option(label, id=f"{TAG_PREFIX}{kind}:{tag.name}"))
            entries[f"{TAG_PREFIX}{kind}:{tag.name}"] = ("tag", tag.name)
        if tail or (kind in self._unfolded and not wanted):
            # "more… 12": twelve tags on fewer than fold_under papers each; Enter shows them
            label = self._label("more…" if tail else "fewer", tail, False, dim=True)
            out.append(Option(label, id=MORE_PREFIX + kind))
            entries[MORE_PREFIX + kind] = ("more", str(kind))
        return out

    # ----- choosing ------------------------------------------------------------------------
    def _entry(self, option_id: str | None) -> Entry | None:
        return self._entries.get(option_id) if option_id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._entry(event.option.id)
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

            self.app.push_screen(Confirm(f"Delete the saved search {name!r}?"), delete)
            return

        def rename(new: str | None) -> None:
            if new and new != name:
                self.post_message(SavedSearchRenamed(name, new))

        self.app.push_screen(Prompt(f"Rename {name!r} to:", name), rename)

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


def tag_label(
    name: str, count: int, active: bool, width: int, *, dim: bool = False, extra: str = ""
) -> Text:
    """`● name…  count`: one line `width` cells wide, the name cut with "…" to leave room
    for the count, right-aligned. (Plain Text: Textual measures it cheaply, which keeps a
    rebuild per keystroke fast.)"""
    number = Text(f"{count:,}", style="dim")
    if extra:
        number.append(extra, style="bold green")
    style = "bold" if active else "dim" if dim else ""
    label = Text(("● " if active else "  ") + name, style=style, no_wrap=True, end="")
    label.truncate(max(1, width - number.cell_len - 1), overflow="ellipsis")
    label.append(" " * max(1, width - label.cell_len - number.cell_len))
    label.append_text(number)
    return label
