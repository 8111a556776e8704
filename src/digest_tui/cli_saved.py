"""CLI commands for what the user keeps: saved searches, notes and the morning digest."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from digest_tui.cli_output import echo, emit, print_json
from digest_tui.core.errors import DigestError
from digest_tui.core.export import digest_markdown
from digest_tui.core.library import Library
from digest_tui.core.models import SavedSearch, Selection
from digest_tui.core.serialize import paper_dict


def add_parsers(sub: Any, date: Any) -> None:
    p = sub.add_parser("saved", help="list, add, rename or remove saved searches")
    p.add_argument("action", nargs="?", choices=["list", "add", "rename", "remove"], default="list")
    p.add_argument("name", nargs="?")
    p.add_argument("new_name", nargs="?", metavar="NEW_NAME", help="rename: the new name")
    p.add_argument("--query", default="", metavar="Q", help="add: the query")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="add: a tag filter")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("note", help="show, set or clear a paper's note")
    p.add_argument("id")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="TEXT", help="replace the note ('-' reads stdin)")
    group.add_argument("--clear", action="store_true")

    p = sub.add_parser(
        "digest",
        help="Markdown of papers new since the last run, grouped by saved search",
        description="Prints the papers added since the last `digest` run (or --since DATE) "
        "that match your saved searches, as Markdown. Without saved searches, lists every new "
        "paper. Each run without --since remembers its time unless --keep is given.",
    )
    p.add_argument("--since", type=date, metavar="DATE", help="papers added on or after DATE")
    p.add_argument("--saved", action="append", default=[], metavar="NAME", help="only these")
    p.add_argument("--keep", action="store_true", help="do not remember this run")
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")


def _saved_dict(s: SavedSearch) -> dict[str, Any]:
    return {
        "name": s.name,
        "query": s.query,
        "tags": list(s.tags),
        "papers": s.count,
        "new": s.new,
        "last_viewed": s.last_viewed,
    }


def saved(library: Library, args: argparse.Namespace) -> int:
    if args.action != "list" and not args.name:
        raise DigestError(f"saved {args.action} needs a name")
    if args.action == "add":
        selection = Selection(query=args.query, tags=tuple(t.lower() for t in args.tag))
        if not selection.query.strip() and not selection.tags:
            raise DigestError("saved add needs --query or --tag")
        s = library.save_search(args.name, selection)
        echo(f"saved search {s.name!r}")
        return 0
    if args.action == "rename":
        if not args.new_name:
            raise DigestError("saved rename needs the old and the new name")
        s = library.rename_saved(args.name, args.new_name)
        echo(f"renamed to {s.name!r}")
        return 0
    if args.action == "remove":
        s = library.delete_saved(args.name)
        echo(f"removed saved search {s.name!r}")
        return 0
    found = library.saved_searches()
    if args.json:
        print_json([_saved_dict(s) for s in found])
        return 0
    if not found:
        echo("no saved searches: press S in the app, or `digest-tui saved add NAME --query Q`")
    for s in found:
        tags = f" tags: {', '.join(s.tags)}" if s.tags else ""
        echo(f"{s.count:6d} {s.new:5d} new  {s.name}  ({s.query!r}{tags})")
    return 0


def note(library: Library, args: argparse.Namespace) -> int:
    if args.clear or args.set is not None:
        body = "" if args.clear else (sys.stdin.read() if args.set == "-" else args.set)
        library.set_note(args.id, body)
        echo(f"{'cleared' if not body.strip() else 'saved'} the note of {args.id}")
        return 0
    library.paper(args.id)
    text = library.note(args.id)
    if text:
        echo(text)
    return 0


def digest(library: Library, args: argparse.Namespace) -> int:
    since = args.since or None
    md = library.morning_digest(args.saved, since)
    papers = [p for _, group in md.groups for p in group]
    if args.json:
        print_json(
            {
                "since": md.since,
                "groups": [
                    {"name": name, "papers": [paper_dict(p) for p in group]}
                    for name, group in md.groups
                ],
            }
        )
    else:
        notes = {p.id: n for p in papers if (n := library.note(p.id))}
        emit(digest_markdown(md, notes), args.output, len({p.id for p in papers}))
    if since is None and not args.keep:
        library.mark_digest_run()
    return 0
