from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from digest_tui.core.errors import NotFoundError, StoreError
from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper, Selection
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.core.sources.common import title_id
from digest_tui.core.store import SCHEMA_VERSION, Store


def _digest(day: str, *papers: Paper, source: str = "jsonl") -> ParsedDigest:
    date = dt.date.fromisoformat(day)
    return ParsedDigest(source, tuple(p.with_changes(digest_dates=(date,)) for p in papers), date)


def test_sample_reimport_changes_nothing(library: Library) -> None:
    before = library.stats()
    summary = library.import_sample()
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 92)
    assert library.stats()["papers"] == before["papers"] == 92


def test_the_same_paper_from_two_digests_is_one_paper(empty_library: Library) -> None:
    a = Paper(
        "2401.00001", "A Title", "abstract", links=(Link("GitHub", "https://github.com/a/b"),)
    )
    b = Paper("2401.00001", "A Title", "abstract", links=(Link("Project", "https://a.github.io/"),))
    empty_library.import_parsed(_digest("2024-01-01", a), "one")
    summary = empty_library.import_parsed(_digest("2024-01-02", b), "two")
    assert (summary.added, summary.updated) == (0, 1)
    paper = empty_library.paper("2401.00001")
    assert paper.digest_dates == (dt.date(2024, 1, 1), dt.date(2024, 1, 2))
    assert [link.label for link in paper.links] == ["GitHub", "Project"]
    again = empty_library.import_parsed(_digest("2024-01-02", b), "two")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def test_title_id_becomes_the_arxiv_id_keeping_user_data(empty_library: Library) -> None:
    lib = empty_library
    first = title_id("Deep Organ Nets")
    lib.import_parsed(_digest("2024-01-01", Paper(first, "Deep Organ Nets", "x")), "page")
    lib.set_bookmark(first, True)
    lib.set_user_tags(first, ["Must Read"])
    lib.import_parsed(_digest("2024-01-02", Paper("1505.06236", "Deep organ nets", "x")), "api")
    assert lib.store.papers.count() == 1
    paper = lib.paper("1505.06236")
    assert paper.user_tags == ("must read",)
    assert lib.is_bookmarked("1505.06236")
    with pytest.raises(NotFoundError):
        lib.paper(first)
    assert lib.search(Selection("organ")).ids == ("1505.06236",)


def test_user_tags_survive_reimport_and_are_kept_apart(library: Library) -> None:
    pid = library.search(Selection("DeepOrgan")).ids[0]
    library.set_user_tags(pid, ["to read", " Pancreas "])
    library.import_sample()
    paper = library.paper(pid)
    assert paper.user_tags == ("pancreas", "to read")
    assert "to read" not in paper.tags
    counts = {t.name: t for t in library.tag_counts()}
    assert counts["to read"].user and not counts["segmentation"].user
    assert library.search(Selection("tag:'to read'")).ids == (pid,)


def test_bookmarks_persist_with_time(library: Library, sample_dir) -> None:  # type: ignore[no-untyped-def]
    pid = library.search(Selection()).ids[3]
    assert library.toggle_bookmark(pid) is True
    library.close()
    reopened = Library(Paths.resolve(sample_dir))
    marks = reopened.bookmarks()
    assert [p.id for p, _ in marks] == [pid]
    assert dt.datetime.fromisoformat(marks[0][1]).year >= 2024
    assert reopened.search(Selection(bookmarked=True)).ids == (pid,)
    assert reopened.toggle_bookmark(pid) is False
    assert reopened.bookmarks() == []
    reopened.close()


def test_store_uses_wal_and_a_schema_version(library: Library) -> None:
    con = sqlite3.connect(library.paths.database)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


def test_failed_transaction_leaves_nothing(empty_library: Library) -> None:
    store = empty_library.store
    with pytest.raises(RuntimeError), store.transaction() as con:
        store.papers.upsert(con, [(Paper("2401.1", "T"), [])])
        raise RuntimeError("boom")
    assert store.papers.count() == 0


def test_a_newer_schema_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lib.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=99")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_corrupt_database_is_reported_and_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="left as it is"):
        Store(path)
    assert path.read_bytes().startswith(b"this is not a database")


def test_sample_can_be_removed_and_is_not_seeded_again(library: Library, sample_dir) -> None:  # type: ignore[no-untyped-def]
    library.remove_digest(library.find_digest("sample"))
    assert library.store.papers.count() == 0
    library.close()
    again = Library(Paths.resolve(sample_dir))
    assert again.store.papers.count() == 0
    assert again.search(Selection("segmentation")).ids == ()
    again.close()


