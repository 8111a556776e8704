"""The papers the reader selected (space, A): b, u, t and E act on all of them at once,
then the selection is cleared. The library is written in workers."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from digest_tui.core.wording import plural
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.workers import write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class SelectedPapers:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library

    @property
    def ids(self) -> list[str]:
        """The selected papers, in list order (those of the list first)."""
        papers = self.screen.query_one(PaperList)
        chosen = papers.selected
        in_list = [i for i in papers.ids if i in chosen]
        return in_list + sorted(chosen - set(in_list))

    def _done(self, message: str) -> None:
        self.screen.query_one(PaperList).clear_selected()
        self.screen.view_changed()
        self.screen.say(message, timeout=4)

    def bookmark(self) -> None:
        ids = self.ids
        write(
            self.screen,
            partial(self.library.bulk.bookmark, ids),
            lambda n: self._done(f"Bookmarked {plural(len(ids), 'paper')} ({n:,} new)."),
        )

    def mark_read(self) -> None:
        ids = self.ids
        write(
            self.screen,
            partial(self.library.mark_read, ids),
            lambda changed: self._done(f"Marked {plural(len(ids), 'paper')} read."),
        )

    def add_tags(self) -> None:
        ids = self.ids

        def save(tags: list[str] | None) -> None:
            if tags:
                write(
                    self.screen,
                    partial(self.library.bulk.add_tags, ids, tags),
                    lambda n: self._done(f"Tagged {plural(n, 'paper')}: {', '.join(tags)}."),
                )

        title = f"Tags to add to the {plural(len(ids), 'selected paper')}"
        from digest_tui.ui.screens import modals  # loads on first use

        self.screen.app.push_screen(modals.TagEditor(title, ()), save)

    def export(self) -> None:
        ids = self.ids
        stem = str(Path.home() / f"digest-tui-{dt.date.today().isoformat()}")

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice:
                fmt, path = choice
                write(
                    self.screen,
                    partial(self.library.bulk.export, fmt, ids, Path(path)),
                    lambda n: self._done(
                        f"Exported {plural(n, 'paper')} to {Path(path).expanduser()}"
                    ),
                )

        count = plural(len(ids), "selected paper")
        from digest_tui.ui.screens import modals  # loads on first use

        self.screen.app.push_screen(modals.ExportDialog(count, stem), chosen)
