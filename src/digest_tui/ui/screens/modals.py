"""Small modal screens: pickers, prompts, the tag and note editors, the export dialog."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from digest_tui.core.library import EXPORT_FORMATS as FORMATS
from digest_tui.core.models import Link, Paper
from digest_tui.core.textsafe import safe
from digest_tui.ui.literal import content, say


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
            yield Label(
                content(f"{self.verb} which link? (1-9, Enter, Esc)"), classes="modal-title"
            )
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
            yield Input(
                value=safe(", ".join(self.tags)), placeholder="to read, pancreas", id="tag-input"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss([t.strip() for t in event.value.split(",") if t.strip()])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class Prompt(ModalScreen[str | None]):
    """One line of text (a name): Enter returns it, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal prompt"):
            yield Label(content(self.prompt_title), classes="modal-title")
            yield Input(
                value=safe(self.value), placeholder=safe(self.placeholder), id="prompt-input"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or Enter confirms, n or Esc declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal prompt"):
            yield Label(content(self.question), classes="modal-title")
            yield Label(Text("y / Enter: yes    n / Esc: no", "dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class NoteEditor(ModalScreen[str | None]):
    """A paper's note in a TextArea: Ctrl+S saves; Esc cancels, asking twice if changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="modal"):
            yield Label("Note (Ctrl+S saves, Esc cancels)", classes="modal-title")
            yield Label(Text(safe(self.paper_title, 200), "italic"))
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text != self.note and not self._warned:
            self._warned = True
            say(self, "Unsaved changes: Ctrl+S saves, Esc again discards.")
            return
        self.dismiss(None)


class SimilarPicker(ModalScreen[str | None]):
    """Papers most similar to one, best first; returns the chosen paper's id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss_none", "Close")]

    def __init__(self, title: str, similar: Sequence[tuple[Paper, float]]) -> None:
        super().__init__()
        self.paper_title = title
        self.similar = tuple(similar)

    def compose(self) -> ComposeResult:
        with Vertical(id="similar-picker", classes="modal"):
            yield Label("Similar papers (Enter goes to one, Esc closes)", classes="modal-title")
            yield Label(Text(safe(self.paper_title, 200), "italic"))
            if not self.similar:
                yield Label(Text("Nothing similar in the library yet.", "dim"))
            options = [
                Option(
                    Text.assemble((f"{score:5.1f}  ", "dim"), safe(paper.title, 200)), id=paper.id
                )
                for paper, score in self.similar
            ]
            yield OptionList(*options, id="similar-options")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    """Choose a format and a file for the papers in the list; returns (format, path)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]
    AUTO_FOCUS = "#export-path"
    SUFFIX: ClassVar[dict[str, str]] = {
        "markdown": ".md",
        "bibtex": ".bib",
        "json": ".json",
        "jsonl": ".jsonl",
        "ris": ".ris",
        "csl-json": ".csl.json",
    }

    def __init__(self, count: str, stem: str) -> None:
        super().__init__()
        self.count = count
        self.stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="modal"):
            yield Label(
                f"Export the {self.count} in the list\n"
                "File: Enter writes, Esc cancels. Format: Shift+Tab.",
                classes="modal-title",
            )
            yield Select(
                [(f, f) for f in FORMATS], value="bibtex", allow_blank=False, id="export-format"
            )
            yield Input(value=self.stem + ".bib", id="export-path")

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        current = Path(path.value.strip())
        if current.name not in ("", ".", ".."):  # only the suffix changes, never the folder
            path.value = str(current.with_suffix(self.SUFFIX.get(str(event.value), "")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fmt = str(self.query_one("#export-format", Select).value)
        by_suffix = {suffix: name for name, suffix in self.SUFFIX.items()}
        fmt = by_suffix.get(Path(event.value.strip()).suffix.lower(), fmt)  # x.md: Markdown
        if event.value.strip():
            self.dismiss((fmt, event.value.strip()))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
