"""Immutable records shared by the core, the CLI and the UI, and the few rules that
belong to the data itself: what a paper's id and a link may be, and a paper's record.

The records are named tuples, not dataclasses: a frozen dataclass compiles six methods
when its class is made (~2 ms a class on this machine, ~30 ms for this module alone, at
every start of the app and of every CLI command), a named tuple one. Being tuples, they
compare equal to a plain tuple of the same values; nothing here iterates or indexes them.
`_replace` changes fields, as `dataclasses.replace` did. Modules that define named tuples
do without `from __future__ import annotations`: a field annotated by a string compiles it
when its class is made (~40 us a field, ~5 ms of every start for these records; a test in
tests/test_architecture.py keeps it so). A class names itself in quotes."""

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

Progress = Callable[[int, int], None]  # (done, total): long work reports through this


class Phase(StrEnum):
    """The steps of an import or a rebuild, each with its own total (a bar each)."""

    READING = "Reading files"
    STORING = "Storing"
    INDEXING = "Indexing"
    MERGING = "Merging"


PhaseProgress = Callable[[Phase, int, int], None]  # (phase, done, total)


class Link(NamedTuple):
    """A labelled http(s) link of a paper."""

    label: str
    url: str


class Paper(NamedTuple):
    """One paper, as a parser produces it and the store returns it."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    updated: dt.date | None = None
    digest_dates: tuple[dt.date, ...] = ()
    source: str = ""
    upvotes: int | None = None
    comments: int | None = None
    links: tuple[Link, ...] = ()
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    ai_summary: str = ""
    organization: str = ""
    doi: str = ""
    journal_ref: str = ""
    github_stars: int | None = None
    tags: tuple[str, ...] = ()  # topic tags from the lexicon
    user_tags: tuple[str, ...] = ()
    comment: str = ""  # the author's comment (arXiv): pages, venue; searchable

    @property
    def digest_date(self) -> dt.date | None:
        """The most recent digest the paper appeared in."""
        return max(self.digest_dates) if self.digest_dates else None

    @property
    def date(self) -> dt.date | None:
        """The date shown and sorted by: the digest date, else the publication date."""
        return self.digest_date or self.published

    @property
    def arxiv_id(self) -> str | None:
        return None if self.id.startswith("t-") else self.id

    def with_changes(self, **changes: object) -> "Paper":
        return self._replace(**changes)  # type: ignore[arg-type]

    @property
    def primary_link(self) -> Link | None:
        """HF page, else the arXiv abstract, else the first link."""
        for label in ("HF", "arXiv"):
            for link in self.links:
                if link.label == label:
                    return link
        return self.links[0] if self.links else None


class Digest(NamedTuple):
    """One imported or fetched digest: a source, a date and its papers."""

    id: int
    source: str
    date: dt.date | None
    label: str
    imported_at: str
    paper_count: int


class TagKind(StrEnum):
    """Where a tag comes from: the source's own category, the topic lexicon, the user."""

    CATEGORY = "category"
    TOPIC = "topic"
    USER = "user"


class TagCount(NamedTuple):
    """A tag with the number of papers (in the library, or in the current view) that
    carry it; `label` is how it is shown (an arXiv category with its name)."""

    name: str
    count: int  # type: ignore[assignment]  # (a field: tuple's count() is never used)
    kind: TagKind = TagKind.TOPIC
    label: str = ""  # empty: the name

    @property
    def shown(self) -> str:
        return self.label or self.name

    @property
    def user(self) -> bool:
        return self.kind is TagKind.USER


class Sort(StrEnum):
    """Orders the paper list can take; `s` cycles through them."""

    RELEVANCE = "relevance"
    DATE = "date"
    UPVOTES = "upvotes"
    TITLE = "title"

    @property
    def label(self) -> str:
        return {
            "relevance": "relevance",
            "date": "newest",
            "upvotes": "most upvoted",
            "title": "title",
        }[self.value]

    def next(self) -> "Sort":
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


class Selection(NamedTuple):
    """What the user asks to see: a query plus filters. Immutable and chainable."""

    query: str = ""
    tags: tuple[str, ...] = ()
    bookmarked: bool = False
    digest_date: dt.date | None = None
    sort: Sort = Sort.RELEVANCE
    unread: bool = False

    def searching(self, query: str) -> "Selection":
        return self._replace(query=query)

    def tagged(self, *tags: str) -> "Selection":
        return self._replace(tags=tuple(dict.fromkeys(tags)))

    def and_tagged(self, tag: str) -> "Selection":
        return self._replace(tags=tuple(dict.fromkeys((*self.tags, tag))))

    def only_bookmarked(self, flag: bool = True) -> "Selection":
        return self._replace(bookmarked=flag)

    def only_unread(self, flag: bool = True) -> "Selection":
        return self._replace(unread=flag)

    def in_digest(self, date: dt.date | None) -> "Selection":
        return self._replace(digest_date=date)

    def sorted_by(self, sort: Sort) -> "Selection":
        return self._replace(sort=sort)

    @property
    def effective_sort(self) -> Sort:
        """Relevance needs a query; without one, newest first."""
        if self.sort is Sort.RELEVANCE and not self.query.strip():
            return Sort.DATE
        return self.sort


