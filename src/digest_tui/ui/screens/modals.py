"""Small modal screens: the link picker and the tag editor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from digest_tui.core.models import Link
from digest_tui.ui.render import safe


class LinkPicker(ModalScreen[int | None]):
    """All links of a paper, numbered; returns the chosen index (0-based) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_none", "Close"),
        *[Binding(str(n), f"pick({n})", f"Link {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, links: Sequence[Link], verb: str) -> None:
        super().__init__()
        self.links = tuple(links)
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(id="link-picker", classes="modal"):
            yield Label(f"{self.verb} which link? (1-9, Enter, Esc)", classes="modal-title")
            options = [
                Option(
                    Text.assemble(
                        (f"{n:>2} ", "bold"),
                        (f"{safe(link.label, 30):<12} ", "italic"),
                        safe(link.url, 300),
                    ),
                    id=str(n - 1),
                )
                for n, link in enumerate(self.links, start=1)
            ]
            yield OptionList(*options, id="link-options")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_pick(self, number: int) -> None:
        if number <= len(self.links):
            self.dismiss(number - 1)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class TagEditor(ModalScreen[list[str] | None]):
    """Edit a paper's user tags as one comma-separated line."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, title: str, tags: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = tuple(tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-editor", classes="modal"):
            yield Label(
                "Your tags (comma-separated; Enter saves, Esc cancels)", classes="modal-title"
            )
            yield Label(Text(safe(self.paper_title, 200), "italic"))
            yield Input(value=", ".join(self.tags), placeholder="to read, pancreas", id="tag-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss([t.strip() for t in event.value.split(",") if t.strip()])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
