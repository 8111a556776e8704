"""Finding papers: a selection (query, filters, sort) to ordered ids through the index or
the store, and tag counts over any set of papers. Behind `Library.search` and
`Library.tag_counts`; the index and numpy load on first use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from digest_tui.core.indexing import IndexKeeper
from digest_tui.core.models import Highlight, SearchResult, Selection, TagCount, TagKind
from digest_tui.core.search import clean_query
from digest_tui.core.store import Store
from digest_tui.core.taxonomy import label as category_label

if TYPE_CHECKING:
    from digest_tui.core.tag_table import TagTable


SQL_COUNTS_UP_TO = 2000  # papers whose tags SQLite counts in a few ms (json_each of ids)


class Finder:
    def __init__(self, store: Store, indexing: IndexKeeper) -> None:
        self.store = store
        self.indexing = indexing
        self._tag_table: TagTable | None = None

    def search(
        self, selection: Selection, limit: int | None = None, *, live: bool = False
    ) -> SearchResult:
        """See `Library.search`."""
        sort = selection.effective_sort
        typed = selection.query
        partial = live and not typed.endswith((" ", "\t"))  # its last word is unfinished
        if partial and len(typed.rstrip().rpartition(" ")[2]) == 1:
            typed, partial = typed.rstrip().rpartition(" ")[0], False  # one letter: not yet
        text = clean_query(typed)
        if not text:
            listing, chosen = self.store.listing, selection.sorted_by(sort)
            ordered = listing.ordered_ids(chosen, limit)
            if limit is None or len(ordered) < limit:
                return SearchResult(selection, tuple(ordered))
            total = listing.count(chosen)  # a first page, with the whole list's length
            return SearchResult(selection, tuple(ordered), complete=False, total=total)
        options: dict[str, Any] = {"prefix_last": partial, "typos": not live}
        filtered = selection.bookmarked or selection.unread or selection.digest_date
        found = None
        if not filtered and not partial:  # one CLI search: from the files, if it can
            found = self.indexing.search_files(text, sort, limit, selection.tags, not live)
        if found is None:
            self.indexing.ensure()
            index = self.indexing.index
            if filtered:
                allowed = self.store.listing.filtered_ids(selection)
                found = index.search(text, sort, limit, allowed, **options)
            else:
                found = index.search(text, sort, limit, tags=selection.tags, **options)
        complete = limit is None or len(found.ids) < limit
        return SearchResult(
            selection,
            found.ids,
            found.scores,
            found.fuzzy,
            found.suggestion,
            found.highlight,
            complete=complete,
        )

    def answers_fast(self, selection: Selection) -> bool:
        text = clean_query(selection.query)
        if not text:
            return True  # the store lists it; no Whoosh needed
        from digest_tui.core.search.clauses import plain_words

        return plain_words(text) is not None

    @property
    def tag_table(self) -> TagTable:
        if self._tag_table is None:
            from digest_tui.core.tag_table import TagTable

            self._tag_table = TagTable(self.store)
        return self._tag_table

    def tag_counts_ready(self) -> bool:
        return self._tag_table is not None and self._tag_table.ready()

    def tag_counts(self, ids: Sequence[str] | None = None) -> list[TagCount]:
        """Counts over the whole library, or over a few papers (the digest the app opens
        on), come from SQLite until the in-memory table is loaded (one query, where
        loading the table costs ~0.4 s at 35,000 papers, ~0.6 s while the first screen is
        drawn): the first paint and the CLI need no numpy."""
        if not self.tag_counts_ready() and (ids is None or len(ids) <= SQL_COUNTS_UP_TO):
            counted = self.store.listing.tag_counts(ids)
        else:
            counted = self.tag_table.counts(ids)
        return [
            t._replace(label=category_label(t.name)) if t.kind is TagKind.CATEGORY else t
            for t in counted
        ]

    def warm_up(self) -> None:
        self.tag_table.counts(())
        if self.indexing.is_current():
            self.indexing.index.warm_up()

    def match_spans(self, text: str, highlight: Highlight) -> list[tuple[int, int]]:
        """Where the query's words are in a text (for highlighting); Whoosh loads only if
        a word must be stemmed, so a list without a query paints without it."""
        from digest_tui.core.search.analysis import match_spans

        return match_spans(text, highlight)
