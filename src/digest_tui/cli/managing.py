"""Commands that shape the library: import, fetch, digests, the sample, reindex, stats,
and where the config file is."""

from __future__ import annotations

import argparse
import datetime as dt
import time

from digest_tui.cli.output import counts, echo, fail, print_json
from digest_tui.cli.progress import phase_progress, progress_bar
from digest_tui.cli.types import Handler, Subparsers, date_arg
from digest_tui.core.errors import DigestError
from digest_tui.core.library import IMPORT_FORMATS, Library, write_default_config
from digest_tui.core.models import ImportSummary
from digest_tui.core.paths import Paths
from digest_tui.core.wording import plural

# What `register` adds (run.py builds only the group of the command asked for).
COMMANDS = frozenset({"import", "stats", "digests", "sample", "fetch", "reindex", "config"})


def register(sub: Subparsers) -> dict[str, Handler]:
    p = sub.add_parser("import", help="import digest files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", default="auto", choices=IMPORT_FORMATS)
    p.add_argument("--date", type=date_arg, help="digest date (YYYY-MM-DD) when the file has none")
    p.add_argument("--json", action="store_true")

    sub.add_parser("stats", help="library statistics").add_argument("--json", action="store_true")

    p = sub.add_parser("digests", help="list digests, or remove one")
    p.add_argument("action", nargs="?", choices=["list", "remove"], default="list")
    p.add_argument("digest", nargs="?", metavar="ID|DATE|LABEL")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sample", help="remove or re-add the bundled sample digest")
    p.add_argument("action", choices=["remove", "add"])

    p = sub.add_parser(
        "fetch",
        help="fetch digests: hf (daily papers) or arxiv (RSS); no source: [fetch] in config",
    )
    p.add_argument("source", nargs="?", choices=["hf", "arxiv"])
    p.add_argument("--date", type=date_arg, help="hf: one day (default today)")
    p.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="hf: first day")
    p.add_argument("--to", dest="end", type=date_arg, metavar="DATE", help="hf: last day")
    p.add_argument("--category", action="append", default=[], help="arxiv: e.g. cs.CV")
    p.add_argument("--refresh", action="store_true", help="hf: fetch days already fetched")
    p.add_argument("--base-url", metavar="URL", help="another scheme and host (mirror, tests)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds per read")
    p.add_argument("--retries", type=int, default=3, metavar="N", help="retries on 429/5xx")
    p.add_argument(
        "--deadline", type=float, default=900.0, metavar="S", help="give up after S seconds in all"
    )

    sub.add_parser("reindex", help="rebuild the search index from the library")

    p = sub.add_parser("config", help="where the config file is; write a default one")
    p.add_argument("--path", action="store_true", help="print the config file's path")
    p.add_argument("--init", action="store_true", help="write a commented default config")
    return {
        "import": import_files,
        "stats": stats,
        "digests": digests,
        "sample": sample,
        "fetch": fetch,
        "reindex": reindex,
    }


def config(paths: Paths, args: argparse.Namespace) -> int:
    """Needs no library: where config.toml is, or write a commented default."""
    if args.init:
        written = write_default_config(paths)
        echo(f"{'wrote' if written else 'kept existing'} {paths.config_file}")
    else:
        echo(str(paths.config_file))
    return 0


def import_files(library: Library, args: argparse.Namespace) -> int:
    """Each file in its own transaction (one bad file spoils nothing), a line for each as
    it is stored, the index brought up to date once at the end, then the totals."""
    summaries = []
    failed = 0
    started = time.monotonic()
    with phase_progress() as update, library.batch(update):
        for outcome in library.import_files(args.paths, args.format, args.date, update):
            if isinstance(outcome, DigestError):
                fail(str(outcome))
                failed += 1
                continue
            summaries.append(outcome)
            if not args.json:
                echo(file_line(outcome))
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
    if len(args.paths) > 1:
        echo(import_total(summaries, failed, time.monotonic() - started))
    return 2 if failed else 0


def file_line(summary: ImportSummary) -> str:
    day = summary.digest_date.isoformat() if summary.digest_date else "undated"
    return f"{summary.path} ({summary.source}, {day}): {counts(summary)}"


def import_total(summaries: list[ImportSummary], rejected: int, seconds: float) -> str:
    files = len(summaries) + rejected
    added = sum(s.added for s in summaries)
    updated = sum(s.updated for s in summaries)
    unchanged = sum(s.unchanged for s in summaries)
    minutes, secs = divmod(round(seconds), 60)
    took = f"{minutes}m {secs:02d}s" if minutes else f"{seconds:.1f}s"
    return (
        f"{files:,} file{'s' if files != 1 else ''}: {added:,} added, {updated:,} updated, "
        f"{unchanged:,} unchanged, {rejected:,} rejected, in {took}"
    )


def stats(library: Library, args: argparse.Namespace) -> int:
    found = library.stats()
    if args.json:
        print_json(found)
    else:
        for key, value in found.items():
            echo(f"{key}: {value}")
    return 0


def digests(library: Library, args: argparse.Namespace) -> int:
    if args.action == "remove":
        if not args.digest:
            raise DigestError("digests remove needs a digest id, date or label")
        digest = library.find_digest(args.digest)
        removed = library.remove_digest(digest)
        echo(f"removed digest {digest.label}: {plural(removed, 'paper')} left the library")
        return 0
    found = library.digests()
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
                for d in found
            ]
        )
        return 0
    for d in found:
        day = d.date.isoformat() if d.date else "undated"
        echo(f"{d.id:4d}  {day}  {d.paper_count:6d} papers  {d.source:<13} {d.label}")
    return 0


def sample(library: Library, args: argparse.Namespace) -> int:
    if args.action == "add":
        echo(f"sample digest: {counts(library.import_sample())}")
        return 0
    removed = library.remove_digest(library.sample_digest())
    echo(
        f"removed the sample digest ({plural(removed, 'paper')}; bookmarked or annotated ones kept)"
    )
    return 0


def reindex(library: Library, args: argparse.Namespace) -> int:
    with phase_progress() as update:
        total = library.reindex(update, procs=2)
    echo(f"indexed {plural(total, 'paper')}")
    return 0


def fetch(library: Library, args: argparse.Namespace) -> int:
    """One source, or (no source given) what config.toml's [fetch] names."""
    if args.start or args.end:
        first, last = args.start or args.end, args.end or args.start
        if last < first:
            raise DigestError(f"--to {last} is before --from {first}")
        days = tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    else:
        days = (args.date or dt.date.today(),)
    options = {"timeout": args.timeout, "retries": args.retries, "deadline": args.deadline}
    if args.base_url:  # the named source's, or (none named) every source's
        if args.source != "arxiv":
            options["hf_base"] = args.base_url
        if args.source != "hf":
            options["arxiv_base"] = args.base_url
    plan = library.fetch_plan(
        args.source, days=days, categories=tuple(args.category), refresh=args.refresh, **options
    )
    with progress_bar("Fetching") as update:
        outcomes = library.fetch(plan, update)
    for outcome in outcomes:
        if outcome.summary is None:
            echo(f"{outcome.label}: already fetched (use --refresh to fetch again)")
        else:
            echo(f"{outcome.label}: {counts(outcome.summary)}")
    return 0
