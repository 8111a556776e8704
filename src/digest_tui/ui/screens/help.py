"""The help screen: every binding, by pane, read from the live binding maps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from digest_tui.ui.commands import keys_for

Section = tuple[str, Iterable[BindingType]]


def help_table(sections: Iterable[Section], keymap: Mapping[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_column(style="dim")
    for title, bindings in sections:
        rows = [b for b in bindings if isinstance(b, Binding) and b.description]
        if not rows:
            continue
        table.add_row(Text(title, style="bold underline"), "", "")
        for binding in rows:
            table.add_row(
                Text(keys_for(binding, keymap)), Text(binding.description), binding.id or ""
            )
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help")
    ]

    def __init__(self, sections: Iterable[Section], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.sections = list(sections)
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="modal"):
            yield Static(Text("digest-tui keys  (Esc closes)", style="bold"), classes="modal-title")
            yield Static(help_table(self.sections, self.keymap))
            yield Static(
                Text(
                    'Search syntax: words are ANDed; OR, NOT, "a phrase", prefix*, fuzzy~, '
                    "title: author: abstract: tag: keyword: note:. A typo finds papers "
                    "through a typo-tolerant retry.\n"
                    "Remap keys in config.toml under [keys]: the names in the right-hand "
                    'column, e.g. toggle_bookmark = "b,space" (digest-tui config --path).',
                    style="dim",
                )
            )
