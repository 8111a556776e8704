"""Pilot tests: saved searches, notes, similar papers, unread, export, key remapping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, TextArea

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp
from digest_tui.ui.messages import View
from digest_tui.ui.screens.help import HelpScreen
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.screens.modals import Confirm, ExportDialog, NoteEditor, Prompt, SimilarPicker
from digest_tui.ui.widgets.tag_pane import SAVED_PREFIX, TagPane
from tests.bib import bib_entries

from .conftest import settle
from .test_reader import detail_text, list_of, status, type_query

AppFactory = Callable[[], DigestApp]


def tag_ids(app: DigestApp) -> list[str]:
    return [o.id or "" for o in app.screen.query_one(TagPane).options]


async def choose_tag_entry(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    pane = pilot.app.screen.query_one(TagPane)
    pane.focus()
    pane.highlighted = tag_ids(pilot.app).index(key)
    await pilot.press("enter")
    await settle(pilot)


async def test_save_search_shows_in_tag_pane_and_reapplies(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "segmentation")
        await pilot.press("enter", "S")
        assert isinstance(app.screen, Prompt)
        assert app.screen.query_one(Input).value == "segmentation"
        await pilot.press("enter")
        await settle(pilot)
        assert SAVED_PREFIX + "segmentation" in tag_ids(app)
        assert status(app).startswith("Saved: segmentation")
        expected = len(list_of(app).ids)
        await pilot.press("slash", "escape")  # Esc in the search box clears it
        await settle(pilot)
        assert len(list_of(app).ids) == 92
        await choose_tag_entry(pilot, SAVED_PREFIX + "segmentation")
        assert len(list_of(app).ids) == expected
        assert app.screen.query_one("#search", Input).value == "segmentation"
        # rename (R) and delete (d, confirmed) from the tag pane
        await pilot.press("R")
        assert isinstance(app.screen, Prompt)
        app.screen.query_one(Input).value = "seg"
        await pilot.press("enter")
        await settle(pilot)
        assert SAVED_PREFIX + "seg" in tag_ids(app)
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert SAVED_PREFIX + "seg" in tag_ids(app)
        await pilot.press("d", "y")
        await settle(pilot)
        assert not [i for i in tag_ids(app) if i.startswith(SAVED_PREFIX)]
    with Library(Paths.resolve(sample_dir)) as lib:
        assert lib.saved.all() == []


async def test_note_editor_saves_and_asks_before_discarding(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        paper_id = list_of(app).current_id
        assert paper_id
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("Key idea: [bold]not markup[/]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Key idea: [bold]not markup[/]" in detail_text(app)
        await pilot.press("e")
        app.screen.query_one(TextArea).insert(" more")
        await pilot.press("escape")
        assert isinstance(app.screen, NoteEditor)  # changed: the first Esc only warns
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    with Library(Paths.resolve(sample_dir)) as lib:
        assert lib.note(paper_id) == "Key idea: [bold]not markup[/]"
        assert paper_id in lib.search(Selection(query="note:idea")).ids


async def test_similar_lists_papers_and_goes_to_one(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "TotalSegmentator")
        await pilot.press("enter")
        source = list_of(app).current_id
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, SimilarPicker)
        similar = [p.id for p, _ in app.screen.similar]
        assert similar and source not in similar
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert list_of(app).current_id == similar[0]


async def test_unread_entry_and_n_jumps(sample_dir: Path) -> None:
    with Library(Paths.resolve(sample_dir)) as lib:
        ids = lib.search(Selection()).ids
        for paper_id in ids[1:5]:
            lib.set_read(paper_id)
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert list_of(app).cursor == 0
        await pilot.press("n")
        await settle(pilot)
        assert list_of(app).cursor == 5
        await pilot.press("N")
        await settle(pilot)
        assert list_of(app).cursor == 0
        await choose_tag_entry(pilot, View.UNREAD.value)
        assert len(list_of(app).ids) <= 88 and ids[1] not in list_of(app).ids
        assert "unread only" in status(app)


async def test_export_dialog_writes_the_list(sample_dir: Path, tmp_path: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    target = tmp_path / "mine.bib"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "segmentation")
        count = len(list_of(app).ids)
        await pilot.press("enter", "E")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    assert len(bib_entries(target.read_text())) == count


async def test_keys_remapped_in_config(sample_dir: Path) -> None:
    config = Paths.resolve(sample_dir).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\ntoggle_bookmark = "x"\nno_such_action = "z"\n')
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("no_such_action" in str(n.message) for n in app._notifications)
        paper_id = list_of(app).current_id
        await pilot.press("b")
        await settle(pilot)
        assert not app.library.is_bookmarked(paper_id or "")
        await pilot.press("x")
        await settle(pilot)
        assert app.library.is_bookmarked(paper_id or "")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help").query("Static")[1].content
        rows = [
            line
            for line in app.console.render_lines(text)
            if "Bookmark" in "".join(s.text for s in line)
        ]
        first = "".join(s.text for s in rows[0])
        assert first.split()[0] == "x" and "toggle_bookmark" in first
