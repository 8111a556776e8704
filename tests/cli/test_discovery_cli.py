"""CLI: saved searches, notes, the morning digest, exports by saved search, BibTeX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.export import to_bibtex
from digest_tui.core.models import Paper
from tests.bib import bib_entries


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_saved_searches_from_the_cli(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "saved")
    assert code == 0 and "no saved searches" in out
    assert run(capsys, "saved", "add", "seg", "--query", "segmentation")[0] == 0
    assert run(capsys, "saved", "add", "ct", "--tag", "CT")[0] == 0
    code, out, _ = run(capsys, "saved", "--json")
    listed = {s["name"]: s for s in json.loads(out)}
    _, found, _ = run(capsys, "search", "segmentation", "--json")
    assert listed["seg"]["papers"] == len(json.loads(found)) and listed["seg"]["new"] == 0
    assert listed["ct"]["tags"] == ["ct"] and listed["ct"]["papers"] > 0
    assert run(capsys, "saved", "rename", "seg", "Segmentation")[0] == 0
    code, _, err = run(capsys, "saved", "add", "bad", "--query", '"open')
    assert code == 2 and "quote" in err
    code, _, err = run(capsys, "saved", "remove", "nope")
    assert code == 2 and "no saved search 'nope'" in err
    assert run(capsys, "saved", "remove", "ct")[0] == 0
    _, out, _ = run(capsys, "saved", "--json")
    assert [s["name"] for s in json.loads(out)] == ["Segmentation"]


def test_notes_are_kept_searchable_and_exported(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "search", "TotalSegmentator", "--json")
    paper_id = json.loads(out)[0]["id"]
    assert run(capsys, "note", paper_id, "--set", "check the `[bold]` {braces}")[0] == 0
    _, out, _ = run(capsys, "note", paper_id)
    assert out == "check the `[bold]` {braces}\n"
    _, out, _ = run(capsys, "search", "note:braces", "--json")
    assert [h["id"] for h in json.loads(out)] == [paper_id]
    target = tmp_path / "out.json"
    run(capsys, "export", "--query", "TotalSegmentator", "--format", "json", "-o", str(target))
    assert json.loads(target.read_text())[0]["note"] == "check the `[bold]` {braces}"
    assert run(capsys, "note", paper_id, "--clear")[0] == 0
    _, out, _ = run(capsys, "search", "note:braces", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "note", "no-such-paper")
    assert code == 2 and "no paper" in err


def test_morning_digest_groups_by_saved_search_and_remembers_the_run(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "saved", "add", "segmentation", "--query", "segmentation")
    _, found, _ = run(capsys, "search", "segmentation", "--json")
    titles = [h["title"] for h in json.loads(found)]
    code, out, _ = run(capsys, "digest", "--json", "--keep")
    (group,) = json.loads(out)["groups"]
    assert code == 0 and [p["title"] for p in group["papers"]] == titles
    code, out, _ = run(capsys, "digest")
    assert out.startswith("# New papers in your library")
    assert f"## segmentation ({len(titles)})" in out and out.count("\n### ") == len(titles)
    _, out, _ = run(capsys, "digest")  # the previous run was remembered
    assert "## segmentation (0)" in out and "Nothing new." in out
    _, out, _ = run(capsys, "digest", "--since", "2000-01-01", "--saved", "segmentation")
    assert out.count("\n### ") == len(titles)
    code, _, err = run(capsys, "digest", "--saved", "nope")
    assert code == 2 and "no saved search" in err


def test_export_by_saved_search_and_digest(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "saved", "add", "seg", "--query", "segmentation", "--tag", "ct")
    _, found, _ = run(capsys, "search", "segmentation", "--tag", "ct", "--json")
    target = tmp_path / "seg.bib"
    code, _, err = run(capsys, "export", "--saved", "seg", "--format", "bibtex", "-o", str(target))
    entries = bib_entries(target.read_text())
    assert code == 0 and len(entries) == len(json.loads(found)) > 0
    assert f"wrote {len(entries)} papers" in err


HOSTILE = [
    Paper(
        id="2401.00001",
        title="Braces {unbalanced and } closing \\textbf{bold} 100% $x^2$ #1 a_b ~",
        authors=("Ann O'Neil", "Bob {Weird} Backslash\\"),
        abstract="Back`ticks` and \\ backslashes } and { more",
        categories=("cs.CV",),
    ),
    Paper(id="t-0000000000ab", title="No arXiv id: [link](javascript:x) <b>", authors=()),
]


def test_bibtex_round_trips_through_bibtexparser() -> None:
    text = to_bibtex(HOSTILE, {"2401.00001": "note with } brace"})
    entries = bib_entries(text)
    assert len(entries) == 2
    first, second = entries
    assert first["ENTRYTYPE"] == "misc"
    assert first["eprint"] == "2401.00001" and first["archiveprefix"] == "arXiv"
    assert first["primaryclass"] == "cs.CV"
    assert first["url"] == "https://arxiv.org/abs/2401.00001"
    assert "Braces" in first["title"] and "closing" in first["title"]
    assert first["author"].count(" and ") == 1
    assert "eprint" not in second and "No arXiv id" in second["title"]
    assert len({e["ID"] for e in entries}) == 2
