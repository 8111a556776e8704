"""The one door the UI and the CLI use: import, fetch, search, read, export, and the
user's own data (bookmarks, tags, notes, read state, saved searches).

It delegates: `store` (SQLite, the truth), `indexing` (the derived Whoosh index, loaded
only when a search needs it), `sources` (parsers, file reading, HTTP; loaded when an
import or fetch needs them), `saved` (saved searches and the morning digest) and `export`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest_tui.core.config import Config, load_config, save_theme, write_default
from digest_tui.core.errors import DigestError, NotFoundError
from digest_tui.core.files import write_export
from digest_tui.core.finding import Finder
from digest_tui.core.importing import Importer
from digest_tui.core.indexing import IndexKeeper
from digest_tui.core.models import (
    Digest,
    FetchOutcome,
    FetchPlan,
    Highlight,
    ImportSummary,
    Paper,
    PaperRow,
    PhaseProgress,
    Preferences,
    Progress,
    SearchResult,
    Selection,
    TagCount,
)
from digest_tui.core.paths import Paths
from digest_tui.core.replacing import replaceable
from digest_tui.core.saved import SavedSearches
from digest_tui.core.store import Store
from digest_tui.core.taxonomy import label as category_label
from digest_tui.core.textsafe import no_surrogates, safe
from digest_tui.core.visits import Visits

if TYPE_CHECKING:
    from digest_tui.core.bulk import Bulk
    from digest_tui.core.pdfs import PdfShelf
    from digest_tui.core.sources.common import ParsedDigest
    from digest_tui.core.sync.syncer import Syncer

IMPORT_FORMATS = ("auto", "hf-page-text", "hf-json", "arxiv-atom", "arxiv-rss", "jsonl")
EXPORT_FORMATS = ("json", "jsonl", "markdown", "bibtex", "ris", "csl-json")


def write_default_config(paths: Paths) -> bool:
    """Write the commented default config.toml unless one exists; True if written."""
    return write_default(paths.config_file)


class Library:
    """A user's library: store and index, opened from `Paths`."""

    def __init__(self, paths: Paths, *, seed_sample: bool = False) -> None:
        self.paths = paths
        paths.ensure()
        self.config: Config = load_config(paths.config_file)
        self.store = Store(paths.database)
        self.indexing = IndexKeeper(self.store, paths.index_dir)
        self.indexing.sweep()  # half-built indexes of killed rebuilds
        self.importer = Importer(self.store, self.indexing, self.config)
        self.finder = Finder(self.store, self.indexing)
        self.saved = SavedSearches(self.store, self.search, self.papers, self.notes_of)
        self.visits = Visits(self.store, self.config.open_on, self.config.sort)
        if seed_sample:
            self.seed_sample()

    # PDFs, several papers at once and sync load when first used (a CLI search needs none)
    @functools.cached_property
    def pdfs(self) -> PdfShelf:
        from digest_tui.core.pdfs import PdfShelf

        return PdfShelf(self.paper, self.config.pdf_folder, self.config.pdf_arxiv_base)

    @functools.cached_property
    def bulk(self) -> Bulk:
        from digest_tui.core.bulk import Bulk

        return Bulk(self)

    @functools.cached_property
    def sync(self) -> Syncer:
        from digest_tui.core.sync.syncer import Syncer

        folder = self.config.sync_folder
        follow = self.indexing.follow
        return Syncer(self.store, self.paths.data_dir, folder, self.import_parsed, follow)

    def seed_sample(self) -> bool:
        """The app's first start on an empty library adds the bundled sample, so a new
        user sees papers at once; once only, and never for a library that has papers (a
        user who imported their own first does not want ours). True if it added it."""
        if self.store.meta("seeded") is not None:
            return False
        with self.store.transaction() as con:
            self.store.set_meta(con, "seeded", "1")
        if self.store.papers.count():
            return False
        self.importer.mark_tags_current()  # a new library: nothing to retag
        self.import_sample()
        return True

    def close(self) -> None:
        self.indexing.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- settings ---------------------------------------------------------------------
    @property
    def preferences(self) -> Preferences:
        c = self.config
        return Preferences(
            c.theme, c.sort, dict(c.keys), c.warning, str(self.paths.config_file), c.fold_under
        )

    def save_theme(self, theme: str) -> None:
        save_theme(self.paths.config_file, theme)

    # ----- the index --------------------------------------------------------------------
    @property
    def index_problem(self) -> str | None:
        return self.indexing.problem

    def index_is_current(self) -> bool:
        return self.indexing.is_current()

    def ensure_index(self, progress: PhaseProgress | None = None) -> bool:
        return self.indexing.ensure(progress)

    def reindex(self, progress: PhaseProgress | None = None, procs: int = 1) -> int:
        return self.indexing.rebuild(progress, procs)

    def tags_current(self) -> bool:
        """Automatic tags follow the current lexicon and category rules."""
        return self.importer.tags_current()

    def ensure_tags(self, progress: Progress | None = None) -> bool:
        """Retag every paper if the lexicon, the user's [topics] or the rules changed since
        the tags were given (once after an upgrade); True if it retagged."""
        if self.importer.tags_current():
            return False
        self.importer.retag(progress)
        return True

    def batch(
        self, progress: PhaseProgress | None = None
    ) -> contextlib.AbstractContextManager[None]:
        return self.indexing.batch(progress)

    # ----- importing (core/importing.py) -------------------------------------------------
    def import_file(
        self, path: str | os.PathLike[str], fmt: str = "auto", date: dt.date | None = None
    ) -> ImportSummary:
        """Parse one file and import it in one transaction; IngestError leaves no trace."""
        return self.importer.import_file(path, fmt, date)

    def import_files(
        self,
        paths: Sequence[str],
        fmt: str = "auto",
        date: dt.date | None = None,
        progress: PhaseProgress | None = None,
    ) -> Iterator[ImportSummary | DigestError]:
        """Import many files, each in its own transaction; a summary or an error each."""
        return self.importer.import_files(paths, fmt, date, progress)

    def import_parsed(
        self, parsed: ParsedDigest, label: str, tagged: bool = False
    ) -> ImportSummary:
        return self.importer.import_parsed(parsed, label, tagged)

    def import_sample(self, year: int | None = None) -> ImportSummary:
        return self.importer.import_sample(year)

    def sample_digest(self) -> Digest:
        return self.importer.sample_digest()

    def remove_digest(self, digest: Digest) -> int:
        return self.importer.remove_digest(digest)

    def find_digest(self, key: str) -> Digest:
        return self.importer.find_digest(key)

    def digests(self) -> list[Digest]:
        return self.store.digests.all()

    def digest_dates(self) -> list[dt.date]:
        return self.store.digests.dates()

    # ----- fetching ---------------------------------------------------------------------
    def fetch_plan(self, source: str | None = None, **options: Any) -> FetchPlan:
        """What to fetch: one source (hf, arxiv), or what config.toml's [fetch] names."""
        hf = source == "hf" or (source is None and self.config.fetch_hf)
        arxiv = source == "arxiv" or (source is None and bool(self.config.fetch_arxiv))
        categories = tuple(options.pop("categories", ()) or self.config.fetch_arxiv)
        days = tuple(options.pop("days", ()) or (dt.date.today(),))
        if not hf and not arxiv:
            raise DigestError(
                "nothing to fetch: name a source (hf, arxiv) or set [fetch] in config"
            )
        return FetchPlan(hf_days=days if hf else (), arxiv=categories if arxiv else (), **options)

    def fetch(self, plan: FetchPlan, progress: Progress | None = None) -> list[FetchOutcome]:
        """Fetch and import what the plan names; HF days already fetched are skipped
        (their raw responses are cached) unless the plan says refresh."""
        from digest_tui.core.fetching import run_fetch

        return run_fetch(self, plan, progress)

    # ----- reading ----------------------------------------------------------------------
    def search(
        self,
        selection: Selection,
        limit: int | None = None,
        *,
        live: bool = False,
        replaced: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Ordered ids for a selection; raises InvalidQueryError for a bad query.

        With `limit`, only the first ids (a page to show at once; `complete` is False
        when there may be more). `live`: the query is being typed, so its last word is a
        prefix (unless a space follows it) and typos are not corrected yet. `replaced`:
        once it says True, the search stops with SearchReplaced (a newer one is wanted)."""
        with replaceable(replaced):
            return self.finder.search(selection, limit, live=live)

    def tag_counts_ready(self) -> bool:
        """True when tag counts come from memory (else the first count reads every tag)."""
        return self.finder.tag_counts_ready()

    def warm_up(self) -> None:
        """Read what typing will need (index lengths, tag table) before the first key."""
        self.finder.warm_up()

    def answers_fast(self, selection: Selection) -> bool:
        """True when the whole ordered list of this selection is as cheap as its first page
        (no query, or plain words answered from the postings in memory)."""
        return self.finder.answers_fast(selection)

    def paper(self, paper_id: str) -> Paper:
        found = self.store.papers.get([paper_id])
        if paper_id not in found:
            raise NotFoundError(f"no paper {paper_id!r} in the library")
        return found[paper_id]

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        found = self.store.papers.get(ids)
        return [found[i] for i in ids if i in found]

    def rows(self, ids: Sequence[str]) -> list[PaperRow]:
        found = self.store.papers.rows(ids)
        return [found[i] for i in ids if i in found]

    def tag_counts(self, ids: Sequence[str] | None = None) -> list[TagCount]:
        """Tags with their kinds and counts, over these papers or the whole library; an
        arXiv category is labelled with its name ("cs.CV Computer Vision and ...")."""
        return self.finder.tag_counts(ids)

    def category_label(self, code: str) -> str:
        return category_label(code)

    def match_spans(self, text: str, highlight: Highlight) -> list[tuple[int, int]]:
        return self.finder.match_spans(text, highlight)

    def similar(self, paper_id: str, limit: int = 10) -> list[tuple[Paper, float]]:
        paper = self.paper(paper_id)
        self.indexing.ensure()
        text = f"{paper.title}\n{paper.abstract}\n{' '.join(paper.keywords)}"
        hits = self.indexing.index.more_like(paper_id, text, limit)
        found = self.store.papers.get([h[0] for h in hits])
        return [(found[i], score) for i, score in hits if i in found]

    def paper_count(self) -> int:
        return self.store.papers.count()

    def unread_count(self) -> int:
        return self.store.listing.unread_count()

    def next_unread(self, ids: Sequence[str], start: int, step: int) -> int | None:
        """The position of the next unread paper in `ids` after `start` going by `step`."""
        return self.store.listing.next_unread(ids, start, step)

    # ----- exporting --------------------------------------------------------------------
    def notes_of(self, papers: Iterable[Paper]) -> dict[str, str]:
        """The notes of these papers, by id (papers without one are left out)."""
        return {p.id: note for p in papers if (note := self.store.user.note(p.id))}

    def render(self, fmt: str, selection: Selection) -> tuple[str, int]:
        """The papers of a selection (all of them, with notes) in an export format."""
        from digest_tui.core.export import render

        papers = self.papers(self.search(selection).ids)
        return render(fmt, papers, self.notes_of(papers)), len(papers)

    def export(self, fmt: str, selection: Selection, target: Path) -> int:
        """Write the papers of a selection to a file, whole or not at all; the count."""
        text, count = self.render(fmt, selection)
        self.write_file(target, text)
        return count

    write_file = staticmethod(write_export)  # whole or not at all, else an ExportError

    # ----- the user's own data ----------------------------------------------------------
    def is_bookmarked(self, paper_id: str) -> bool:
        return self.store.user.is_bookmarked(paper_id)

    def set_bookmark(self, paper_id: str, on: bool) -> bool:
        self.paper(paper_id)
        with self.store.transaction() as con:
            self.store.user.set_bookmark(con, paper_id, on)
        return on

    def toggle_bookmark(self, paper_id: str) -> bool:
        return self.set_bookmark(paper_id, not self.is_bookmarked(paper_id))

    def bookmark_count(self) -> int:
        return self.store.user.bookmark_count()

    def bookmarks(self) -> list[tuple[Paper, str]]:
        marks = self.store.user.bookmarks()
        found = self.store.papers.get([m[0] for m in marks])
        return [(found[i], added) for i, added in marks if i in found]

    def set_user_tags(self, paper_id: str, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace the user's own tags of a paper; each is one line as the user sees it."""
        clean = tuple(
            dict.fromkeys(safe(" ".join(t.split()), 100).lower() for t in tags if t.strip())
        )
        self.paper(paper_id)
        with self.store.transaction() as con:
            self.store.user.set_user_tags(con, paper_id, clean)
            generation = self.store.bump_generation(con)
        self.indexing.follow([paper_id], generation)
        return clean

    def note(self, paper_id: str) -> str:
        return self.store.user.note(paper_id)

    def set_note(self, paper_id: str, body: str) -> None:
        self.paper(paper_id)
        body = no_surrogates(body)
        with self.store.transaction() as con:
            self.store.user.set_note(con, paper_id, body)
            generation = self.store.bump_generation(con)
        self.indexing.follow([paper_id], generation)

    def set_read(self, paper_id: str, on: bool = True) -> None:
        if not self.store.papers.has(paper_id):
            raise NotFoundError(f"no paper {paper_id!r} in the library (removed meanwhile?)")
        with self.store.transaction() as con:
            self.store.user.set_read(con, paper_id, on)

    def mark_read(self, ids: Sequence[str]) -> list[str]:
        """Mark many papers read at once (a whole view); returns those that were unread,
        which `mark_unread` takes to undo it."""
        with self.store.transaction() as con:
            return self.store.user.mark_read(con, ids)

    def mark_unread(self, ids: Sequence[str]) -> None:
        with self.store.transaction() as con:
            self.store.user.mark_unread(con, ids)

    def toggle_read(self, paper_id: str) -> bool:
        """Mark read if unread and the reverse; returns the new state."""
        read = not self.store.user.is_read(paper_id)
        self.set_read(paper_id, read)
        return read

    def stats(self) -> dict[str, Any]:
        counts = self.store.listing.table_counts()
        current = self.indexing.stamped_current()
        return {
            "papers": counts["papers"],
            "digests": counts["digests"],
            "bookmarks": counts["bookmarks"],
            "tags": counts["tags"],
            "notes": counts["notes"],
            "read": counts["read_state"],
            "index": "current" if current else "stale (rebuilt on next search)",
            "data_dir": str(self.paths.data_dir),
            "config_file": str(self.paths.config_file),
        }
