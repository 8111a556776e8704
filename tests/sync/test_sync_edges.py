"""What a review of sync found: values one machine writes that another refused, a first
sync cut short, a library restored from a backup, a paper whose id changed, a paper
removed and added back, forged stamps, file errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from digest_tui.core.errors import SyncError
from digest_tui.core.identity import title_id
from digest_tui.core.models import Paper, Selection
from digest_tui.core.sources.common import ParsedDigest
from digest_tui.core.sync import journal
from tests.sync.helpers import DAY, PAPERS, A, B, C, open_library, user_state


def test_whatever_one_machine_may_write_every_machine_takes(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_user_tags(A, ["x" * 300, "İ" * 60, "\ue0a0 nerd font"])
        a.set_note(B, "n" * 200_000)
        a.saved.save("\ue0a0 icons", Selection(query="q " * 3000, tags=("\ue0a0 nerd font",)))
        a.sync.run(str(folder))
        report = b.sync.run(str(folder))
        assert report.bad == 0
        assert user_state(b) == user_state(a)
        lines = journal.own_path(folder, a.store.events.machine()).read_bytes().count(b"\n")
        for _ in range(3):  # nothing is written again and again
            a.sync.run(str(folder))
        assert journal.own_path(folder, a.store.events.machine()).read_bytes().count(b"\n") == lines


def test_a_first_sync_cut_short_still_shares_the_state_before_it(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_bookmark(A, True)
        a.set_note(B, "made before sync existed")
        real = journal.append

        def broken(path: Path, lines: list[str]) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(journal, "append", broken)
        with pytest.raises(SyncError, match="No space left"):
            a.sync.run(str(folder))
        monkeypatch.setattr(journal, "append", real)
        a.sync.run(str(folder))
        b.sync.run(str(folder))
        assert user_state(b)["bookmarks"] == [A] and b.note(B) == "made before sync existed"


def test_a_library_restored_from_a_backup_loses_nothing(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "a") as a:
        a.set_bookmark(A, True)
        a.sync.run(str(folder))
    shutil.copytree(tmp_path / "a", tmp_path / "backup")
    with open_library(tmp_path, "a") as a:
        a.set_bookmark(B, True)  # after the backup
        a.sync.run(str(folder))
    shutil.rmtree(tmp_path / "a")
    shutil.copytree(tmp_path / "backup", tmp_path / "a")  # the disk died; restored
    with open_library(tmp_path, "a") as a:
        a.set_note(C, "after the restore")
        a.sync.run(str(folder))
        assert user_state(a)["bookmarks"] == sorted([A, B])  # its own events came back
        mine = a.store.events.machine()
        numbers = [
            json.loads(x)["seq"]
            for x in journal.own_lines_after(journal.own_path(folder, mine), mine, 0)
        ]
        assert numbers == sorted(set(numbers))
    with open_library(tmp_path, "b") as b:
        b.sync.run(str(folder))
        assert user_state(b)["bookmarks"] == sorted([A, B]) and b.note(C) == "after the restore"


def test_a_paper_known_by_its_title_here_and_its_arxiv_id_there(
    tmp_path: Path, folder: Path
) -> None:
    title = "A paper first seen without its arXiv id"
    untitled = Paper(title_id(title), title, "An abstract.")
    arxiv = Paper("2608.09999", title, "An abstract.")
    with open_library(tmp_path, "a", (untitled,)) as a, open_library(tmp_path, "b", (arxiv,)) as b:
        a.set_bookmark(untitled.id, True)
        a.set_note(untitled.id, "noted on a")
        a.sync.run(str(folder))
        report = b.sync.run(str(folder))
        assert report.papers_added == 0  # merged into the paper b has
        assert user_state(b)["bookmarks"] == [arxiv.id] and b.note(arxiv.id) == "noted on a"
        # and a, which later imports the arXiv version, keeps what it had
        a.import_parsed(ParsedDigest("jsonl", (arxiv,), DAY), "later")
        b.set_user_tags(arxiv.id, ["later"])
        b.sync.run(str(folder))
        a.sync.run(str(folder))
        assert user_state(a)["bookmarks"] == [arxiv.id]
        assert user_state(a)["tags"] == [(arxiv.id, "later")]


def test_a_removed_paper_that_comes_back_gets_its_synced_state(
    tmp_path: Path, folder: Path
) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        b.set_read(A, True)
        b.sync.run(str(folder))
        a.sync.run(str(folder))
        assert user_state(a)["read"] == [A]
        digest = a.digests()[0]
        a.remove_digest(digest)  # read state does not keep a paper
        assert a.paper_count() == 0
        a.import_parsed(ParsedDigest("jsonl", PAPERS, DAY), "test")
        a.sync.run(str(folder))
        assert user_state(a)["read"] == [A]


def test_forged_stamps_are_bad_lines(tmp_path: Path, folder: Path) -> None:
    def line(stamp: str) -> bytes:
        event = {"v": 1, "seq": 1, "stamp": stamp, "op": "bookmark", "paper": A, "value": True}
        return json.dumps(event, ensure_ascii=False).encode() + b"\n"

    other = folder / f"journal-{'c' * 16}.jsonl"
    other.write_bytes(
        line("٠" * 15 + ".000000." + "c" * 16)  # Arabic-Indic digits
        + line("410244480000000".rjust(15, "0") + ".000000." + "c" * 16)  # past 2100
    )
    with open_library(tmp_path, "a") as a:
        report = a.sync.run(str(folder))
        assert report.bad == 2 and user_state(a)["bookmarks"] == []


def test_file_errors_are_sync_errors(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(path: Path, machine: str) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(journal, "last_seq", unreadable)
    with open_library(tmp_path, "a") as a:
        a.set_bookmark(A, True)
        with pytest.raises(SyncError, match="Permission denied"):
            a.sync.run(str(folder))


def test_a_huge_journal_is_read_a_chunk_at_a_time(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "CHUNK", 4096)
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        for paper in PAPERS:
            a.set_note(paper.id, "long " * 300)
        a.sync.run(str(folder))
        junk = folder / f"journal-{'d' * 16}.jsonl"
        junk.write_bytes(b"x" * 10_000)  # no line ends: skipped, not read again and again
        reports = [b.sync.run(str(folder)) for _ in range(4)]
        assert sum(r.bad for r in reports) == 2  # two whole chunks without a newline
        assert user_state(b)["notes"] == user_state(a)["notes"]
