"""kill -9 during `digest-tui sync`, and two syncs of one library at once: no event is
lost and none is written twice. (More kills: DIGEST_TUI_SOAK_KILLS=100.)"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from digest_tui.core.sync import journal
from digest_tui.core.sync.events import parse
from tests.sync.helpers import PAPERS, open_library, user_state

KILLS = int(os.environ.get("DIGEST_TUI_SOAK_KILLS", "6"))


def sync_process(data: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "digest_tui",
            "--data-dir",
            str(data),
            "sync",
            "--folder",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def seqs(path: Path, machine: str) -> list[int]:
    found = []
    for line in path.read_bytes().split(b"\n"):
        try:
            event, seq = parse(line)
        except ValueError:
            continue  # a line cut by a kill
        if event.machine == machine:
            found.append(seq)
    return found


def test_kill_9_during_sync_loses_and_doubles_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    rng = random.Random(7)
    with open_library(tmp_path, "a") as a:
        machine = a.store.events.machine()
        for round_ in range(KILLS):
            for paper in PAPERS:  # changes between kills, many of them
                a.set_note(paper.id, f"round {round_} {rng.random()}")
                a.set_read(paper.id, rng.random() < 0.5)
            proc = sync_process(tmp_path / "a", folder)
            time.sleep(rng.uniform(0.05, 0.6))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        a.sync.run(str(folder))  # a clean sync after the last kill
        expected = user_state(a)
    numbers = seqs(journal.own_path(folder, machine), machine)
    assert numbers == sorted(set(numbers)), "an event was written twice"
    with open_library(tmp_path, "b") as b:
        report = b.sync.run(str(folder))
        assert user_state(b) == expected, report


def test_two_syncs_of_one_library_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with open_library(tmp_path, "a") as a:
        machine = a.store.events.machine()
        for paper in PAPERS:
            a.set_bookmark(paper.id, True)
            a.set_user_tags(paper.id, ["one", "two"])
        expected = user_state(a)
    procs = [sync_process(tmp_path / "a", folder) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    numbers = seqs(journal.own_path(folder, machine), machine)
    assert numbers and numbers == sorted(set(numbers))
    with open_library(tmp_path, "b") as b:
        b.sync.run(str(folder))
        assert user_state(b) == expected
