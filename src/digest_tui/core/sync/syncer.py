"""One sync: append this machine's new events to its journal, then read every other
journal from where this library stopped and apply what is new.

A lock file in the data dir keeps two processes of one library from syncing at once.
Each step is safe to cut short (kill -9): the journal is written before the outbox is
trimmed, and the next sync appends only what the file lacks (its last sequence number
says); applied events and the read offsets are committed in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest_tui.core.errors import IngestError, SyncError
from digest_tui.core.models import ImportSummary, paper_record
from digest_tui.core.store import Store, now
from digest_tui.core.sync import journal
from digest_tui.core.sync.events import Event, parse_lines

if TYPE_CHECKING:
    from digest_tui.core.sources.common import ParsedDigest

LAST = "sync_last"  # when this library last synced, and what it saw then
CARRY = ("bookmark", "tag", "note")  # events that bring their paper along
SYNC_SOURCE = "sync"


@dataclass(frozen=True, slots=True)
class SyncReport:
    folder: str
    machine: str
    written: int = 0  # events appended to this machine's journal
    read: int = 0  # events read from other journals
    applied: int = 0  # of them, the ones that changed something here
    bad: int = 0  # lines skipped: not a valid event
    papers_added: int = 0  # papers this library had not imported, brought by events
    machines: int = 1  # journals in the folder (this machine's included)
    at: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class Syncer:
    def __init__(
        self,
        store: Store,
        data_dir: Path,
        folder: str | None,
        import_parsed: Callable[[ParsedDigest, str], ImportSummary],
        follow: Callable[[list[str], int], None],
    ) -> None:
        self.store = store
        self.data_dir = data_dir
        self.configured = folder
        self.import_parsed = import_parsed
        self.follow = follow

    def folder(self, given: str | None = None) -> Path:
        chosen = given or self.configured
        if not chosen:
            raise SyncError(
                'no sync folder: give --folder DIR, or set [sync] folder = "..." in config.toml'
            )
        path = Path(chosen).expanduser()
        if not path.is_absolute():  # config.toml's folder must not move with the cwd
            path = (self.data_dir if not given else Path.cwd()) / path
        if not path.is_dir():
            raise SyncError(f"the sync folder {path} does not exist (or is not a directory)")
        if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
            raise SyncError(f"the sync folder {path} is not readable and writable")
        return path

    # ----- one sync ---------------------------------------------------------------------
    def run(self, given: str | None = None) -> SyncReport:
        folder = self.folder(given)
        try:
            return self._run(folder)
        except OSError as exc:  # a file the sync tool locked, made unreadable, removed
            name = exc.filename or folder
            raise SyncError(f"cannot sync with {name}: {exc.strerror or exc}") from None

    def _run(self, folder: Path) -> SyncReport:
        events = self.store.events
        machine = events.machine()
        with self._locked():
            with self.store.transaction() as con:
                if events.enable(con):  # the first sync: the state so far, as events
                    events.adopt(con)
                    for event in events.own_registers(machine):
                        events.enqueue(con, event)
            written = self._write_own(folder, machine)
            report = self._read_others(folder, machine)
            report = replace(report, written=written, at=now())
            with self.store.transaction() as con:
                self.store.set_meta(con, LAST, json.dumps(report.as_dict()))
        return report

    def status(self, given: str | None = None) -> dict[str, Any]:
        """The last sync (when, from how many machines) and what waits to be written."""
        last = json.loads(self.store.meta(LAST) or "{}")
        status = {
            "folder": given or self.configured,
            "machine": self.store.events.machine(),
            "last_sync": last.get("at"),
            "machines": last.get("machines", 0),
            "waiting": self.waiting(),
            "last": last or None,
        }
        return {**status, "text": last_sync_text(status)}

    def waiting(self) -> int:
        """Events made here that no journal holds yet."""
        return self.store.events.waiting()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # Windows: the database transactions still keep state whole
            yield
            return
        with (self.data_dir / "sync.lock").open("a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # ----- writing this machine's journal ------------------------------------------------
    def _write_own(self, folder: Path, machine: str) -> int:
        """Append the outbox to this machine's journal; the number of events appended.

        `written` (in the database) and the journal's own last number agree after a
        clean sync. The journal behind: it went missing or back to an older copy, so this
        machine's state is queued again (idempotent for whoever read it before). The
        journal ahead: a sync was killed after appending, or the database came back from
        a backup; its lines after `written` are applied here (nothing is lost) and outbox
        events already among them are not appended twice."""
        events = self.store.events
        path = journal.own_path(folder, machine)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise SyncError(f"{path} is not a plain file (a link?): this machine will not write it")
        in_file = journal.last_seq(path, machine)
        written = int(self.store.meta("sync_written") or 0)
        present: set[str] = set()
        if in_file < written:
            with self.store.transaction() as con:
                for event in events.own_registers(machine):
                    events.enqueue(con, event)
                self.store.set_meta(con, "sync_written", str(in_file))  # queued once
        elif in_file > written:
            ahead, _ = parse_lines(journal.own_lines_after(path, machine, written))
            with self.store.transaction() as con:
                for event in ahead:
                    events.apply(con, event)
            present = {e.stamp + e.key for e in ahead}
        queued = events.outbox()  # read once: a change made meanwhile waits
        pending = [(n, e) for n, e in queued if e.stamp + e.key not in present]
        top = max([0] + [n for n, _ in queued])
        if pending:
            try:
                journal.append(path, self._lines(pending, first_seq=in_file + 1))
            except OSError as exc:  # a full disk, a file that became a link meanwhile
                raise SyncError(f"cannot write {path}: {exc.strerror or exc}") from None
        with self.store.transaction() as con:
            self.store.set_meta(con, "sync_written", str(in_file + len(pending)))
            events.trim_outbox(con, top)
        return len(pending)

    def _lines(self, pending: list[tuple[int, Event]], first_seq: int) -> list[str]:
        """Journal lines numbered on from the journal's own last number."""
        carried = {e.paper for _, e in pending if e.op in CARRY and e.value}
        papers = self.store.papers.get(sorted(carried)) if carried else {}
        out = []
        for seq, (_, event) in enumerate(pending, start=first_seq):
            paper = papers.get(event.paper) if event.op in CARRY and event.value else None
            if paper is not None:
                event = event._replace(record=paper_record(paper))
            out.append(event.line(seq))
        return out

    # ----- reading the others ----------------------------------------------------------
    def _read_others(self, folder: Path, machine: str) -> SyncReport:
        events = self.store.events
        own = journal.own_path(folder, machine)
        seen = {machine}
        read = applied = bad = added = 0
        for path, owner in journal.journals(folder):
            seen.add(owner)
            if path == own:
                continue
            offset, tail = events.position(path.name)
            try:
                lines, end, new_tail = journal.read_new(path, offset, tail)
            except OSError:
                continue  # vanished or unreadable meanwhile: the next sync reads it
            batch, skipped = parse_lines(lines)
            bad += skipped
            read += len(batch)
            added += self._bring_papers(batch)
            with self.store.transaction() as con:
                changed = [e for e in batch if events.apply(con, e)]
                events.set_position(con, path.name, end, new_tail)
                reindex = {e.paper for e in changed if e.op in ("tag", "note")}
                generation = self.store.bump_generation(con) if reindex else 0
            applied += len(changed)
            if reindex:
                self.follow(sorted(reindex), generation)
        self._settle()
        return SyncReport(str(folder), machine, 0, read, applied, bad, added, len(seen))

    def _settle(self) -> None:
        """Changes that wait for their paper take effect once it is here: looked at only
        when papers may have arrived (the library changed since the last look)."""
        if self.store.meta("sync_settled") == str(self.store.generation()):
            return
        with self.store.transaction() as con:
            settled = self.store.events.settle_pending(con)
            generation = self.store.bump_generation(con) if settled else self.store.generation()
            self.store.set_meta(con, "sync_settled", str(generation))
        if settled:
            self.follow(sorted(set(settled)), generation)

    def _bring_papers(self, batch: list[Event]) -> int:
        """Import the papers events carry that this library lacks, checked as an import
        checks them; a record that fails is left out (the event waits for its paper)."""
        from digest_tui.core.sources import jsonl
        from digest_tui.core.sources.common import ParseContext, ParsedDigest

        wanted = {e.paper: e.record for e in batch if e.record is not None and e.value}
        if not wanted:
            return 0
        have = self.store.papers.get(sorted(wanted))
        papers = []
        for paper_id, record in wanted.items():
            if paper_id in have or record is None:
                continue
            try:
                data = json.dumps({**record, "digest_dates": []}).encode()
                parsed = jsonl.parse(data, ParseContext(name="a synced event"))
            except (IngestError, RecursionError, ValueError):
                continue
            papers += [p for p in parsed.papers if p.id == paper_id]
        if not papers:
            return 0
        parsed_digest = ParsedDigest(SYNC_SOURCE, tuple(papers), None)
        summary = self.import_parsed(parsed_digest, "papers from your other machines")
        return summary.added


def last_sync_text(status: dict[str, Any], today: dt.date | None = None) -> str:
    """`synced 09:41 · 3 machines` for the status line ("" before the first sync)."""
    at = status.get("last_sync")
    if not at:
        return ""
    when = dt.datetime.fromisoformat(at).astimezone()
    day = today or dt.date.today()
    shown = when.strftime("%H:%M") if when.date() == day else when.strftime("%Y-%m-%d %H:%M")
    count = int(status.get("machines") or 1)
    return f"synced {shown} · {count} machine{'s' if count != 1 else ''}"
