"""What the paper list shows without a query: filters, orders, tag counts, unread."""

from __future__ import annotations

import json
from collections.abc import Sequence

from digest_tui.core.models import Selection, Sort, TagCount, TagKind
from digest_tui.core.store.database import Database, translate_errors

_ORDER = {
    Sort.DATE: "p.sort_date DESC, p.rowid",
    Sort.RELEVANCE: "p.sort_date DESC, p.rowid",
    Sort.UPVOTES: "coalesce(p.upvotes, -1) DESC, p.sort_date DESC, p.rowid",
    Sort.TITLE: "p.title COLLATE NOCASE, p.id",
}


@translate_errors
class Listing:
    """Read-only queries over the whole library."""

    def __init__(self, db: Database) -> None:
        self.db = db

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

    def ordered_ids(self, sel: Selection, limit: int | None = None) -> list[str]:
        """The ids that pass the selection's filters, in its order (the first `limit`, or
        all): the list without a query."""
        where, args = self._where(sel)
        sql = f"SELECT p.id FROM papers p{where} ORDER BY {_ORDER[sel.effective_sort]}"
        if limit is not None:
            sql, args = sql + " LIMIT ?", [*args, limit]
        return [r[0] for r in self.db.connection().execute(sql, args)]

    def count(self, sel: Selection) -> int:
        """How many papers pass the selection's filters."""
        where, args = self._where(sel)
        sql = f"SELECT count(*) FROM papers p{where}"
        return int(self.db.connection().execute(sql, args).fetchone()[0])

    def filtered_ids(self, sel: Selection) -> set[str] | None:
        """The ids the selection's filters allow, or None when it has no filter."""
        where, args = self._where(sel)
        if not where:
            return None
        return {
            r[0] for r in self.db.connection().execute(f"SELECT p.id FROM papers p{where}", args)
        }

    def added_since(self, ids: Sequence[str], since: str | None, strict: bool = False) -> list[str]:
        """Those of `ids` added to the library after (or at) `since`, an ISO time, in order."""
        if since is None:
            return list(ids)
        rows = self.db.connection().execute(
            f"SELECT id FROM papers WHERE added_at {'>' if strict else '>='} ? AND id IN "
            "(SELECT value FROM json_each(?))",
            (since, json.dumps(list(ids))),
        )
        new = {r[0] for r in rows}
        return [i for i in ids if i in new]

    def tag_counts(self, ids: Sequence[str] | None = None) -> list[TagCount]:
        """Tags with paper counts, over the given ids or the whole library."""
        con = self.db.connection()
        if ids is None:
            rows = con.execute("SELECT tag, kind, count(*) FROM paper_tags GROUP BY kind, tag")
        else:
            rows = con.execute(
                "SELECT tag, kind, count(*) FROM paper_tags "
                "WHERE paper_id IN (SELECT value FROM json_each(?)) GROUP BY kind, tag",
                (json.dumps(list(ids)),),
            )
        counts = [TagCount(tag, n, TagKind(kind)) for tag, kind, n in rows]
        return sorted(counts, key=lambda t: (-t.count, t.name))

    def paper_tags(self) -> list[tuple[str, str, str]]:
        """Every (paper id, tag, kind): for counting tags in memory."""
        sql = "SELECT paper_id, tag, kind FROM paper_tags"
        return [(r[0], r[1], r[2]) for r in self.db.connection().execute(sql)]

    def unread_count(self) -> int:
        sql = "SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM read_state)"
        return int(self.db.connection().execute(sql).fetchone()[0])

    def unread_among(self, ids: Sequence[str]) -> set[str]:
        rows = self.db.connection().execute(
            "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT paper_id FROM read_state)",
            (json.dumps(list(ids)),),
        )
        return {r[0] for r in rows}

    def next_unread(self, ids: Sequence[str], start: int, step: int) -> int | None:
        """The position of the next unread paper in `ids` after `start` going by `step`
        (1 or -1), looked up a page at a time; None if there is none."""
        position = start + step
        while 0 <= position < len(ids):
            stop = position + 500 * step
            page = range(position, max(-1, min(len(ids), stop)), step)
            unread = self.unread_among([ids[i] for i in page])
            for i in page:
                if ids[i] in unread:
                    return i
            position = stop
        return None

    def table_counts(self) -> dict[str, int]:
        con = self.db.connection()
        tables = ("papers", "digests", "bookmarks", "notes", "read_state")
        counts = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        counts["tags"] = int(
            con.execute("SELECT count(DISTINCT tag) FROM paper_tags").fetchone()[0]
        )
        return counts
