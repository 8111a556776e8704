"""The command line: argument parsing (`main`), one module per group of commands,
terminal-safe output and progress. Commands talk to the library only."""

from __future__ import annotations

from digest_tui.cli.main import main

__all__ = ["main"]
