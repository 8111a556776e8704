"""Searches while typing take turns, and one a newer keystroke replaced never runs: at 20
keys/s, a search per prefix running side by side shared the interpreter with the newest
and made it several times slower (benchmarks/trace_typing.py, benchmarks/terminal.py).
Enter does not wait for the typing pause before typos are tried."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Static

from digest_tui.core.library import Library
from digest_tui.core.models import SearchResult, Selection
from digest_tui.ui.app import DigestApp
from digest_tui.ui.searching import SearchRunner

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
            assert asked == ["s", "segm"]  # "se" and "seg" were replaced before their turn
            assert expected > 0
            assert f"{expected} paper" in shown(app)
    finally:
        release.set()
        app.library.close()


async def test_enter_before_the_search_answers_retries_typos_at_once(
    make_app: Callable[[], DigestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter pressed while the typed query is still being searched: when that search finds
    nothing, the typo-tolerant one runs at once, not after the typing pause."""
    monkeypatch.setattr(SearchRunner, "SETTLE_AFTER", 3600.0)  # the pause never ends here
    app = make_app()
    typed = "segmentation pancreass"  # its prefixes find papers, the whole query none
    release = threading.Event()
    original = Library.search

    def search(self: Library, selection: Selection, *args: Any, **kwargs: Any) -> SearchResult:
        if selection.query == typed and kwargs.get("live"):
            assert release.wait(10)  # answers only after Enter
        return original(self, selection, *args, **kwargs)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setattr(Library, "search", search)
            await pilot.press("slash", *["space" if c == " " else c for c in typed], "enter")
            await pilot.pause()
            release.set()
            await wait_for(pilot, lambda: "Did you mean: segmentation pancreas" in shown(app))
            assert "typo-tolerant" in shown(app)
    finally:
        release.set()
        app.library.close()


def shown(app: DigestApp) -> str:
    status = app.screen.query_one("#status", Static).content
    return status.plain if hasattr(status, "plain") else str(status)
