"""No SQLite on the UI thread: every library call of the app runs in a worker."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.core.store.database import Database
from digest_tui.ui.app import DigestApp

from .conftest import settle


async def test_the_ui_thread_never_touches_the_database(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(Paths.resolve(sample_dir))
    on_ui_thread: list[str] = []
    original = Database.connection

    def watched(self: Database):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            import traceback

            on_ui_thread.append("".join(traceback.format_stack(limit=8)))
        return original(self)

    monkeypatch.setattr(Database, "connection", watched)
    app = DigestApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (["slash", *"ct", "enter"], ["j", "j"], ["b"], ["u"], ["s"], ["B"], ["B"]):
            await pilot.press(*keys)
            await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press("enter")
        await settle(pilot)
        app.theme = "nord"  # saved to config.toml: a file write, also off the UI thread
        await settle(pilot)
    monkeypatch.undo()
    library.close()
    assert on_ui_thread == [], on_ui_thread[0]


async def test_a_worker_result_that_lands_while_the_app_shuts_down_is_dropped(
    sample_dir: Path,
) -> None:
    """Shutting down, Textual takes the widgets down while the screen is still attached:
    a detail read in a worker then finds no body to fill. That is the app closing, not an
    error (a test's app leaving `run_test` failed with NoMatches)."""
    from digest_tui.ui.workers import closing

    app = DigestApp(Library(Paths.resolve(sample_dir)))
    seen: list[bool] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not closing(screen)
        real = app._close_all

        async def taking_down() -> None:
            seen.append(closing(screen))
            await real()

        app._close_all = taking_down  # type: ignore[method-assign]
    assert seen == [True]
    app.library.close()
