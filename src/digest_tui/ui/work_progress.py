"""The progress of long work (indexing, retagging, an import): a bar under the search box
and a line in the status line. The bar is mounted when first needed: most visits never
need one, and its five widgets, their styles and its import were ~10 ms of the first
frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen

from digest_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


class WorkProgress:
    """Shows `done` of `total` (a negative `done`: the work is over, `idle` restores the
    status line)."""

    def __init__(self, screen: Screen[None], idle: Callable[[], None]) -> None:
        self.screen = screen
        self.idle = idle
        self.working = "Working"  # what the bar stands for

    def show(self, done: int, total: int, what: str | None = None) -> None:
        bar = self._bar(wanted=done >= 0)
        if what:
            self.working = what
        if bar is None or done < 0:
            if bar is not None:
                bar.display = False
            self.working = "Working"
            self.idle()
            return
        bar.display = True
        bar.update(total=total or None, progress=done)
        self.screen.query_one(StatusLine).say(Text(f"{self.working}: {done:,} of {total:,}"))

    def _bar(self, wanted: bool) -> ProgressBar | None:
        from textual.widgets import ProgressBar

        for bar in self.screen.query("#progress").results(ProgressBar):
            return bar
        if not wanted:
            return None
        bar = ProgressBar(id="progress", show_eta=True)
        self.screen.mount(bar, after="#top")
        return bar
