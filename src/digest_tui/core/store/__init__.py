"""The store: the library's SQLite database, the source of truth. The only package that
imports sqlite3; every error it raises is a StoreError.

`Store` gathers the tables, each a small class over one `Database`: papers, digests,
the user's data, saved searches and the read-only listing queries.
"""

from __future__ import annotations

from pathlib import Path

from digest_tui.core.store.database import Database, now
from digest_tui.core.store.digests import DigestTable
from digest_tui.core.store.events import EventLog
from digest_tui.core.store.listing import Listing
from digest_tui.core.store.papers import PaperTable, UpsertCounts, merge_papers
from digest_tui.core.store.saved import SavedTable
from digest_tui.core.store.schema import SAMPLE_SOURCE, SCHEMA_VERSION
from digest_tui.core.store.user import UserData


class Store:
    """The library database and its tables."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.papers = PaperTable(self.db)
        self.digests = DigestTable(self.db)
        self.listing = Listing(self.db)
        self.events = EventLog(self.db)
        self.user = UserData(self.db, self.events)
        self.saved = SavedTable(self.db, self.events)
        self.transaction = self.db.transaction
        self.generation = self.db.generation
        self.bump_generation = self.db.bump_generation
        self.meta = self.db.meta
        self.set_meta = self.db.set_meta

    def close(self) -> None:
        self.db.close()


__all__ = [
    "SAMPLE_SOURCE",
    "SCHEMA_VERSION",
    "Store",
    "UpsertCounts",
    "merge_papers",
    "now",
]
