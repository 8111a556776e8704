"""config.toml: documented default, clear messages naming the line, defaults on error."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from digest_tui.cli import main
from digest_tui.core.config import DEFAULT_CONFIG, load_config, write_default
from digest_tui.core.library import Library
from digest_tui.core.models import Sort
from digest_tui.core.paths import Paths


def test_init_writes_a_commented_default_once_and_path_prints_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == Paths.resolve(data_dir).config_file
    assert main(["config", "--init"]) == 0
    assert path.read_text() == DEFAULT_CONFIG
    assert tomllib.loads(DEFAULT_CONFIG) == {}  # every setting commented out
    path.write_text('sort = "title"\n')
    assert main(["config", "--init"]) == 0 and "kept existing" in capsys.readouterr().out
    assert load_config(path).sort is Sort.TITLE


def test_every_documented_setting_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\nsort = "upvotes"\n[keys]\ntoggle_bookmark = "b,space"\n'
        '[topics]\n"robots" = ["humanoid robot", "VLA"]\n'
        '[fetch]\nhf = false\narxiv = ["cs.CV", " cs.RO "]\n'
    )
    config = load_config(path)
    assert config.warning is None
    assert (config.theme, config.sort) == ("nord", Sort.UPVOTES)
    assert config.keys == {"toggle_bookmark": "b,space"}
    assert config.topics == {"robots": {"match": ["humanoid robot", "VLA"], "unless": []}}
    assert (config.fetch_hf, config.fetch_arxiv) == (False, ("cs.CV", "cs.RO"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('sort = "title"\n[keys\n', "line 2"),
        ("theme = 3\n", "theme must be a string"),
        ('sort = "random"\n', "sort must be one of"),
        ("[keys]\ntoggle_bookmark = 1\n", "[keys] must map"),
        ('[topics]\n"x" = "not a list"\n', "must be a list"),
        ('[fetch]\narxiv = "cs.CV"\n', "[fetch]"),
    ],
)
def test_an_invalid_file_says_what_and_where_and_uses_defaults(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    config = load_config(path)
    assert config.warning is not None and expected in config.warning
    assert str(path) in config.warning and "using defaults" in config.warning
    assert config.sort is Sort.RELEVANCE and config.keys == {}


def test_the_cli_reports_an_invalid_config_and_still_works(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Paths.resolve(sample_dir).config_file
    write_default(path)
    path.write_text(path.read_text() + "\nsort = [broken\n")
    assert main(["search", "segmentation"]) == 0
    out, err = capsys.readouterr()
    assert "invalid TOML" in err and "line" in err and "TotalSegmentator" in out


def test_topics_from_config_tag_imported_papers(data_dir: Path, tmp_path: Path) -> None:
    paths = Paths.resolve(data_dir)
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('[topics]\n"humanoids" = ["humanoid robot"]\n')
    digest = tmp_path / "2026-03-01.jsonl"
    digest.write_text('{"id": "2603.00001", "title": "Humanoid Robots walk", "summary": "x"}\n')
    with Library(paths, seed_sample=False) as lib:
        lib.import_file(digest)
        assert "humanoids" in lib.paper("2603.00001").tags
