"""Bundled files read from the package directory are the files the package holds, and
the SHA-1 that skips hashlib gives hashlib's digests (tags_version must not change)."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from digest_tui.core.bundled import bundled_bytes, bundled_text, sha1_hex


@pytest.mark.parametrize("name", ["topics.toml", "sample-digest.txt", "arxiv_categories.toml"])
def test_bundled_files_are_the_packages_own(name: str) -> None:
    expected = resources.files("digest_tui.core").joinpath(f"data/{name}").read_bytes()
    assert bundled_bytes(name) == expected
    assert bundled_text(name) == expected.decode("utf-8")


@pytest.mark.parametrize("data", [b"", b"abc", "Détection ✓".encode(), bytes(range(256)) * 9])
def test_sha1_is_hashlibs(data: bytes) -> None:
    assert sha1_hex(data) == hashlib.sha1(data).hexdigest()
