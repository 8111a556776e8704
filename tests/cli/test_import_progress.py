"""Import progress that tells the truth: phases with their own totals, a line per file as
it is stored, a final total, plain lines when output is not a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest_tui.cli import main, progress
from digest_tui.core.library import Library
from digest_tui.core.models import Phase
from digest_tui.core.paths import Paths


def write_digests(folder: Path, files: int, per_file: int) -> list[str]:
    paths = []
    for f in range(files):
        lines = [
            json.dumps(
                {
                    "id": f"2501.{f:02d}{p:03d}",
                    "title": f"Paper {p} of file {f} on graph learning",
                    "authors": ["A. Author"],
                    "abstract": "We study things. " * 5,
                    "categories": ["cs.LG"],
                }
            )
            for p in range(per_file)
        ]
        path = folder / f"2025-01-{f + 1:02d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_each_phase_counts_up_to_its_own_total(data_dir: Path, tmp_path: Path) -> None:
    files = write_digests(tmp_path, 4, 5)
    seen: dict[Phase, list[tuple[int, int]]] = {}
    with Library(Paths.resolve(str(data_dir))) as library:
        library.reindex()  # an index exists: a few new papers are added to it
        report = lambda phase, done, total: seen.setdefault(phase, []).append((done, total))  # noqa: E731
        with library.batch(report):
            outcomes = list(library.import_files(files, progress=report))
    assert len(outcomes) == 4
    assert seen[Phase.READING][-1] == (4, 4) and seen[Phase.STORING][-1] == (4, 4)
    assert [d for d, _ in seen[Phase.STORING]] == [0, 1, 2, 3, 4]  # as each file is stored
    assert seen[Phase.INDEXING][-1] == (20, 20)  # a few papers: the index is updated
    assert list(seen) == [Phase.READING, Phase.STORING, Phase.INDEXING]


def test_a_rebuild_reports_indexing_then_merging(library: Library) -> None:
    seen: dict[Phase, list[tuple[int, int]]] = {}
    total = library.reindex(lambda phase, d, t: seen.setdefault(phase, []).append((d, t)))
    assert seen[Phase.INDEXING][0] == (0, total) and seen[Phase.INDEXING][-1] == (total, total)
    assert seen[Phase.MERGING] == [(0, 1), (1, 1)]
    assert list(seen) == [Phase.INDEXING, Phase.MERGING]


def test_indexing_in_processes_reports_what_the_children_indexed(data_dir: Path) -> None:
    """With two processes the parent waits for its children: the count never runs ahead
    of the work by more than a few batches, and the merge is reported as they finish."""
    from digest_tui.core.search.building import AHEAD, BATCH, build_index
    from digest_tui.core.search.schema import schema

    total = 2_400
    docs = ({"id": f"p{n}", "title": f"paper number {n}"} for n in range(total))
    seen: list[tuple[Phase, int, int]] = []
    skipped = build_index(
        data_dir / "fresh", schema(), docs, total, 1, lambda *a: seen.append(a), procs=2
    )
    assert skipped == []
    indexing = [(d, t) for p, d, t in seen if p is Phase.INDEXING]
    merging = [(d, t) for p, d, t in seen if p is Phase.MERGING]
    assert indexing[-1] == (total, total)
    assert all(d <= total for d, _ in indexing)
    assert merging[0] == (0, 2) and merging[-1] == (2, 2)
    assert (data_dir / "fresh").is_dir()
    assert total > AHEAD * 2 * BATCH  # the window is smaller than the work


def test_piped_import_prints_files_as_they_go_then_a_total(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "PLAIN_QUIET", 0.0)  # this import is quicker than that
    files = write_digests(tmp_path, 3, 4)
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    code = main(["import", *files, str(bad)])
    out, err = capsys.readouterr()
    assert code == 2  # one file refused
    lines = out.splitlines()
    assert [line.split(" ")[0] for line in lines[:3]] == [Path(f).name for f in files]
    assert lines[-1].startswith("4 files: 12 added, 0 updated, 0 unchanged, 1 rejected, in ")
    assert "Reading files: 0/4" in err and "Storing: 4/4" in err
    assert "broken.jsonl" in err


def test_a_quick_piped_import_prints_no_progress(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = write_digests(tmp_path, 1, 3)
    assert main(["import", *files]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1 and "3 added" in out
