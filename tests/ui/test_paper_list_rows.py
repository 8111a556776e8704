"""The list draws a row's segments itself; they must be the cells and styles Rich's
`Text` (what it drew before) gives, for any title, hits and width."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from digest_tui.core.models import PaperRow
from digest_tui.core.textsafe import safe
from digest_tui.ui.app import DigestApp
from digest_tui.ui.widgets.paper_list import PaperList, short_date

from .conftest import settle

PIECES = [
    "a",
    "Segmentation",
    " ",
    "中文",
    "🙂",
    "é",
    "e\u0301",
    "[b]",
    "x" * 30,
    "…",
    "\t",
    "\u202e",
]


def reference(
    pl: PaperList,
    row: PaperRow,
    width: int,
    style: Style,
    selected: bool,
    spans: Sequence[tuple[int, int]],
    title: str,
) -> Strip:
    """The row as the list drew it with Rich's Text (before it drew segments itself)."""
    component = pl.get_component_rich_style
    date = short_date(row.date, pl._today)
    mark = "★" if row.bookmarked else ("•" if not row.read else " ")
    if selected:
        mark, style = "✓", style + component("paper-list--selected")
    text = Text(title, end="")
    if not row.read:
        text.stylize(component("paper-list--unread"))
    for start, end in spans:
        text.stylize(component("paper-list--match"), start, end)
    text.truncate(max(1, width - len(date) - 5), overflow="ellipsis", pad=True)
    line = Text.assemble(
        (f" {mark} ", component("paper-list--mark")),
        text,
        " ",
        (date, component("paper-list--date")),
        " ",
    )
    segments = [
        Segment(s.text, style + s.style if s.style else style)
        for s in line.render(pl.app.console, end="")
    ]
    return Strip(segments).crop_extend(0, width, style)


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


async def test_rows_drawn_from_segments_match_what_rich_text_drew(
    make_app: Callable[[], DigestApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pl = app.screen.query_one(PaperList)
        base = pl.base_style()
        styles = [base, base + pl.get_component_rich_style("paper-list--cursor")]
        rng = random.Random(13)
        for case in range(1500):
            title = safe("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))), 1000)
            # Hits as the library gives them: from 0 on, overlapping or past the end.
            starts = [rng.randint(0, len(title) + 3) for _ in range(rng.randint(0, 4))]
            spans = [(a, a + rng.randint(0, 15)) for a in starts]
            row = PaperRow(
                id=f"p{case}",
                title=title,
                date=rng.choice([None, dt.date(2025, 1, 2), dt.date.today()]),
                bookmarked=rng.random() < 0.3,
                read=rng.random() < 0.5,
            )
            width, style, selected = rng.randint(1, 160), rng.choice(styles), rng.random() < 0.2
            drawn = pl._draw_row(row, width, style, selected, title, spans)
            assert cells(drawn) == cells(
                reference(pl, row, width, style, selected, spans, title)
            ), (
                title,
                spans,
                width,
            )
