"""Frozen dataclasses shared by the core, the CLI and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled http(s) link of a paper."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Paper:
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
    tags: tuple[str, ...] = ()
    user_tags: tuple[str, ...] = ()

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

    def with_changes(self, **changes: object) -> Paper:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def primary_link(self) -> Link | None:
        """HF page, else the arXiv abstract, else the first link."""
        for label in ("HF", "arXiv"):
            for link in self.links:
                if link.label == label:
                    return link
        return self.links[0] if self.links else None


@dataclass(frozen=True, slots=True)
class Digest:
    """One imported or fetched digest: a source, a date and its papers."""

    id: int
    source: str
    date: dt.date | None
    label: str
    imported_at: str
    paper_count: int


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    user: bool = False


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    count: int
    user: bool = False


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

    def next(self) -> Sort:
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user asks to see: a query plus filters. Immutable and chainable."""

    query: str = ""
    tags: tuple[str, ...] = ()
    bookmarked: bool = False
    digest_date: dt.date | None = None
    sort: Sort = Sort.RELEVANCE
    unread: bool = False

    def searching(self, query: str) -> Selection:
        return replace(self, query=query)

    def tagged(self, *tags: str) -> Selection:
        return replace(self, tags=tuple(dict.fromkeys(tags)))

    def and_tagged(self, tag: str) -> Selection:
        return replace(self, tags=tuple(dict.fromkeys((*self.tags, tag))))

    def only_bookmarked(self, flag: bool = True) -> Selection:
        return replace(self, bookmarked=flag)

    def only_unread(self, flag: bool = True) -> Selection:
        return replace(self, unread=flag)

    def in_digest(self, date: dt.date | None) -> Selection:
        return replace(self, digest_date=date)

    def sorted_by(self, sort: Sort) -> Selection:
        return replace(self, sort=sort)

    @property
    def effective_sort(self) -> Sort:
        """Relevance needs a query; without one, newest first."""
        if self.sort is Sort.RELEVANCE and not self.query.strip():
            return Sort.DATE
        return self.sort


@dataclass(frozen=True, slots=True)
class Highlight:
    """What to highlight for a query: stems, exact words, prefixes and fuzzy words (all
    lower case)."""

    stems: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    fuzzy: tuple[tuple[str, int], ...] = ()  # (word, edit distance)

    def __bool__(self) -> bool:
        return bool(self.stems or self.words or self.prefixes or self.fuzzy)


@dataclass(frozen=True, slots=True)
class SearchHit:
    paper_id: str
    score: float | None = None
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    """An ordered result: ids only, rows are fetched in pages when shown."""

    selection: Selection
    ids: tuple[str, ...]
    scores: tuple[float, ...] | None = None
    fuzzy: bool = False
    suggestion: str | None = None
    highlight: Highlight = field(default_factory=Highlight)
    complete: bool = True  # False: the first page of a longer list

    def __len__(self) -> int:
        return len(self.ids)

    def hits(self, start: int = 0, stop: int | None = None) -> list[SearchHit]:
        ids = self.ids[start:stop]
        scores = self.scores[start:stop] if self.scores is not None else (None,) * len(ids)
        return [SearchHit(i, s, self.fuzzy) for i, s in zip(ids, scores, strict=True)]


@dataclass(frozen=True, slots=True)
class ImportSummary:
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


@dataclass(frozen=True, slots=True)
class PaperRow:
    """What one line of the paper list needs; fetched in pages, never the whole library."""

    id: str
    title: str
    date: dt.date | None
    upvotes: int | None = None
    bookmarked: bool = False
    read: bool = False


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A named query and tag filter; counts are filled in when listed."""

    name: str
    query: str = ""
    tags: tuple[str, ...] = ()
    last_viewed: str | None = None
    count: int = 0
    new: int = 0

    @property
    def selection(self) -> Selection:
        return Selection(query=self.query, tags=self.tags)
