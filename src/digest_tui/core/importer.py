"""Reading, parsing and tagging digest files, in worker processes when there are many.

Parsing and tagging are pure Python and CPU-bound: with many files, two worker processes
prepare files while the caller stores the ones already prepared, in order. Only the
caller touches the library, so every file is still one transaction.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from digest_tui.core.errors import IngestError
from digest_tui.core.ingest import ParseContext, ParsedDigest, parse_bytes
from digest_tui.core.ingest.common import date_in_name
from digest_tui.core.tagging import Lexicon, build_lexicon

Topics = tuple[tuple[str, tuple[str, ...]], ...]
Prepared = tuple[ParsedDigest | None, str]  # the parsed, tagged digest, or None and why


def frozen_topics(topics: Mapping[str, Sequence[str]]) -> Topics:
    return tuple((tag, tuple(entries)) for tag, entries in topics.items())


@lru_cache(maxsize=4)
def lexicon(topics: Topics) -> Lexicon:
    """The bundled lexicon plus these topics, built once per process when first needed."""
    return build_lexicon(dict(topics))


def tag_digest(parsed: ParsedDigest, lexicon: Lexicon) -> ParsedDigest:
    papers = []
    for paper in parsed.papers:
        found = lexicon.tags_for(paper.title, paper.abstract, " ; ".join(paper.keywords))
        papers.append(paper.with_changes(tags=tuple(dict.fromkeys([*found, *paper.categories]))))
    return ParsedDigest(
        parsed.source, tuple(papers), parsed.date, parsed.dropped_links, parsed.extra
    )


def prepare(path: str, fmt: str, date: dt.date | None, topics: Topics) -> Prepared:
    """Read, parse and tag one file; an unreadable or invalid file gives (None, message)."""
    file = Path(path)
    try:
        try:
            data = file.read_bytes()
            year = dt.date.fromtimestamp(file.stat().st_mtime).year
        except OSError as exc:
            raise IngestError(f"cannot read file: {exc.strerror or exc}", source=path) from None
        ctx = ParseContext(name=path, date=date, year=year, name_date=date_in_name(file.name))
        return tag_digest(parse_bytes(data, ctx, fmt), lexicon(topics)), file.name
    except IngestError as exc:
        return None, str(exc)


def _ignore_interrupts() -> None:
    """Ctrl+C is the parent's to handle: workers must not print tracebacks of their own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def prepare_all(
    paths: Sequence[str], fmt: str, date: dt.date | None, topics: Topics, workers: int = 2
) -> Iterator[Prepared]:
    """Prepared files in the given order; with several files, `workers` processes work a
    few files ahead of the consumer (a bounded window keeps memory flat)."""
    if len(paths) < 3 or workers < 2:
        for path in paths:
            yield prepare(path, fmt, date, topics)
        return
    context = multiprocessing.get_context("spawn")  # no inherited SQLite handles or threads
    with ProcessPoolExecutor(workers, context, initializer=_ignore_interrupts) as pool:
        pending: deque[Future[Prepared]] = deque()
        queue = iter(paths)
        for path in queue:
            pending.append(pool.submit(prepare, path, fmt, date, topics))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done = pending.popleft().result()
            for path in queue:
                pending.append(pool.submit(prepare, path, fmt, date, topics))
                break
            yield done
