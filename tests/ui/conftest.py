"""UI fixtures: an app on a throwaway library, and a way to wait for its workers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.main import MainScreen


async def settle(pilot: Pilot[None], rounds: int = 4) -> None:
    """Let workers finish and their results land on screen. (A worker a newer one replaced
    is cancelled: that is how stale searches stop, not a failure.)"""
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()


async def wait_for(pilot: Pilot[None], holds: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `holds()` (something a timer brings, such as the retry after a typing
    pause), checking after each round of events; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not holds():
        if loop.time() > deadline:
            raise AssertionError("the screen never got there")
        await settle(pilot, rounds=1)
        await pilot.pause(0.02)


@pytest.fixture
def make_app(sample_dir: Path) -> Callable[[], DigestApp]:
    def make() -> DigestApp:
        return DigestApp(Library(Paths.resolve(sample_dir)))

    return make


@pytest.fixture
def fixed_sample_dir(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sample library with a fixed year and no read timer: stable snapshots."""
    monkeypatch.setattr(MainScreen, "READ_AFTER", 3600.0)
    with Library(Paths.resolve(data_dir), seed_sample=False) as lib:
        lib.import_sample(year=2025)
    return data_dir


def screen_text(app: DigestApp) -> str:
    """What the terminal shows now, as plain lines (the compositor's strips)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def layouts_from_now(app: App[Any]) -> list[object]:
    """Each layout of the app's screen from now on (Textual lays out the whole screen:
    what a keystroke or a new result should not cost)."""
    layouts: list[object] = []
    screen = app.screen
    real = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        layouts.append(args)
        real(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts
