"""Saved searches and the morning digest: a mixin of the `Library` facade.

A saved search is a query plus a tag filter under a name. "New" means added to the
library after the search was last viewed (or after the last morning digest).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from digest_tui.core.errors import DigestError, NotFoundError, SavedSearchError
from digest_tui.core.models import Paper, SavedSearch, SearchResult, Selection
from digest_tui.core.store import Store, now
from digest_tui.core.textsafe import safe

LAST_DIGEST = "digest_last_run"
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class MorningDigest:
    """Papers new since `since` (None: ever), grouped by saved search."""

    since: str | None
    groups: tuple[tuple[str, tuple[Paper, ...]], ...]

    @property
    def total(self) -> int:
        return len({p.id for _, papers in self.groups for p in papers})


def _clean_name(name: str) -> str:
    clean = safe(" ".join(name.split()), MAX_NAME + 1)  # one line, as the user sees it
    if not clean:
        raise SavedSearchError("a saved search needs a name")
    if len(clean) > MAX_NAME:
        raise SavedSearchError(f"a saved search name is at most {MAX_NAME} characters")
    return clean


class SavedSearches:
    """Saved-search methods; `Library` supplies the store and `search`."""

    store: Store

    def search(self, selection: Selection) -> SearchResult:
        raise NotImplementedError

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        raise NotImplementedError

    def saved_searches(self, counts: bool = True) -> list[SavedSearch]:
        """Every saved search, by name; with counts, each also holds its total and new papers."""
        found = self.store.saved_searches()
        if not counts:
            return found
        out = []
        for saved in found:
            try:
                ids = self.search(saved.selection).ids
            except DigestError:
                ids = ()
            new = self.store.added_since(ids, saved.last_viewed, strict=True)
            out.append(replace(saved, count=len(ids), new=len(new)))
        return out

    def saved_search(self, name: str) -> SavedSearch:
        """By name: the exact name first, else ignoring case."""
        wanted = safe(" ".join(name.split()), MAX_NAME + 1)
        found = self.store.saved_searches()
        for saved in found:
            if saved.name == wanted:
                return saved
        for saved in found:
            if saved.name.casefold() == wanted.casefold():
                return saved
        raise NotFoundError(f"no saved search {name!r}; `digest-tui saved` lists them")

    def save_search(self, name: str, selection: Selection) -> SavedSearch:
        """Save (or replace) a search under `name`: its query and tag filter."""
        name = _clean_name(name)
        with contextlib.suppress(NotFoundError):  # "ml" replaces "ML": one per name
            name = self.saved_search(name).name
        saved = SavedSearch(name, selection.query.strip(), selection.tags)
        self.search(saved.selection)  # an invalid query raises here, before anything is saved
        with self.store.transaction() as con:
            self.store.put_saved(con, saved)
        return self.saved_search(saved.name)

    def rename_saved(self, old: str, new: str) -> SavedSearch:
        saved = self.saved_search(old)
        name = _clean_name(new)
        if name.casefold() != saved.name.casefold():
            try:
                self.saved_search(name)
            except NotFoundError:
                pass
            else:
                raise SavedSearchError(f"there is already a saved search {name!r}")
        with self.store.transaction() as con:
            con.execute("UPDATE saved_searches SET name=? WHERE name=?", (name, saved.name))
        return self.saved_search(name)

    def delete_saved(self, name: str) -> SavedSearch:
        saved = self.saved_search(name)
        with self.store.transaction() as con:
            con.execute("DELETE FROM saved_searches WHERE name=?", (saved.name,))
        return saved

    def mark_viewed(self, name: str) -> None:
        """The user looked at this saved search: its papers are no longer new."""
        with self.store.transaction() as con:
            self.store.touch_saved(con, self.saved_search(name).name)

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
        chosen = [self.saved_search(n) for n in names] if names else self.store.saved_searches()
        groups: list[tuple[str, tuple[Paper, ...]]] = []
        if not chosen:
            ids = self.search(Selection()).ids
            groups.append(("New papers", tuple(self.papers(self.store.added_since(ids, since)))))
        for saved in chosen:
            ids = self.search(saved.selection).ids
            new = self.store.added_since(ids, since)
            groups.append((saved.name, tuple(self.papers(new))))
        return MorningDigest(since, tuple(groups))

    def mark_digest_run(self) -> None:
        with self.store.transaction() as con:
            self.store.set_meta(con, LAST_DIGEST, now())
