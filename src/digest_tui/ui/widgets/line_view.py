"""A scrolling widget drawn line by line (Textual's Line API) that asks for its own style
once per style change, not once per line: Textual walks the ancestors for it, ~20% of
drawing a line. The paper list and the tag pane build on it; its scrollbar is kept
(kept_scrollbar.py)."""

from __future__ import annotations

from rich.style import Style
from textual.scroll_view import ScrollView

from digest_tui.ui.widgets.kept_scrollbar import KeepsScrollbar


class LineView(ScrollView, KeepsScrollbar):
    _base_style: Style | None = None

    def notify_style_update(self) -> None:
        self._base_style = None
        super().notify_style_update()

    def base_style(self) -> Style:
        """The widget's own style (background and text), as `rich_style` gives it."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style
