"""The search field: Textual's Input, without a layout of the whole screen per key.

Input sets its virtual size to the width of its text at every change, and a widget's
virtual size asks Textual to lay out the screen again (~3-6 ms of every keystroke's echo
here: three panes, their scrollbars and the footer are arranged anew). The field's size
is set by app.tcss, not by its text, and its text scrolls inside it from the virtual size
read directly, so a repaint is all a key needs."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchField(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, size: Size) -> None:
        """Shorter text (Ctrl+K, a chosen suggestion) may leave the view scrolled past
        its end; the layout used to clamp it, and the cursor moving does not always."""
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
