"""Kill -9 and two processes at once: nothing acknowledged is lost, nothing half-done stays.

The normal test command runs a few kills; a longer soak is the same test with more:
    DIGEST_TUI_SOAK_KILLS=200 python -m pytest tests/soak
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths

KILLS = int(os.environ.get("DIGEST_TUI_SOAK_KILLS", "4"))

TOGGLER = """
import random, sys
from pathlib import Path
from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
lib = Library(Paths.resolve(Path(sys.argv[1])))
ids = list(lib.search(__import__("digest_tui.core.models", fromlist=["Selection"]).Selection()).ids)
rng = random.Random(int(sys.argv[2]))
print("ready", flush=True)
while True:
    paper_id = rng.choice(ids)
    print("start", paper_id, flush=True)
    on = lib.toggle_bookmark(paper_id)
    print("ok", paper_id, int(on), flush=True)
"""


def write_big_digest(path: Path, count: int, prefix: str) -> None:
    with path.open("w") as out:
        for i in range(count):
            paper = {
                "id": f"{prefix}.{i:05d}",
                "title": f"Paper {prefix} {i} about segmentation and [bold]markup[/]",
                "summary": "An abstract " * 40,
                "authors": ["A. Author", "B. Author"],
                "categories": ["cs.CV"],
            }
            out.write(json.dumps(paper) + "\n")


def survivors(data_dir: Path, wait: float = 3.0) -> list[int]:
    """Processes still running with this data directory on their command line (Linux):
    the index's worker processes must die with a killed import."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in proc.iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if str(data_dir).encode() in cmdline and int(entry.name) != os.getpid():
                    found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc): workers, resource trackers, sub-writers."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def still_running(pids: set[int], wait: float = 5.0) -> set[int]:
    deadline = time.monotonic() + wait
    while True:
        alive = {p for p in pids if Path(f"/proc/{p}").exists() and not zombie(p)}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def zombie(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def integrity_ok(database: Path) -> bool:
    con = sqlite3.connect(database)
    try:
        return bool(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        con.close()


def test_killed_bookmark_toggler_loses_no_acknowledged_toggle(sample_dir: Path) -> None:
    acknowledged: dict[str, bool] = {}
    with Library(Paths.resolve(sample_dir)) as lib:
        acknowledged = {p.id: True for p, _ in lib.bookmarks()}
    toggles = 0
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", TOGGLER, str(sample_dir), str(kill)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + random.uniform(0.05, 0.6)
        in_flight: str | None = None
        lines = []
        while time.monotonic() < deadline:
            lines.append(child.stdout.readline())
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        lines += child.stdout.read().splitlines(keepends=True)
        for line in lines:
            parts = line.split()
            if not line.endswith("\n"):  # cut off by the kill: not acknowledged
                break
            if parts[:1] == ["start"]:
                in_flight = parts[1]
            elif parts[:1] == ["ok"]:
                acknowledged[parts[1]] = parts[2] == "1"
                in_flight = None
                toggles += 1
        assert integrity_ok(Paths.resolve(sample_dir).database)
        with Library(Paths.resolve(sample_dir)) as lib:
            marked = {p.id for p, _ in lib.bookmarks()}
        for paper_id, on in acknowledged.items():
            if paper_id != in_flight:
                assert (paper_id in marked) == on, f"kill {kill}: lost toggle of {paper_id}"
        if in_flight is not None:  # committed or not: either state is honest
            acknowledged[in_flight] = in_flight in marked
    assert toggles > KILLS  # the children really toggled between kills
    print(f"soak: {KILLS} kills, {toggles} acknowledged toggles, none lost")


def test_killed_import_is_all_or_nothing_and_the_index_recovers(
    sample_dir: Path, tmp_path: Path
) -> None:
    paths = Paths.resolve(sample_dir)
    with Library(paths) as lib:
        before = lib.paper_count()
    imported = 0
    for kill in range(KILLS):
        big = tmp_path / f"{dt.date(2026, 1, 1) + dt.timedelta(days=kill)}.jsonl"
        write_big_digest(big, 2500, f"26{kill:02d}")
        child = subprocess.Popen(
            [sys.executable, "-m", "digest_tui", "--data-dir", str(sample_dir), "import", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.3, 4.0))  # parse, store, or the index rebuild
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert integrity_ok(paths.database)
        assert not survivors(sample_dir), f"kill {kill}: processes outlived the import"
        with Library(paths) as lib:
            count = lib.paper_count()
            assert count in (before, before + 2500), f"kill {kill}: a partial import"
            lib.ensure_index()  # a stale or half-built index is rebuilt, never trusted
            hits = lib.search(Selection("markup", tags=("cs.CV",))).ids
            assert len(hits) == count - before
            if count > before:  # keep the library small for the next round
                imported += 1
                lib.remove_digest(lib.find_digest(big.stem))
        assert not list(sample_dir.glob("index.new-*"))  # no half-built index left behind
    print(f"soak: {KILLS} killed imports, {imported} had committed, none partial")


def test_killed_multi_file_import_leaves_no_process_behind(
    sample_dir: Path, tmp_path: Path
) -> None:
    if not Path("/proc").is_dir():
        return
    files = []
    for n in range(6):  # three files or more: parsed ahead by worker processes
        path = tmp_path / f"2026-03-{n + 1:02d}.jsonl"
        write_big_digest(path, 800, f"28{n:02d}")
        files.append(str(path))
    seen = 0
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "digest_tui", "--data-dir", str(sample_dir), "import", *files],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        below: set[int] = set()
        deadline = time.monotonic() + random.uniform(0.8, 3.0)  # the parse phase
        while time.monotonic() < deadline:
            below |= descendants(child.pid)
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        seen += len(below)
        left = still_running(below)
        assert not left, f"kill {kill}: {sorted(left)} outlived the import"
        assert integrity_ok(Paths.resolve(sample_dir).database)
    assert seen, "the import never started its worker processes"
    print(f"soak: {KILLS} killed multi-file imports, {seen} worker processes, none outlived")


def test_two_processes_import_and_bookmark_at_once(sample_dir: Path, tmp_path: Path) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"2026-02-{n + 1:02d}.jsonl"
        write_big_digest(path, 300, f"27{n:02d}")
        files.append(path)
    importer = subprocess.Popen(
        [sys.executable, "-m", "digest_tui", "--data-dir", str(sample_dir), "import"]
        + [str(f) for f in files[:1]],
        stderr=subprocess.PIPE,
        text=True,
    )
    second = [
        subprocess.Popen(
            [sys.executable, "-m", "digest_tui", "--data-dir", str(sample_dir), "import", str(f)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files[1:]
    ]
    reader = Library(Paths.resolve(sample_dir))
    ids = reader.search(Selection()).ids
    marked = set()
    for i, paper_id in enumerate(ids[:40]):  # bookmark, note and search while they import
        reader.set_bookmark(paper_id, True)
        marked.add(paper_id)
        if i % 10 == 0:
            reader.set_note(paper_id, f"note {i} [b]x[/b]")
        reader.search(Selection("segmentation"))
    for proc in [importer, *second]:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "LockError" not in err
    assert {p.id for p, _ in reader.bookmarks()} == marked
    hits = reader.search(Selection("markup")).ids  # the reader sees the new papers
    assert len(hits) == 900
    assert reader.note(ids[0]) == "note 0 [b]x[/b]"
    assert ids[0] in reader.search(Selection("note:note")).ids
    reader.close()
    assert integrity_ok(Paths.resolve(sample_dir).database)
