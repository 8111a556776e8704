"""The SQLite connection: one per thread, WAL, a busy timeout, migrations, and every
change inside `transaction()`. The only place (with its siblings) that imports sqlite3.

Every sqlite3 error leaves this package as a StoreError: a garbled page gives "database
disk image is malformed" on any read, not only on open, and the CLI and app say it in one
line instead of a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sqlite3
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from digest_tui.core.errors import StoreError
from digest_tui.core.store.schema import MIGRATIONS, SCHEMA_VERSION

T = TypeVar("T")


def now() -> str:
    """The time stored with user data: UTC, ISO 8601, to the microsecond (a paper added in
    the second a visit began is still new; an older value stored to the second sorts before
    every finer one of that second, since "+" < ".")."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def damaged(path: Path, exc: sqlite3.Error) -> StoreError:
    return StoreError(
        f"cannot read the library database {path}: {exc}. The file was left as it is; "
        "move it away to start a new library, or restore a backup."
    )


# inspect.CO_GENERATOR, without importing inspect (with ast and dis, ~5 ms of a CLI
# command); a test holds the two equal.
CO_GENERATOR = 0x20


def _translated(method: types.FunctionType) -> Any:
    """`method` with every sqlite3 error turned into a StoreError."""
    if method.__code__.co_flags & CO_GENERATOR:

        @functools.wraps(method)
        def generator(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise damaged(self.db.path, exc) from exc

        return generator

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise damaged(self.db.path, exc) from exc

    return wrapper


def translate_errors(cls: type[T]) -> type[T]:
    """Class decorator for the tables: every public method raises StoreError, never a raw
    sqlite3 error. Methods that take the transaction's connection (`con`) are left alone:
    `transaction` translates (and rolls back) what they raise."""
    for name, member in list(vars(cls).items()):  # (the tables have no base classes)
        if name.startswith("_") or not isinstance(member, types.FunctionType):
            continue
        code = member.__code__
        if "con" not in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
            setattr(cls, name, _translated(member))
    return cls


class Database:
    """The library database file. Thread-safe: each thread gets its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = self  # what translate_errors reads the path from
        self._local = threading.local()
        self._all: list[tuple[sqlite3.Connection, threading.Thread]] = []  # with its thread
        self._guard = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate(self.connection())
        except sqlite3.DatabaseError as exc:
            self.close()
            raise damaged(path, exc) from exc
        except OSError as exc:
            raise StoreError(f"cannot create the library at {path.parent}: {exc}") from exc

    def connection(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=30000")
            self._local.con = con
            with self._guard:
                self._all.append((con, threading.current_thread()))
        return con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE .. COMMIT, rolled back on any exception."""
        con = self.connection()
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"the library is busy or read-only: {exc}") from exc
        try:
            yield con
        except sqlite3.Error as exc:  # disk full, I/O error, read-only file: nothing written
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise StoreError(f"could not save to the library: {exc}") from exc
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
        try:
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise StoreError(f"could not save to the library: {exc}") from exc

    def close(self) -> None:
        """Close this thread's connection and those of threads that have ended. Another
        live thread may be inside a query on its own (a search or the warm-up when the
        app quits): closing a connection under a running statement crashes the
        interpreter, so that one is left open, for the process's end or a later
        `close()` once its thread has ended. Every thread gets a new connection after."""
        me = threading.current_thread()
        with self._guard:
            busy = []
            for con, owner in self._all:
                if owner is me or not owner.is_alive():
                    with contextlib.suppress(sqlite3.Error):
                        con.close()
                else:
                    busy.append((con, owner))
            self._all = busy
        self._local = threading.local()

    def _migrate(self, con: sqlite3.Connection) -> None:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer digest-tui (schema {version}); upgrade"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as tx:
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        tx.execute(statement)
                tx.execute(f"PRAGMA user_version={target}")

    # ----- meta: small named values, and the generation the index is stamped with ------
    def meta(self, key: str, default: str | None = None) -> str | None:
        try:
            row = self.connection().execute("SELECT value FROM meta WHERE key=?", (key,))
            found = row.fetchone()
        except sqlite3.Error as exc:
            raise damaged(self.path, exc) from exc
        return str(found[0]) if found else default

    def set_meta(self, con: sqlite3.Connection, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    def generation(self) -> int:
        """Bumped by every change the index must follow."""
        return int(self.meta("generation", "0") or 0)

    def bump_generation(self, con: sqlite3.Connection) -> int:
        row = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        value = int(row[0]) + 1 if row else 1
        self.set_meta(con, "generation", str(value))
        return value
