"""A CLI search reads the index files itself (search/w3files.py): bytes damaged anywhere in
them must end in an answer or a clear search error, never another exception. Each
example damages a fresh copy of a real index (the bundled sample)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths

KINDS = (".toc", ".trm", ".pst", ".col")


@pytest.fixture
def template(sample_dir: Path) -> Path:
    with Library(Paths.resolve(sample_dir)) as lib:
        lib.ensure_index()
    return sample_dir


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(KINDS),
    pick=st.integers(0, 1000),
    where=st.floats(0, 1, exclude_max=True),
    damage=st.binary(min_size=1, max_size=64),
    query=st.sampled_from(["diffusion model", "segmentation", "language models video"]),
)
def test_damaged_index_files_give_an_answer_or_a_search_error(
    template: Path, kind: str, pick: int, where: float, damage: bytes, query: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        shutil.copytree(template, data_dir)
        files = sorted(p for p in (data_dir / "index").iterdir() if p.name.endswith(kind))
        target = files[pick % len(files)]
        raw = bytearray(target.read_bytes())
        at = int(where * len(raw))
        raw[at : at + len(damage)] = damage
        target.write_bytes(bytes(raw))
        with Library(Paths.resolve(data_dir)) as lib:
            lib.indexing.in_memory = False  # as the CLI searches
            try:
                found = lib.search(Selection(query=query), 20)
            except DigestError:
                return
            assert all(isinstance(i, str) for i in found.ids)
