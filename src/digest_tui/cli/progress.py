"""Progress on stderr for long commands: rich bars (rate and time left) in a terminal,
one bar per phase of an import; plain lines, a few a phase, when output is piped or
redirected (a log shows the work going on, not four silent minutes)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from digest_tui.core.models import Phase, PhaseProgress

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

PLAIN_EVERY = 5.0  # seconds between two plain lines of one phase
PLAIN_QUIET = 1.0  # seconds of work before the first plain line: quick work stays silent


def interactive() -> bool:
    return sys.stderr.isatty() and sys.stdout.isatty()


def _bars() -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")

    return Progress(
        TextColumn("{task.description:<13}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


@contextlib.contextmanager
def phase_progress() -> Iterator[PhaseProgress]:
    """A reporter for work in phases: each phase its own bar, added when it starts (its
    total is known then); finished phases stay on screen."""
    if not interactive():
        yield PlainLines(quiet_for=PLAIN_QUIET)
        return
    with _bars() as bars:
        tasks: dict[Phase, TaskID] = {}

        def update(phase: Phase, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bars.add_task(phase.value, total=total or None)
            bars.update(tasks[phase], completed=done, total=total or None)

        yield update


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """One bar for work of one kind (fetching, retagging); gone when the work is."""
    if not interactive():
        plain = PlainLines(quiet_for=PLAIN_EVERY)
        yield lambda done, total: plain.line(label, done, total)
        return
    bars = _bars()
    bars.live.transient = True
    with bars:
        task = bars.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bars.update(task, completed=done, total=total or None)

        yield update


class PlainLines:
    """Progress as lines on stderr: a phase's start, a line every few seconds, its end."""

    def __init__(self, quiet_for: float = 0.0) -> None:
        self._last: dict[str, tuple[float, int]] = {}
        self._quiet_until = time.monotonic() + quiet_for

    def __call__(self, phase: Phase, done: int, total: int) -> None:
        self.line(phase.value, done, total)

    def line(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now < self._quiet_until:
            return
        last = self._last.get(what)
        finished = total > 0 and done >= total
        if last is not None and (last[1] == done or (now - last[0] < PLAIN_EVERY and not finished)):
            return
        self._last[what] = (now, done)
        shown = f"{done:,}/{total:,}" if total else f"{done:,}"
        print(f"{what}: {shown}", file=sys.stderr, flush=True)
