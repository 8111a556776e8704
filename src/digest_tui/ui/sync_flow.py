"""Sync in the app, when `[sync] folder` is set: once after the first paint, a few seconds
after each change (debounced: a burst of bookmarks is one sync), and every few minutes
for what the other machines did. Runs in a thread worker; the status line says when it
last synced and with how many machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from digest_tui.core.errors import DigestError
from digest_tui.ui.literal import say
from digest_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from digest_tui.ui.app import DigestApp

AFTER_CHANGE = 3.0  # seconds of quiet after a change before syncing
EVERY = 300.0  # seconds between syncs that fetch the other machines' changes


class SyncFlow:
    def __init__(self, app: DigestApp) -> None:
        self.app = app
        self.library = app.library
        self._debounce: Timer | None = None
        self._failed: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.library.config.sync_folder)

    def start(self) -> None:
        if not self.enabled:
            return
        self.app.set_timer(0.5, self.run)  # after the first paint: launch stays quick
        self.app.set_interval(EVERY, self.run)

    def changed(self) -> None:
        """The user changed something: sync once they pause."""
        if not self.enabled:
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.app.set_timer(AFTER_CHANGE, self.run)

    def run(self) -> None:
        self.app.run_worker(
            self._sync, thread=True, exclusive=True, group="sync", exit_on_error=False
        )

    def _sync(self) -> None:
        try:
            report = self.library.sync.run()
            text = self.library.sync.status()["text"]
        except DigestError as exc:
            self.app.call_from_thread(self._show_failure, str(exc))
            return
        except Exception as exc:  # a sync bug must not close the reader
            self.app.call_from_thread(self._show_failure, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._show, str(text), report.applied + report.papers_added)

    def _show(self, text: str, changes: int) -> None:
        self._failed = None
        self.app.main.query_one(StatusLine).set_sync(text)
        if changes:  # the other machines changed something: show it
            self.app.main.action_refresh()

    def _show_failure(self, reason: str) -> None:
        self.app.main.query_one(StatusLine).set_sync("sync failed")
        if reason != self._failed:  # said once, not every few minutes
            say(self.app, f"Sync: {reason}", severity="warning", timeout=10)
        self._failed = reason
