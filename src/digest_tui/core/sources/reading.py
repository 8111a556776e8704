"""Reading, parsing and tagging digest files, in worker processes when there are many.

Parsing and tagging are pure Python and CPU-bound: with many files, two worker processes
prepare files while the caller stores the ones already prepared, in order. Only the
caller touches the library, so every file is still one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from digest_tui.core.errors import IngestError
from digest_tui.core.models import Paper
from digest_tui.core.processes import worker_init
from digest_tui.core.sources import ParseContext, ParsedDigest, parse_bytes
from digest_tui.core.sources.common import date_in_name
from digest_tui.core.sources.tagging import Lexicon, build_lexicon

Topics = tuple[tuple[str, str], ...]  # (tag, its spec as JSON): hashable, for the cache
Prepared = tuple[ParsedDigest | None, str]  # the parsed, tagged digest, or None and why


def frozen_topics(topics: Mapping[str, Mapping[str, Any]]) -> Topics:
    """The user's [topics], hashable: the key of the lexicon cache."""
    return tuple((tag, json.dumps(spec, sort_keys=True)) for tag, spec in topics.items())


@lru_cache(maxsize=4)
def lexicon(topics: Topics) -> Lexicon:
    """The bundled lexicon plus these topics, built once per process when first needed."""
    return build_lexicon({tag: json.loads(spec) for tag, spec in topics})


def topics_of(paper: Paper, lexicon: Lexicon) -> tuple[str, ...]:
    """The paper's topic tags: from its title, abstract and keywords."""
    return lexicon.tags_for(paper.title, paper.abstract, " ; ".join(paper.keywords))


def tag_digest(parsed: ParsedDigest, lexicon: Lexicon) -> ParsedDigest:
    papers = tuple(p.with_changes(tags=topics_of(p, lexicon)) for p in parsed.papers)
    return replace(parsed, papers=papers)


DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, int]:
    """A regular file's bytes and its modification year. Anything else (a FIFO would
    block, /dev/zero never ends, a directory) and files over `max_bytes` are refused
    before they are opened."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a directory"
                if stat.S_ISDIR(info.st_mode)
                else "a FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "a device or socket"
            )
            raise IngestError(f"not a regular file ({kind}); import reads files", source=path)
        if info.st_size > max_bytes:
            raise IngestError(
                f"file is {info.st_size / 2**20:,.0f} MB, over the import limit of "
                f"{max_bytes / 2**20:,.0f} MB ([import] max_file_mb in config.toml)",
                source=path,
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}", source=path) from None
    if len(data) > max_bytes:  # it grew while we read it
        raise IngestError(f"file grew past the import limit of {max_bytes:,} bytes", source=path)
    return data, dt.date.fromtimestamp(info.st_mtime).year


def prepare(
    path: str, fmt: str, date: dt.date | None, topics: Topics, max_bytes: int = DEFAULT_MAX_BYTES
) -> Prepared:
    """Read, parse and tag one file; an unreadable or invalid file gives (None, message)."""
    file = Path(path)
    try:
        data, year = read_input(path, max_bytes)
        ctx = ParseContext(name=path, date=date, year=year, name_date=date_in_name(file.name))
        return tag_digest(parse_bytes(data, ctx, fmt), lexicon(topics)), file.name
    except IngestError as exc:
        return None, str(exc)


def prepare_all(
    paths: Sequence[str],
    fmt: str,
    date: dt.date | None,
    topics: Topics,
    workers: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    read: Callable[[], None] | None = None,
) -> Iterator[Prepared]:
    """Prepared files in the given order; with several files, `workers` processes work a
    few files ahead of the consumer (a bounded window keeps memory flat). `read` is
    called as each file is parsed (from a pool thread when in processes)."""
    if len(paths) < 3 or workers < 2:
        for path in paths:
            prepared = prepare(path, fmt, date, topics, max_bytes)
            if read:
                read()
            yield prepared
        return
    context = multiprocessing.get_context("spawn")  # no inherited SQLite handles or threads
    with ProcessPoolExecutor(
        workers, context, initializer=worker_init, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[Prepared]] = deque()
        queue = iter(paths)

        def submit(path: str) -> None:
            future = pool.submit(prepare, path, fmt, date, topics, max_bytes)
            if read:
                future.add_done_callback(lambda _: read())
            pending.append(future)

        for path in queue:
            submit(path)
            if len(pending) >= 2 * workers:
                break
        while pending:
            done = pending.popleft().result()
            for path in queue:
                submit(path)
                break
            yield done
