"""What an empty list says: how to fill an empty library, or which filters hide the
papers and the one key that clears them."""

from __future__ import annotations

from digest_tui.core.models import Selection
from digest_tui.core.textsafe import safe
from digest_tui.core.wording import plural

WELCOME = (
    "Your library is empty.",
    "",
    "Import a digest from a shell, then press r here:",
    "  digest-tui import FILE...        (HF page text, HF JSON, arXiv Atom/RSS, JSONL)",
    "  digest-tui sample add            (the bundled sample digest, 92 papers)",
)


def filters_on(selection: Selection, saved: str | None) -> list[str]:
    """The filters of a view, in words."""
    on = []
    if saved:
        on.append(f"saved search {safe(saved, 40)}")
    if selection.digest_date:
        on.append(f"digest {selection.digest_date.isoformat()}")
    if selection.tags:
        on.append("tags " + " + ".join(safe(t, 40) for t in selection.tags))
    if selection.bookmarked:
        on.append("bookmarked only")
    if selection.unread:
        on.append("unread only")
    return on


def empty_lines(
    selection: Selection, saved: str | None, library_empty: bool, elsewhere: int = 0
) -> tuple[str, ...]:
    """`elsewhere`: how many papers the search finds with the filters off."""
    if library_empty:
        return WELCOME
    query = selection.query.strip()
    what = f"No papers match “{safe(query, 60)}”" if query else "No papers"
    on = filters_on(selection, saved)
    if not on:
        return (f"{what}.",)
    return (
        f"{what} with the filters on:",
        *(f"  {f}" for f in on),
        "",
        *([f"Without them it finds {plural(elsewhere, 'paper')}."] if elsewhere else []),
        "Press c to clear them" + (" (the search stays)." if query else "."),
    )
