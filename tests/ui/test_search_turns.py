"""Searches while typing take turns, and one a newer keystroke replaced never runs: at 20
keys/s, a search per prefix running side by side shared the interpreter with the newest
and made it several times slower (benchmarks/trace_typing.py, benchmarks/terminal.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Static

from digest_tui.core.library import Library
from digest_tui.core.models import SearchResult, Selection
from digest_tui.ui.app import DigestApp

from .conftest import settle, wait_for


async def test_searches_a_newer_key_replaced_are_skipped(
    make_app: Callable[[], DigestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    asked: list[str] = []
    release = threading.Event()
    original = Library.search

    def search(self: Library, selection: Selection, *args: Any, **kwargs: Any) -> SearchResult:
        asked.append(selection.query)
        if selection.query == "s":  # the first key's search is slow: the rest wait for it
            assert release.wait(10)
        return original(self, selection, *args, **kwargs)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setattr(Library, "search", search)
            await pilot.press("slash", "s")
            await wait_for(pilot, lambda: asked == ["s"])
            await pilot.press(*"egm")  # three searches queued behind the slow one
            await pilot.pause()
            release.set()
            await settle(pilot)
            expected = len(original(app.library, Selection(query="segm"), live=True).ids)
            status = app.screen.query_one("#status", Static).content
            shown = status.plain if hasattr(status, "plain") else str(status)
            assert asked == ["s", "segm"]  # "se" and "seg" were replaced before their turn
            assert expected > 0
            assert f"{expected} paper" in shown
    finally:
        release.set()
        app.library.close()
