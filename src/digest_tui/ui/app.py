"""The Textual application."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from digest_tui.core.paths import Paths


class DigestApp(App[None]):
    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        yield Static("digest-tui")
        yield Footer()


def run_app(paths: Paths) -> int:
    DigestApp(paths).run()
    return 0
