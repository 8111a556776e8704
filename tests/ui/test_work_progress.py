"""Long work shows a bar and a status line; the bar is mounted when first needed (a visit
that needs none opens without it) and hidden when the work is over."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import ProgressBar

from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.main import MainScreen

from .conftest import screen_text, settle, wait_for


async def test_the_bar_is_mounted_for_work_and_hidden_after(
    make_app: Callable[[], DigestApp],
) -> None:
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await wait_for(pilot, lambda: screen.searches.painted)
            assert not screen.query("#progress")  # opened without one
            screen.progress(30, 120, "Indexing")
            await settle(pilot)
            bar = screen.query_one("#progress", ProgressBar)
            assert bar.display and (bar.progress, bar.total) == (30, 120)
            assert "Indexing: 30 of 120" in screen_text(app)
            screen.progress(90, 120)
            await settle(pilot)
            assert bar.progress == 90 and "Indexing: 90 of 120" in screen_text(app)
            screen.progress(-1, 0)
            await settle(pilot)
            assert not bar.display and "Indexing" not in screen_text(app)
            screen.progress(1, 2, "Retagging")  # the same bar again
            await settle(pilot)
            assert len(screen.query("#progress")) == 1 and bar.display
            assert "Retagging: 1 of 2" in screen_text(app)
    finally:
        app.library.close()