def test_the_sample_is_added_once_and_only_to_an_empty_library(data_dir) -> None:  # type: ignore[no-untyped-def]
    with Library(Paths.resolve(data_dir)) as lib:
        assert lib.store.papers.count() == 0  # opening a library (the CLI) never adds it
        assert lib.seed_sample() is True  # the app's first start on an empty library
        assert lib.store.papers.count() == 92
        assert [d.label for d in lib.digests()] == ["sample"]
        lib.remove_digest(lib.sample_digest())
        assert lib.seed_sample() is False  # removed stays removed
        assert lib.store.papers.count() == 0


def test_a_library_the_cli_filled_gets_no_sample(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from digest_tui.cli import main

    mine = tmp_path / "2025-01-01.jsonl"
    mine.write_text('{"id": "2501.00001", "title": "My own paper"}\n', encoding="utf-8")
    assert main(["import", str(mine)]) == 0
    with Library(Paths.resolve(data_dir)) as lib:
        assert lib.seed_sample() is False
        assert [p.title for p in lib.papers(lib.search(Selection()).ids)] == ["My own paper"]


def test_tag_counts_of_a_few_papers_come_from_sqlite_until_the_table_is_loaded(
    library: Library,
) -> None:
    """The digest the app opens on is counted by SQLite (the in-memory table costs ~0.6 s
    to load while the first screen is drawn); both count alike."""
    ids = list(library.search(Selection()).ids[:15])
    early = library.tag_counts(ids)
    assert not library.tag_counts_ready()  # SQLite answered: the table is not loaded
    library.warm_up()
    assert library.tag_counts_ready()
    assert library.tag_counts(ids) == early and early


def test_table_methods_raise_store_errors_and_generators_stay_generators(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import inspect

    from digest_tui.core.store.database import CO_GENERATOR, translate_errors

    assert CO_GENERATOR == inspect.CO_GENERATOR

    class Table:
        db = type("Db", (), {"path": tmp_path / "x.sqlite3"})()

        def one(self) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        def rows(self):  # type: ignore[no-untyped-def]
            yield 1
            raise sqlite3.OperationalError("database disk image is malformed")

        def within(self, con: object) -> None:  # a transaction's part: left alone
            raise sqlite3.OperationalError("locked")

    table = translate_errors(Table)()
    with pytest.raises(StoreError, match="disk I/O error"):
        table.one()
    assert inspect.isgeneratorfunction(Table.rows)
    rows = table.rows()
    assert next(rows) == 1
    with pytest.raises(StoreError, match="malformed"):
        next(rows)
    with pytest.raises(sqlite3.OperationalError):
        table.within(None)


def test_closing_leaves_a_query_running_in_another_thread_to_finish(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The app quits (the library is closed) while a worker reads: the worker's statement
    must not have its connection closed under it (that crashed the interpreter), and
    the connections of threads that are done are closed."""
    import threading

    from digest_tui.core.store.database import Database

    db = Database(tmp_path / "library.sqlite3")
    with db.transaction() as con:
        con.executemany(
            "INSERT INTO meta(key, value) VALUES(?, ?)", [(f"k{i}", "v") for i in range(50)]
        )
    started, closed, read = threading.Event(), threading.Event(), []

    rows_connection: list[sqlite3.Connection] = []

    def reader() -> None:
        rows_connection.append(db.connection())
        rows = rows_connection[0].execute("SELECT key FROM meta ORDER BY key")
        read.append(rows.fetchone())
        started.set()
        closed.wait(10)
        read.extend(rows.fetchall())  # the statement goes on after close()

    def finished() -> sqlite3.Connection:
        done: list[sqlite3.Connection] = []
        thread = threading.Thread(target=lambda: done.append(db.connection()))
        thread.start()
        thread.join()
        return done[0]

    ended = finished()
    mine = db.connection()
    worker = threading.Thread(target=reader)
    worker.start()
    assert started.wait(10)
    db.close()
    closed.set()
    worker.join(10)
    assert len(read) >= 50 and all(read)
    for con in (mine, ended):  # closed: a closed connection refuses any statement
        with pytest.raises(sqlite3.ProgrammingError):
            con.execute("SELECT 1")
    busy = rows_connection[0]
    busy.execute("SELECT 1")  # its thread was alive at close(): left open then
    db.close()  # its thread has ended since: closed now
    with pytest.raises(sqlite3.ProgrammingError):
        busy.execute("SELECT 1")
