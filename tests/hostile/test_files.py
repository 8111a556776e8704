"""Files the user did not mean to touch: export targets that are not regular files, the
config file when the theme changes, and inputs that are not regular files."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.config import load_config, save_theme
from digest_tui.core.files import write_atomic
from digest_tui.core.library import Library

Capture = pytest.CaptureFixture[str]


def test_export_into_a_fifo_streams_and_keeps_the_fifo(
    library: Library, tmp_path: Path, capsys: Capture
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code = main(["export", "--format", "jsonl", "-o", str(fifo)])
    reader.join(timeout=30)
    assert code == 0, capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file
    assert received and received[0].count(b"\n") == library.paper_count()


def test_export_through_a_symlink_writes_the_target_and_keeps_the_link(
    library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "real" / "papers.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main(["export", "--format", "markdown", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("# Papers")
    assert sorted(p.name for p in target.parent.iterdir()) == ["papers.md"]


def test_export_onto_a_directory_is_refused_with_exit_2(
    library: Library, tmp_path: Path, capsys: Capture
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["export", "--format", "json", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and err.count("\n") == 1
    assert folder.is_dir() and not list(folder.iterdir())


def test_the_writer_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "private.bib"
    path.write_text("old")
    path.chmod(0o600)
    write_atomic(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o600


CONFIG = """\
# My digest-tui settings
sort = "date"   # newest first

[topics]
# parks are a topic of mine
theme_parks = ["roller coaster", "amusement park"]

[keys]
toggle_bookmark = "b,space"
"""


def test_saving_the_theme_keeps_comments_other_tables_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    save_theme(path, "nord")
    text = path.read_text()
    assert "# parks are a topic of mine" in text and "# newest first" in text
    config = load_config(path)
    assert config.warning is None
    assert config.theme == "nord" and config.keys == {"toggle_bookmark": "b,space"}
    assert config.topics == {
        "theme_parks": {"match": ["roller coaster", "amusement park"], "unless": []}
    }
    save_theme(path, "dracula")
    again = load_config(path)
    assert again.theme == "dracula" and again.topics == config.topics
    assert path.read_text().count("theme =") == 1


def test_a_key_remap_that_is_not_key_names_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nquit = "[@click=app.quit]x"\n')
    config = load_config(path)
    assert config.keys == {} and config.warning and "not a list of key names" in config.warning


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_import_refuses_what_is_not_a_regular_file(
    data_dir: Path, tmp_path: Path, capsys: Capture, kind: str
) -> None:
    if kind == "fifo":
        path = tmp_path / "feed.jsonl"
        os.mkfifo(path)  # opening it would block for ever: it must not be opened
    elif kind == "dev-zero":
        path = Path("/dev/zero")
    else:
        path = tmp_path
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err


def test_import_refuses_a_file_over_the_configured_limit(
    data_dir: Path, tmp_path: Path, capsys: Capture
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "config.toml").write_text("[import]\nmax_file_mb = 1\n")
    big = tmp_path / "big.jsonl"
    line = '{"title": "t", "summary": "' + "x" * 1000 + '"}\n'
    big.write_text(line * 1100)
    assert main(["import", str(big)]) == 2
    assert "over the import limit of 1 MB" in capsys.readouterr().err
