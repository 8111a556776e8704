"""What one line of the tag pane holds, and how it is drawn.

A row keeps its parts (name, count, marks) rather than a laid-out label: the pane draws
only the rows on screen, at the width it has then, so a new set of counts per keystroke
costs a few tuples, not a measured list of renderables.
"""

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from digest_tui.ui.literal import fit

_BOLD, _DIM = Style(bold=True), Style(dim=True)
_EXTRA = Style(bold=True, color="green")


class TagRow(NamedTuple):
    """One line: an entry (with an `id`) or a section header (`id` None, not choosable)."""

    id: str | None
    name: str
    count: int = 0  # type: ignore[assignment]  # (a field: tuple's count() is never used)
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
        """The line as (text, style) runs: the pane draws them as segments (a frame of a
        typed query redraws every row with new counts, no Rich Text laid out each time)."""
        if self.id is None:  # plain: the pane's header style is what shows
            return [(self.name, Style.null())]
        return tag_runs(self.name, self.count, self.active, width, dim=self.dim, extra=self.extra)

    def label(self, width: int) -> Text:
        return Text.assemble(*self.segments(width), no_wrap=True, end="")


def tag_runs(
    name: str, count: int, active: bool, width: int, *, dim: bool = False, extra: str = ""
) -> list[tuple[str, Style]]:
    """`● name…  count`: one line `width` cells wide, the name cut with "…" to leave room
    for the count, right-aligned."""
    number = f"{count:,}"
    base = _BOLD if active else _DIM if dim else Style.null()
    text, _ = fit(("● " if active else "  ") + name, max(1, width - cell_len(number + extra) - 1))
    spaces = max(1, width - cell_len(text) - cell_len(number + extra))
    runs = [(text + " " * spaces, base), (number, base + _DIM)]
    return [*runs, (extra, base + _DIM + _EXTRA)] if extra else runs


def tag_label(
    name: str, count: int, active: bool, width: int, *, dim: bool = False, extra: str = ""
) -> Text:
    """`tag_runs` as a Text."""
    runs = tag_runs(name, count, active, width, dim=dim, extra=extra)
    return Text.assemble(*runs, no_wrap=True, end="")
