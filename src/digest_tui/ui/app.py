"""The Textual application: styles, theme, global keys and the main screen."""

from __future__ import annotations

import contextlib
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.ui.collecting import resume_collections
from digest_tui.ui.commands import DigestCommands
from digest_tui.ui.literal import say
from digest_tui.ui.messages import StateWritten
from digest_tui.ui.opening import Opening
from digest_tui.ui.screens.help import HelpScreen, Section
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.sync_flow import SyncFlow
from digest_tui.ui.widgets.paper_detail import PaperDetail
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import TagPane


def styles_dir() -> Path:
    """The .tcss folder: inside the installed package, else the checkout's `styles/`."""
    packaged = Path(__file__).resolve().parent.parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


class DigestApp(App[None]):
    TITLE = "digest-tui"
    CSS_PATH = styles_dir() / "app.tcss"
    COMMANDS = App.COMMANDS | {DigestCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, library: Library, opening: Future[Opening] | None = None) -> None:
        super().__init__()
        self.library = library
        self.main = MainScreen(library, opening)
        self.syncing = SyncFlow(self)

    def on_mount(self) -> None:
        self.set_timer(3.0, resume_collections)  # (if no list is painted by then)
        preferences = self.library.preferences
        if preferences.theme and preferences.theme in self.available_themes:
            self.theme = preferences.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if preferences.warning:
            say(self, preferences.warning, severity="warning")
        self._apply_keymap()
        self.push_screen(self.main)
        self.syncing.start()

    def on_state_written(self, message: StateWritten) -> None:
        self.syncing.changed()

    def _remember_theme(self, theme: Theme) -> None:
        self._save_theme(theme.name)

    @work(thread=True, exclusive=True, group="theme")
    def _save_theme(self, name: str) -> None:
        """config.toml is written off the UI thread."""
        try:
            self.library.save_theme(name)
        except (OSError, DigestError) as exc:
            message = f"Could not save the theme: {exc}"
            self.call_from_thread(say, self, message, severity="warning")

    @staticmethod
    def sections() -> list[Section]:
        return [
            ("Everywhere", DigestApp.BINDINGS),
            ("Main screen", MainScreen.BINDINGS),
            ("Paper list", PaperList.BINDINGS),
            ("Detail pane", PaperDetail.BINDINGS),
            ("Tag pane", TagPane.BINDINGS),
        ]

    def _apply_keymap(self) -> None:
        """Remap keys from config.toml's [keys]; unknown action names are reported, not fatal."""
        known = {
            b.id for _, bindings in self.sections() for b in bindings if isinstance(b, Binding)
        }
        keys = self.library.preferences.keys
        unknown = sorted(name for name in keys if name not in known)
        if unknown:
            say(
                self,
                f"{self.library.preferences.config_file}: [keys] has unknown action names: "
                f"{', '.join(unknown)} (the help screen, ?, lists the names)",
                severity="warning",
                timeout=10,
            )
        self.set_keymap({k: v for k, v in keys.items() if k in known and v.strip()})

    @property
    def keymap(self) -> dict[str, str]:
        return dict(self.library.preferences.keys)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.sections(), self.keymap))


def run_app(library: Library, opening: Future[Opening] | None = None) -> int:
    """Run the app on an open library (closed on the way out); `opening`: its first
    view, being read (ui/opening.py)."""
    app = DigestApp(library, opening)
    # Searches run in threads. Each time the UI thread lets go of the GIL (writing a frame,
    # waiting for a key) a busy worker holds it for up to the switch interval (5 ms by
    # default) before the UI gets it back, and a frame lets go many times: at 1 ms, keys
    # show and results paint without that queue.
    sys.setswitchinterval(0.001)
    try:
        app.run()
        with contextlib.suppress(DigestError):
            library.visits.remember(app.main.selection)  # for [view] open = "last"
    finally:
        library.close()
    return app.return_code or 0  # non-zero when the app crashed