class Highlight(NamedTuple):
    """What to highlight for a query: stems, exact words, prefixes and fuzzy words (all
    lower case)."""

    stems: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    fuzzy: tuple[tuple[str, int], ...] = ()  # (word, edit distance)

    def __bool__(self) -> bool:
        return bool(self.stems or self.words or self.prefixes or self.fuzzy)


class SearchHit(NamedTuple):
    paper_id: str
    score: float | None = None
    fuzzy: bool = False


class SearchResult(NamedTuple):
    """An ordered result: ids only, rows are fetched in pages when shown. Its length is
    its ids' (so `_make` and `_replace`, which check a tuple's length, are not for it)."""

    selection: Selection
    ids: tuple[str, ...]
    scores: tuple[float, ...] | None = None
    fuzzy: bool = False
    suggestion: str | None = None
    highlight: Highlight = Highlight()
    complete: bool = True  # False: the first page of a longer list
    total: int | None = None  # the whole list's length, when known for a first page

    @property
    def count(self) -> int | None:  # type: ignore[override]  # (tuple's count() unused)
        """How many papers the whole list holds; None when only a first page is known."""
        return len(self.ids) if self.complete else self.total

    def __len__(self) -> int:
        return len(self.ids)

    def hits(self, start: int = 0, stop: int | None = None) -> list[SearchHit]:
        ids = self.ids[start:stop]
        scores = self.scores[start:stop] if self.scores is not None else (None,) * len(ids)
        return [SearchHit(i, s, self.fuzzy) for i, s in zip(ids, scores, strict=True)]


class ImportSummary(NamedTuple):
    """What an import did: the CLI prints it, the app notifies it."""

    source: str
    path: str
    digest_date: dt.date | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped_links: int = 0
    problems: tuple[tuple[str, int], ...] = ()  # what the record limits changed, counted

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


class PaperRow(NamedTuple):
    """What one line of the paper list needs; fetched in pages, never the whole library."""

    id: str
    title: str
    date: dt.date | None
    upvotes: int | None = None
    bookmarked: bool = False
    read: bool = False


class SavedSearch(NamedTuple):
    """A named query and tag filter; counts are filled in when listed."""

    name: str
    query: str = ""
    tags: tuple[str, ...] = ()
    last_viewed: str | None = None
    count: int = 0  # type: ignore[assignment]  # (a field: tuple's count() is never used)
    new: int = 0

    @property
    def selection(self) -> Selection:
        return Selection(query=self.query, tags=self.tags)


class Preferences(NamedTuple):
    """The settings the app and the CLI follow, read from config.toml."""

    theme: str | None = None
    sort: Sort = Sort.RELEVANCE
    keys: Mapping[str, str] = MappingProxyType({})  # binding id -> "key,key"
    warning: str | None = None  # what was wrong with config.toml (defaults were used)
    config_file: str = ""
    fold_under: int = 3  # tags on fewer papers fold under "more…" in the tag pane


class FetchPlan(NamedTuple):
    """What one fetch asks for: Hugging Face days and rss.arxiv.org categories."""

    hf_days: tuple[dt.date, ...] = ()
    arxiv: tuple[str, ...] = ()
    refresh: bool = False  # fetch HF days again even if already fetched
    hf_base: str = "https://huggingface.co"
    arxiv_base: str = "https://rss.arxiv.org"
    timeout: float = 20.0  # seconds per read
    retries: int = 3
    deadline: float = 900.0  # seconds for the whole fetch


class FetchOutcome(NamedTuple):
    """One fetched digest; `summary` is None for a day skipped as already fetched."""

    label: str
    summary: ImportSummary | None


class MorningDigest(NamedTuple):
    """Papers new since `since` (None: ever), grouped by saved search."""

    since: str | None
    groups: tuple[tuple[str, tuple[Paper, ...]], ...]

    @property
    def total(self) -> int:
        return len({p.id for _, papers in self.groups for p in papers})


def paper_record(paper: Paper) -> dict[str, Any]:
    """Every field of a paper's own data; the `jsonl` parser maps it back to this paper."""
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "digest_dates": [d.isoformat() for d in paper.digest_dates],
        "published": paper.published.isoformat() if paper.published else None,
        "updated": paper.updated.isoformat() if paper.updated else None,
        "links": [{"label": link.label, "url": link.url} for link in paper.links],
        "categories": list(paper.categories),
        "keywords": list(paper.keywords),
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "ai_summary": paper.ai_summary,
        "organization": paper.organization,
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "github_stars": paper.github_stars,
        "comment": paper.comment,
        "source": paper.source,
    }


def paper_dict(paper: Paper, *, bookmarked: bool = False, note: str = "") -> dict[str, Any]:
    """The record plus what the library knows about it: tags, bookmark, note."""
    data = paper_record(paper)
    data["tags"] = list(dict.fromkeys([*paper.tags, *paper.user_tags]))
    data["user_tags"] = list(paper.user_tags)
    data["bookmarked"] = bookmarked
    if note:
        data["note"] = note
    return data
