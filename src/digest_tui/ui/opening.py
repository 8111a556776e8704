"""The first view, read while Textual loads (no Textual here).

Started before the app's modules are imported, in a thread: which view the visit opens on
and its first page come from SQLite in ~15 ms while the interpreter spends ~0.2 s
importing Textual, so the first frame already holds the list. Without it the list came a
frame later (~0.1 s at 35,000 papers): mounting the screen started a worker, which asked
for the view, which started the search, each waiting for the first frame in between.
"""

import sys
import threading
from concurrent.futures import Future
from typing import NamedTuple

from digest_tui.core.errors import DigestError
from digest_tui.core.library import Library
from digest_tui.core.models import PaperRow, SearchResult, Selection
from digest_tui.core.paths import Paths
from digest_tui.core.textsafe import safe

FIRST_PAGE = 100  # results shown before the whole ordered list is ready


class Opening(NamedTuple):
    """The view a visit opens on, when the last one began, and (unless reading it
    failed: the screen's own search then says why) its first page."""

    selection: Selection
    since: str | None
    result: SearchResult | None = None
    rows: tuple[PaperRow, ...] = ()
    papers: int = 0  # in the library (an empty one says so)


def read_opening(library: Library) -> Opening:
    """Begin the visit (once: it remembers when) and read its first page."""
    try:
        visit = library.visits.begin()
    except DigestError:  # a library that cannot be written: open on everything
        return Opening(Selection(sort=library.preferences.sort), None)
    try:
        result = library.search(visit.selection, FIRST_PAGE)
        rows = tuple(library.rows(result.ids[:FIRST_PAGE]))
        papers = library.paper_count()
    except DigestError:
        return Opening(visit.selection, visit.since)
    return Opening(visit.selection, visit.since, result, rows, papers)


def start_opening(library: Library) -> Future[Opening]:
    """Read the opening in a thread; the future holds it (or the error, which the app
    then meets as the screen's own search would)."""
    future: Future[Opening] = Future()

    def read() -> None:
        try:
            future.set_result(read_opening(library))
        except BaseException as exc:  # handed to whoever waits for it
            future.set_exception(exc)

    threading.Thread(target=read, name="opening", daemon=True).start()
    return future


def launch(paths: Paths) -> int:
    """Open the library (one line on stderr if it cannot be read), start reading the
    opening, then load Textual and run the app."""
    try:
        library = Library(paths)
    except DigestError as exc:
        print(f"digest-tui: {safe(str(exc), sys.maxsize)}", file=sys.stderr)
        return 2
    try:
        library.paper_count()  # a library that cannot be read is refused here, in one line
    except DigestError as exc:
        library.close()
        print(f"digest-tui: {safe(str(exc), sys.maxsize)}", file=sys.stderr)
        return 2
    opening = start_opening(library)
    from digest_tui.ui.app import run_app  # Textual loads here, while the opening is read

    return run_app(library, opening)
