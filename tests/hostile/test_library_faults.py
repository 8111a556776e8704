"""A damaged or surprising library and surprising arguments: one clear line, exit 2,
nothing removed that the user did not name."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.library import Library
from digest_tui.core.models import Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParseContext, ParsedDigest, parse_bytes
from digest_tui.core.sources.sniff import sniff

Capture = pytest.CaptureFixture[str]


def one_line_error(capsys: Capture) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


def test_sample_remove_never_touches_a_user_file_named_sample(
    library: Library, tmp_path: Path, capsys: Capture
) -> None:
    mine = tmp_path / "sample"
    mine.write_text('{"id": "2503.00001", "title": "My own paper", "summary": "x"}\n')
    assert main(["import", str(mine)]) == 0
    assert main(["sample", "remove"]) == 0
    assert main(["sample", "remove"]) == 2  # already gone: says so, removes nothing else
    assert "sample digest is not in the library" in capsys.readouterr().err
    library.store.close()
    assert library.paper("2503.00001").title == "My own paper"
    assert library.paper_count() == 1


def test_an_ambiguous_digest_removal_lists_the_candidates(
    library: Library, capsys: Capture
) -> None:
    day = library.digest_dates()[-1]
    other = Paper("2503.00002", "Same day, other source", digest_dates=(day,))
    library.import_parsed(ParsedDigest("arxiv-atom", (other,), day), "x")
    before = library.paper_count()
    capsys.readouterr()
    assert main(["digests", "remove", day.isoformat()]) == 2
    err = one_line_error(capsys)
    assert "2 digests match" in err and "arxiv-atom" in err and "by id" in err
    assert library.paper_count() == before


def test_a_data_dir_that_is_a_file_or_empty_is_refused(tmp_path: Path, capsys: Capture) -> None:
    a_file = tmp_path / "notadir"
    a_file.write_text("x")
    for argv in (["stats"], ["search", "x"], ["bookmarks", "list"]):
        assert main(["--data-dir", str(a_file), *argv]) == 2
        assert "a file of that name is in the way" in one_line_error(capsys)
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", "", "stats"])
    assert exit_info.value.code == 2
    assert "--data-dir needs a directory" in capsys.readouterr().err


def garble_pages(database: Path, keep: int = 1, spare: frozenset[int] = frozenset()) -> None:
    """Overwrite every page after the first `keep` (1: the header and schema) with noise,
    except the pages numbered in `spare` (from 1)."""
    data = bytearray(database.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    rng = random.Random(3)
    for start in range(keep * page, len(data), page):
        if start // page + 1 not in spare:
            data[start : start + page] = bytes(rng.randrange(256) for _ in range(page))
    database.write_bytes(bytes(data))


def schema_and_meta_pages(database: Path) -> frozenset[int]:
    """The pages of the schema and the meta table, so that with the others garbled the
    library opens and the first real query fails (needs SQLite's dbstat table)."""
    con = sqlite3.connect(database)
    try:
        rows = con.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master', 'meta')"
        ).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the schema's pages")
    finally:
        con.close()
    return frozenset(r[0] for r in rows)


def test_a_garbled_page_is_one_line_in_every_command(sample_dir: Path, capsys: Capture) -> None:
    database = Paths.resolve(sample_dir).database
    garble_pages(database)
    for argv in (["search", ""], ["stats"], ["tags"], ["digests"], ["search", "ct"]):
        assert main(argv) == 2, argv
        err = one_line_error(capsys)
        assert "malformed" in err or "not a database" in err, err
        assert str(database) in err


def test_the_app_refuses_a_library_it_cannot_open_in_one_line(
    sample_dir: Path, capsys: Capture
) -> None:
    from digest_tui.ui.opening import launch

    garble_pages(Paths.resolve(sample_dir).database)
    assert launch(Paths.resolve(sample_dir)) == 2
    assert "malformed" in one_line_error(capsys)


async def test_a_garbled_page_is_a_message_in_the_app(sample_dir: Path) -> None:
    from digest_tui.ui.app import DigestApp

    from ..ui.conftest import settle

    database = Paths.resolve(sample_dir).database
    garble_pages(database, spare=schema_and_meta_pages(database))
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.is_running
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "malformed" in messages or "not a database" in messages
    app.library.close()
    assert app.return_code in (0, None)


def test_json_lines_with_a_first_line_over_64_kib_is_json_lines() -> None:
    wide = {"id": "2504.00001", "title": "Many authors", "authors": [f"A{n}" for n in range(9000)]}
    assert len(json.dumps(wide)) > 65536
    two = (json.dumps(wide) + "\n" + json.dumps({"title": "Second"}) + "\n").encode()
    assert sniff(two, ParseContext()) == "jsonl"
    one = (
        json.dumps(wide | {"categories": ["cs.CV"], "abs": "https://arxiv.org/abs/2504.00001"})
    ).encode()
    assert sniff(one, ParseContext()) == "jsonl"  # a single record line, not HF JSON
    parsed = parse_bytes(one, ParseContext())
    assert parsed.papers[0].categories == ("cs.CV",) and parsed.papers[0].links
    hf_single = json.dumps({"id": "2504.00002", "title": "T", "publishedAt": "2025-01-01"})
    assert sniff(hf_single.encode(), ParseContext()) == "hf-json"
    assert sniff(b'[\n  {"paper": {}}\n]', ParseContext()) == "hf-json"


def test_a_killed_rebuilds_leftover_is_swept_at_the_next_start(sample_dir: Path) -> None:
    paths = Paths.resolve(sample_dir)
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)  # a pid that no longer runs
    leftover = paths.index_dir.with_name(f"index.new-{dead}")
    leftover.mkdir()
    (leftover / "seg").write_text("half-built")
    Library(paths).close()
    assert not leftover.exists()
