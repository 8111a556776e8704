"""`digest-tui sync`: share bookmarks, tags, notes, read state and saved searches with
your other machines through a folder (core/sync)."""

from __future__ import annotations

import argparse

from digest_tui.cli.output import echo, print_json
from digest_tui.cli.types import Handler, Subparsers
from digest_tui.core.library import Library

# What `register` adds (run.py builds only the group of the command asked for)
COMMANDS = frozenset({"sync"})


def register(sub: Subparsers) -> dict[str, Handler]:
    p = sub.add_parser(
        "sync",
        help="sync your reading state with your other machines through a shared folder",
        description="Appends this machine's changes to its own journal in the folder, then "
        "reads the other machines' journals and applies what is new. The folder is any "
        "directory something else keeps in step (Syncthing, Dropbox, a git repository); "
        'the database never lives there. Default folder: [sync] folder = "..." in '
        "config.toml.",
    )
    p.add_argument("--folder", metavar="DIR", help="the shared folder (else [sync] folder)")
    p.add_argument("--status", action="store_true", help="when this library last synced")
    p.add_argument("--json", action="store_true")
    return {"sync": sync}


def sync(library: Library, args: argparse.Namespace) -> int:
    if args.status:
        status = library.sync.status(args.folder)
        if args.json:
            print_json(status)
        else:
            echo(f"folder: {status['folder'] or '(none: set [sync] folder or give --folder)'}")
            echo(f"this machine: {status['machine']}")
            echo(status["text"] or "never synced")
            echo(f"waiting to be written: {status['waiting']}")
        return 0
    report = library.sync.run(args.folder)
    if args.json:
        print_json(report.as_dict())
        return 0
    line = (
        f"synced with {report.folder}: wrote {report.written}, read {report.read} "
        f"({report.applied} new here) from {report.machines - 1} other machine"
        f"{'s' if report.machines != 2 else ''}"
    )
    if report.papers_added:
        line += f"; {report.papers_added} papers came with them"
    echo(line)
    if report.bad:
        echo(f"skipped {report.bad} bad line{'s' if report.bad != 1 else ''}", err=True)
    return 0
