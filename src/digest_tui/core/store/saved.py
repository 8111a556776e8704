"""Saved searches: a name, a query and a tag filter, and when it was last viewed."""

from __future__ import annotations

import json
import sqlite3

from digest_tui.core.models import SavedSearch
from digest_tui.core.store.database import Database, now, translate_errors
from digest_tui.core.store.events import EventLog


@translate_errors
class SavedTable:
    """Creating, renaming and deleting are recorded in the event log (for sync); when a
    search was last viewed stays on this machine."""

    def __init__(self, db: Database, log: EventLog) -> None:
        self.db = db
        self.log = log

    def _value(self, con: sqlite3.Connection, name: str) -> dict[str, object] | None:
        row = con.execute("SELECT query, tags FROM saved_searches WHERE name=?", (name,))
        found = row.fetchone()
        return {"query": found[0], "tags": json.loads(found[1])} if found else None

    def all(self) -> list[SavedSearch]:
        sql = (
            "SELECT name, query, tags, last_viewed FROM saved_searches ORDER BY name COLLATE NOCASE"
        )
        return [
            SavedSearch(r[0], r[1], tuple(json.loads(r[2])), r[3])
            for r in self.db.connection().execute(sql)
        ]

    def put(self, con: sqlite3.Connection, saved: SavedSearch) -> None:
        con.execute(
            "INSERT INTO saved_searches(name, query, tags, last_viewed) VALUES(?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET query=excluded.query, tags=excluded.tags",
            (saved.name, saved.query, json.dumps(list(saved.tags)), saved.last_viewed or now()),
        )
        self.log.record(con, "saved", self._value(con, saved.name), name=saved.name)

    def touch(self, con: sqlite3.Connection, name: str) -> None:
        con.execute("UPDATE saved_searches SET last_viewed=? WHERE name=?", (now(), name))

    def rename(self, con: sqlite3.Connection, old: str, new: str) -> None:
        con.execute("UPDATE saved_searches SET name=? WHERE name=?", (new, old))
        self.log.record(con, "saved", None, name=old)  # a rename: the old name goes,
        self.log.record(con, "saved", self._value(con, new), name=new)  # the new one comes

    def delete(self, con: sqlite3.Connection, name: str) -> None:
        con.execute("DELETE FROM saved_searches WHERE name=?", (name,))
        self.log.record(con, "saved", None, name=name)
