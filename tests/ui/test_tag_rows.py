"""The tag pane draws a row from (text, style) runs; they must be the cells and styles of
the Rich `Text` it drew before, for any name, count and width."""

from __future__ import annotations

import random

from rich.console import Console
from rich.style import Style
from rich.text import Text

from digest_tui.core.textsafe import safe
from digest_tui.ui.widgets.tag_rows import TagRow

# Names from pieces that test cells: wide, combining, markup-like, long.
PIECES = ["llm", "segmentation", " ", "中文", "🙂", "é", "e\u0301", "[b]", "x" * 25, "…", "✎ "]


def cells_of_runs(row: TagRow, width: int, line: Style) -> list[tuple[str, Style]]:
    return [(c, line + part) for text, part in row.segments(width) for c in text]


def drawn_before(row: TagRow, width: int) -> Text:
    """The row as the pane drew it with a Rich Text (before it drew runs)."""
    if row.id is None:
        return Text(row.name, style="bold underline", no_wrap=True, end="")
    number = Text(f"{row.count:,}", style="dim")
    if row.extra:
        number.append(row.extra, style="bold green")
    style = "bold" if row.active else "dim" if row.dim else ""
    label = Text(("● " if row.active else "  ") + row.name, style=style, no_wrap=True, end="")
    label.truncate(max(1, width - number.cell_len - 1), overflow="ellipsis")
    label.append(" " * max(1, width - label.cell_len - number.cell_len))
    label.append_text(number)
    return label


def cells_drawn_before(
    row: TagRow, width: int, line: Style, console: Console
) -> list[tuple[str, Style]]:
    rendered = drawn_before(row, width).render(console, end="")
    return [(c, line + s.style if s.style else line) for s in rendered for c in s.text]


def test_runs_are_the_cells_and_styles_of_the_label() -> None:
    console = Console(width=200, color_system="truecolor")
    lines = [
        Style(bgcolor="#1e1e1e"),
        Style(bgcolor="#0178d4", color="#ffffff") + Style.from_meta({"row": 3}),
    ]
    rng = random.Random(7)
    for _ in range(3000):
        name = safe("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8))), 200)
        row = TagRow(
            id=None if rng.random() < 0.1 else f"tag:{name}",
            name=name,
            count=rng.choice([0, 1, 7, 1234, 35020, 10**9]),
            active=rng.random() < 0.3,
            dim=rng.random() < 0.3,
            extra=rng.choice(["", "", " +3", " new"]),
        )
        width, line = rng.randint(1, 60), rng.choice(lines)
        expected = cells_drawn_before(row, width, line, console)
        assert cells_of_runs(row, width, line) == expected, (row, width)


def test_the_label_is_the_runs_as_text() -> None:
    row = TagRow("tag:llm", "llm", 7632, active=True, extra=" +3")
    assert row.label(24).plain == "".join(text for text, _ in row.segments(24))
    assert row.label(24).cell_len == 24
