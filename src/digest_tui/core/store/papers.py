"""Papers: their rows, merging two sightings of one paper, and the list rows the app draws."""

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from digest_tui.core.identity import normalise_title
from digest_tui.core.models import Link, Paper, PaperRow, TagKind
from digest_tui.core.store.database import Database, now, translate_errors
from digest_tui.core.urls import merge_links

_PAPER_COLUMNS = (
    "id, title, abstract, authors, published, updated, source, upvotes, comments, links, "
    "keywords, categories, ai_summary, organization, doi, journal_ref, github_stars, comment"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class UpsertCounts(NamedTuple):
    added: int
    updated: int
    unchanged: int
    changed_ids: tuple[str, ...]
    removed_ids: tuple[str, ...] = ()


@translate_errors
class PaperTable:
    """Papers by id; `upsert` merges a new sighting into what the library holds."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def has(self, paper_id: str) -> bool:
        sql = "SELECT 1 FROM papers WHERE id=?"
        return self.db.connection().execute(sql, (paper_id,)).fetchone() is not None

    def count(self) -> int:
        return int(self.db.connection().execute("SELECT count(*) FROM papers").fetchone()[0])

    def get(self, ids: Sequence[str]) -> dict[str, Paper]:
        """Papers by id (missing ids are simply absent), with digest dates and tags."""
        con = self.db.connection()
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
            tags: dict[tuple[str, str], list[str]] = {}
            for pid, tag, kind in con.execute(
                f"SELECT paper_id, tag, kind FROM paper_tags WHERE paper_id IN ({marks})", chunk
            ):
                tags.setdefault((pid, kind), []).append(tag)
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
                    comment=row[17],
                    digest_dates=tuple(sorted(set(dates.get(pid, [])))),
                    tags=tuple(sorted(tags.get((pid, TagKind.TOPIC), []))),
                    user_tags=tuple(sorted(tags.get((pid, TagKind.USER), []))),
                )
        return found

    def iter_all(self, chunk: int = 1000) -> Iterator[Paper]:
        """Every paper, in chunks, for rebuilding the index or exporting."""
        con = self.db.connection()
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
            found = self.get(ids)
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
                self._insert(con, paper, key, stamp, dated=not digest_ids)
                added += 1
                final_id = paper.id
                changed.append(final_id)
            else:
                old = self.get([existing_id])[existing_id]
                final_id = existing_id
                if existing_id.startswith("t-") and not paper.id.startswith("t-"):
                    con.execute("UPDATE papers SET id=? WHERE id=?", (paper.id, existing_id))
                    final_id = paper.id
                    renamed.append(existing_id)
                    alias(con, existing_id, final_id)
                elif paper.id != existing_id:
                    alias(con, paper.id, existing_id)
                merged = merge_papers(old, paper).with_changes(id=final_id)
                if merged != old.with_changes(id=final_id) or final_id != existing_id:
                    self._write(con, merged, key, dated=not digest_ids)
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

    def _insert(
        self, con: sqlite3.Connection, paper: Paper, key: str, stamp: str, dated: bool
    ) -> None:
        con.execute(
            "INSERT INTO papers(id, title, title_key, added_at) VALUES(?, ?, ?, ?)",
            (paper.id, paper.title, key, stamp),
        )
        self._write(con, paper, key, dated)

    def _write(self, con: sqlite3.Connection, p: Paper, key: str, dated: bool = True) -> None:
        """The paper's row and tags; its sort date too unless `dated` is False (the caller
        refreshes it once its digests are in)."""
        con.execute(
            "UPDATE papers SET title=?, title_key=?, abstract=?, authors=?, published=?, "
            "updated=?, source=?, upvotes=?, comments=?, links=?, keywords=?, categories=?, "
            "ai_summary=?, organization=?, doi=?, journal_ref=?, github_stars=?, comment=? "
            "WHERE id=?",
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
                p.comment,
                p.id,
            ),
        )
        self.set_auto_tags(con, p.id, p.tags, p.categories)
        if dated:
            self.refresh_sort_date(con, p.id)

    def set_auto_tags(
        self,
        con: sqlite3.Connection,
        paper_id: str,
        topics: Sequence[str],
        categories: Sequence[str],
    ) -> None:
        """Replace the tags the library gives a paper (topics, categories); the user's
        own tags are left alone."""
        con.execute(
            "DELETE FROM paper_tags WHERE paper_id=? AND kind IN (?, ?)",
            (paper_id, TagKind.TOPIC, TagKind.CATEGORY),
        )
        con.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag, kind) VALUES(?, ?, ?)",
            [(paper_id, t, TagKind.TOPIC) for t in topics]
            + [(paper_id, c, TagKind.CATEGORY) for c in categories],
        )

    def retag(
        self,
        con: sqlite3.Connection,
        paper_id: str,
        topics: Sequence[str],
        categories: Sequence[str],
        keywords: Sequence[str],
    ) -> None:
        """New automatic tags for a paper (the lexicon or the category rules changed)."""
        con.execute(
            "UPDATE papers SET categories=?, keywords=? WHERE id=?",
            (
                json.dumps(list(categories), ensure_ascii=False),
                json.dumps(list(keywords), ensure_ascii=False),
                paper_id,
            ),
        )
        self.set_auto_tags(con, paper_id, topics, categories)

    def refresh_sort_date(self, con: sqlite3.Connection, paper_id: str) -> None:
        con.execute(
            "UPDATE papers SET sort_date = coalesce((SELECT max(d.date) FROM digest_papers dp "
            "JOIN digests d ON d.id = dp.digest_id WHERE dp.paper_id = papers.id), "
            "published, '') WHERE id=?",
            (paper_id,),
        )

    def rows(self, ids: Sequence[str]) -> dict[str, PaperRow]:
        con = self.db.connection()
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
        comment=new.comment or old.comment,
        tags=tuple(sorted(set(old.tags) | set(new.tags))),
        digest_dates=old.digest_dates,
        user_tags=old.user_tags,
    )


def alias(con: sqlite3.Connection, old: str, new: str) -> None:
    """Another machine may name this paper `old` (its title id, or the arXiv id it knew it
    by): synced changes to `old` apply to `new` (core/store/events.py)."""
    con.execute("INSERT OR REPLACE INTO paper_aliases(old, new) VALUES(?, ?)", (old, new))
    con.execute("UPDATE paper_aliases SET new=? WHERE new=?", (new, old))
