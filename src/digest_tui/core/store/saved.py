"""Saved searches: a name, a query and a tag filter, and when it was last viewed."""

from __future__ import annotations

import json
import sqlite3

from digest_tui.core.models import SavedSearch
from digest_tui.core.store.database import Database, now, translate_errors


@translate_errors
class SavedTable:
    def __init__(self, db: Database) -> None:
        self.db = db

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

    def touch(self, con: sqlite3.Connection, name: str) -> None:
        con.execute("UPDATE saved_searches SET last_viewed=? WHERE name=?", (now(), name))

    def rename(self, con: sqlite3.Connection, old: str, new: str) -> None:
        con.execute("UPDATE saved_searches SET name=? WHERE name=?", (new, old))

    def delete(self, con: sqlite3.Connection, name: str) -> None:
        con.execute("DELETE FROM saved_searches WHERE name=?", (name,))
