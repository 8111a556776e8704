"""Triage in a few keys: a paper is read only when the reader stayed on it, a whole view
is read in one key (and back with undo); Help and Quit always in the footer; short
dates leave the title the room."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import pytest

from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.widgets.paper_list import PaperList, short_date
from tests.ui.conftest import screen_text, settle, wait_for


@pytest.fixture
def quick_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainScreen, "READ_AFTER", 0.05)


async def test_opening_the_app_reads_nothing(
    make_app: Callable[[], DigestApp], quick_reads: None
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.library.unread_count()
        await asyncio.sleep(0.3)  # far past READ_AFTER on the first paper
        await settle(pilot)
        assert app.library.unread_count() == before
        first = app.screen.query_one(PaperList).ids[1]
        await pilot.press("j")  # the reader moves there and stays
        await wait_for(pilot, lambda: app.library.unread_count() == before - 1)
        assert app.library.store.user.is_read(first)
    app.library.close()


async def test_mark_the_whole_view_read_then_undo(make_app: Callable[[], DigestApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"segmentation", "enter")
        await settle(pilot)
        view = app.screen.query_one(PaperList).ids
        total_unread = app.library.unread_count()
        assert 0 < len(view) < 92
        await pilot.press("R")
        await wait_for(pilot, lambda: app.library.unread_count() == total_unread - len(view))
        assert "Press z to undo" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("z")
        await wait_for(pilot, lambda: app.library.unread_count() == total_unread)
    app.library.close()


@pytest.mark.parametrize(("size", "focus"), [((80, 24), None), ((120, 40), "tags")])
async def test_help_and_quit_are_always_in_the_footer(
    make_app: Callable[[], DigestApp], size: tuple[int, int], focus: str | None
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if focus:
            app.screen.query_one(f"#{focus}").focus()
            await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer
    app.library.close()


def test_short_dates_in_rows() -> None:
    today = dt.date(2026, 8, 20)
    assert short_date(dt.date(2026, 8, 1), today) == "08-01"
    assert short_date(dt.date(2025, 8, 1), today) == "2025-08"
    assert short_date(None, today) == ""


async def test_rows_give_the_title_the_room_at_80_columns(
    make_app: Callable[[], DigestApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(PaperList).render_line(0).text.rstrip()
        date = row.split()[-1]
        assert len(date) in (5, 7)  # 08-01 or 2025-08, never 2026-08-01
        title = row[3 : len(row) - len(date)].rstrip()
        assert len(title) >= 24  # a full date left the title 20 cells here
    app.library.close()
