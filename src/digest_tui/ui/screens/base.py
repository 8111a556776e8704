"""The reader screen's foundation: state, background writes, notifications and links.

`MainScreen` builds on this (and on `DiscoveryScreen`); the split keeps modules small.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from textual import work
from textual.screen import Screen

from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper, SearchResult, Selection
from digest_tui.ui.actions import open_in_browser, system_copy
from digest_tui.ui.literal import Severity, say
from digest_tui.ui.screens.modals import LinkPicker
from digest_tui.ui.widgets.paper_list import PaperList

Method = TypeVar("Method", bound=Callable[..., None])


def reports_errors(method: Method) -> Method:
    """For the body of a thread worker: a DigestError (a damaged library, a vanished
    paper, a failed write) becomes an error notification, never a crashed app."""

    @functools.wraps(method)
    def run(self: ReaderScreen, *args: Any, **kwargs: Any) -> None:
        try:
            method(self, *args, **kwargs)
        except DigestError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="error", timeout=10)

    return cast(Method, run)


class ReaderScreen(Screen[None]):
    """Owns the selection, the result and the paper shown; runs writes in workers."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.selection = Selection(sort=library.config.sort)
        self.result: SearchResult | None = None
        self.current: Paper | None = None
        self.current_note = ""
        self.active_saved: str | None = None  # the saved search whose papers are shown
        self.pending: str | None = None  # a paper to put the cursor on when results land

    def run_search(self) -> None:
        raise NotImplementedError

    def show_detail_of(self, paper_id: str) -> object:
        raise NotImplementedError

    def refresh_saved(self) -> None:
        raise NotImplementedError

    def say(
        self, message: str, *, severity: Severity = "information", timeout: float | None = None
    ) -> None:
        """Notify literally: messages hold titles, names and URLs from strangers."""
        say(self, message, severity=severity, timeout=timeout)

    def _write(
        self,
        change: Callable[[], object],
        refresh_detail: bool = True,
        search: bool = False,
        done: str | None = None,
        saved: bool = False,
    ) -> None:
        """Run one library write off the UI thread, then redraw what it changed: the rows,
        the detail, the results (`search`) and the saved-search counts (`saved`)."""

        def after(_: object) -> None:
            if done:
                self.say(done, timeout=3)
            self.query_one(PaperList).refresh_rows()
            if refresh_detail and self.current:
                self.show_detail_of(self.current.id)
            if search:
                self.run_search()
            if saved:
                self.refresh_saved()

        self._write_then(change, after)

    @work(thread=True, group="write")
    def _write_then(self, change: Callable[[], Any], then: Callable[[Any], object]) -> None:
        """Run one library write off the UI thread; on success hand its result to `then`
        on the UI thread, on failure say why."""
        try:
            result = change()
        except DigestError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="error")
            return
        self.app.call_from_thread(then, result)

    # ----- links ------------------------------------------------------------------------
    def action_copy_link(self) -> None:
        link = self.current.primary_link if self.current else None
        if link:
            self._copy(link)

    def action_open_link(self) -> None:
        link = self.current.primary_link if self.current else None
        if link:
            self._open(link)

    def action_copy_link_number(self, number: int) -> None:
        self._use_link(number - 1, "copy")

    def action_pick_link(self, verb: str) -> None:
        if not self.current or not self.current.links:
            self.say("This paper has no links.", timeout=3)
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._use_link(index, verb)

        self.app.push_screen(LinkPicker(self.current.links, verb.capitalize()), chosen)

    def _use_link(self, index: int, verb: str) -> None:
        if not self.current or not 0 <= index < len(self.current.links):
            self.say(f"No link {index + 1}.", severity="warning", timeout=3)
            return
        link = self.current.links[index]
        self._open(link) if verb == "open" else self._copy(link)

    def _copy(self, link: Link) -> None:
        self.app.copy_to_clipboard(link.url)  # OSC 52: works over SSH
        if system_copy(link.url):
            self.say(f"Copied {link.label}: {link.url}", timeout=4)
        else:
            self.say(
                f"Copied {link.url} via the terminal (OSC 52): no system clipboard here.",
                timeout=5,
            )

    @work(thread=True, group="browser")
    def _open(self, link: Link) -> None:
        if open_in_browser(link.url):
            self.app.call_from_thread(self.say, f"Opened {link.url}", timeout=3)
        else:
            self.app.call_from_thread(self._copy, link)
            self.app.call_from_thread(
                self.say,
                "No browser could be started here; copied the link instead.",
                severity="warning",
                timeout=5,
            )
