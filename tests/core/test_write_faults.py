"""Disk full, a read-only library, a failing index write: a clear message, nothing lost."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core import files
from digest_tui.core.errors import ExportError, SearchError, StoreError
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths


def fill_the_disk(library: Library) -> None:
    """Real SQLITE_FULL: this connection may not grow the database file any further."""
    con = library.store.db.connection()
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_during_an_import_keeps_the_library_as_it_was(
    library: Library, tmp_path: Path
) -> None:
    before = library.paper_count()
    digest = tmp_path / "2026-04-01.jsonl"
    lines = [
        f'{{"id": "2604.{i:05d}", "title": "T {i}", "summary": "{"x " * 300}"}}' for i in range(400)
    ]
    digest.write_text("\n".join(lines) + "\n")
    fill_the_disk(library)
    with pytest.raises(StoreError, match="full"):
        library.import_file(digest)
    assert library.paper_count() == before


def test_disk_full_on_a_bookmark_is_reported_and_the_old_state_kept(library: Library) -> None:
    paper_id = library.search(Selection()).ids[0]
    fill_the_disk(library)
    con = library.store.db.connection()
    con.execute(
        "CREATE TEMP TRIGGER fail BEFORE INSERT ON bookmarks BEGIN "
        "SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(StoreError, match="could not save"):
        library.set_bookmark(paper_id, True)
    con.execute("DROP TRIGGER fail")
    assert not library.is_bookmarked(paper_id)


def test_the_cli_says_disk_full_in_one_line(
    sample_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = sqlite3.connect

    def small_disk(*args: object, **kwargs: object) -> sqlite3.Connection:
        con = original(*args, **kwargs)  # type: ignore[arg-type]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")
        return con

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    digest = tmp_path / "2026-04-02.jsonl"
    digest.write_text(
        "".join(
            f'{{"id": "2604.1{i:04d}", "title": "P {i}", "summary": "{"y " * 400}"}}\n'
            for i in range(300)
        )
    )
    assert main(["import", str(digest)]) == 2
    err = capsys.readouterr().err
    assert "full" in err and "Traceback" not in err
    monkeypatch.setattr(sqlite3, "connect", original)
    with Library(Paths.resolve(sample_dir)) as lib:
        assert lib.paper_count() == 92


def test_an_export_that_cannot_be_written_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "papers.bib"
    target.write_text("old")

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)  # where a full disk is reported
    with pytest.raises(ExportError, match="No space left"):
        Library.write_file(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == [
        "papers.bib"
    ]


def test_a_failed_index_write_keeps_the_note_and_the_next_search_rebuilds(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_id = library.search(Selection()).ids[0]

    def broken(*args: object, **kwargs: object) -> None:
        raise SearchError("could not update the search index: disk full")

    monkeypatch.setattr(library.indexing.index, "update", broken)
    library.set_note(paper_id, "kept despite the index")
    assert library.index_problem and "rebuilt" in library.index_problem
    monkeypatch.undo()
    assert library.note(paper_id) == "kept despite the index"
    assert not library.index_is_current()
    assert library.search(Selection("note:despite")).ids == (paper_id,)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_library_gives_a_clear_message(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = Paths.resolve(sample_dir)
    modes = {p: p.stat().st_mode for p in [sample_dir, *sample_dir.iterdir()]}
    try:
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        code = main(["bookmarks", "add", "t-982b972b1f61"])
        err = capsys.readouterr().err
        assert (code == 2 and "read-only" in err) or "readonly" in err
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    with Library(paths) as lib:
        assert lib.bookmark_count() == 0
