"""The baselines each figure is a ratio against: bare Whoosh and a bare Textual app.

Bare Whoosh uses the app's own schema and documents, so the ratio shows what the app adds
on top of Whoosh (parsing, tagging, SQLite, ids, filters), not a different index.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import qparser, query

from digest_tui.core.models import Paper
from digest_tui.core.search import schema as app_index
from digest_tui.core.sources import ParseContext, parse_bytes

PAGE = 100  # rows the list shows first (the app fetches rows 100 at a time)


def corpus_documents(files: Sequence[Path]) -> list[dict[str, Any]]:
    """The index documents of every distinct paper, built the way the app builds them."""
    papers: dict[str, Paper] = {}
    for path in files:
        for paper in parse_bytes(path.read_bytes(), ParseContext(name=path.name)).papers:
            papers[paper.id] = paper
    return [app_index.document(p) for p in papers.values()]


def bare_build(directory: Path, documents: Iterable[dict[str, Any]], procs: int = 2) -> float:
    """Seconds for a bare Whoosh writer with the best settings measured here (the app's
    own: two processes, one segment each, no compound files)."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(directory), app_index.schema())
    start = time.perf_counter()
    writer = ix.writer(procs=procs, multisegment=True, limitmb=128, compound=False)
    for doc in documents:
        writer.add_document(**doc)
    writer.commit()
    return time.perf_counter() - start


class BareSearch:
    """Whoosh alone on the same index: parse, search, ids of the first page."""

    def __init__(self, directory: Path) -> None:
        self.ix = whoosh_index.open_dir(str(directory))
        self.searcher = self.ix.searcher()
        fields = ["title", "abstract", "authors", "tags", "keywords"]
        self.parser = qparser.MultifieldParser(fields, self.ix.schema, group=qparser.AndGroup)
        self.parser.add_plugin(qparser.FuzzyTermPlugin())
        self.column = self.searcher.reader().column_reader("id")

    def search(self, text: str, tag: str | None = None, sortedby: str | None = None) -> list[str]:
        parsed = self.parser.parse(text)
        options: dict[str, Any] = {"limit": PAGE}
        if tag:
            options["filter"] = query.Term("tags", tag)
        if sortedby:
            options.update(sortedby=sortedby, reverse=True)
        results = self.searcher.search(parsed, **options)
        return [self.column[hit.docnum] for hit in results]

    def close(self) -> None:
        self.searcher.close()


BARE_APP = """
from textual.app import App
from textual.widgets import Static

LINES = "\\n".join(f"Paper {i}: a static row of the bare baseline" for i in range(60))

class Bare(App):
    def compose(self):
        yield Static("BARE-READY\\n" + LINES)

Bare().run()
"""
