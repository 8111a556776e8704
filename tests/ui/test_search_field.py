"""The search field repaints for a key; it does not lay out the screen, and long text
still scrolls inside it with the cursor in view."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from digest_tui.ui.widgets.search_field import SearchField

from .conftest import layouts_from_now


class FieldApp(App[None]):
    CSS = "SearchField { width: 30; }"

    def compose(self) -> ComposeResult:
        yield SearchField()
        yield Static("below")


async def test_a_key_repaints_the_field_without_a_layout_and_long_text_scrolls() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 10)) as pilot:
        field = app.query_one(SearchField)
        field.focus()
        await pilot.pause()
        layouts = layouts_from_now(app)
        text = "diffusion transformers for remote sensing imagery"
        await pilot.press(*text.replace(" ", "_"))
        await pilot.pause()
        assert field.value == text.replace(" ", "_") and layouts == []
        assert field.outer_size.width == 30 and field.scroll_offset.x > 0
        x = field.cursor_screen_offset.x
        assert field.region.x <= x < field.region.right
        assert "sensing_imagery" in "".join(s.text for s in field.render_line(0))
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_offset.x == 0
        assert "diffusion" in "".join(s.text for s in field.render_line(0))


async def test_shorter_text_with_the_cursor_kept_leaves_no_view_past_its_end() -> None:
    """Ctrl+K (or a chosen suggestion) shortens the text without moving the cursor: the
    view comes back within the text, as a layout used to bring it."""
    app = FieldApp()
    async with app.run_test(size=(60, 10)) as pilot:
        field = app.query_one(SearchField)
        field.focus()
        field.value = "x" * 100
        await pilot.pause()
        for _ in range(40):
            await pilot.press("left")
        await pilot.pause()
        assert field.scroll_offset.x > 0
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert field.value == "x" * 60
        assert 0 <= field.scroll_offset.x <= field.max_scroll_x
        x = field.cursor_screen_offset.x
        assert field.region.x <= x < field.region.right
