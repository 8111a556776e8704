"""SVG snapshots of the main layouts on the sample digest (update: --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp

from .conftest import settle


def app_on(directory: Path) -> DigestApp:
    return DigestApp(Library(Paths.resolve(directory)))


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48)])
def test_main_screen(snap_compare, fixed_sample_dir: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_on(fixed_sample_dir), terminal_size=size, run_before=_ready)


def test_search_results(snap_compare, fixed_sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"segmentation", "enter")
        await settle(pilot)

    assert snap_compare(app_on(fixed_sample_dir), terminal_size=(120, 40), run_before=search)


def test_help_screen(snap_compare, fixed_sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def help_screen(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_on(fixed_sample_dir), terminal_size=(120, 40), run_before=help_screen)


def test_link_picker(snap_compare, fixed_sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def picker(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"UKBOB", "enter")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)

    assert snap_compare(app_on(fixed_sample_dir), terminal_size=(120, 40), run_before=picker)
