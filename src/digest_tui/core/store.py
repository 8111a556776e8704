"""The SQLite store: the source of truth for papers, digests and everything the user adds.

One connection per thread (workers run in threads), WAL journal, a busy timeout so two
processes can share a library, and every change inside `transaction()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from digest_tui.core.catalog import Catalog, now
from digest_tui.core.errors import StoreError
from digest_tui.core.ingest.common import normalise_title
from digest_tui.core.links import merge_links
from digest_tui.core.models import Digest, Link, Paper

SCHEMA_VERSION = 2
SAMPLE_SOURCE = "bundled-sample"  # the sample digest's source: no parser has this name
_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE papers(
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        published TEXT,
        updated TEXT,
        source TEXT NOT NULL DEFAULT '',
        upvotes INTEGER,
        comments INTEGER,
        links TEXT NOT NULL DEFAULT '[]',
        keywords TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL DEFAULT '[]',
        ai_summary TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        doi TEXT NOT NULL DEFAULT '',
        journal_ref TEXT NOT NULL DEFAULT '',
        github_stars INTEGER,
        sort_date TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    CREATE INDEX papers_sort_date ON papers(sort_date DESC, id);
    CREATE INDEX papers_title_key ON papers(title_key);
    CREATE TABLE digests(
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        date TEXT,
        label TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE(source, label)
    );
    CREATE TABLE digest_papers(
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY(digest_id, paper_id)
    ) WITHOUT ROWID;
    CREATE INDEX digest_papers_paper ON digest_papers(paper_id);
    CREATE TABLE paper_tags(
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        tag TEXT NOT NULL,
        user INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(paper_id, user, tag)
    ) WITHOUT ROWID;
    CREATE INDEX paper_tags_tag ON paper_tags(tag, paper_id);
    CREATE TABLE bookmarks(
        paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        added_at TEXT NOT NULL
    );
    CREATE TABLE notes(
        paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE read_state(
        paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        read_at TEXT NOT NULL
    );
    CREATE TABLE saved_searches(
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        last_viewed TEXT
    );
    """,
    # 2: the bundled sample is known by its source, never by a name a user's file can take
    # (it was the digest labelled "sample" dated Aug 1, from the HF page text parser).
    2: f"""
    UPDATE digests SET source='{SAMPLE_SOURCE}' WHERE source='hf-page-text' AND
        label='sample' AND date LIKE '%-08-01'
    """,
}

