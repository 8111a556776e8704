"""The user's state as last-writer-wins registers, and the events not yet in a journal.

Every change of a bookmark, read state, note, user tag or saved search is recorded here
in the transaction that makes it: its register (key -> stamp, value) and, once sync is
on, an outbox row. An event from another machine changes a register only if its stamp
is later, and then the user's tables follow; so applying events in any order, twice or
not, ends in the same state. A register whose paper this library lacks is kept
(`pending`) and takes effect when the paper arrives.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from digest_tui.core.store.database import Database, now, translate_errors
from digest_tui.core.sync.events import Event, later, tick

HLC = "sync_hlc"  # the latest stamp this library made or saw
MACHINE = "sync_machine"  # this library's name in a sync folder
ENABLED = "sync_enabled"  # outbox rows are kept once a sync has run


@translate_errors
class EventLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- identity and clock ---------------------------------------------------------
    def machine(self) -> str:
        """A random 16-hex-digit id made once and kept in the library's data."""
        found = self.db.meta(MACHINE)
        if found:
            return found
        with self.db.transaction() as con:
            return self._machine(con)

    def _machine(self, con: sqlite3.Connection) -> str:
        row = con.execute("SELECT value FROM meta WHERE key=?", (MACHINE,)).fetchone()
        if row:
            return str(row[0])
        import secrets  # only once per library: not on every start

        made = secrets.token_hex(8)
        self.db.set_meta(con, MACHINE, made)
        return made

    def _ticks(self, con: sqlite3.Connection, count: int) -> list[str]:
        row = con.execute("SELECT value FROM meta WHERE key=?", (HLC,)).fetchone()
        last, machine, out = (str(row[0]) if row else None), self._machine(con), []
        for _ in range(count):
            last = tick(last, machine)
            out.append(last)
        if last is not None:
            self.db.set_meta(con, HLC, last)
        return out

    def _tick(self, con: sqlite3.Connection) -> str:
        return self._ticks(con, 1)[0]

    def observe(self, con: sqlite3.Connection, stamp: str) -> None:
        """A stamp seen from another machine: local edits from now on come after it."""
        row = con.execute("SELECT value FROM meta WHERE key=?", (HLC,)).fetchone()
        newest = later(str(row[0]) if row else None, stamp)
        if newest is not None:
            self.db.set_meta(con, HLC, newest)

    # ----- local changes ----------------------------------------------------------------
    def record(
        self,
        con: sqlite3.Connection,
        op: str,
        value: Any,
        *,
        paper: str = "",
        tag: str = "",
        name: str = "",
    ) -> None:
        """A change this library made: its register, and the outbox once sync is on."""
        self.record_many(con, [Event("", op, value, paper, tag, name)])

    def record_many(self, con: sqlite3.Connection, changes: list[Event]) -> None:
        """Changes (unstamped events) made in one transaction, stamped in order."""
        if not changes:
            return
        stamped = [
            Event(at, e.op, e.value, e.paper, e.tag, e.name)
            for at, e in zip(self._ticks(con, len(changes)), changes, strict=True)
        ]
        con.executemany(
            "INSERT OR REPLACE INTO sync_registers(key, stamp, value, pending, paper) "
            "VALUES(?,?,?,0,?)",
            [(e.key, e.stamp, _encode(e), e.paper) for e in stamped],
        )
        if con.execute("SELECT 1 FROM meta WHERE key=?", (ENABLED,)).fetchone():
            con.executemany(
                "INSERT INTO sync_outbox(event) VALUES(?)", [(_encode(e),) for e in stamped]
            )

    def enqueue(self, con: sqlite3.Connection, event: Event) -> None:
        con.execute("INSERT INTO sync_outbox(event) VALUES(?)", (_encode(event),))

    def _put(self, con: sqlite3.Connection, event: Event, pending: bool) -> None:
        con.execute(
            "INSERT OR REPLACE INTO sync_registers(key, stamp, value, pending, paper) "
            "VALUES(?,?,?,?,?)",
            (event.key, event.stamp, _encode(event), int(pending), event.paper),
        )

    # ----- events from elsewhere -----------------------------------------------------------
    def apply(self, con: sqlite3.Connection, event: Event) -> bool:
        """Take a remote event if it is the latest for its register; True if it changed."""
        row = con.execute("SELECT stamp FROM sync_registers WHERE key=?", (event.key,))
        found = row.fetchone()
        self.observe(con, event.stamp)
        if found is not None and str(found[0]) >= event.stamp:
            return False
        self._put(con, event, pending=not self._materialize(con, event))
        return True

    def settle_pending(self, con: sqlite3.Connection) -> list[str]:
        """Registers whose paper has arrived (or come back) since: make them count. The
        papers' ids here."""
        done = []
        rows = con.execute("SELECT key, value FROM sync_registers WHERE pending=1").fetchall()
        for key, value in rows:
            event = _decode(str(value))
            if self._materialize(con, event):
                con.execute("UPDATE sync_registers SET pending=0 WHERE key=?", (key,))
                done.append(self._local_id(con, event.paper) or event.paper)
        return done

    @staticmethod
    def _local_id(con: sqlite3.Connection, paper: str) -> str | None:
        """The id this library knows a paper by: its own, or the id it was merged into (a
        title id that became an arXiv id, here or on the machine that sent it)."""
        if con.execute("SELECT 1 FROM papers WHERE id=?", (paper,)).fetchone():
            return paper
        row = con.execute(
            "SELECT p.id FROM paper_aliases a JOIN papers p ON p.id=a.new WHERE a.old=?",
            (paper,),
        ).fetchone()
        return str(row[0]) if row else None

    def _materialize(self, con: sqlite3.Connection, event: Event) -> bool:
        """Make the user's tables say what the register says; False if the paper is
        not in this library (yet)."""
        if event.op == "saved":
            if event.value is None:
                con.execute("DELETE FROM saved_searches WHERE name=?", (event.name,))
            else:
                con.execute(
                    "INSERT INTO saved_searches(name, query, tags, last_viewed) "
                    "VALUES(?,?,?,?) ON CONFLICT(name) DO UPDATE SET query=excluded.query, "
                    "tags=excluded.tags",
                    (event.name, event.value["query"], json.dumps(event.value["tags"]), now()),
                )
            return True
        local = self._local_id(con, event.paper)
        if local is None:
            return False
        p, on = local, event.value
        if event.op == "bookmark":
            if on:
                sql = "INSERT OR IGNORE INTO bookmarks(paper_id, added_at) VALUES(?,?)"
                con.execute(sql, (p, now()))
            else:
                con.execute("DELETE FROM bookmarks WHERE paper_id=?", (p,))
        elif event.op == "read":
            if on:
                sql = "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES(?,?)"
                con.execute(sql, (p, now()))
            else:
                con.execute("DELETE FROM read_state WHERE paper_id=?", (p,))
        elif event.op == "note":
            if str(on).strip():
                sql = "INSERT OR REPLACE INTO notes(paper_id, body, updated_at) VALUES(?,?,?)"
                con.execute(sql, (p, on, now()))
            else:
                con.execute("DELETE FROM notes WHERE paper_id=?", (p,))
        elif on:  # a user tag
            sql = "INSERT OR IGNORE INTO paper_tags(paper_id, tag, kind) VALUES(?,?,'user')"
            con.execute(sql, (p, event.tag))
        else:
            sql = "DELETE FROM paper_tags WHERE paper_id=? AND tag=? AND kind='user'"
            con.execute(sql, (p, event.tag))
        return True

    # ----- the outbox and the journals' bookkeeping -----------------------------------------
    def enable(self, con: sqlite3.Connection) -> bool:
        """Sync is on from now; True the first time (the caller then adopts the state)."""
        if con.execute("SELECT 1 FROM meta WHERE key=?", (ENABLED,)).fetchone():
            return False
        self.db.set_meta(con, ENABLED, "1")
        return True

    def adopt(self, con: sqlite3.Connection) -> int:
        """State made before sync existed gets registers (stamped now); how many."""
        known = {str(r[0]) for r in con.execute("SELECT key FROM sync_registers")}
        made = 0
        current: list[tuple[str, Any, str, str, str]] = [
            *(
                ("bookmark", True, r[0], "", "")
                for r in con.execute("SELECT paper_id FROM bookmarks")
            ),
            *(("read", True, r[0], "", "") for r in con.execute("SELECT paper_id FROM read_state")),
            *(
                ("note", r[1], r[0], "", "")
                for r in con.execute("SELECT paper_id, body FROM notes")
            ),
            *(
                ("tag", True, r[0], r[1], "")
                for r in con.execute("SELECT paper_id, tag FROM paper_tags WHERE kind='user'")
            ),
            *(
                ("saved", {"query": r[1], "tags": json.loads(r[2])}, "", "", r[0])
                for r in con.execute("SELECT name, query, tags FROM saved_searches")
            ),
        ]
        for op, value, paper, tag, name in current:
            probe = Event("", op, value, paper, tag, name)
            if probe.key not in known:
                self._put(con, Event(self._tick(con), op, value, paper, tag, name), False)
                made += 1
        return made

    def own_registers(self, machine: str) -> Iterator[Event]:
        """The registers this machine's edits decide (to write its journal anew)."""
        rows = self.db.connection().execute(
            "SELECT value FROM sync_registers WHERE stamp LIKE ? ORDER BY stamp",
            (f"%.{machine}",),
        )
        for (value,) in rows.fetchall():
            yield _decode(str(value))

    def outbox(self) -> list[tuple[int, Event]]:
        """The events no journal holds yet, oldest first, with their outbox numbers."""
        rows = self.db.connection().execute("SELECT seq, event FROM sync_outbox ORDER BY seq")
        return [(int(seq), _decode(str(event))) for seq, event in rows.fetchall()]

    def waiting(self) -> int:
        row = self.db.connection().execute("SELECT count(*) FROM sync_outbox").fetchone()
        return int(row[0])

    def trim_outbox(self, con: sqlite3.Connection, upto: int) -> None:
        """Events now safely in the journal file leave the outbox."""
        con.execute("DELETE FROM sync_outbox WHERE seq <= ?", (upto,))

    def position(self, name: str) -> tuple[int, str]:
        """How far this library has read a journal: (offset, hash of the bytes before it)."""
        row = (
            self.db.connection()
            .execute("SELECT offset, tail FROM sync_files WHERE name=?", (name,))
            .fetchone()
        )
        return (int(row[0]), str(row[1])) if row else (0, "")

    def set_position(self, con: sqlite3.Connection, name: str, offset: int, tail: str) -> None:
        con.execute(
            "INSERT OR REPLACE INTO sync_files(name, offset, tail) VALUES(?,?,?)",
            (name, offset, tail),
        )

    def state(self) -> dict[str, Any]:
        """What the registers say (for tests and `sync --status`): key -> value."""
        rows = self.db.connection().execute("SELECT key, value FROM sync_registers")
        return {str(k): _decode(str(v)).value for k, v in rows.fetchall()}


def _encode(event: Event) -> str:
    return json.dumps(
        [event.stamp, event.op, event.value, event.paper, event.tag, event.name],
        ensure_ascii=False,
    )


def _decode(text: str) -> Event:
    stamp, op, value, paper, tag, name = json.loads(text)
    return Event(stamp, op, value, paper, tag, name)
