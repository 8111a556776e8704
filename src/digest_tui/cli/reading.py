"""Commands that read the library: search, show, similar, tags, bookmarks."""

from __future__ import annotations

import argparse

from digest_tui.cli.output import echo, fail, print_json
from digest_tui.cli.types import Handler, Subparsers, date_arg
from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.core.models import Selection, Sort, paper_dict

# What `register` adds (run.py builds only the group of the command asked for).
COMMANDS = frozenset({"search", "show", "similar", "tags", "bookmarks"})


def register(sub: Subparsers) -> dict[str, Handler]:
    p = sub.add_parser("search", help="search the library (no QUERY lists every paper)")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--bookmarked", action="store_true")
    p.add_argument("--digest", type=date_arg, metavar="DATE", help="only this digest date")
    p.add_argument("--sort", choices=[s.value for s in Sort], default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one paper")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("similar", help="papers most similar to one")
    p.add_argument("id")
    p.add_argument("--limit", type=int, default=10, metavar="N")
    p.add_argument("--json", action="store_true")

    sub.add_parser("tags", help="tags with counts").add_argument("--json", action="store_true")

    p = sub.add_parser("bookmarks", help="list, add or remove bookmarks")
    p.add_argument("action", nargs="?", choices=["list", "add", "remove"], default="list")
    p.add_argument("id", nargs="?")
    p.add_argument("--json", action="store_true")
    return {
        "search": search,
        "show": show,
        "similar": similar,
        "tags": tags,
        "bookmarks": bookmarks,
    }


def selection_of(args: argparse.Namespace) -> Selection:
    """The query and filters that `search` and `export` share."""
    return Selection(
        query=args.query,
        tags=tuple(t.lower() for t in args.tag),
        bookmarked=args.bookmarked,
        digest_date=args.digest,
    )


def search(library: Library, args: argparse.Namespace) -> int:
    sort = Sort(args.sort) if args.sort else library.preferences.sort
    limit = args.limit if args.limit and args.limit > 0 else None
    result = library.search(selection_of(args).sorted_by(sort), limit)
    if result.fuzzy:
        fail(f"no exact match for {args.query!r}; showing typo-tolerant matches")
    if result.suggestion:
        fail(f"did you mean: {result.suggestion}")
    hits = result.hits(0, limit)
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


def show(library: Library, args: argparse.Namespace) -> int:
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
    if paper.categories:
        lines.append(
            f"categories: {'; '.join(library.category_label(c) for c in paper.categories)}"
        )
    if paper.keywords:
        lines.append(f"keywords: {'; '.join(paper.keywords)}")
    if paper.comment:
        lines.append(f"comment: {paper.comment}")
    lines += [f"[{i}] {link.label}: {link.url}" for i, link in enumerate(paper.links, 1)]
    lines += ["", paper.abstract]
    if note:
        lines += ["", "note:", note]
    echo("\n".join(lines))
    return 0


def similar(library: Library, args: argparse.Namespace) -> int:
    found = library.similar(args.id, args.limit)
    if args.json:
        print_json([paper_dict(p) | {"score": score} for p, score in found])
        return 0
    for paper, score in found:
        echo(f"{score:6.2f} {paper.id:<16} {paper.title}")
    return 0


def tags(library: Library, args: argparse.Namespace) -> int:
    counts = library.tag_counts()
    if args.json:
        print_json(
            [
                {
                    "tag": t.name,
                    "kind": t.kind.value,
                    "count": t.count,
                    "label": t.shown,
                    "user": t.user,
                }
                for t in counts
            ]
        )
        return 0
    for t in counts:
        echo(f"{t.count:6d}  {t.kind.value:<8}  {t.shown}")
    return 0


def bookmarks(library: Library, args: argparse.Namespace) -> int:
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