T = TypeVar("T")
_PAPER_COLUMNS = (
    "id, title, abstract, authors, published, updated, source, upvotes, comments, links, "
    "keywords, categories, ai_summary, organization, doi, journal_ref, github_stars"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    added: int
    updated: int
    unchanged: int
    changed_ids: tuple[str, ...]
    removed_ids: tuple[str, ...] = ()


def _damaged(path: Path, exc: sqlite3.Error) -> StoreError:
    return StoreError(
        f"cannot read the library database {path}: {exc}. The file was left as it is; "
        "move it away to start a new library, or restore a backup."
    )


def _translated(method: Callable[..., Any], path_of: Callable[[Any], Path]) -> Any:
    """`method` with every sqlite3 error turned into a StoreError (garbled pages give
    "database disk image is malformed" on any read, not only on open)."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise _damaged(path_of(self), exc) from exc

        return generator

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _damaged(path_of(self), exc) from exc

    return wrapper


def translate_errors(cls: type[T]) -> type[T]:
    """Class decorator: every public method of `cls` (and its bases) raises StoreError,
    never a raw sqlite3 error. Methods that take the transaction's connection (`con`) are
    left alone: `transaction` translates (and rolls back) what they raise."""
    for name in dir(cls):
        member = inspect.getattr_static(cls, name)
        if name.startswith("_") or name in ("transaction", "connection", "close"):
            continue
        if inspect.isfunction(member) and "con" not in inspect.signature(member).parameters:
            setattr(cls, name, _translated(member, lambda store: store.path))
    return cls


@translate_errors
class Store(Catalog):
    """The library database. Thread-safe: each thread gets its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate(self.connection())
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(
                f"cannot open the library database {path}: {exc}. The file was left as it is; "
                "move it away to start a new library, or restore a backup."
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot create the library at {path.parent}: {exc}") from exc

    # ----- connections and transactions ------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=30000")
            self._local.con = con
            with self._guard:
                self._all.append(con)
        return con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT, rolled back on any exception."""
        con = self.connection()
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the library is busy or read-only: {exc}") from exc
        try:
            yield con
        except sqlite3.Error as exc:  # disk full, I/O error, read-only file: nothing written
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise StoreError(f"could not save to the library: {exc}") from exc
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
        try:
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise StoreError(f"could not save to the library: {exc}") from exc

    def close(self) -> None:
        with self._guard:
            for con in self._all:
                with contextlib.suppress(sqlite3.Error):
                    con.close()
            self._all.clear()
        self._local = threading.local()

    def _migrate(self, con: sqlite3.Connection) -> None:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer digest-tui (schema {version}); upgrade"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as tx:
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        tx.execute(statement)
                tx.execute(f"PRAGMA user_version={target}")

    # ----- meta ------------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.connection().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, con: sqlite3.Connection, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    def generation(self) -> int:
        return int(self.meta("generation", "0") or 0)

    def bump_generation(self, con: sqlite3.Connection) -> int:
        row = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        value = int(row[0]) + 1 if row else 1
        self.set_meta(con, "generation", str(value))
        return value

    # ----- papers ----------------------------------------------------------------------
    def count(self) -> int:
        return int(self.connection().execute("SELECT count(*) FROM papers").fetchone()[0])

    def papers(self, ids: Sequence[str]) -> dict[str, Paper]:
        """Papers by id (missing ids are simply absent), with digest dates and tags."""
        con = self.connection()
        found: dict[str, Paper] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            dates: dict[str, list[dt.date]] = {}
            for pid, day in con.execute(
                "SELECT dp.paper_id, d.date FROM digest_papers dp JOIN digests d "
                f"ON d.id = dp.digest_id WHERE dp.paper_id IN ({marks}) AND d.date IS NOT NULL",
                chunk,
            ):
                dates.setdefault(pid, []).append(dt.date.fromisoformat(day))
            tags: dict[tuple[str, int], list[str]] = {}
            for pid, tag, user in con.execute(
                f"SELECT paper_id, tag, user FROM paper_tags WHERE paper_id IN ({marks})", chunk
            ):
                tags.setdefault((pid, user), []).append(tag)
            for row in con.execute(
                f"SELECT {_PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk
            ):
                pid = row[0]
                found[pid] = Paper(
                    id=pid,
                    title=row[1],
                    abstract=row[2],
                    authors=tuple(json.loads(row[3])),
                    published=_date(row[4]),
                    updated=_date(row[5]),
                    source=row[6],
                    upvotes=row[7],
                    comments=row[8],
                    links=tuple(Link(label, url) for label, url in json.loads(row[9])),
                    keywords=tuple(json.loads(row[10])),
                    categories=tuple(json.loads(row[11])),
                    ai_summary=row[12],
                    organization=row[13],
                    doi=row[14],
                    journal_ref=row[15],
                    github_stars=row[16],
                    digest_dates=tuple(sorted(set(dates.get(pid, [])))),
                    tags=tuple(sorted(tags.get((pid, 0), []))),
                    user_tags=tuple(sorted(tags.get((pid, 1), []))),
                )
        return found

    def iter_papers(self, chunk: int = 1000) -> Iterator[Paper]:
        """Every paper, in chunks, for rebuilding the index or exporting."""
        con = self.connection()
        last = ""
        while True:
            ids = [
                r[0]
                for r in con.execute(
                    "SELECT id FROM papers WHERE id > ? ORDER BY id LIMIT ?", (last, chunk)
                )
            ]
            if not ids:
                return
            found = self.papers(ids)
            yield from (found[i] for i in ids if i in found)
            last = ids[-1]

    def _find_existing(self, con: sqlite3.Connection, paper: Paper, key: str) -> str | None:
        row = con.execute("SELECT id FROM papers WHERE id=?", (paper.id,)).fetchone()
        if row:
            return str(row[0])
        # The same paper known by its title hash and now by its arXiv id (or the reverse).
        for (other,) in con.execute("SELECT id FROM papers WHERE title_key=?", (key,)):
            if other.startswith("t-") or paper.id.startswith("t-"):
                return str(other)
        return None

    def upsert(
        self, con: sqlite3.Connection, items: Iterable[tuple[Paper, Sequence[int]]]
    ) -> UpsertCounts:
        """Insert or merge papers, each with its digests (links, tags, digests merged)."""
        added = updated = unchanged = 0
        changed: list[str] = []
        renamed: list[str] = []
        stamp = now()
        for paper, digest_ids in items:
            key = normalise_title(paper.title)
            existing_id = self._find_existing(con, paper, key)
            if existing_id is None:
                self._insert(con, paper, key, stamp)
                added += 1
                final_id = paper.id
                changed.append(final_id)
            else:
                old = self.papers([existing_id])[existing_id]
                final_id = existing_id
                if existing_id.startswith("t-") and not paper.id.startswith("t-"):
                    con.execute("UPDATE papers SET id=? WHERE id=?", (paper.id, existing_id))
                    final_id = paper.id
                    renamed.append(existing_id)
                merged = merge_papers(old, paper).with_changes(id=final_id)
                if merged != old.with_changes(id=final_id) or final_id != existing_id:
                    self._write(con, merged, key)
                    updated += 1
                    changed.append(final_id)
                elif any(
                    not con.execute(
                        "SELECT 1 FROM digest_papers WHERE digest_id=? AND paper_id=?",
                        (digest_id, final_id),
                    ).fetchone()
                    for digest_id in digest_ids
                ):
                    updated += 1
                    changed.append(final_id)
                else:
                    unchanged += 1
            if digest_ids:
                con.executemany(
                    "INSERT OR IGNORE INTO digest_papers(digest_id, paper_id) VALUES(?, ?)",
                    [(digest_id, final_id) for digest_id in digest_ids],
                )
                self.refresh_sort_date(con, final_id)
        return UpsertCounts(
            added, updated, unchanged, tuple(dict.fromkeys(changed)), tuple(renamed)
        )

    def _insert(self, con: sqlite3.Connection, paper: Paper, key: str, stamp: str) -> None:
        con.execute(
            "INSERT INTO papers(id, title, title_key, added_at) VALUES(?, ?, ?, ?)",
            (paper.id, paper.title, key, stamp),
        )
        self._write(con, paper, key)

    def _write(self, con: sqlite3.Connection, p: Paper, key: str) -> None:
        con.execute(
            "UPDATE papers SET title=?, title_key=?, abstract=?, authors=?, published=?, "
            "updated=?, source=?, upvotes=?, comments=?, links=?, keywords=?, categories=?, "
            "ai_summary=?, organization=?, doi=?, journal_ref=?, github_stars=? WHERE id=?",
            (
                p.title,
                key,
                p.abstract,
                json.dumps(list(p.authors), ensure_ascii=False),
                _iso(p.published),
                _iso(p.updated),
                p.source,
                p.upvotes,
                p.comments,
                json.dumps([[x.label, x.url] for x in p.links], ensure_ascii=False),
                json.dumps(list(p.keywords), ensure_ascii=False),
                json.dumps(list(p.categories), ensure_ascii=False),
                p.ai_summary,
                p.organization,
                p.doi,
                p.journal_ref,
                p.github_stars,
                p.id,
            ),
        )
        con.execute("DELETE FROM paper_tags WHERE paper_id=? AND user=0", (p.id,))
        con.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag, user) VALUES(?, ?, 0)",
            [(p.id, t) for t in p.tags],
        )
        self.refresh_sort_date(con, p.id)

    def refresh_sort_date(self, con: sqlite3.Connection, paper_id: str) -> None:
        con.execute(
            "UPDATE papers SET sort_date = coalesce((SELECT max(d.date) FROM digest_papers dp "
            "JOIN digests d ON d.id = dp.digest_id WHERE dp.paper_id = papers.id), "
            "published, '') WHERE id=?",
            (paper_id,),
        )


def _union(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*a, *b]))


def merge_papers(old: Paper, new: Paper) -> Paper:
    """One paper from two sightings: new values where present, lists and links unioned."""
    links, _ = merge_links(old.links, new.links)
    return old.with_changes(
        title=new.title or old.title,
        abstract=new.abstract or old.abstract,
        authors=new.authors or old.authors,
        published=new.published or old.published,
        updated=new.updated or old.updated,
        upvotes=new.upvotes if new.upvotes is not None else old.upvotes,
        comments=new.comments if new.comments is not None else old.comments,
        links=links,
        keywords=_union(old.keywords, new.keywords),
        categories=_union(old.categories, new.categories),
        ai_summary=new.ai_summary or old.ai_summary,
        organization=new.organization or old.organization,
        doi=new.doi or old.doi,
        journal_ref=new.journal_ref or old.journal_ref,
        github_stars=new.github_stars if new.github_stars is not None else old.github_stars,
        tags=tuple(sorted(set(old.tags) | set(new.tags))),
        digest_dates=old.digest_dates,
        user_tags=old.user_tags,
    )


__all__ = ["Digest", "Store", "StoreError", "UpsertCounts", "merge_papers", "now"]
