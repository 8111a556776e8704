"""Files that ship inside the package (the sample digest, the topic lexicon, arXiv's
categories), read from the installed package's directory. importlib.resources (it
brings zipfile and tempfile, ~5 ms of every command's start) is only for a package
that is not a directory on disk."""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).with_name("data")


def bundled_bytes(name: str) -> bytes:
    try:
        return (_DATA / name).read_bytes()
    except OSError:  # installed as a zip: ask the package's loader
        from importlib import resources

        return resources.files("digest_tui.core").joinpath(f"data/{name}").read_bytes()


def bundled_text(name: str) -> str:
    return bundled_bytes(name).decode("utf-8")


def sha1_hex(data: bytes) -> str:
    """SHA-1, without loading OpenSSL through hashlib (~5 ms) where Python has its own."""
    try:
        from _sha1 import sha1  # type: ignore[import-not-found]  # CPython's own: same digests
    except ImportError:
        from hashlib import sha1
    return str(sha1(data).hexdigest())
