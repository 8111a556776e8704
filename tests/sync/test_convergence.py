"""Random edits on three machines, each with its own copy of the sync folder, and a sync
tool that delivers journals late, cut mid-line, twice (conflict copies) or as an older
copy: once every journal has arrived everywhere, every machine holds the same state."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.sync import journal
from tests.sync.helpers import PAPERS, open_library, user_state

MACHINES = 3
IDS = [p.id for p in PAPERS[:3]]

edit = st.tuples(
    st.just("edit"),
    st.integers(0, MACHINES - 1),
    st.sampled_from(
        ["bookmark", "unbookmark", "tag", "untag", "note", "read", "unread", "save", "unsave"]
    ),
    st.sampled_from(IDS),
    st.sampled_from(["a", "b"]),
)
sync = st.tuples(st.just("sync"), st.integers(0, MACHINES - 1))
deliver = st.tuples(
    st.just("deliver"),
    st.integers(0, MACHINES - 1),  # whose journal
    st.integers(0, MACHINES - 1),  # into whose folder
    st.sampled_from(["whole", "cut", "conflict", "older"]),
    st.floats(0.05, 0.95),
)
steps = st.lists(st.one_of(edit, sync, deliver), min_size=5, max_size=40)


def _edit(lib: Library, what: str, paper: str, word: str) -> None:
    if what in ("bookmark", "unbookmark"):
        lib.set_bookmark(paper, what == "bookmark")
    elif what == "tag":
        lib.set_user_tags(paper, [*(t for t in tags_of(lib, paper)), word])
    elif what == "untag":
        lib.set_user_tags(paper, [t for t in tags_of(lib, paper) if t != word])
    elif what == "note":
        lib.set_note(paper, f"note {word} on {lib.store.events.machine()}")
    elif what in ("read", "unread"):
        lib.set_read(paper, what == "read")
    elif what == "save":
        lib.saved.save(f"search {word}", Selection(query=f"{word} {paper}"))
    elif any(s.name == f"search {word}" for s in lib.saved.all(counts=False)):
        lib.saved.delete(f"search {word}")


def tags_of(lib: Library, paper: str) -> list[str]:
    con = lib.store.db.connection()
    sql = "SELECT tag FROM paper_tags WHERE paper_id=? AND kind='user' ORDER BY tag"
    return [r[0] for r in con.execute(sql, (paper,))]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps)
def test_every_machine_converges(plan: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = [root / f"folder{i}" for i in range(MACHINES)]
        for folder in folders:
            folder.mkdir()
        libs = [open_library(root, f"m{i}") for i in range(MACHINES)]
        names = [journal.own_path(Path(), lib.store.events.machine()).name for lib in libs]
        history: list[list[bytes]] = [[] for _ in range(MACHINES)]
        try:
            for step in plan:
                if step[0] == "edit":
                    _, who, what, paper, word = step
                    _edit(libs[who], str(what), str(paper), str(word))  # type: ignore[index]
                elif step[0] == "sync":
                    who = int(step[1])  # type: ignore[call-overload]
                    libs[who].sync.run(str(folders[who]))
                    own = folders[who] / names[who]
                    if own.exists():
                        history[who].append(own.read_bytes())
                else:
                    _, src, dst, how, cut = step
                    versions = history[src]  # type: ignore[index]
                    if not versions:
                        continue
                    data = versions[-1]
                    target = folders[dst] / names[src]  # type: ignore[index]
                    if how == "cut":
                        data = data[: int(len(data) * cut)]  # type: ignore[operator]
                    elif how == "older":
                        data = versions[int((len(versions) - 1) * cut)]  # type: ignore[operator]
                    elif how == "conflict":
                        target = target.with_name(f"{target.stem}.sync-conflict-1-2-X.jsonl")
                    target.write_bytes(data)
            for _ in range(2):  # the tool catches up: every journal reaches every folder
                for who, lib in enumerate(libs):
                    lib.sync.run(str(folders[who]))
                for src in range(MACHINES):
                    for dst in range(MACHINES):
                        if src != dst and (folders[src] / names[src]).exists():
                            shutil.copy(folders[src] / names[src], folders[dst] / names[src])
            for who, lib in enumerate(libs):
                lib.sync.run(str(folders[who]))
            states = [user_state(lib) for lib in libs]
            assert states[0] == states[1] == states[2], plan
            registers = [lib.store.events.state() for lib in libs]
            assert registers[0] == registers[1] == registers[2]
        finally:
            for lib in libs:
                lib.close()
