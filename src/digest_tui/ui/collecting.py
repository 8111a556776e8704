"""Python's full garbage collections wait for a pause in the reading.

What start-up loads (postings, words, ids, the tag table, the screen) lives as long as the
app; frozen after the warm-up, full collections no longer walk it (they took ~65 ms). What
comes after (the typo vocabulary, rows, drawn lines) still made full collections of 15-60
ms while typing, a few times a minute, each holding up a keystroke's frame. So full
collections come ten times less often on their own, and one runs after two seconds
without a search, when a pause costs nobody a keystroke. Memory stays bounded either way.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.timer import Timer

FULL_EVERY = 100  # younger collections between two automatic full ones (Python: 10)
IDLE_AFTER = 2.0  # seconds without a search before the waiting full collection runs


def resume_collections() -> None:
    """Collections resume once the first list is painted (the entry point paused them
    while starting, cli/__init__.py): what start-up made is frozen first, so the full
    collections before the warm-up's freeze do not walk it either. Nothing to do when
    they were never paused (an app run by tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def keep_out_of_collections() -> None:
    """Freeze what is loaded by now. What an earlier warm-up froze is let go first (an
    import or a refresh replaced the index's data), so its cycles are still collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)


class IdleCollector:
    """Runs the full collection that is due once searches pause (`activity` on each)."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner  # a Textual message pump: it owns the timer
        self._timer: Timer | None = None

    def activity(self) -> None:
        if self._timer is not None:
            self._timer.reset()
        else:
            self._timer = self.owner.set_timer(IDLE_AFTER, self._collect)

    def _collect(self) -> None:
        self._timer = None
        if gc.get_count()[2] > 0:  # younger collections since the last full one
            gc.collect()
