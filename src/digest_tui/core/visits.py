"""Where the app opens, and what is new since the last visit. `[view] open` in
config.toml: "newest" (the newest digest, the default), "all", or "last" (the view the
app was closed on: its digest, tags, filters and sort)."""

import datetime as dt
import json
from collections.abc import Sequence
from typing import NamedTuple

from digest_tui.core.models import Selection, Sort
from digest_tui.core.store import Store
from digest_tui.core.store.database import now

OPEN_ON = ("newest", "all", "last")


class Visit(NamedTuple):
    """The view to open on and when the previous visit began (None: the first visit)."""

    selection: Selection
    since: str | None


class Visits:
    def __init__(self, store: Store, open_on: str, sort: Sort) -> None:
        self.store = store
        self.open_on = open_on if open_on in OPEN_ON else "newest"
        self.sort = sort

    def begin(self) -> Visit:
        """Start a visit: the view to open on; this visit's start is remembered."""
        since = self.store.meta("last_visit")
        with self.store.transaction() as con:
            self.store.set_meta(con, "last_visit", now())
        plain = Selection(sort=self.sort)
        if self.open_on == "all":
            return Visit(plain, since)
        if self.open_on == "last":
            last = _selection(self.store.meta("last_view"))
            if last is not None:
                return Visit(last, since)
        dates = self.store.digests.dates()
        return Visit(plain.in_digest(dates[-1]) if dates else plain, since)

    def remember(self, selection: Selection) -> None:
        """The view the app was closed on (for `open = "last"`); the query is not kept."""
        view = {
            "tags": list(selection.tags),
            "bookmarked": selection.bookmarked,
            "unread": selection.unread,
            "digest_date": selection.digest_date.isoformat() if selection.digest_date else None,
            "sort": selection.sort.value,
        }
        with self.store.transaction() as con:
            self.store.set_meta(con, "last_view", json.dumps(view))

    def new_among(self, ids: Sequence[str], since: str | None) -> int:
        """How many of these papers were added since `since` (0 on a first visit)."""
        if since is None:
            return 0
        return len(self.store.listing.added_since(ids, since, strict=True))


def _selection(stored: str | None) -> Selection | None:
    """A remembered view, or None when there is none or it cannot be read."""
    try:
        view = json.loads(stored or "")
        day = view.get("digest_date")
        return Selection(
            tags=tuple(str(t) for t in view.get("tags", [])),
            bookmarked=bool(view.get("bookmarked")),
            unread=bool(view.get("unread")),
            digest_date=dt.date.fromisoformat(day) if day else None,
            sort=Sort(view.get("sort", Sort.RELEVANCE.value)),
        )
    except (ValueError, TypeError, AttributeError):
        return None
