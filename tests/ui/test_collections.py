"""Collections wait while the app starts (they walked start-up's objects and found
nothing, one of 25-40 ms in the first frame). What start-up loads (postings, words, ids,
the tag table) is kept out of Python's full
garbage collections once the index is warm, and the full collections still due wait for
a pause in searching: each walked tens of milliseconds of objects and held up a
keystroke's frame. Measured in tmux by benchmarks/terminal.py and benchmarks/frames.py."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from digest_tui.ui import collecting
from digest_tui.ui.app import DigestApp

from .conftest import wait_for


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Generations of the collections that finish; Python's settings restored after."""
    finished: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            finished.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.unfreeze()
    gc.callbacks.append(seen)
    try:
        yield finished
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()  # the other tests run as before
        gc.set_threshold(*thresholds)


async def test_start_up_data_is_frozen_after_the_warm_up(
    make_app: Callable[[], DigestApp], collections: list[int]
) -> None:
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: gc.get_freeze_count() > 0)
            assert app.library.tag_counts_ready()  # frozen after the warm-up, not before
            assert gc.get_threshold()[2] == collecting.FULL_EVERY
    finally:
        app.library.close()


async def test_a_full_collection_waits_until_searches_pause(
    make_app: Callable[[], DigestApp],
    collections: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collecting, "IDLE_AFTER", 1.0)
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: gc.get_freeze_count() > 0)
            gc.collect(1)  # a younger collection: a full one is now due
            collections.clear()
            await pilot.press("slash", *"diffusion")
            assert 2 not in collections  # not while typing
            await wait_for(pilot, lambda: 2 in collections)  # the pause's
    finally:
        app.library.close()


async def test_collections_paused_at_start_resume_once_the_list_is_painted(
    make_app: Callable[[], DigestApp], collections: list[int]
) -> None:
    app = make_app()
    gc.disable()  # as the entry point leaves them (digest_tui.cli.main)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.screen.searches.painted)
            await wait_for(pilot, gc.isenabled)
            assert gc.get_freeze_count() > 0  # start-up's objects, frozen as they resumed
    finally:
        gc.enable()
        app.library.close()


def test_resuming_collections_that_were_never_paused_changes_nothing(
    collections: list[int],
) -> None:
    collecting.resume_collections()
    assert gc.isenabled() and gc.get_freeze_count() == 0
