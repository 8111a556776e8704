"""Command line: headless subcommands (with `--json`) and launching the app.

Exit status: 0 on success (zero results included), 2 for bad input or a bad query, with
one line on stderr and nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

from digest_tui import __version__, cli_saved
from digest_tui.cli_output import counts, echo, emit, fail, print_json
from digest_tui.core.config import write_default
from digest_tui.core.errors import DigestError
from digest_tui.core.export import FORMATS as EXPORT_FORMATS
from digest_tui.core.export import render
from digest_tui.core.ingest import FORMATS
from digest_tui.core.library import Library
from digest_tui.core.models import Selection, Sort
from digest_tui.core.paths import Paths
from digest_tui.core.serialize import paper_dict
from digest_tui.progress import progress_bar


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest-tui",
        description="A keyboard-first terminal reader for research-paper digests.",
        epilog="With no command, opens the reader on your library.",
    )
    parser.add_argument("--version", action="version", version=f"digest-tui {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep all state here (also DIGEST_TUI_DATA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import digest files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", default="auto", choices=FORMATS)
    p.add_argument("--date", type=_date, help="digest date (YYYY-MM-DD) when the file has none")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="search the library (no QUERY lists every paper)")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--bookmarked", action="store_true")
    p.add_argument("--digest", type=_date, metavar="DATE", help="only this digest date")
    p.add_argument("--sort", choices=[s.value for s in Sort], default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one paper")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("similar", help="papers most similar to one")
    p.add_argument("id")
    p.add_argument("--limit", type=int, default=10, metavar="N")
    p.add_argument("--json", action="store_true")

    for name, text in (("tags", "tags with counts"), ("stats", "library statistics")):
        sub.add_parser(name, help=text).add_argument("--json", action="store_true")

    p = sub.add_parser("digests", help="list digests, or remove one")
    p.add_argument("action", nargs="?", choices=["list", "remove"], default="list")
    p.add_argument("digest", nargs="?", metavar="ID|DATE|LABEL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bookmarks", help="list, add or remove bookmarks")
    p.add_argument("action", nargs="?", choices=["list", "add", "remove"], default="list")
    p.add_argument("id", nargs="?")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sample", help="remove or re-add the bundled sample digest")
    p.add_argument("action", choices=["remove", "add"])

    p = sub.add_parser(
        "fetch",
        help="fetch digests: hf (daily papers) or arxiv (RSS); no source: [fetch] in config",
    )
    p.add_argument("source", nargs="?", choices=["hf", "arxiv"])
    p.add_argument("--date", type=_date, help="hf: one day (default today)")
    p.add_argument("--from", dest="start", type=_date, metavar="DATE", help="hf: first day")
    p.add_argument("--to", dest="end", type=_date, metavar="DATE", help="hf: last day")
    p.add_argument("--category", action="append", default=[], help="arxiv: e.g. cs.CV")
    p.add_argument("--refresh", action="store_true", help="hf: fetch days already fetched")
    p.add_argument("--base-url", metavar="URL", help="another scheme and host (mirror, tests)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds per request")
    p.add_argument("--retries", type=int, default=3, metavar="N", help="retries on 429/5xx")
    p.add_argument(
        "--deadline", type=float, default=900.0, metavar="S", help="give up after S seconds in all"
    )

    p = sub.add_parser("export", help="export papers as markdown, bibtex, json or jsonl")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked papers")
    p.add_argument("--query", default="", metavar="Q", help="only papers matching Q")
    p.add_argument("--digest", type=_date, metavar="DATE", help="only this digest date")
    p.add_argument("--saved", metavar="NAME", help="only papers of this saved search")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only this tag")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")

    cli_saved.add_parsers(sub, _date)

    sub.add_parser("reindex", help="rebuild the search index from the library")

    p = sub.add_parser("config", help="where the config file is; write a default one")
    p.add_argument("--path", action="store_true", help="print the config file's path")
    p.add_argument("--init", action="store_true", help="write a commented default config")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is not None and not args.data_dir.strip():
        parser.error("--data-dir needs a directory (it was empty)")
    paths = Paths.resolve(args.data_dir)
    if args.command is None:
        from digest_tui.ui.app import run_app  # Textual only loads for the app

        return run_app(paths)
    if args.command == "config":
        return _config(args, paths)
    try:
        with Library(paths) as library:
            if library.config.warning:
                fail(f"{library.config.warning}")
            return int(COMMANDS[args.command](library, args))
    except DigestError as exc:
        fail(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `digest-tui search --json | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _config(args: argparse.Namespace, paths: Paths) -> int:
    if args.init:
        written = write_default(paths.config_file)
        echo(f"{'wrote' if written else 'kept existing'} {paths.config_file}")
    else:
        echo(str(paths.config_file))
    return 0


def _import(library: Library, args: argparse.Namespace) -> int:
    summaries = []
    failed = 0
    with progress_bar("Indexing") as update, library.batch(update):
        # each file in its own transaction: one bad file spoils nothing
        for outcome in library.import_files(args.paths, args.format, args.date):
            if isinstance(outcome, DigestError):
                fail(str(outcome))
                failed += 1
            else:
                summaries.append(outcome)
    if library.index_problem:
        fail(f"imported, but {library.index_problem}")
    if args.json:
        print_json(
            [
                {
                    "path": s.path,
                    "source": s.source,
                    "digest_date": s.digest_date.isoformat() if s.digest_date else None,
                    "added": s.added,
                    "updated": s.updated,
                    "unchanged": s.unchanged,
                    "dropped_links": s.dropped_links,
                    "problems": dict(s.problems),
                }
                for s in summaries
            ]
        )
        return 2 if failed else 0
    for s in summaries:
        day = s.digest_date.isoformat() if s.digest_date else "undated"
        echo(f"{s.path} ({s.source}, {day}): {counts(s)}")
    return 2 if failed else 0


def _filters(args: argparse.Namespace) -> Selection:
    """The query and filters that `search` and `export` share."""
    return Selection(
        query=args.query,
        tags=tuple(t.lower() for t in args.tag),
        bookmarked=args.bookmarked,
        digest_date=args.digest,
    )


def _search(library: Library, args: argparse.Namespace) -> int:
    sort = Sort(args.sort) if args.sort else library.config.sort
    result = library.search(_filters(args).sorted_by(sort))
    if result.fuzzy:
        fail(f"no exact match for {args.query!r}; showing typo-tolerant matches")
    if result.suggestion:
        fail(f"did you mean: {result.suggestion}")
    hits = result.hits(0, args.limit if args.limit and args.limit > 0 else None)
    papers = {p.id: p for p in library.papers([h.paper_id for h in hits])}
    marked = {p.id for p, _ in library.bookmarks()}
    if args.json:
        out = []
        for hit in hits:
            data = paper_dict(papers[hit.paper_id], bookmarked=hit.paper_id in marked)
            data["score"] = hit.score
            data["match"] = "fuzzy" if hit.fuzzy else "exact"
            out.append(data)
        print_json(out)
        return 0
    for hit in hits:
        paper = papers[hit.paper_id]
        day = paper.date.isoformat() if paper.date else "----------"
        mark = "*" if hit.paper_id in marked else " "
        echo(f"{mark} {hit.paper_id:<16} {day}  {paper.title}")
    return 0


def _show(library: Library, args: argparse.Namespace) -> int:
    paper = library.paper(args.id)
    bookmarked = library.is_bookmarked(paper.id)
    note = library.note(paper.id)
    if args.json:
        print_json(paper_dict(paper, bookmarked=bookmarked, note=note))
        return 0
    lines = [
        paper.title,
        f"id: {paper.id}" + ("  [bookmarked]" if bookmarked else ""),
        f"authors: {', '.join(paper.authors) or 'unknown'}",
        f"digests: {', '.join(d.isoformat() for d in paper.digest_dates) or '-'}",
    ]
    if paper.published:
        lines.append(f"published: {paper.published.isoformat()}")
    if paper.upvotes is not None:
        lines.append(f"upvotes: {paper.upvotes}")
    lines.append(f"tags: {', '.join([*paper.tags, *paper.user_tags]) or '-'}")
    lines += [f"[{i}] {link.label}: {link.url}" for i, link in enumerate(paper.links, 1)]
    lines += ["", paper.abstract]
    if note:
        lines += ["", "note:", note]
    echo("\n".join(lines))
    return 0


def _similar(library: Library, args: argparse.Namespace) -> int:
    found = library.similar(args.id, args.limit)
    if args.json:
        print_json([paper_dict(p) | {"score": score} for p, score in found])
        return 0
    for paper, score in found:
        echo(f"{score:6.2f} {paper.id:<16} {paper.title}")
    return 0


def _tags(library: Library, args: argparse.Namespace) -> int:
    counts = library.tag_counts()
    if args.json:
        print_json([{"tag": t.name, "count": t.count, "user": t.user} for t in counts])
        return 0
    for t in counts:
        echo(f"{t.count:6d}  {t.name}{'  (user)' if t.user else ''}")
    return 0


def _stats(library: Library, args: argparse.Namespace) -> int:
    stats = library.stats()
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            echo(f"{key}: {value}")
    return 0


def _digests(library: Library, args: argparse.Namespace) -> int:
    if args.action == "remove":
        if not args.digest:
            raise DigestError("digests remove needs a digest id, date or label")
        digest = library.find_digest(args.digest)
        removed = library.remove_digest(digest)
        echo(f"removed digest {digest.label}: {removed} papers left the library")
        return 0
    digests = library.digests()
    if args.json:
        print_json(
            [
                {
                    "id": d.id,
                    "source": d.source,
                    "date": d.date.isoformat() if d.date else None,
                    "label": d.label,
                    "papers": d.paper_count,
                    "imported_at": d.imported_at,
                }
                for d in digests
            ]
        )
        return 0
    for d in digests:
        day = d.date.isoformat() if d.date else "undated"
        echo(f"{d.id:4d}  {day}  {d.paper_count:6d} papers  {d.source:<13} {d.label}")
    return 0


def _bookmarks(library: Library, args: argparse.Namespace) -> int:
    if args.action in ("add", "remove"):
        if not args.id:
            raise DigestError(f"bookmarks {args.action} needs a paper id")
        library.set_bookmark(args.id, args.action == "add")
        echo(f"{'bookmarked' if args.action == 'add' else 'removed bookmark of'} {args.id}")
        return 0
    marks = library.bookmarks()
    if args.json:
        print_json([paper_dict(p, bookmarked=True) | {"added_at": at} for p, at in marks])
        return 0
    for paper, added in marks:
        echo(f"{paper.id:<16} {added[:10]}  {paper.title}")
    return 0


def _sample(library: Library, args: argparse.Namespace) -> int:
    if args.action == "add":
        s = library.import_sample()
        echo(f"sample digest: {counts(s)}")
        return 0
    removed = library.remove_digest(library.sample_digest())
    echo(f"removed the sample digest ({removed} papers; bookmarked or annotated ones kept)")
    return 0


def _reindex(library: Library, args: argparse.Namespace) -> int:
    with progress_bar("Indexing") as update:
        total = library.reindex(update)
    echo(f"indexed {total} papers")
    return 0


def _fetch(library: Library, args: argparse.Namespace) -> int:
    """One source, or (no source given) what config.toml's [fetch] names."""
    config = library.config
    sources = [args.source] if args.source else (["hf"] if config.fetch_hf else [])
    if args.source is None and config.fetch_arxiv:
        sources.append("arxiv")
    if not sources:
        raise DigestError("nothing to fetch: name a source (hf, arxiv) or set [fetch] in config")
    for source in sources:
        (_fetch_arxiv if source == "arxiv" else _fetch_hf)(library, args)
    return 0


