"""Saved searches and the morning digest, a collaborator of the `Library` facade.

A saved search is a query plus a tag filter under a name. "New" means added to the
library after the search was last viewed (or after the last morning digest).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from digest_tui.core.errors import DigestError, NotFoundError, SavedSearchError
from digest_tui.core.models import MorningDigest, Paper, SavedSearch, SearchResult, Selection
from digest_tui.core.store import Store, now
from digest_tui.core.sync.events import MAX_QUERY
from digest_tui.core.textsafe import safe

LAST_DIGEST = "digest_last_run"
MAX_NAME = 80


def _clean_name(name: str) -> str:
    clean = safe(" ".join(name.split()), MAX_NAME + 1)  # one line, as the user sees it
    if not clean:
        raise SavedSearchError("a saved search needs a name")
    if len(clean) > MAX_NAME:
        raise SavedSearchError(f"a saved search name is at most {MAX_NAME} characters")
    return clean


class SavedSearches:
    """Saved searches of one library; `search` and `papers` are the library's own."""

    def __init__(
        self,
        store: Store,
        search: Callable[[Selection], SearchResult],
        papers: Callable[[Sequence[str]], list[Paper]],
        notes_of: Callable[[Iterable[Paper]], dict[str, str]],
    ) -> None:
        self.store = store
        self.search = search
        self.papers = papers
        self.notes_of = notes_of

    def all(self, counts: bool = True) -> list[SavedSearch]:
        """Every saved search, by name; with counts, each also holds its total and new papers."""
        found = self.store.saved.all()
        if not counts:
            return found
        out = []
        for saved in found:
            try:
                ids = self.search(saved.selection).ids
            except DigestError:
                ids = ()
            new = self.store.listing.added_since(ids, saved.last_viewed, strict=True)
            out.append(saved._replace(count=len(ids), new=len(new)))
        return out

    def get(self, name: str) -> SavedSearch:
        """By name: the exact name first, else ignoring case."""
        wanted = safe(" ".join(name.split()), MAX_NAME + 1)
        found = self.store.saved.all()
        for saved in found:
            if saved.name == wanted:
                return saved
        for saved in found:
            if saved.name.casefold() == wanted.casefold():
                return saved
        raise NotFoundError(f"no saved search {name!r}; `digest-tui saved` lists them")

    def save(self, name: str, selection: Selection) -> SavedSearch:
        """Save (or replace) a search under `name`: its query and tag filter."""
        name = _clean_name(name)
        with contextlib.suppress(NotFoundError):  # "ml" replaces "ML": one per name
            name = self.get(name).name
        saved = SavedSearch(name, selection.query.strip(), selection.tags)
        if len(saved.query) > MAX_QUERY:  # what every machine that syncs accepts
            raise SavedSearchError(f"a saved query is at most {MAX_QUERY:,} characters")
        self.search(saved.selection)  # an invalid query raises here, before anything is saved
        with self.store.transaction() as con:
            self.store.saved.put(con, saved)
        return self.get(saved.name)

    def rename(self, old: str, new: str) -> SavedSearch:
        saved = self.get(old)
        name = _clean_name(new)
        if name.casefold() != saved.name.casefold():
            try:
                self.get(name)
            except NotFoundError:
                pass
            else:
                raise SavedSearchError(f"there is already a saved search {name!r}")
        with self.store.transaction() as con:
            self.store.saved.rename(con, saved.name, name)
        return self.get(name)

    def delete(self, name: str) -> SavedSearch:
        saved = self.get(name)
        with self.store.transaction() as con:
            self.store.saved.delete(con, saved.name)
        return saved

    def mark_viewed(self, name: str) -> None:
        """The user looked at this saved search: its papers are no longer new."""
        with self.store.transaction() as con:
            self.store.saved.touch(con, self.get(name).name)

    # ----- the morning digest ----------------------------------------------------------------
    def last_digest_run(self) -> str | None:
        return self.store.meta(LAST_DIGEST)

    def morning_digest(
        self, names: Sequence[str] = (), since: dt.date | str | None = None
    ) -> MorningDigest:
        """Papers added since `since` (default: the last digest run), per saved search.

        With no saved searches at all, one group holds every new paper."""
        if isinstance(since, dt.date):
            since = since.isoformat()
        elif since is None:
            since = self.last_digest_run()
        chosen = [self.get(n) for n in names] if names else self.store.saved.all()
        groups: list[tuple[str, tuple[Paper, ...]]] = []
        if not chosen:
            ids = self.search(Selection()).ids
            groups.append(
                ("New papers", tuple(self.papers(self.store.listing.added_since(ids, since))))
            )
        for saved in chosen:
            ids = self.search(saved.selection).ids
            new = self.store.listing.added_since(ids, since)
            groups.append((saved.name, tuple(self.papers(new))))
        return MorningDigest(since, tuple(groups))

    def markdown(self, digest: MorningDigest) -> str:
        """The morning digest as Markdown, with the user's notes."""
        from digest_tui.core.export import digest_markdown

        papers = [p for _, group in digest.groups for p in group]
        return digest_markdown(digest, self.notes_of(papers))

    def mark_digest_run(self) -> None:
        with self.store.transaction() as con:
            self.store.set_meta(con, LAST_DIGEST, now())
