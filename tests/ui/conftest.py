"""UI fixtures: an app on a throwaway library, and a way to wait for its workers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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
