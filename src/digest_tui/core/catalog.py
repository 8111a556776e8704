"""Store queries beyond paper records: digests, filters, rows, tags and the user's data.

A mixin of `Store`, kept apart so each module stays small.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Sequence

from digest_tui.core.models import Digest, PaperRow, Sort, TagCount

_ORDER = {
    Sort.DATE: "p.sort_date DESC, p.rowid",
    Sort.RELEVANCE: "p.sort_date DESC, p.rowid",
    Sort.UPVOTES: "coalesce(p.upvotes, -1) DESC, p.sort_date DESC, p.rowid",
    Sort.TITLE: "p.title COLLATE NOCASE, p.id",
}


def _now() -> str:
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
            (source, date.isoformat() if date else None, label, _now()),
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
    def _where(
        self, tags: Sequence[str], bookmarked: bool, digest_date: dt.date | None
    ) -> tuple[str, list[object]]:
        clauses: list[str] = []
        args: list[object] = []
        for tag in tags:
            clauses.append("p.id IN (SELECT paper_id FROM paper_tags WHERE tag=?)")
            args.append(tag)
        if bookmarked:
            clauses.append("p.id IN (SELECT paper_id FROM bookmarks)")
        if digest_date is not None:
            clauses.append(
                "p.id IN (SELECT dp.paper_id FROM digest_papers dp JOIN digests d "
                "ON d.id = dp.digest_id WHERE d.date=?)"
            )
            args.append(digest_date.isoformat())
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    def ordered_ids(
        self,
        sort: Sort,
        tags: Sequence[str] = (),
        bookmarked: bool = False,
        digest_date: dt.date | None = None,
    ) -> list[str]:
        """All ids that pass the filters, in order: the list without a query."""
        where, args = self._where(tags, bookmarked, digest_date)
        sql = f"SELECT p.id FROM papers p{where} ORDER BY {_ORDER[sort]}"
        return [r[0] for r in self.connection().execute(sql, args)]

    def filtered_ids(
        self, tags: Sequence[str], bookmarked: bool, digest_date: dt.date | None
    ) -> set[str] | None:
        """The ids the filters allow, or None when there is no filter."""
        if not tags and not bookmarked and digest_date is None:
            return None
        where, args = self._where(tags, bookmarked, digest_date)
        return {r[0] for r in self.connection().execute(f"SELECT p.id FROM papers p{where}", args)}

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
                (paper_id, _now()),
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

    def note(self, paper_id: str) -> str:
        sql = "SELECT body FROM notes WHERE paper_id=?"
        row = self.connection().execute(sql, (paper_id,)).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, con: sqlite3.Connection, paper_id: str, body: str) -> None:
        if body.strip():
            con.execute(
                "INSERT OR REPLACE INTO notes(paper_id, body, updated_at) VALUES(?, ?, ?)",
                (paper_id, body, _now()),
            )
        else:
            con.execute("DELETE FROM notes WHERE paper_id=?", (paper_id,))

    def set_read(self, con: sqlite3.Connection, paper_id: str, on: bool) -> None:
        if on:
            con.execute(
                "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES(?, ?)",
                (paper_id, _now()),
            )
        else:
            con.execute("DELETE FROM read_state WHERE paper_id=?", (paper_id,))

    def table_counts(self) -> dict[str, int]:
        con = self.connection()
        tables = ("papers", "digests", "bookmarks", "notes", "read_state")
        counts = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        counts["tags"] = int(
            con.execute("SELECT count(DISTINCT tag) FROM paper_tags").fetchone()[0]
        )
        return counts
