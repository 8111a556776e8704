"""digest-tui: a keyboard-first terminal reader for research-paper digests."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("digest-tui")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
