"""Commands for what the user keeps: saved searches, notes, the morning digest and
exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from digest_tui.cli.output import echo, emit, print_json
from digest_tui.cli.progress import progress_bar
from digest_tui.cli.reading import selection_of
from digest_tui.cli.types import Handler, Subparsers, date_arg
from digest_tui.core.errors import DigestError
from digest_tui.core.library import EXPORT_FORMATS, Library
from digest_tui.core.models import SavedSearch, Selection, paper_dict

# What `register` adds (run.py builds only the group of the command asked for).
COMMANDS = frozenset({"saved", "note", "digest", "export", "pdf"})


def register(sub: Subparsers) -> dict[str, Handler]:
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
    p.add_argument("--since", type=date_arg, metavar="DATE", help="papers added on or after DATE")
    p.add_argument("--saved", action="append", default=[], metavar="NAME", help="only these")
    p.add_argument("--keep", action="store_true", help="do not remember this run")
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")

    p = sub.add_parser(
        "pdf",
        help="a paper's PDF: print its URL, or download it",
        description="Prints the PDF's URL (the arXiv PDF, else a PDF among the paper's "
        "links). With --download, saves it as YEAR-AUTHOR-TITLE.pdf into [pdf] folder "
        "of config.toml (default: your downloads directory), resuming a partial download "
        "and never replacing a different file.",
    )
    p.add_argument("id")
    p.add_argument("--download", action="store_true")
    p.add_argument("--folder", metavar="DIR", help="save here instead")
    p.add_argument("--base-url", metavar="URL", help="another arXiv (a mirror, a test server)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "export", help="export papers as markdown, bibtex, ris, csl-json, json or jsonl"
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked papers")
    p.add_argument("--query", default="", metavar="Q", help="only papers matching Q")
    p.add_argument("--digest", type=date_arg, metavar="DATE", help="only this digest date")
    p.add_argument("--saved", metavar="NAME", help="only papers of this saved search")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only this tag")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    return {"saved": saved, "note": note, "digest": digest, "export": export, "pdf": pdf}


def pdf(library: Library, args: argparse.Namespace) -> int:
    url = library.pdfs.url(args.id, args.base_url)
    if not args.download:
        print_json({"id": args.id, "url": url}) if args.json else echo(url)
        return 0
    folder = Path(args.folder).expanduser() if args.folder else None
    with progress_bar("Downloading") as update:
        path = library.pdfs.download(args.id, update, args.base_url, folder)
    print_json({"id": args.id, "url": url, "path": str(path)}) if args.json else echo(str(path))
    return 0


def export(library: Library, args: argparse.Namespace) -> int:
    selection = selection_of(args)
    if args.saved:
        found = library.saved.get(args.saved)
        query = " ".join(q for q in (found.query, args.query) if q.strip())
        selection = selection.searching(query).tagged(*found.tags, *selection.tags)
    text, count = library.render(args.format, selection)
    emit(text, args.output, count)
    return 0


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
        s = library.saved.save(args.name, selection)
        echo(f"saved search {s.name!r}")
        return 0
    if args.action == "rename":
        if not args.new_name:
            raise DigestError("saved rename needs the old and the new name")
        s = library.saved.rename(args.name, args.new_name)
        echo(f"renamed to {s.name!r}")
        return 0
    if args.action == "remove":
        s = library.saved.delete(args.name)
        echo(f"removed saved search {s.name!r}")
        return 0
    found = library.saved.all()
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
    md = library.saved.morning_digest(args.saved, since)
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
        emit(library.saved.markdown(md), args.output, len({p.id for p in papers}))
    if since is None and not args.keep:
        library.saved.mark_digest_run()
    return 0
