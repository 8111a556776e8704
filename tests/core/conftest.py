"""Fixtures of the core tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.models import Paper, Selection
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest


@pytest.fixture
def two_segments(sample_dir: Path) -> Iterator[Library]:
    """The bundled sample plus a second digest that updates five of its papers and adds
    three: an index of two segments with deleted documents."""
    lib = Library(Paths.resolve(sample_dir))
    first = lib.papers(list(lib.search(Selection()).ids[:5]))
    changed = [p._replace(title=p.title + " revisited diffusion") for p in first]
    extra = [
        Paper(f"2601.0000{i}", f"Diffusion model number {i}", abstract="Video.") for i in range(3)
    ]
    lib.import_parsed(ParsedDigest("jsonl", (*changed, *extra), dt.date(2026, 1, 2)), "second")
    yield lib
    lib.close()


@pytest.fixture
def queries() -> list[str]:
    """Plain queries both search paths must answer alike."""
    return [
        "model",
        "language models",
        "diffusion video generation",
        "reasoning benchmark agents",
        "llm",
        "gomez",
        "Gómez",
        "vision transformer",
        "nothingofthesort",
        "reasonign",  # a typo: both retry with corrections
        "the of",  # stop words only
    ]
