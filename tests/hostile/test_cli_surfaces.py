"""Every CLI command over a library of hostile records: no raw escape reaches a terminal,
no record breaks the index, and every failure is one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths

from .corpus import HOSTILE_ID, STRINGS, hostile_library, raw_chars, write_records

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_importing_hostile_records_reports_what_was_changed(
    data_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    path = write_records(tmp_path / "hostile-2025-02-02.jsonl")
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert not raw_chars(out + err)
    assert "ids replaced by a title id: 1" in out  # the escape-laden id
    assert "upvotes out of range dropped: 2" in out and "GitHub stars out of range" in out
    assert "categories beyond 50 dropped: 49,950" in out
    assert "authors beyond 5,000 dropped: 1,000" in out
    assert "unsafe links dropped: 5" in out
    with Library(Paths.resolve(data_dir)) as lib:
        ids = lib.search(Selection()).ids
        assert all(i.isascii() and i.isprintable() for i in ids)
        links = lib.paper("2502.90005").links
        assert [link.url for link in links if "example.org" in link.url] == [
            "https://example.org/fine"
        ]
        wide = lib.paper("2502.90004")
        assert len(wide.categories) == 50 and len(wide.authors) == 5_000
        assert lib.paper("2502.90001").upvotes is None
        assert "\ufffd" in lib.paper("2502.90003").authors[0]


def test_a_record_beyond_32_bits_cannot_stop_search_or_reindex(
    data_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    path = write_records(tmp_path / "hostile.jsonl")
    assert run(capsys, "import", str(path))[0] == 0
    code, out, err = run(capsys, "search", "upvotes", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)] == ["2502.90001"]
    code, out, err = run(capsys, "reindex")
    assert code == 0 and "indexed" in out, err
    assert run(capsys, "search", "surrogates")[0] == 0


def test_every_command_prints_hostile_data_safely(
    library: Library, tmp_path: Path, capsys: Capture
) -> None:
    hostile_library(library)
    path = write_records(tmp_path / ("digest \x1b[2J" + STRINGS[0][:10] + ".jsonl"))
    assert run(capsys, "import", str(path))[0] == 0
    library.saved.save("saved " + STRINGS[6], Selection("hostile"))
    commands = [
        ["search", "hostile"],
        ["search", "hostile", "--json"],
        ["search", "escape"],
        ["show", "2502.00006"],
        ["show", "2502.00006", "--json"],
        ["similar", "2502.00006"],
        ["similar", "2502.00006", "--json"],
        ["bookmarks", "add", "2502.00006"],
        ["bookmarks", "list"],
        ["bookmarks", "list", "--json"],
        ["tags"],
        ["tags", "--json"],
        ["digests"],
        ["digests", "--json"],
        ["saved"],
        ["saved", "--json"],
        ["note", "2502.00006"],
        ["digest", "--keep", "--since", "2000-01-01"],
        ["digest", "--keep", "--since", "2000-01-01", "--json"],
        ["stats"],
        *[["export", "--format", fmt, "--query", "hostile"] for fmt in ("json", "jsonl")],
        *[["export", "--format", fmt, "--query", "hostile"] for fmt in ("markdown", "bibtex")],
        ["bookmarks", "add", HOSTILE_ID],  # an unknown id echoed in the error
        ["show", HOSTILE_ID],
    ]
    for argv in commands:
        code, out, err = run(capsys, *argv)
        assert code in (0, 2), argv
        assert not raw_chars(out + err), (argv, sorted(raw_chars(out + err)))
    code, out, err = run(capsys, "digests")
    label = next(line for line in out.splitlines() if "digest" in line and "␛" in line)
    assert "␛[2J" in label
    code, out, err = run(capsys, "digests", "remove", out.split()[0])
    assert code == 0 and not raw_chars(out + err)


def test_json_output_escapes_c1_bidi_and_format_characters(
    library: Library, capsys: Capture
) -> None:
    hostile_library(library)
    code, out, _ = run(capsys, "search", "hostile", "--json")
    assert code == 0 and not raw_chars(out)
    assert "\\u009b" in out and "\\u202e" in out and "\\udb40\\udc41" in out
    stored = {p.id: p for p in library.papers([h["id"] for h in json.loads(out)])}
    for hit in json.loads(out):  # escaped, not changed
        assert hit["title"] == stored[hit["id"]].title
