"""Triage: moving between digests, marking a whole view read (with undo) and the whole
author list on demand. The library is written in workers; the screen keeps the view."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from digest_tui.core.models import Selection
from digest_tui.core.wording import plural
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.workers import write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class Triage:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library
        self._undo: list[str] | None = None  # the papers the last "mark all read" changed

    def digest(self, step: int, dates: list[dt.date]) -> None:
        """The digest `step` away from the one shown (from all: the newest)."""
        screen = self.screen
        if not dates:
            screen.say("No dated digests in the library.", timeout=3)
            return
        current = screen.selection.digest_date
        if current is None:
            index = len(dates) - 1
        else:
            position = dates.index(current) if current in dates else len(dates) - 1
            index = max(0, min(len(dates) - 1, position + step))
        screen.selection = screen.selection.in_digest(dates[index])
        screen.run_search()

    def _target(self) -> str | None:
        """The paper under the list's cursor: `b` right after `j` is for the paper just
        moved to, not the one the detail still shows while it loads the next."""
        screen = self.screen
        listed = screen.query_one(PaperList).current_id
        return listed or (screen.current.id if screen.current else None)

    def toggle_bookmark(self) -> None:
        screen = self.screen
        paper_id = self._target()
        if paper_id:

            def toggled(on: bool) -> None:
                screen.say("Bookmarked" if on else "Bookmark removed", timeout=2)
                screen.view_changed()

            write(screen, lambda: self.library.toggle_bookmark(paper_id), toggled)

    def toggle_read(self) -> None:
        screen = self.screen
        paper_id = self._target()
        if paper_id:
            write(screen, lambda: self.library.toggle_read(paper_id), screen.rows_changed)

    def clear_filters(self) -> None:
        """Digest, tags, bookmarked and unread filters and the saved search off; the
        search text and the sort stay."""
        screen = self.screen
        screen.active_saved = None
        screen.selection = Selection(query=screen.selection.query, sort=screen.selection.sort)
        screen.run_search()

    def mark_view_read(self) -> None:
        """Every paper of the current list read, in one write; `undo` takes it back."""
        screen = self.screen
        ids = list(screen.result.ids) if screen.result else []
        if not ids:
            screen.say("No papers in this view.", timeout=3)
            return

        def done(changed: list[str]) -> None:
            self._undo = changed
            screen.rows_changed()
            if changed:
                marked = plural(len(changed), "paper")
                screen.say(f"Marked {marked} read. Press z to undo.", timeout=6)
            else:
                screen.say("Every paper in this view was read already.", timeout=3)

        write(screen, lambda: self.library.mark_read(ids), done)

    def undo(self) -> None:
        screen = self.screen
        changed, self._undo = self._undo, None
        if not changed:
            screen.say("Nothing to undo.", timeout=3)
            return

        def done(_: object) -> None:
            screen.rows_changed()
            screen.say(f"{plural(len(changed), 'paper')} unread again.", timeout=3)

        write(screen, lambda: self.library.mark_unread(changed), done)
