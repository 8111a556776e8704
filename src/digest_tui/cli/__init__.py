"""The command line: argument parsing (`main`), one module per group of commands,
terminal-safe output and progress. Commands talk to the library only.

`digest-tui --version` answers before anything else is imported."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from digest_tui import __version__

        print(f"digest-tui {__version__}")
        return 0
    # Start-up makes objects that live as long as the process (modules, classes, the
    # screen): Python's collections walk them and find nothing (a dozen of 1-3 ms while
    # importing, and a full one of 25-40 ms in the app's first frame). They wait until a
    # command starts (cli/run.py) or the app's first list is painted (ui/collecting.py);
    # whatever happens, they are back on when this returns.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from digest_tui.cli.run import main as run

        return run(argv)
    finally:
        if collecting:
            gc.enable()


__all__ = ["main"]
