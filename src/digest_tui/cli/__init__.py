"""The command line: argument parsing (`main`), one module per group of commands,
terminal-safe output and progress. Commands talk to the library only.

`digest-tui --version` answers before anything else is imported."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from digest_tui import __version__

        print(f"digest-tui {__version__}")
        return 0
    from digest_tui.cli.run import main as run

    return run(argv)


__all__ = ["main"]
