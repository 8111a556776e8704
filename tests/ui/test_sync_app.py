"""With `[sync] folder` set, the app syncs on start and after each change, and the status
line says when it last synced and with how many machines."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.ui import sync_flow
from digest_tui.ui.app import DigestApp
from digest_tui.ui.widgets.paper_list import PaperList
from tests.sync.helpers import PAPERS, open_library, user_state
from tests.ui.conftest import wait_for
from tests.ui.test_reader import status


def configured(root: Path, name: str, folder: Path) -> Library:
    lib = open_library(root, name)
    lib.close()
    (root / name / "config.toml").write_text(f'[sync]\nfolder = "{folder}"\n', "utf-8")
    return Library(Paths.resolve(root / name))


async def test_the_app_syncs_changes_and_says_when(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_flow, "AFTER_CHANGE", 0.1)
    folder = tmp_path / "shared"
    folder.mkdir()
    with open_library(tmp_path, "other") as other:  # another machine bookmarked a paper
        other.set_bookmark(PAPERS[2].id, True)
        other.sync.run(str(folder))
    app = DigestApp(configured(tmp_path, "here", folder))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "synced" in status(app))  # on start
        assert "2 machines" in status(app)
        assert app.library.bookmark_count() == 1
        paper = app.screen.query_one(PaperList).current_id
        assert paper is not None and paper != PAPERS[2].id
        await pilot.press("b")  # a change here: synced a moment later
        await wait_for(
            pilot, lambda: app.library.sync.waiting() == 0 and app.library.is_bookmarked(paper)
        )
        await wait_for(pilot, lambda: app.library.sync.status()["last"]["written"] > 0)
    app.library.close()
    with open_library(tmp_path, "other") as other:
        other.sync.run(str(folder))
        assert sorted(user_state(other)["bookmarks"]) == sorted([paper, PAPERS[2].id])


async def test_a_missing_sync_folder_is_said_once_and_the_app_works(tmp_path: Path) -> None:
    app = DigestApp(configured(tmp_path, "here", tmp_path / "unplugged-usb-stick"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "sync failed" in status(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: app.library.bookmark_count() == 1)
    app.library.close()
