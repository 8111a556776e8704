"""Digests: one per source and date (or label), and which papers each holds."""

from __future__ import annotations

import datetime as dt
import sqlite3

from digest_tui.core.models import Digest
from digest_tui.core.store.database import Database, now, translate_errors


@translate_errors
class DigestTable:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure(self, con: sqlite3.Connection, source: str, date: dt.date | None, label: str) -> int:
        """The id of the digest (source, label), created if it is new."""
        con.execute(
            "INSERT OR IGNORE INTO digests(source, date, label, imported_at) VALUES(?,?,?,?)",
            (source, date.isoformat() if date else None, label, now()),
        )
        row = con.execute(
            "SELECT id FROM digests WHERE source=? AND label=?", (source, label)
        ).fetchone()
        return int(row[0])

    def all(self) -> list[Digest]:
        """Every digest with its paper count, newest first."""
        rows = self.db.connection().execute(
            "SELECT d.id, d.source, d.date, d.label, d.imported_at, count(dp.paper_id) "
            "FROM digests d LEFT JOIN digest_papers dp ON dp.digest_id = d.id "
            "GROUP BY d.id ORDER BY d.date DESC, d.id DESC"
        )
        return [
            Digest(r[0], r[1], dt.date.fromisoformat(r[2]) if r[2] else None, r[3], r[4], r[5])
            for r in rows
        ]

    def dates(self) -> list[dt.date]:
        """Distinct digest dates, oldest first."""
        rows = self.db.connection().execute(
            "SELECT DISTINCT date FROM digests WHERE date IS NOT NULL ORDER BY date"
        )
        return [dt.date.fromisoformat(r[0]) for r in rows]

    def remove(self, con: sqlite3.Connection, digest_id: int) -> tuple[list[str], list[str]]:
        """Remove a digest and the papers only it held that the user has not touched;
        returns (removed paper ids, ids of its other papers)."""
        orphans = [
            r[0]
            for r in con.execute(
                "SELECT dp.paper_id FROM digest_papers dp WHERE dp.digest_id=? AND NOT EXISTS "
                "(SELECT 1 FROM digest_papers o WHERE o.paper_id=dp.paper_id AND o.digest_id!=?) "
                "AND dp.paper_id NOT IN (SELECT paper_id FROM bookmarks) "
                "AND dp.paper_id NOT IN (SELECT paper_id FROM notes) "
                "AND dp.paper_id NOT IN (SELECT paper_id FROM paper_tags WHERE kind='user')",
                (digest_id, digest_id),
            )
        ]
        sql = "SELECT paper_id FROM digest_papers WHERE digest_id=?"
        members = [r[0] for r in con.execute(sql, (digest_id,))]
        con.execute("DELETE FROM digests WHERE id=?", (digest_id,))
        con.executemany("DELETE FROM papers WHERE id=?", [(i,) for i in orphans])
        # what was synced about them applies again if they come back (sync settles it)
        con.executemany(
            "UPDATE sync_registers SET pending=1 WHERE paper=? OR paper IN "
            "(SELECT old FROM paper_aliases WHERE new=?)",
            [(i, i) for i in orphans],
        )
        return orphans, sorted(set(members) - set(orphans))
