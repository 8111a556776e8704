"""The list's scrollbar is drawn again only when it would look different, and it always
looks as Textual's own bar would."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from digest_tui.ui.widgets.kept_scrollbar import KeptScrollBar
from digest_tui.ui.widgets.line_view import LineView

from .conftest import layouts_from_now


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


async def test_a_new_length_moves_the_bar_without_laying_out_the_screen() -> None:
    """A result of another length (every keystroke's) updates the bar's range and thumb
    and the furthest scroll, as a layout of the whole screen did; showing or hiding the
    bar still lays out (the content gets narrower or wider)."""
    app = RowsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Rows)
        view.virtual_size = Size(50, 1000)
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert bar.display and bar.window_virtual_size == 1000
        layouts = layouts_from_now(app)
        view.virtual_size = Size(50, 300)
        await pilot.pause()
        assert layouts == []
        assert bar.window_virtual_size == 300 and bar.window_size == view.size.height
        view.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert view.scroll_offset.y == 300 - view.size.height
        view.virtual_size = Size(50, 100)  # shorter than where the view was: it follows
        await pilot.pause()
        assert view.scroll_offset.y == 100 - view.size.height and layouts == []
        view.virtual_size = Size(50, 5)  # fits: the bar goes, and the screen lays out
        await pilot.pause()
        assert not view.show_vertical_scrollbar and not bar.display and layouts
        assert view.scrollable_content_region.width == view.size.width
        view.virtual_size = Size(50, 500)
        await pilot.pause()
        assert view.show_vertical_scrollbar and bar.display
        assert view.scrollable_content_region.width == view.size.width - bar.size.width
