"""What one line of the tag pane holds, and how it is drawn.

A row keeps its parts (name, count, marks) rather than a laid-out label: the pane draws
only the rows on screen, at the width it has then, so a new set of counts per keystroke
costs a few tuples, not a measured list of renderables.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

_BOLD, _DIM = Style(bold=True), Style(dim=True)
_EXTRA = Style(bold=True, color="green")


@dataclass(frozen=True, slots=True)
class TagRow:
    """One line: an entry (with an `id`) or a section header (`id` None, not choosable)."""

    id: str | None
    name: str
    count: int = 0
    active: bool = False
    dim: bool = False
    extra: str = ""
    width: int = 24  # the width the pane had when it made the row (for `prompt`)

    @property
    def disabled(self) -> bool:
        return self.id is None

    @property
    def prompt(self) -> Text:
        """The line as drawn at the row's width."""
        return self.label(self.width)

    def segments(self, width: int) -> list[tuple[str, Style]]:
        """The line as (text, style) runs: the cells and styles of `label`, put together
        without a Rich Text (a frame of a typed query redraws every row with new counts)."""
        if self.id is None:  # (as drawn before: Rich leaves out a span-less Text's style;
            return [(self.name, Style.null())]  # the pane's header style is what shows)
        number, extra = f"{self.count:,}", self.extra
        base = _BOLD if self.active else _DIM if self.dim else Style.null()
        text = ("● " if self.active else "  ") + self.name
        room = max(1, width - cell_len(number) - cell_len(extra) - 1)
        if cell_len(text) > room:
            text = set_cell_size(text, room - 1) + "…"
        spaces = max(1, width - cell_len(text) - cell_len(number) - cell_len(extra))
        runs = [(text + " " * spaces, base), (number, base + _DIM)]
        return [*runs, (extra, base + _DIM + _EXTRA)] if extra else runs

    def label(self, width: int) -> Text:
        if self.id is None:
            return Text(self.name, style="bold underline", no_wrap=True, end="")
        return tag_label(self.name, self.count, self.active, width, dim=self.dim, extra=self.extra)


def tag_label(
    name: str, count: int, active: bool, width: int, *, dim: bool = False, extra: str = ""
) -> Text:
    """`● name…  count`: one line `width` cells wide, the name cut with "…" to leave room
    for the count, right-aligned."""
    number = Text(f"{count:,}", style="dim")
    if extra:
        number.append(extra, style="bold green")
    style = "bold" if active else "dim" if dim else ""
    label = Text(("● " if active else "  ") + name, style=style, no_wrap=True, end="")
    label.truncate(max(1, width - number.cell_len - 1), overflow="ellipsis")
    label.append(" " * max(1, width - label.cell_len - number.cell_len))
    label.append_text(number)
    return label
