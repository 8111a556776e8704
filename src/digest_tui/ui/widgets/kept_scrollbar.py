"""Vertical scrollbars that keep their drawn lines while the bar looks the same.

Textual draws a scrollbar through a widget's whole styling pipeline, ~5 ms for a 40-line
bar here, each time its view refreshes; while typing, every result changes the list's
length and so the bar's numbers, yet at 35,000 papers its one-cell thumb stays put. The
bar's cells are worked out first (cheap) and drawn again only when they, the size, the
crop or the theme differ. The paper list, tag pane and detail take their bars from here.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.color import Color
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

_BACK, _BAR = Color.parse("#555555"), Color.parse("bright_magenta")  # Textual's defaults


class KeptScrollBar(ScrollBar):
    _kept: tuple[Hashable, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        cells = self._cells()
        if cells is None:  # someone else's renderer: drawn each time, as Textual does
            return super().render_lines(crop)
        key = (crop, self.size, self.app.theme, cells)
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, super().render_lines(crop))
        return list(self._kept[1])

    def _cells(self) -> Hashable | None:
        """What the bar shows: its segments, as ScrollBarRender would draw them (None for
        another renderer, whose drawing this cannot foresee)."""
        bar = self.render()
        if not isinstance(bar, ScrollBarRender):
            return None
        style = bar.style if isinstance(bar.style, Style) else Style.parse(str(bar.style))
        length, thickness = self.size if not bar.vertical else reversed(self.size)
        segments = bar.render_bar(
            size=length,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=thickness,
            vertical=bar.vertical,
            back_color=style.bgcolor or _BACK,
            bar_color=style.color or _BAR,
        )
        return tuple(segments.segments)


class KeepsScrollbar(Widget):
    """A scrolling widget whose vertical bar is a KeptScrollBar (created as Textual's
    own `vertical_scrollbar` creates one). Name it after the widget's own base
    (`class View(ScrollView, KeepsScrollbar)`): Textual takes default CSS and bindings
    from the first base only."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            thickness = self.scrollbar_size_vertical
            bar = KeptScrollBar(vertical=True, name="vertical", thickness=thickness)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
