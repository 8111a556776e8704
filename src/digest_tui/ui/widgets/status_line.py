"""The line under the search field: which digest, how many papers, the sort, the filters,
and what the search did (typo-tolerant matches, "Did you mean")."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from digest_tui.core.models import SearchResult, Selection
from digest_tui.core.textsafe import safe


class StatusLine(Static):
    """Shows the view, or (`say`) a message such as a query error or progress; at its
    end, when sync is on, when it last synced."""

    _view: Text | None = None
    _sync = ""

    def set_sync(self, text: str) -> None:
        self._sync = text
        if self._view is not None:
            self._render_view()

    def _render_view(self) -> None:
        text = self._view.copy() if self._view is not None else Text()
        if self._sync:
            text.append(f" · {self._sync}", "dim")
        self.update(text, layout=False)  # one line high (app.tcss): no reflow per keystroke

    def show(
        self,
        selection: Selection,
        result: SearchResult | None,
        saved: str | None,
        new: int = 0,
        picked: int = 0,
    ) -> None:
        """The view; `new`: how many of its papers are new since the last visit;
        `picked`: how many papers are selected."""
        day = selection.digest_date.isoformat() if selection.digest_date else "all"
        known = result.count if result else 0
        count = len(result.ids) if result and known is None else known or 0
        more = "+" if known is None else ""
        parts = [
            f"Digest: {day}",
            f"{count:,}{more} paper{'' if count == 1 and not more else 's'}"
            + (f" ({new:,} new since your last visit)" if new else ""),
            f"sort: {selection.effective_sort.label}",
        ]
        if selection.tags:
            parts.append("tags: " + " + ".join(safe(t, 40) for t in selection.tags))
        if selection.bookmarked:
            parts.append("bookmarked only")
        if selection.unread:
            parts.append("unread only")
        if saved:
            parts.insert(0, f"Saved: {safe(saved, 40)}")
        if picked:
            parts.append(f"{picked:,} selected (b u t E act on them)")
        text = Text(" · ".join(parts))
        if result and result.fuzzy:
            text.append(" · typo-tolerant matches", "italic yellow")
        if result and result.suggestion:
            text.append(" · Did you mean: ")
            click = Style.from_meta({"@click": "screen.accept_suggestion"})
            text.append(safe(result.suggestion, 80), Style(underline=True, bold=True) + click)
            text.append("?")
        self._view = text
        self._render_view()

    def say(self, text: Text) -> None:
        self.update(text, layout=False)
