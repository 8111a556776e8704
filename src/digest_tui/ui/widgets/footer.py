"""The footer with Help and Quit first: when the terminal is too narrow for every key,
the others give way at the right end (Textual puts the app's keys last)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "quit")


class DigestFooter(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = sorted(
            (w for w in widgets if isinstance(w, FooterKey) and w.action in FIRST),
            key=lambda w: FIRST.index(w.action),
        )
        yield from first
        yield from (w for w in widgets if w not in first)
