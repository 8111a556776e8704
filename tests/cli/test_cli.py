from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from digest_tui.cli import main
from digest_tui.core.importing import sample_bytes


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_lists_sample_papers_best_first(sample_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "search", "segmentation", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) >= 20
    assert {
        "id",
        "title",
        "authors",
        "abstract",
        "digest_dates",
        "published",
        "links",
        "tags",
        "bookmarked",
        "score",
    } <= set(hits[0])
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h["match"] == "exact" for h in hits)


def test_fuzzy_results_say_so(sample_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "search", "pancreass segmentation", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and all(h["match"] == "fuzzy" for h in hits)
    assert "typo" in err and "pancreas segmentation" in err


def test_import_twice_leaves_92_papers(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "digest.txt"
    file.write_bytes(sample_bytes())
    code, out, _ = run(capsys, "import", str(file))  # the CLI adds no sample of its own
    assert code == 0 and "92 added" in out
    code, out, _ = run(capsys, "import", str(file))
    assert "0 added, 0 updated, 92 unchanged" in out
    stats = json.loads(run(capsys, "stats", "--json")[1])
    assert stats["papers"] == 92


def test_show_tags_and_bookmarks(sample_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pid = json.loads(run(capsys, "search", "DeepOrgan", "--json")[1])[0]["id"]
    code, out, _ = run(capsys, "show", pid)
    assert code == 0 and "DeepOrgan" in out
    shown = json.loads(run(capsys, "show", pid, "--json")[1])
    assert shown["id"] == pid and shown["bookmarked"] is False
    tags = json.loads(run(capsys, "tags", "--json")[1])
    assert tags[0]["count"] >= tags[-1]["count"] and tags[0]["tag"]
    assert run(capsys, "bookmarks", "add", pid)[0] == 0
    marks = json.loads(run(capsys, "bookmarks", "list", "--json")[1])
    assert [m["id"] for m in marks] == [pid]
    assert json.loads(run(capsys, "search", "--bookmarked", "--json")[1])[0]["id"] == pid
    assert run(capsys, "bookmarks", "remove", pid)[0] == 0
    assert json.loads(run(capsys, "bookmarks", "--json")[1]) == []


def test_bad_input_exits_2_with_one_line(sample_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "search", '"unclosed')
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    code, out, err = run(capsys, "import", str(junk))
    assert code == 2 and "junk.txt" in err and out == ""
    assert run(capsys, "show", "nope")[0] == 2
    assert run(capsys, "search", "zzzzqqq", "--json")[:2] == (0, "[]\n")


def test_search_without_query_lists_everything_newest_first(sample_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "search", "--json")
    assert code == 0 and len(json.loads(out)) == 92
    assert len(run(capsys, "search", "--limit", "5")[1].splitlines()) == 5


def test_console_entry_points(sample_dir: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "digest_tui", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("digest-tui ")
    res = subprocess.run(
        [sys.executable, "-m", "digest_tui", "digests", "--json"], capture_output=True, text=True
    )
    assert res.returncode == 0 and json.loads(res.stdout)[0]["papers"] == 92


def test_data_dir_option_holds_all_state(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "elsewhere"
    assert run(capsys, "--data-dir", str(target), "stats")[0] == 0
    assert (target / "library.sqlite3").exists()
    assert run(capsys, "--data-dir", str(target), "sample", "add")[0] == 0
    assert (target / "index").is_dir()
    assert run(capsys, "--data-dir", str(target), "config", "--path")[1].strip() == str(
        target / "config.toml"
    )


COMMAND_LINES = [
    ["search", "x y", "--json", "--limit", "3", "--tag", "ct"],
    ["--data-dir", "/somewhere", "show", "2401.00001"],
    ["--data-dir=/somewhere", "export", "--format", "bibtex", "-o", "out.bib"],
    ["import", "a.jsonl", "b.jsonl", "--format", "jsonl"],
    ["sync", "--json"],
    ["note", "2401.00001"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES)
def test_the_parser_built_for_one_command_reads_it_as_the_whole_parser(argv: list[str]) -> None:
    from digest_tui.cli.run import GROUPS, build_parser

    whole, _ = build_parser(["--help"])  # (help lists every command)
    some, handlers = build_parser(argv)
    assert len(handlers) < sum(len(g.COMMANDS) for g in GROUPS)  # only one group was built
    assert vars(some.parse_args(argv)) == vars(whole.parse_args(argv))


@pytest.mark.parametrize("argv", [[], ["--data-dir", "/lib"], ["--data-dir=/lib"]])
def test_the_parser_built_for_the_app_builds_no_command(argv: list[str]) -> None:
    from digest_tui.cli.run import build_parser

    whole, _ = build_parser(["--help"])
    bare, handlers = build_parser(argv)
    assert handlers == {}
    assert vars(bare.parse_args(argv)) == vars(whole.parse_args(argv))
    assert bare.parse_args(argv).command is None


def test_each_group_declares_the_commands_it_adds() -> None:
    import argparse

    from digest_tui.cli.run import GROUPS

    for group in GROUPS:
        handlers = group.register(argparse.ArgumentParser().add_subparsers())
        assert set(handlers) | ({"config"} & group.COMMANDS) == group.COMMANDS, group


def test_help_and_an_unknown_command_still_name_every_command(capsys) -> None:  # type: ignore[no-untyped-def]
    from digest_tui.cli.run import GROUPS

    every = set().union(*(g.COMMANDS for g in GROUPS))
    for argv in (["--help"], ["serch", "x"]):
        with pytest.raises(SystemExit):
            main(argv)
        out, err = capsys.readouterr()
        assert all(name in out + err for name in every), argv


@pytest.mark.parametrize("columns", ["50", "133", "", "0", "wide"])
def test_help_is_as_wide_as_shutil_says(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from digest_tui.cli.run import _columns

    monkeypatch.setenv("COLUMNS", columns)
    assert _columns() == shutil.get_terminal_size().columns


def test_collections_pause_while_starting_and_run_for_commands(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from digest_tui import cli
    from digest_tui.cli import run

    seen: list[bool] = []
    parse = run.build_parser

    def build(argv: Any = None) -> Any:
        seen.append(gc.isenabled())  # while starting
        return parse(argv)

    opened = run.Library.__init__

    def open_library(self: Any, *args: Any) -> None:
        seen.append(gc.isenabled())  # the command
        opened(self, *args)

    monkeypatch.setattr(run, "build_parser", build)
    monkeypatch.setattr(run.Library, "__init__", open_library)
    assert cli.main(["--data-dir", str(sample_dir), "stats"]) == 0
    assert seen == [False, True] and gc.isenabled()
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert gc.isenabled()  # back on, whatever happens
