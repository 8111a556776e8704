"""The library's tables and their migrations (PRAGMA user_version counts them)."""

from __future__ import annotations

SCHEMA_VERSION = 4
SAMPLE_SOURCE = "bundled-sample"  # the sample digest's source: no parser has this name
MIGRATIONS: dict[int, str] = {
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
    # 3: tags have kinds (the source's category, a topic of the lexicon, the user's own);
    # papers keep the author's comment. Automatic tags are recomputed afterwards (the
    # library sees tags_version change), so the old ones are dropped here.
    3: """
    ALTER TABLE papers ADD COLUMN comment TEXT NOT NULL DEFAULT '';
    CREATE TABLE paper_tags_new(
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
        tag TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY(paper_id, kind, tag)
    ) WITHOUT ROWID;
    INSERT INTO paper_tags_new(paper_id, tag, kind)
        SELECT paper_id, tag, 'user' FROM paper_tags WHERE user=1;
    DROP TABLE paper_tags;
    ALTER TABLE paper_tags_new RENAME TO paper_tags;
    CREATE INDEX paper_tags_tag ON paper_tags(tag, paper_id);
    DELETE FROM meta WHERE key='tags_version'
    """,
    # 4: sync (core/store/events.py): the user's state as last-writer-wins registers, the
    # events not yet written to this machine's journal, how far each journal was read,
    # and the other ids a paper was known by (a title id that became an arXiv id).
    4: """
    CREATE TABLE sync_registers(
        key TEXT PRIMARY KEY,
        stamp TEXT NOT NULL,
        value TEXT NOT NULL,
        pending INTEGER NOT NULL DEFAULT 0,
        paper TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX sync_registers_pending ON sync_registers(pending) WHERE pending=1;
    CREATE INDEX sync_registers_paper ON sync_registers(paper);
    CREATE TABLE paper_aliases(old TEXT PRIMARY KEY, new TEXT NOT NULL);
    CREATE TABLE sync_outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL);
    CREATE TABLE sync_files(name TEXT PRIMARY KEY, offset INTEGER NOT NULL, tail TEXT NOT NULL)
    """,
}
