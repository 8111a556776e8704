"""Store queries beyond paper records: digests, filters, rows, tags and the user's data.

A mixin of `Store`, kept apart so each module stays small.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Sequence

from digest_tui.core.models import Digest, PaperRow, SavedSearch, Selection, Sort, TagCount

_ORDER = {
    Sort.DATE: "p.sort_date DESC, p.rowid",
    Sort.RELEVANCE: "p.sort_date DESC, p.rowid",
    Sort.UPVOTES: "coalesce(p.upvotes, -1) DESC, p.sort_date DESC, p.rowid",
    Sort.TITLE: "p.title COLLATE NOCASE, p.id",
}


def now() -> str:
    """The time stored with user data: UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Catalog:
    """Query methods; `Store` supplies the connection and transactions."""

    def connection(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # ----- digests ---------------------------------------------------------------------
    def ensure_digest(
        self, con: sqlite3.Connection, source: str, date: dt.date | None, label: str
    ) -> int:
        con.execute(
            "INSERT OR IGNORE INTO digests(source, date, label, imported_at) VALUES(?,?,?,?)",
            (source, date.isoformat() if date else None, label, now()),
        )
        row = con.execute(
            "SELECT id FROM digests WHERE source=? AND label=?", (source, label)
        ).fetchone()
        return int(row[0])

    def digests(self) -> list[Digest]:
        rows = self.connection().execute(
            "SELECT d.id, d.source, d.date, d.label, d.imported_at, count(dp.paper_id) "
            "FROM digests d LEFT JOIN digest_papers dp ON dp.digest_id = d.id "
            "GROUP BY d.id ORDER BY d.date DESC, d.id DESC"
        )
        return [
            Digest(r[0], r[1], dt.date.fromisoformat(r[2]) if r[2] else None, r[3], r[4], r[5])
            for r in rows
        ]

    def digest_dates(self) -> list[dt.date]:
        """Distinct digest dates, oldest first."""
        rows = self.connection().execute(
            "SELECT DISTINCT date FROM digests WHERE date IS NOT NULL ORDER BY date"
        )
        return [dt.date.fromisoformat(r[0]) for r in rows]

    def orphaned_by(self, con: sqlite3.Connection, digest_id: int) -> list[str]:
        """Papers of a digest that no other digest holds and the user has not touched."""
        rows = con.execute(
            "SELECT dp.paper_id FROM digest_papers dp WHERE dp.digest_id=? AND NOT EXISTS "
            "(SELECT 1 FROM digest_papers o WHERE o.paper_id=dp.paper_id AND o.digest_id!=?) "
            "AND dp.paper_id NOT IN (SELECT paper_id FROM bookmarks) "
            "AND dp.paper_id NOT IN (SELECT paper_id FROM notes) "
            "AND dp.paper_id NOT IN (SELECT paper_id FROM paper_tags WHERE user=1)",
            (digest_id, digest_id),
        )
        return [r[0] for r in rows]

    # ----- listing -----------------------------------------------------------------------
    def _where(self, sel: Selection) -> tuple[str, list[object]]:
        clauses: list[str] = []
        args: list[object] = []
        for tag in sel.tags:
            clauses.append("p.id IN (SELECT paper_id FROM paper_tags WHERE tag=? COLLATE NOCASE)")
            args.append(tag)
        if sel.bookmarked:
            clauses.append("p.id IN (SELECT paper_id FROM bookmarks)")
        if sel.unread:
            clauses.append("p.id NOT IN (SELECT paper_id FROM read_state)")
        if sel.digest_date is not None:
            clauses.append(
                "p.id IN (SELECT dp.paper_id FROM digest_papers dp JOIN digests d "
                "ON d.id = dp.digest_id WHERE d.date=?)"
            )
            args.append(sel.digest_date.isoformat())
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    def ordered_ids(self, sel: Selection) -> list[str]:
        """All ids that pass the selection's filters, in its order: the list without a query."""
        where, args = self._where(sel)
        sql = f"SELECT p.id FROM papers p{where} ORDER BY {_ORDER[sel.effective_sort]}"
        return [r[0] for r in self.connection().execute(sql, args)]

    def filtered_ids(self, sel: Selection) -> set[str] | None:
        """The ids the selection's filters allow, or None when it has no filter."""
        where, args = self._where(sel)
        if not where:
            return None
        return {r[0] for r in self.connection().execute(f"SELECT p.id FROM papers p{where}", args)}

    def added_since(self, ids: Sequence[str], since: str | None, strict: bool = False) -> list[str]:
        """Those of `ids` added to the library after (or at) `since`, an ISO time, in order."""
        if since is None:
            return list(ids)
        rows = self.connection().execute(
            f"SELECT id FROM papers WHERE added_at {'>' if strict else '>='} ? AND id IN "
            "(SELECT value FROM json_each(?))",
            (since, json.dumps(list(ids))),
        )
        new = {r[0] for r in rows}
        return [i for i in ids if i in new]

    def rows(self, ids: Sequence[str]) -> dict[str, PaperRow]:
        con = self.connection()
        found: dict[str, PaperRow] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for pid, title, day, upvotes, bm, rd in con.execute(
                "SELECT p.id, p.title, p.sort_date, p.upvotes, b.paper_id IS NOT NULL, "
                "r.paper_id IS NOT NULL FROM papers p "
                "LEFT JOIN bookmarks b ON b.paper_id = p.id "
                "LEFT JOIN read_state r ON r.paper_id = p.id "
                f"WHERE p.id IN ({marks})",
                chunk,
            ):
                date = dt.date.fromisoformat(day[:10]) if day else None
                found[pid] = PaperRow(pid, title, date, upvotes, bool(bm), bool(rd))
        return found

    def tag_counts(self, ids: Sequence[str] | None = None) -> list[TagCount]:
        """Tags with paper counts, over the given ids or the whole library."""
        con = self.connection()
        if ids is None:
            rows = con.execute(
                "SELECT tag, max(user), count(DISTINCT paper_id) FROM paper_tags GROUP BY tag"
            )
        else:
            rows = con.execute(
                "SELECT tag, max(user), count(DISTINCT paper_id) FROM paper_tags "
                "WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY tag",
                (json.dumps(list(ids)),),
            )
        counts = [TagCount(tag, n, bool(user)) for tag, user, n in rows]
        return sorted(counts, key=lambda t: (-t.count, t.name))

    # ----- bookmarks, user tags, notes, read state --------------------------------------------
    def set_bookmark(self, con: sqlite3.Connection, paper_id: str, on: bool) -> None:
        if on:
            con.execute(
                "INSERT OR IGNORE INTO bookmarks(paper_id, added_at) VALUES(?, ?)",
                (paper_id, now()),
            )
        else:
            con.execute("DELETE FROM bookmarks WHERE paper_id=?", (paper_id,))

    def is_bookmarked(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM bookmarks WHERE paper_id=?"
        return self.connection().execute(sql, (paper_id,)).fetchone() is not None

    def bookmarks(self) -> list[tuple[str, str]]:
        """(paper id, time added), newest first."""
        sql = "SELECT paper_id, added_at FROM bookmarks ORDER BY added_at DESC, paper_id"
        return [(r[0], r[1]) for r in self.connection().execute(sql)]

    def set_user_tags(self, con: sqlite3.Connection, paper_id: str, tags: Sequence[str]) -> None:
        con.execute("DELETE FROM paper_tags WHERE paper_id=? AND user=1", (paper_id,))
        con.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag, user) VALUES(?, ?, 1)",
            [(paper_id, t) for t in tags],
        )

    def bookmark_count(self) -> int:
        return int(self.connection().execute("SELECT count(*) FROM bookmarks").fetchone()[0])

    def notes(self) -> dict[str, str]:
        """Every note, by paper id (for rebuilding the index)."""
        return dict(self.connection().execute("SELECT paper_id, body FROM notes").fetchall())

    def is_read(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM read_state WHERE paper_id=?"
        return self.connection().execute(sql, (paper_id,)).fetchone() is not None

    def has_paper(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM papers WHERE id=?"
        return self.connection().execute(sql, (paper_id,)).fetchone() is not None

    def note(self, paper_id: str) -> str:
        sql = "SELECT body FROM notes WHERE paper_id=?"
        row = self.connection().execute(sql, (paper_id,)).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, con: sqlite3.Connection, paper_id: str, body: str) -> None:
        if body.strip():
            con.execute(
                "INSERT OR REPLACE INTO notes(paper_id, body, updated_at) VALUES(?, ?, ?)",
                (paper_id, body, now()),
            )
        else:
            con.execute("DELETE FROM notes WHERE paper_id=?", (paper_id,))

    def set_read(self, con: sqlite3.Connection, paper_id: str, on: bool) -> None:
        if on:
            con.execute(
                "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES(?, ?)",
                (paper_id, now()),
            )
        else:
            con.execute("DELETE FROM read_state WHERE paper_id=?", (paper_id,))

    def unread_count(self) -> int:
        sql = "SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM read_state)"
        return int(self.connection().execute(sql).fetchone()[0])

    def unread_among(self, ids: Sequence[str]) -> set[str]:
        rows = self.connection().execute(
            "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT paper_id FROM read_state)",
            (json.dumps(list(ids)),),
        )
        return {r[0] for r in rows}

    # ----- saved searches ------------------------------------------------------------------
    def saved_searches(self) -> list[SavedSearch]:
        sql = (
            "SELECT name, query, tags, last_viewed FROM saved_searches ORDER BY name COLLATE NOCASE"
        )
        return [
            SavedSearch(r[0], r[1], tuple(json.loads(r[2])), r[3])
            for r in self.connection().execute(sql)
        ]

    def put_saved(self, con: sqlite3.Connection, saved: SavedSearch) -> None:
        con.execute(
            "INSERT INTO saved_searches(name, query, tags, last_viewed) VALUES(?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET query=excluded.query, tags=excluded.tags",
            (saved.name, saved.query, json.dumps(list(saved.tags)), saved.last_viewed or now()),
        )

    def touch_saved(self, con: sqlite3.Connection, name: str) -> None:
        con.execute("UPDATE saved_searches SET last_viewed=? WHERE name=?", (now(), name))

    def table_counts(self) -> dict[str, int]:
        con = self.connection()
        tables = ("papers", "digests", "bookmarks", "notes", "read_state")
        counts = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        counts["tags"] = int(
            con.execute("SELECT count(DISTINCT tag) FROM paper_tags").fetchone()[0]
        )
        return counts
