"""What the user adds: bookmarks, their own tags, notes and read state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from digest_tui.core.errors import DigestError
from digest_tui.core.store.database import Database, now, translate_errors
from digest_tui.core.store.events import EventLog
from digest_tui.core.sync.events import MAX_NOTE, Event


@translate_errors
class UserData:
    """Each change is also recorded in the event log (for sync), in the same transaction."""

    def __init__(self, db: Database, log: EventLog) -> None:
        self.db = db
        self.log = log

    def set_bookmark(self, con: sqlite3.Connection, paper_id: str, on: bool) -> None:
        self.log.record(con, "bookmark", on, paper=paper_id)
        if on:
            con.execute(
                "INSERT OR IGNORE INTO bookmarks(paper_id, added_at) VALUES(?, ?)",
                (paper_id, now()),
            )
        else:
            con.execute("DELETE FROM bookmarks WHERE paper_id=?", (paper_id,))

    def is_bookmarked(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM bookmarks WHERE paper_id=?"
        return self.db.connection().execute(sql, (paper_id,)).fetchone() is not None

    def bookmarks(self) -> list[tuple[str, str]]:
        """(paper id, time added), newest first."""
        sql = "SELECT paper_id, added_at FROM bookmarks ORDER BY added_at DESC, paper_id"
        return [(r[0], r[1]) for r in self.db.connection().execute(sql)]

    def set_user_tags(self, con: sqlite3.Connection, paper_id: str, tags: Sequence[str]) -> None:
        sql = "SELECT tag FROM paper_tags WHERE paper_id=? AND kind='user'"
        old = {str(r[0]) for r in con.execute(sql, (paper_id,))}
        self.log.record_many(
            con,
            [Event("", "tag", False, paper_id, t) for t in sorted(old - set(tags))]
            + [Event("", "tag", True, paper_id, t) for t in tags if t not in old],
        )
        con.execute("DELETE FROM paper_tags WHERE paper_id=? AND kind='user'", (paper_id,))
        con.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag, kind) VALUES(?, ?, 'user')",
            [(paper_id, t) for t in tags],
        )

    def bookmark_count(self) -> int:
        return int(self.db.connection().execute("SELECT count(*) FROM bookmarks").fetchone()[0])

    def notes(self) -> dict[str, str]:
        """Every note, by paper id (for rebuilding the index)."""
        return dict(self.db.connection().execute("SELECT paper_id, body FROM notes").fetchall())

    def is_read(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM read_state WHERE paper_id=?"
        return self.db.connection().execute(sql, (paper_id,)).fetchone() is not None

    def note(self, paper_id: str) -> str:
        sql = "SELECT body FROM notes WHERE paper_id=?"
        row = self.db.connection().execute(sql, (paper_id,)).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, con: sqlite3.Connection, paper_id: str, body: str) -> None:
        if len(body) > MAX_NOTE:  # what every machine that syncs accepts
            raise DigestError(f"a note is at most {MAX_NOTE:,} characters")
        self.log.record(con, "note", body if body.strip() else "", paper=paper_id)
        if body.strip():
            con.execute(
                "INSERT OR REPLACE INTO notes(paper_id, body, updated_at) VALUES(?, ?, ?)",
                (paper_id, body, now()),
            )
        else:
            con.execute("DELETE FROM notes WHERE paper_id=?", (paper_id,))

    def mark_read(self, con: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
        """Mark these papers read; the ones that were unread (what an undo marks unread)."""
        unread = [
            r[0]
            for r in con.execute(
                "SELECT value FROM json_each(?) WHERE value IN (SELECT id FROM papers) "
                "AND value NOT IN (SELECT paper_id FROM read_state)",
                (json.dumps(list(dict.fromkeys(ids))),),
            )
        ]
        stamp = now()
        con.executemany(
            "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES(?, ?)",
            [(i, stamp) for i in unread],
        )
        self.log.record_many(con, [Event("", "read", True, i) for i in unread])
        return unread

    def mark_unread(self, con: sqlite3.Connection, ids: Sequence[str]) -> None:
        self.log.record_many(con, [Event("", "read", False, i) for i in dict.fromkeys(ids)])
        con.executemany("DELETE FROM read_state WHERE paper_id=?", [(i,) for i in ids])

    def set_read(self, con: sqlite3.Connection, paper_id: str, on: bool) -> None:
        self.log.record(con, "read", on, paper=paper_id)
        if on:
            con.execute(
                "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES(?, ?)",
                (paper_id, now()),
            )
        else:
            con.execute("DELETE FROM read_state WHERE paper_id=?", (paper_id,))
