"""digest-tui: a keyboard-first terminal reader for research-paper digests."""

__version__ = "0.1.0"  # the one place the version lives (pyproject reads it from here)
