"""Pilot tests: keys pressed, and what the screen holds afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyperclip
import pytest
from textual.widgets import Input, Static

from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.ui.app import DigestApp
from digest_tui.ui.opening import start_opening
from digest_tui.ui.screens.help import HelpScreen
from digest_tui.ui.screens.modals import LinkPicker, TagEditor
from digest_tui.ui.widgets.paper_detail import PaperDetail
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import TagPane

from .conftest import settle, wait_for

AppFactory = Callable[[], DigestApp]


def list_of(app: DigestApp) -> PaperList:
    return app.screen.query_one(PaperList)


def status(app: DigestApp) -> str:
    content = app.screen.query_one("#status", Static).content
    return content.plain if hasattr(content, "plain") else str(content)


def detail_text(app: DigestApp) -> str:
    body = app.screen.query_one(PaperDetail).query_one("#detail-body", Static)
    lines = app.console.render_lines(body.content, app.console.options.update_width(200))
    return "\n".join("".join(seg.text for seg in line) for line in lines)


def row_text(app: DigestApp, y: int) -> str:
    return list_of(app).render_line(y).text


async def type_query(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    for char in text:
        await pilot.press(char if char != " " else "space")
    await settle(pilot)


async def test_launch_shows_the_sample_and_search_narrows_list_and_tags(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(list_of(app).ids) == 92
        tags = app.screen.query_one(TagPane)
        before = {o.id: str(o.prompt) for o in tags.options}
        await type_query(pilot, "segmentation")
        assert 20 <= len(list_of(app).ids) < 92
        assert "29 papers" in status(app) or "papers" in status(app)
        after = {o.id: str(o.prompt) for o in tags.options}
        assert after != before
        assert "segmentation" in detail_text(app).lower()


async def test_cursor_keys_and_enter_focus_detail(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        papers = list_of(app)
        await pilot.press("j", "j", "down")
        assert papers.cursor == 3
        await pilot.press("k")
        assert papers.cursor == 2
        await pilot.press("G")
        assert papers.cursor == 91
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("pagedown")
        assert papers.cursor > 10
        await pilot.press("enter")
        assert isinstance(app.focused, PaperDetail)
        await pilot.press("escape")
        assert app.focused is papers


async def test_bookmark_survives_a_restart(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        chosen = list_of(app).current_id
        await pilot.press("b")
        await settle(pilot)
        assert "★" in row_text(app, 1)
    app.library.close()
    again = DigestApp(Library(Paths.resolve(sample_dir)))
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert chosen is not None and again.library.is_bookmarked(chosen)
        await pilot.press("B")
        await settle(pilot)
        assert list_of(again).ids == (chosen,)
        assert "bookmarked only" in status(again)
    again.library.close()


async def test_copy_uses_pyperclip_and_osc52(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        paper = app.library.paper(list_of(app).current_id or "")
        assert copied == [paper.links[0].url]
        assert app.clipboard == paper.links[0].url
        await pilot.press("Y")
        await settle(pilot)
        assert isinstance(app.screen, LinkPicker)
        await pilot.press("2")
        await settle(pilot)
        assert copied[-1] == paper.links[1].url
        await pilot.press("tab")  # to the detail pane: digits copy links there
        await pilot.press("1")
        await settle(pilot)
        assert copied[-1] == paper.links[0].url


async def test_without_a_clipboard_osc52_is_used_and_said(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard")

    monkeypatch.setattr(pyperclip, "copy", fail)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith("https://")
        assert any("OSC 52" in str(n.message) for n in app._notifications)


async def test_open_without_browser_copies_instead(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard.startswith("https://")
        assert any("No browser" in str(n.message) for n in app._notifications)


async def test_sort_cycles_and_shows_in_status(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "segmentation")
        await pilot.press("enter")
        assert "sort: relevance" in status(app)
        await pilot.press("s")
        await settle(pilot)
        assert "sort: newest" in status(app)
        await pilot.press("s", "s")
        await settle(pilot)
        assert "sort: title" in status(app)
        titles = [p.title.casefold() for p in app.library.papers(list_of(app).ids)]
        assert titles == sorted(titles)


async def test_help_lists_every_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(
            "".join(seg.text for line in app.console.render_lines(s.content) for seg in line)
            for s in app.screen.query(Static)
        )
        for needle in ("Bookmark", "Copy link", "Paper list", "Detail pane", "Tag pane", "Quit"):
            assert needle in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_invalid_query_is_shown_and_results_stay(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "pancreas")
        kept = list_of(app).ids
        await type_query(pilot, ' "open')
        assert app.screen.query_one("#search", Input).has_class("-invalid")
        assert "Query error" in status(app)
        assert list_of(app).ids == kept


async def test_no_match_suggests_a_correction(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "pancreass segmentation")  # typed: typos wait for a pause
        await wait_for(pilot, lambda: "Did you mean: pancreas segmentation" in status(app))
        assert list_of(app).ids  # the papers the correction finds
        await pilot.press("escape", "escape")
        await settle(pilot)
        await type_query(pilot, "segmentation pancreass")
        await pilot.press("enter")  # Enter does not wait for the pause
        await settle(pilot)
        assert "Did you mean: segmentation pancreas" in status(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        keys = ["space" if c == " " else c for c in "pancreass segmentation"]
        await pilot.press("slash", *keys, "enter")  # Enter before the typed text is searched
        await settle(pilot)
        assert "Did you mean: pancreas segmentation" in status(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await type_query(pilot, "zqxwv")
        assert list_of(app).ids == ()
        assert "No papers match" in row_text(app, 0)


async def test_edit_tags_and_filter_by_tag(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        paper_id = list_of(app).current_id
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"to read", "enter")
        await settle(pilot)
        assert app.library.paper(paper_id or "").user_tags == ("to read",)
        tags = app.screen.query_one(TagPane)
        ids = [o.id for o in tags.options]
        assert "tag:user:to read" in ids
        tags.focus()
        tags.highlighted = ids.index("tag:user:to read")
        await pilot.press("enter")
        await settle(pilot)
        assert list_of(app).ids == (paper_id,)
        assert "tags: to read" in status(app)


async def test_the_app_opening_an_empty_library_shows_the_sample(data_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(data_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.screen.query_one(PaperList).ids) == 92)
    app.library.close()


async def test_empty_library_shows_a_welcome(data_dir: Path) -> None:
    library = Library(Paths.resolve(data_dir))
    library.seed_sample()
    library.remove_digest(library.sample_digest())  # the user removed it: it stays away
    app = DigestApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "library is empty" in row_text(app, 0)
        assert "digest-tui import" in " ".join(row_text(app, y) for y in range(8))
    app.library.close()


HOSTILE = [
    "[/]",
    "[bold]x",
    "[@click=app.quit]x",
    "[link=file:///etc/passwd]x[/link]",
    "clear\x1b[2Jscreen",
    "osc\x1b]52;c;aGk=\x07",
    "bidi \u202eevil",
]


async def test_hostile_titles_render_literally(data_dir: Path) -> None:
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    day = dt.date(2025, 1, 1)
    papers = tuple(
        Paper(
            f"2501.0000{i}",
            title,
            f"abstract {title}",
            authors=(title,),
            digest_dates=(day,),
            links=(Link(title, "https://example.org/x"),),
        )
        for i, title in enumerate(HOSTILE)
    )
    lib.import_parsed(ParsedDigest("jsonl", papers, day), "hostile")
    app = DigestApp(lib)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        shown = [row_text(app, y) for y in range(len(HOSTILE))]
        joined = "\n".join(shown)
        for literal in ("[/]", "[bold]x", "[@click=app.quit]x", "[link=file:///etc/passwd]x"):
            assert literal in joined
        assert "\x1b" not in joined and "\x07" not in joined
        assert "␛[2J" in joined and "<U+202E>" in joined
        for _ in HOSTILE:
            assert "\x1b" not in detail_text(app)
            await pilot.press("j")
            await settle(pilot)
        assert app.is_running  # the [@click=app.quit] title did not quit
    lib.close()


async def test_narrow_terminals_fold_the_tag_pane_and_stack(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(TagPane).display
        await pilot.press("T")
        await pilot.pause()
        assert app.screen.query_one(TagPane).display
    app = make_app()
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(PaperDetail).display
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(PaperDetail).display
        assert not list_of(app).display
        await pilot.press("escape")
        await pilot.pause()
        assert list_of(app).display


async def test_q_quits_and_mouse_clicks_choose_papers(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        papers = list_of(app)
        await pilot.click(PaperList, offset=(5, 4))
        await settle(pilot)
        assert papers.cursor == 3 + papers.scroll_offset.y
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_runs_actions_and_goes_to_papers(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"DeepOrgan")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        current = list_of(app).current_id
        assert current and "DeepOrgan" in app.library.paper(current).title
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Bookmarks only")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert "bookmarked only" in status(app)


async def test_digest_keys_step_through_dates(sample_dir: Path) -> None:
    lib = Library(Paths.resolve(sample_dir))
    day = dt.date(2020, 1, 2)
    lib.import_parsed(
        ParsedDigest("jsonl", (Paper("2001.00001", "Older paper", "x", digest_dates=(day,)),), day),
        "old",
    )
    newest = lib.digest_dates()[-1]
    app = DigestApp(lib)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the app opens on the newest digest
        assert f"Digest: {newest.isoformat()}" in status(app)
        assert len(list_of(app).ids) == 92
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Digest: 2020-01-02" in status(app) and len(list_of(app).ids) == 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert f"Digest: {newest.isoformat()}" in status(app)
        await pilot.press("backslash")
        await settle(pilot)
        assert "Digest: all" in status(app) and len(list_of(app).ids) == 93
    lib.close()


async def test_theme_is_remembered(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    app.library.close()
    again = DigestApp(Library(Paths.resolve(sample_dir)))
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
    again.library.close()


def app_of(paths: Paths, early: bool) -> DigestApp:
    """The app as the CLI starts it (`early`: its opening read while Textual loads)."""
    library = Library(paths)
    return DigestApp(library, start_opening(library) if early else None)


@pytest.mark.parametrize("early", [False, True])
@pytest.mark.parametrize("open_on", ["all", "last"])
async def test_the_view_to_open_on_and_what_is_new_since_the_last_visit(
    sample_dir: Path, open_on: str, early: bool
) -> None:
    """The visit begins once (a second beginning would make nothing new since)."""
    paths = Paths.resolve(sample_dir)
    paths.config_file.write_text(f'[view]\nopen = "{open_on}"\n', encoding="utf-8")
    app = app_of(paths, early)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # "last" with no view remembered yet: the newest digest
        first = "Digest: all" if open_on == "all" else "Digest: 2026-08-01"
        assert first in status(app) and "new since" not in status(app)
        await pilot.press("B")  # bookmarked only: the view "last" brings back
        await settle(pilot)
    app.library.visits.remember(app.main.selection)  # what run_app does on the way out
    app.library.close()
    day = dt.date(2020, 1, 2)
    with Library(paths) as lib:  # a paper arrives between two visits
        lib.import_parsed(
            ParsedDigest("jsonl", (Paper("2001.00001", "Newer", "x", digest_dates=(day,)),), day),
            "new",
        )
    app = app_of(paths, early)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if open_on == "last":
            assert "bookmarked only" in status(app)
        else:
            assert "Digest: all" in status(app) and "(1 new since your last visit)" in status(app)
    app.library.close()
