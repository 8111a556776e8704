"""The list's scrollbar is drawn again only when it would look different, and it always
looks as Textual's own bar would."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from digest_tui.ui.widgets.kept_scrollbar import KeptScrollBar
from digest_tui.ui.widgets.line_view import LineView


class Rows(LineView):
    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width, self.base_style())


class RowsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Rows()


async def test_the_bar_is_kept_while_it_looks_the_same_and_redrawn_when_it_moves() -> None:
    app = RowsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Rows)
        view.virtual_size = Size(50, 35_000)
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert isinstance(bar, KeptScrollBar) and bar.display
        crop = bar.size.region

        def drawn() -> list[Strip]:
            lines = bar.render_lines(crop)
            assert lines == ScrollBar.render_lines(bar, crop)  # as Textual draws it
            return lines

        first = drawn()
        kept = bar._kept
        view.virtual_size = Size(50, 34_000)  # a new count: the one-cell thumb stays put
        await pilot.pause()
        assert drawn() == first and bar._kept is kept
        view.scroll_to(y=17_000, animate=False)
        await pilot.pause()
        assert drawn() != first and bar._kept is not kept
        view.virtual_size = Size(50, 40)  # a short list: a long thumb
        await pilot.pause()
        drawn()
