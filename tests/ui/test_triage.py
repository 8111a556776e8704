"""Triage in a few keys: a paper is read only when the reader stayed on it, a whole view
is read in one key (and back with undo); Help and Quit always in the footer; short
dates leave the title the room."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.help import HelpScreen
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.widgets.footer import DigestFooter
from digest_tui.ui.widgets.paper_list import PaperList, short_date
from tests.ui.conftest import screen_text, settle, wait_for


@pytest.fixture
def quick_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainScreen, "READ_AFTER", 0.05)


def slow_details(app: DigestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy machine: the detail follows the cursor 0.3 s late."""
    load = app.library.paper

    def slow(paper_id: str):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return load(paper_id)

    monkeypatch.setattr(app.library, "paper", slow)


async def list_with_slow_details(
    pilot,
    app: DigestApp,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> PaperList:
    """The list, focused, on a machine where the detail follows the cursor late."""
    await settle(pilot)
    papers = app.screen.query_one(PaperList)
    papers.focus()
    slow_details(app, monkeypatch)
    return papers


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


async def test_select_papers_then_bookmark_read_tag_and_export_them_at_once(
    make_app: Callable[[], DigestApp], tmp_path: Path
) -> None:
    from digest_tui.ui.screens.modals import ExportDialog, TagEditor

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        first_two = list(papers.ids[:2])
        await pilot.press("space", "space")
        await settle(pilot)
        assert papers.selected == set(first_two)
        assert "2 selected" in screen_text(app)
        await pilot.press("b")
        await wait_for(pilot, lambda: all(app.library.is_bookmarked(i) for i in first_two))
        assert not papers.selected  # done: the selection is cleared
        await pilot.press("space", "space")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        app.screen.query_one("#tag-input").value = "to read"  # type: ignore[attr-defined]
        await pilot.press("enter")
        tagged = list(papers.ids[2:4])
        await wait_for(
            pilot, lambda: all("to read" in app.library.paper(i).user_tags for i in tagged)
        )
        await pilot.press("A")  # every paper of the list
        await settle(pilot)
        assert papers.selected == set(papers.ids)
        await pilot.press("u")
        await wait_for(pilot, lambda: app.library.unread_count() == 0)
        await pilot.press("A", "E")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        target = tmp_path / "all.ris"
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
        assert target.read_text().count("ER  - ") == len(papers.ids)
    app.library.close()


async def test_an_empty_filtered_view_says_which_filters_and_c_clears_them(
    make_app: Callable[[], DigestApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("B")  # bookmarked only: none are
        await settle(pilot)
        await pilot.press("slash", *"segmentation", "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "No papers match “segmentation”" in shown
        assert "  bookmarked only" in shown and "Press c to clear them" in shown
        assert "Without them it finds" in shown  # the search alone finds papers
        await pilot.press("c")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.ids and app.screen.selection.query == "segmentation"
        assert not app.screen.selection.bookmarked
    app.library.close()


def test_small_words() -> None:
    from digest_tui.core.wording import plural

    assert plural(1, "paper") == "1 paper" and plural(2, "comment") == "2 comments"
    assert plural(1_204, "paper") == "1,204 papers"


async def test_one_paper_is_one_paper(make_app: Callable[[], DigestApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"UKBOB", "enter")
        await settle(pilot)
        assert len(app.screen.query_one(PaperList).ids) == 1
        assert " 1 paper · " in screen_text(app)
    app.library.close()


async def test_b_right_after_j_bookmarks_the_paper_moved_to(
    make_app: Callable[[], DigestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        papers = await list_with_slow_details(pilot, app, monkeypatch)
        second = papers.ids[1]
        await pilot.press("j", "b")
        await wait_for(pilot, lambda: app.library.bookmark_count() == 1)
        assert [p.id for p, _ in app.library.bookmarks()] == [second]
    app.library.close()


async def test_e_right_after_j_never_edits_the_note_of_the_paper_before(
    make_app: Callable[[], DigestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest_tui.ui.screens.modals import NoteEditor

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        papers = await list_with_slow_details(pilot, app, monkeypatch)
        second = app.library.papers([papers.ids[1]])[0]  # read past the slowed `paper`
        await pilot.press("j", "e")
        assert not isinstance(app.screen, NoteEditor)  # not the first paper's note
        await wait_for(
            pilot, lambda: app.main.current is not None and app.main.current.id == second.id
        )
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.paper_title == second.title  # type: ignore[attr-defined]
    app.library.close()


async def test_a_pause_does_not_correct_words_the_filters_hide(
    make_app: Callable[[], DigestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed inside a filter that hides its papers: the words are fine, so the pause
    retry offers no correction (it treated the unfinished word as whole: segm -> seg)."""
    from digest_tui.ui.searching import SearchRunner

    monkeypatch.setattr(SearchRunner, "SETTLE_AFTER", 0.01)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("B")  # bookmarked only: none are
        await settle(pilot)
        await pilot.press("slash", *"segm")
        await wait_for(pilot, lambda: "Without them it finds" in screen_text(app))
        await pilot.pause(0.05)  # past the pause
        await settle(pilot)
        assert "Did you mean" not in screen_text(app)
        assert "Without them it finds" in screen_text(app)  # the way out is still offered
    app.library.close()


async def test_the_footer_follows_the_focus_and_a_click_presses_its_key(
    make_app: Callable[[], DigestApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(DigestFooter)
        line = screen_text(app).splitlines()[-1]
        assert line.startswith(" ? Help  q Quit ") and line.rstrip().endswith("^p Commands")
        assert [k.description for k in footer.keys][:2] == ["Help", "Quit"]
        app.screen.query_one("#tags").focus()
        await settle(pilot)
        assert "Filter by it" in screen_text(app).splitlines()[-1]  # the tag pane's keys
        await pilot.click(DigestFooter, offset=(1, 0))  # on "?"
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    app.library.close()