def _fetch_arxiv(library: Library, args: argparse.Namespace) -> None:
    from digest_tui.core import fetch

    categories = args.category or list(library.config.fetch_arxiv)
    client = fetch.Client(
        min_interval=3.0, timeout=args.timeout, retries=args.retries, run_deadline=args.deadline
    )
    s = fetch.fetch_arxiv(
        library, categories, base_url=args.base_url or fetch.ARXIV_BASE, client=client
    )
    echo(f"arxiv {' '.join(categories)}: {counts(s)}")


def _fetch_hf(library: Library, args: argparse.Namespace) -> None:
    from digest_tui.core import fetch

    if args.start or args.end:
        days = fetch.days_between(args.start or args.end, args.end or args.start)
    else:
        days = [args.date or dt.date.today()]
    client = fetch.Client(timeout=args.timeout, retries=args.retries, run_deadline=args.deadline)
    with progress_bar("Fetching") as update:
        results = fetch.fetch_hf(
            library,
            days,
            base_url=args.base_url or fetch.HF_BASE,
            refresh=args.refresh,
            client=client,
            progress=update,
        )
    for day, summary in results:
        if summary is None:
            echo(f"{day}: already fetched (use --refresh to fetch again)")
        else:
            echo(f"{day}: {counts(summary)}")


def _export(library: Library, args: argparse.Namespace) -> int:
    selection = _filters(args)
    if args.saved:
        saved = library.saved_search(args.saved)
        query = " ".join(q for q in (saved.query, args.query) if q.strip())
        selection = selection.searching(query).tagged(*saved.tags, *selection.tags)
    papers = library.papers(library.search(selection).ids)
    notes = {p.id: n for p in papers if (n := library.note(p.id))}
    emit(render(args.format, papers, notes), args.output, len(papers))
    return 0


COMMANDS = {
    "fetch": _fetch,
    "export": _export,
    "import": _import,
    "search": _search,
    "show": _show,
    "similar": _similar,
    "tags": _tags,
    "stats": _stats,
    "digests": _digests,
    "bookmarks": _bookmarks,
    "sample": _sample,
    "reindex": _reindex,
    "saved": cli_saved.saved,
    "note": cli_saved.note,
    "digest": cli_saved.digest,
}
