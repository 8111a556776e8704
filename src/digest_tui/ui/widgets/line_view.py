"""A scrolling widget drawn line by line (Textual's Line API) that asks for its own style
once per style change, not once per line (Textual walks the ancestors for it, ~20% of
drawing a line), and for its scroll offset and content width once per frame (worked out
afresh at each read, ~20 us a line), and keeps the lines it drew while what they show is
the same (a cursor move redraws every line; a keystroke's list mostly holds the same
rows). The paper list and the tag pane build on it; its scrollbar is kept
(kept_scrollbar.py)."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from digest_tui.ui.widgets.kept_scrollbar import KeepsScrollbar


class LineView(ScrollView, KeepsScrollbar):
    # A new length (every result while typing) asked Textual to lay out the whole screen
    # (~3-6 ms a result here); only this view's scrollbar follows the length
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    _base_style: Style | None = None
    _frame: tuple[int, int] | None = None  # (top row, content width) while lines are drawn
    _kept: dict[Hashable, Strip] | None = None  # drawn lines, by what they show

    def watch_virtual_size(self, size: Size) -> None:
        """The scrollbar's range and thumb follow the new length, as a layout would set
        them (ScrollView._size_updated); showing or hiding the bar still lays out, since
        Textual's `show_vertical_scrollbar` asks for that itself."""
        self._scrollbar_changes.clear()
        self._scroll_update(size)

    def notify_style_update(self) -> None:
        self._base_style = None
        self._kept = None
        super().notify_style_update()

    def kept_line(self, key: Hashable, draw: Callable[[], Strip], limit: int) -> Strip:
        """The line `key` describes, drawn once; past `limit` lines, the kept ones go."""
        if self._kept is None:
            self._kept = {}
        strip = self._kept.get(key)
        if strip is None:
            if len(self._kept) > limit:
                self._kept.clear()
            strip = self._kept[key] = draw()
        return strip

    def base_style(self) -> Style:
        """The widget's own style (background and text), as `rich_style` gives it."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = (self.scroll_offset.y, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def frame(self) -> tuple[int, int]:
        """The first row on screen and the content width, for `render_line`: read once
        for the lines Textual draws in one go, else now."""
        return self._frame or (self.scroll_offset.y, self.scrollable_content_region.width)
