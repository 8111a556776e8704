"""Sync between two and three libraries through one folder (core/sync)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from digest_tui.core.errors import SyncError
from digest_tui.core.models import Selection
from digest_tui.core.sources.common import ParsedDigest
from digest_tui.core.sync import journal
from tests.sync.helpers import PAPERS, A, B, C, open_library, user_state


def test_two_machines_exchange_every_kind_of_change(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "laptop") as laptop, open_library(tmp_path, "desktop") as desk:
        laptop.set_bookmark(A, True)
        laptop.set_user_tags(B, ["to read", "graphs"])
        laptop.set_note(C, "compare with the 2024 paper")
        laptop.set_read(A, True)
        laptop.saved.save("sparse", Selection(query="sparse attention"))
        report = laptop.sync.run(str(folder))
        assert report.written >= 6 and report.machines == 1
        report = desk.sync.run(str(folder))
        assert report.applied >= 6 and report.bad == 0 and report.machines == 2
        assert user_state(desk) == user_state(laptop)
        # the other way, including deletions (events, not absences) and a rename
        desk.set_bookmark(A, False)
        desk.set_user_tags(B, ["graphs"])
        desk.set_note(C, "")
        desk.mark_unread([A])
        desk.saved.rename("sparse", "attention")
        desk.sync.run(str(folder))
        laptop.sync.run(str(folder))
        assert user_state(laptop) == user_state(desk)
        state = user_state(laptop)
        assert state["bookmarks"] == [] and state["notes"] == {} and state["read"] == []
        assert state["tags"] == [(B, "graphs")]
        assert [s[0] for s in state["saved"]] == ["attention"]


def test_a_paper_only_one_machine_imported_arrives_searchable(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "empty", papers=()) as empty:
        a.set_bookmark(A, True)
        a.set_user_tags(B, ["later"])
        a.set_read(C, True)  # read state carries no paper: it waits for the paper
        a.sync.run(str(folder))
        report = empty.sync.run(str(folder))
        assert report.papers_added == 2
        assert [p.id for p, _ in empty.bookmarks()] == [A]
        assert empty.paper(A).title == PAPERS[0].title
        assert A in empty.search(Selection(query="sparse attention")).ids
        assert B in empty.search(Selection(tags=("later",))).ids
        assert user_state(empty)["read"] == []  # C is not here; its read state waits
        empty.import_parsed(ParsedDigest("jsonl", PAPERS, None), "later import")
        empty.sync.run(str(folder))
        assert user_state(empty)["read"] == [C]


def test_three_machines_converge_whatever_the_order(tmp_path: Path, folder: Path) -> None:
    libs = [open_library(tmp_path, n) for n in ("one", "two", "three")]
    try:
        # each edit a few milliseconds after the one before: a later stamp (within one
        # millisecond, the machine id would decide, the same way everywhere)
        edits = [
            lambda: libs[0].set_bookmark(A, True),
            lambda: libs[1].set_bookmark(A, False),  # later: wins everywhere
            lambda: libs[2].set_note(B, "three's note"),
            lambda: libs[1].set_note(B, "two's note"),  # later
            lambda: libs[0].set_user_tags(C, ["x"]),
            lambda: libs[2].set_user_tags(C, ["x", "y"]),
        ]
        for change in edits:
            change()
            time.sleep(0.005)
        for lib in reversed(libs):
            lib.sync.run(str(folder))
        for lib in libs:
            lib.sync.run(str(folder))
        states = [user_state(lib) for lib in libs]
        assert states[0] == states[1] == states[2]
        assert states[0]["bookmarks"] == [] and states[0]["notes"] == {B: "two's note"}
        assert states[0]["tags"] == [(C, "x"), (C, "y")]
        assert all(lib.sync.status()["machines"] == 3 for lib in libs)
    finally:
        for lib in libs:
            lib.close()


def test_a_skewed_clock_cannot_make_an_old_edit_win(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "ahead") as ahead, open_library(tmp_path, "behind") as behind:
        ahead.set_note(A, "first")  # this machine's clock runs an hour ahead
        con = ahead.store.db.connection()
        stamp = con.execute("SELECT stamp FROM sync_registers").fetchone()[0]
        ms, counter, machine = stamp.split(".")
        skewed = f"{int(ms) + 3_600_000:015d}.{counter}.{machine}"
        con.execute(
            "UPDATE sync_registers SET stamp=?, value=replace(value, ?, ?)", (skewed, stamp, skewed)
        )
        con.execute("UPDATE meta SET value=? WHERE key='sync_hlc'", (skewed,))
        ahead.sync.run(str(folder))
        behind.sync.run(str(folder))  # sees the stamp from the future ...
        behind.set_note(A, "second, made after reading the first")  # ... and stamps after it
        behind.sync.run(str(folder))
        ahead.sync.run(str(folder))
        assert ahead.note(A) == behind.note(A) == "second, made after reading the first"


def test_state_made_before_sync_is_shared_at_the_first_sync(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "old") as old, open_library(tmp_path, "new") as new:
        con = old.store.db.connection()  # as a library from before sync existed has it
        con.execute("INSERT INTO bookmarks(paper_id, added_at) VALUES(?, '2025-01-01')", (A,))
        old.sync.run(str(folder))
        new.sync.run(str(folder))
        assert user_state(new)["bookmarks"] == [A]


def test_truncated_lines_conflict_copies_and_bad_lines(tmp_path: Path, folder: Path) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_bookmark(A, True)
        a.sync.run(str(folder))
        path = journal.own_path(folder, a.store.events.machine())
        whole = path.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])  # the sync tool copied half of it
        report = b.sync.run(str(folder))
        assert report.bad == 0 and report.applied == 0  # the partial line waits
        path.write_bytes(whole)  # the rest arrives
        assert b.sync.run(str(folder)).applied == 1
        assert user_state(b)["bookmarks"] == [A]
        # a conflict copy is read too; reading an event twice changes nothing
        name = path.stem
        shutil.copy(path, folder / f"{name}.sync-conflict-20261201-101010-ABCDEFG.jsonl")
        shutil.copy(path, folder / f"{name} (conflicted copy 2026-12-01).jsonl")
        report = b.sync.run(str(folder))
        assert report.read == 2 and report.applied == 0 and report.machines == 2
        # hostile lines: counted and skipped, the good ones still apply
        a.set_bookmark(B, True)
        a.sync.run(str(folder))
        with path.open("ab") as handle:
            for bad in (
                b"not json",
                b'{"v": 1}',
                b"[1,2]",
                b'{"v":1,"seq":9,"op":"note"}',
                json.dumps(
                    {
                        "v": 1,
                        "seq": 99,
                        "stamp": "9" * 15 + ".000000." + "a" * 16,
                        "op": "bookmark",
                        "paper": A,
                        "value": False,
                    }
                ).encode(),
                json.dumps(
                    {
                        "v": 1,
                        "seq": 98,
                        "stamp": "000000000000001.000000." + "b" * 16,
                        "op": "bookmark",
                        "paper": "../etc",
                        "value": True,
                    }
                ).encode(),
            ):
                handle.write(bad + b"\n")
        report = b.sync.run(str(folder))
        assert report.bad == 6 and sorted(user_state(b)["bookmarks"]) == sorted([A, B])


def test_own_journal_appends_after_a_partial_line_and_is_rewritten_when_lost(
    tmp_path: Path, folder: Path
) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_bookmark(A, True)
        a.sync.run(str(folder))
        path = journal.own_path(folder, a.store.events.machine())
        with path.open("ab") as handle:
            handle.write(b'{"v": 1, "seq": 2, "sta')  # a write killed mid-line
        a.set_bookmark(B, True)
        a.sync.run(str(folder))
        lines = path.read_bytes().split(b"\n")
        assert lines[1] == b'{"v": 1, "seq": 2, "sta' and b'"seq": 2' in lines[2]
        b.sync.run(str(folder))
        assert user_state(b)["bookmarks"] == sorted([A, B])
        path.unlink()  # deleted by hand, or by a sync tool
        a.sync.run(str(folder))
        assert path.exists()  # written anew from this machine's state
        fresh = open_library(tmp_path, "c")
        with fresh:
            fresh.sync.run(str(folder))
            assert user_state(fresh)["bookmarks"] == sorted([A, B])
        older = path.read_bytes()
        a.set_note(C, "after the backup")
        a.sync.run(str(folder))
        path.write_bytes(older)  # replaced by an older copy
        a.sync.run(str(folder))
        with open_library(tmp_path, "d") as late:
            late.sync.run(str(folder))
            assert late.note(C) == "after the backup"
        assert b.sync.run(str(folder)).bad == 0
        assert b.note(C) == "after the backup"


def test_nothing_merged_is_lost_when_another_journal_goes_back(
    tmp_path: Path, folder: Path
) -> None:
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_bookmark(A, True)
        a.sync.run(str(folder))
        path = journal.own_path(folder, a.store.events.machine())
        older = path.read_bytes()
        a.set_bookmark(B, True)
        a.sync.run(str(folder))
        b.sync.run(str(folder))
        path.write_bytes(older)
        b.sync.run(str(folder))
        assert user_state(b)["bookmarks"] == sorted([A, B])
        path.unlink()
        b.sync.run(str(folder))
        assert user_state(b)["bookmarks"] == sorted([A, B])


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with open_library(tmp_path, "a") as a:
        with pytest.raises(SyncError, match="no sync folder"):
            a.sync.run()
        with pytest.raises(SyncError, match="does not exist"):
            a.sync.run(str(tmp_path / "nowhere"))


def test_a_planted_link_is_neither_followed_nor_read(tmp_path: Path, folder: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("echo hello\n", "utf-8")
    with open_library(tmp_path, "a") as a, open_library(tmp_path, "b") as b:
        a.set_bookmark(A, True)
        own = journal.own_path(folder, a.store.events.machine())
        own.symlink_to(victim)  # someone else who can write the folder
        with pytest.raises(SyncError, match="not a plain file"):
            a.sync.run(str(folder))
        assert victim.read_text("utf-8") == "echo hello\n"
        other = journal.own_path(folder, "f" * 16)
        other.symlink_to(victim)
        assert b.sync.run(str(folder)).read == 0
