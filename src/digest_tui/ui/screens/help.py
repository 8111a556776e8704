"""The help screen: every binding, by pane, read from the live binding maps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, Iterable[BindingType]]


KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "backslash": "\\",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
}


def _describe(binding: BindingType) -> tuple[str, str] | None:
    if not isinstance(binding, Binding) or not binding.description:
        return None
    keys = ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))
    return keys, binding.description


def help_table(sections: Iterable[Section]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for title, bindings in sections:
        rows = [row for row in map(_describe, bindings) if row]
        if not rows:
            continue
        table.add_row(Text(title, style="bold underline"), "")
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help")
    ]

    def __init__(self, sections: Iterable[Section]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="modal"):
            yield Static(Text("digest-tui keys  (Esc closes)", style="bold"), classes="modal-title")
            yield Static(help_table(self.sections))
            yield Static(
                Text(
                    'Search syntax: words are ANDed; OR, NOT, "a phrase", prefix*, fuzzy~, '
                    "title: author: abstract: tag: keyword: note:. A typo finds papers "
                    "through a typo-tolerant retry.",
                    style="dim",
                )
            )
