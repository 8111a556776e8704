"""`digest-tui [--data-dir DIR] [COMMAND]`: parse, open the library, run one command.

Exit status: 0 on success (zero results included), 2 for bad input or a bad query, with
one line on stderr and nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from digest_tui import __version__
from digest_tui.cli import keeping, managing, reading, syncing
from digest_tui.cli.output import fail
from digest_tui.cli.progress import progress_bar
from digest_tui.cli.types import Handler
from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.core.paths import Paths

# Commands that work (quickly) without tags that follow the current lexicon.
NEED_NO_TAGS = frozenset({"stats", "show", "bookmarks", "digests", "note", "sample", "pdf", "sync"})


GROUPS = (managing, reading, keeping, syncing)


class _Formatter(argparse.HelpFormatter):
    """argparse makes a formatter for every argument it adds (to check its metavar), and
    the default one imports shutil (with bz2, lzma and fnmatch: ~3-4 ms of every command)
    to ask for the terminal's width; this one asks as shutil does, without it."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """COLUMNS, else the width of the terminal stdout is on, else 80 (shutil's rules)."""
    with contextlib.suppress(ValueError):
        if int(os.environ.get("COLUMNS", "0")) > 0:
            return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser with `_Formatter`; its subcommands' parsers are of this class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(
    argv: Sequence[str] | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The parser; with `argv` naming a command, only that command's group of commands,
    and none for the app itself (argparse takes ~5-10 ms to build all 18, which opening
    the app paid too; help and errors list every one)."""
    parser = _Parser(
        prog="digest-tui",
        description="A keyboard-first terminal reader for research-paper digests.",
        epilog="With no command, opens the reader on your library.",
    )
    parser.add_argument("--version", action="version", version=f"digest-tui {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep all state here (also DIGEST_TUI_DATA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    asked = _command_in(sys.argv[1:] if argv is None else argv)
    if asked != "":
        for group in [g for g in GROUPS if asked in g.COMMANDS] or GROUPS:
            handlers.update(group.register(sub))
    return parser, handlers


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word of a command line, "" when there is nothing but `--data-dir`
    (the app), or None (an option first)."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("--data-dir="):
            return None if word.startswith("-") else word
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    parser, handlers = build_parser(argv)
    args = parser.parse_args(argv)
    if args.data_dir is not None and not args.data_dir.strip():
        parser.error("--data-dir needs a directory (it was empty)")
    paths = Paths.resolve(args.data_dir)
    if args.command is None:
        from digest_tui.ui.opening import launch  # Textual only loads for the app

        return launch(paths)  # (collections resume after the first paint)
    gc.enable()  # paused while starting (cli/__init__.py); a command may run for minutes
    try:
        if args.command == "config":
            return managing.config(paths, args)
        with Library(paths) as library:
            library.indexing.procs = 2  # one thread here: Whoosh may fork its writers
            library.indexing.in_memory = False  # one search: postings need not be loaded
            warning = library.preferences.warning
            if warning:
                fail(warning)
            if args.command not in NEED_NO_TAGS and not library.tags_current():
                with progress_bar("Retagging") as update:  # once after an upgrade
                    library.ensure_tags(update)
            return int(handlers[args.command](library, args))
    except DigestError as exc:
        fail(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `digest-tui search --json | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
