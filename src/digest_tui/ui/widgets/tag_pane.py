"""The tag pane: All, Bookmarked, then tags with counts for the current results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from digest_tui.core.models import TagCount
from digest_tui.ui.messages import TagChosen
from digest_tui.ui.render import safe

ALL = "all"
BOOKMARKED = "bookmarked"
TAG_PREFIX = "tag:"


class TagPane(OptionList):
    """Enter replaces the tag filter with the chosen tag; `+` adds it (AND)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("plus,a", "add_tag", "AND tag"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active: tuple[str, ...] = ()

    def show(
        self, counts: Sequence[TagCount], total: int, bookmarked: int, active: Sequence[str]
    ) -> None:
        """Refill the options, keeping the highlighted entry where it was."""
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.active = tuple(active)
        options = [
            Option(self._label("All", total, not active), id=ALL),
            Option(self._label("★ Bookmarked", bookmarked, False), id=BOOKMARKED),
            None,
        ]
        for tag in counts:
            name = ("✎ " if tag.user else "") + safe(tag.name, 60)
            options.append(
                Option(self._label(name, tag.count, tag.name in active), id=TAG_PREFIX + tag.name)
            )
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in self.options]
        self.highlighted = ids.index(keep) if keep in ids else 0

    @staticmethod
    def _label(name: str, count: int, active: bool) -> Text:
        text = Text(("● " if active else "  ") + name, style="bold" if active else "")
        text.append(f" {count}", style="dim")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(TagChosen(event.option.id))

    def action_add_tag(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(TagChosen(option.id, add=True))
