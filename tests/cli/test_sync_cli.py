"""`digest-tui sync`: JSON for scripts, a status, one line for a folder that is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest_tui.cli import main
from tests.sync.helpers import PAPERS, open_library


def test_sync_json_status_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with open_library(tmp_path, "a") as a:
        a.set_bookmark(PAPERS[0].id, True)
    with open_library(tmp_path, "b"):
        pass
    data_a, data_b = str(tmp_path / "a"), str(tmp_path / "b")
    assert main(["--data-dir", data_a, "sync", "--folder", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] >= 1 and report["machines"] == 1
    assert main(["--data-dir", data_b, "sync", "--folder", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] == 1 and report["machines"] == 2 and report["bad"] == 0
    assert main(["--data-dir", data_b, "sync", "--status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["last_sync"] and status["machines"] == 2 and status["waiting"] == 0
    assert main(["--data-dir", data_b, "sync", "--folder", str(folder)]) == 0
    assert "from 1 other machine" in capsys.readouterr().out
    assert main(["--data-dir", data_b, "sync", "--folder", str(tmp_path / "gone")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert main(["--data-dir", data_b, "sync"]) == 2  # no folder anywhere
    assert "[sync] folder" in capsys.readouterr().err
