"""The hostile corpus through every surface of the app: palette hits (and a click on
one), notifications, modal titles, input values, the help screen; and screen actions on a
paper another process removed."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input, Label

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.modals import ExportDialog, NoteEditor, Prompt, TagEditor
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import TagPane

from ..ui.conftest import settle
from .corpus import CLICK, hostile_library, raw_chars


def open_hostile_app(sample_dir: Path) -> DigestApp:
    library = Library(Paths.resolve(sample_dir))
    hostile_library(library)
    return DigestApp(library)


def prompts(app: DigestApp) -> list[Content]:
    options = app.screen.query_one(CommandList).options
    return [o.prompt for o in options if isinstance(o.prompt, Content)]


def has_action(content: Content) -> bool:
    """True if any span of the content carries a click action or a hyperlink."""
    for span in content.spans:
        style = span.style
        meta = getattr(style, "meta", None) or {}
        if "@click" in meta or getattr(style, "link", None):
            return True
    return False


async def palette(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette_input = pilot.app.screen.query_one(Input)
    palette_input.value = query
    for _ in range(20):
        await pilot.pause(0.1)
        if prompts(pilot.app):
            break
    await settle(pilot)


async def test_palette_hits_show_data_literally_and_a_click_runs_no_action(
    sample_dir: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    app = open_hostile_app(sample_dir)
    ran: list[str] = []
    monkeypatch.setattr(DigestApp, "action_screenshot", lambda self, *a: ran.append("shot"))
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await palette(pilot, "Hostile 0")
        shown = prompts(app)
        texts = [p.plain for p in shown]
        assert any(CLICK in text for text in texts), texts
        assert not any(has_action(p) for p in shown)
        assert all(not raw_chars(text) for text in texts)
        await pilot.click(CommandList, offset=(20, 1))
        await settle(pilot)
        assert ran == [] and not list(tmp_path.glob("*.svg"))
        assert not isinstance(app.screen, CommandPalette)
        current = app.screen.query_one(PaperList).current_id
        assert current == "2502.00000"  # the click went to the paper, nothing else ran


async def test_bracketed_words_and_a_closing_tag_survive_the_palette(sample_dir: Path) -> None:
    app = open_hostile_app(sample_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await palette(pilot, "Hostile")
        texts = [p.plain for p in prompts(app)]
        assert any("[Re] Improving a reproduction" in t for t in texts), texts
        assert any("Insert [PAUSE] Tokens" in t for t in texts)
        assert any(t.endswith("Hostile 2: [/]") for t in texts)  # the provider did not fail
        assert not any("more characters]" in t for t in texts)
        await pilot.press("escape")
        await palette(pilot, "Filter by tag: t0")
        tags = [p for p in prompts(app) if "Filter by tag" in p.plain]
        assert tags and not any(has_action(p) for p in tags)
        assert any("[@click=app.scr" in p.plain for p in tags)
    app.library.close()


async def test_names_and_titles_in_modals_inputs_and_notifications(sample_dir: Path) -> None:
    app = open_hostile_app(sample_dir)
    name = CLICK + " \x1b[2J"
    app.library.saved.save(name, Selection("hostile"))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("backslash")  # all digests: the hostile one is not the newest
        await settle(pilot)
        pane = app.screen.query_one(TagPane)
        labels = [str(o.prompt) for o in pane.options]
        assert any("⌕ [@click=app." in label for label in labels), labels  # cut to fit
        pane.focus()
        pane.highlighted = next(i for i, o in enumerate(pane.options) if "⌕" in str(o.prompt))
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, Prompt)
        title = app.screen.query_one(".modal-title", Label)
        assert CLICK in str(title.content) and not raw_chars(str(title.content))
        value = app.screen.query_one(Input).value
        assert CLICK in value and not raw_chars(value)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash", *"Hostile", "enter")
        await settle(pilot)
        app.screen.query_one(PaperList).cursor = 0
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        assert not raw_chars(app.screen.query_one(Input).value)
        await pilot.press("escape")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert messages and all(not raw_chars(m) for m in messages)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        assert app.is_running
    app.library.close()


async def test_actions_on_a_paper_another_process_removed_say_so(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        other = Library(Paths.resolve(sample_dir))
        other.remove_digest(other.sample_digest())  # `sample remove` in another shell
        other.close()
        for key in ("u", "b", "m"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, key
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "no paper" in messages
    app.library.close()
    assert app.return_code in (0, None)


async def test_the_export_dialog_takes_a_folder_then_a_format_change(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        for folder in ("/", "."):
            app.screen.query_one("#export-path", Input).value = folder
            app.screen.query_one("#export-format").value = "markdown"  # type: ignore[attr-defined]
            await settle(pilot)
            app.screen.query_one("#export-format").value = "json"  # type: ignore[attr-defined]
            await settle(pilot)
            assert app.is_running
            assert app.screen.query_one("#export-path", Input).value == folder
    app.library.close()


def test_a_crash_inside_the_app_exits_non_zero(sample_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from digest_tui.ui import app as app_module
    from digest_tui.ui.screens.main import MainScreen

    def boom(self: MainScreen) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(MainScreen, "action_cycle_sort", boom)

    class Pressing(DigestApp):
        def run(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            async def press(pilot) -> None:  # type: ignore[no-untyped-def]
                await pilot.pause()
                await pilot.press("s")

            super().run(headless=True, size=(100, 30), auto_pilot=press)

    monkeypatch.setattr(app_module, "DigestApp", Pressing)
    from digest_tui.ui.opening import launch  # as the CLI starts the app

    assert launch(Paths.resolve(sample_dir)) != 0
