"""Every test gets its own data directory; a sample library is built once and copied."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.paths import ENV_DATA_DIR, Paths

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_file(relative: str) -> Path:
    """A file of ../shared/data, or skip the test saying it is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not available here: {path} is absent")
    return path


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv(ENV_DATA_DIR, str(directory))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return directory


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sample-template") / "data"
    with Library(Paths.resolve(directory), seed_sample=True):
        pass
    return directory


@pytest.fixture
def sample_dir(sample_template: Path, data_dir: Path) -> Path:
    """The data dir, holding a library with the bundled sample already imported."""
    shutil.copytree(sample_template, data_dir)
    return data_dir


@pytest.fixture
def library(sample_dir: Path) -> Iterator[Library]:
    lib = Library(Paths.resolve(sample_dir))
    yield lib
    lib.close()


@pytest.fixture
def empty_library(data_dir: Path) -> Iterator[Library]:
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    yield lib
    lib.close()
