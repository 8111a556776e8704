"""Text from strangers in every widget: rendered literally, never run, no escapes written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style

from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.core.textsafe import safe
from digest_tui.ui.app import DigestApp
from digest_tui.ui.literal import plain, segments
from digest_tui.ui.widgets.paper_detail import paper_renderable
from digest_tui.ui.widgets.tag_pane import TagPane, tag_label

from ..ui.conftest import settle
from ..ui.test_reader import detail_text, list_of, row_text

NASTY = (
    "[/][bold]x[@click=app.quit]q[link=file:///etc/passwd]p[/link]\x1b[2J\x1b]52;c;eA==\x07\u202e"
)


def rendered(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def no_escapes(text: str) -> bool:
    return not any(ord(c) < 32 and c != "\n" for c in text) and "\u202e" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300), st.text(max_size=60))
def test_any_text_renders_literally_in_detail_and_list(title: str, body: str, tag: str) -> None:
    paper = Paper(
        "2501.00001",
        title,
        abstract=body,
        authors=(title[:40],),
        tags=(tag,),
        user_tags=(tag,),
        links=(Link(tag or "x", "https://example.org/a"),),
    )
    detail = rendered(paper_renderable(paper, bookmarked=True, note=body, spans=lambda t: [(0, 3)]))
    assert no_escapes(detail)
    row = segments(safe(title), [(0, 2)], Style(), Style(bold=True))  # a list row's title
    assert no_escapes("".join(s.text for s in row)) and no_escapes(plain(body).plain)
    label = tag_label(safe(tag, 60), 3, True, 24)  # as TagPane builds its options
    assert no_escapes(str(label)) and label.cell_len == 24


async def test_hostile_tags_notes_and_huge_text_in_the_app(data_dir: Path) -> None:
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    day = dt.date(2025, 1, 1)
    huge = Paper("2501.00002", "H" * 100_000, abstract="A" * 1_000_000, digest_dates=(day,))
    nasty = Paper("2501.00001", NASTY, abstract=NASTY, authors=(NASTY,), digest_dates=(day,))
    lib.import_parsed(ParsedDigest("jsonl", (nasty, huge), day), "hostile")
    lib.set_user_tags("2501.00001", [NASTY])
    lib.set_note("2501.00001", NASTY)
    app = DigestApp(lib)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert list_of(app).ids == ("2501.00001", "2501.00002")  # id order on equal dates
        pane = app.screen.query_one(TagPane)
        labels = [str(o.prompt) for o in pane.options]
        assert any("✎ [/][bold]x[@cli" in label for label in labels), labels  # cut to fit
        assert all(no_escapes(label) for label in labels)
        text = detail_text(app)
        assert "[link=file:///etc/passwd]p[/link]" in text and no_escapes(text)
        assert "[/][bold]x[@click=app.quit]q" in row_text(app, 0)
        await pilot.press("b")  # the notification names no title, but it must not break
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "more characters]" in detail_text(app)  # 1 MB abstract cut, not frozen
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        assert app.is_running
    lib.close()


async def test_a_hostile_saved_search_name_is_shown_literally(sample_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(sample_dir)))
    name = "[@click=app.quit]x[/] \x1b[2J"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ct", "enter", "S")
        app.screen.query_one("#prompt-input").value = name  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("[@click=app.quit]x[/]" in m for m in messages)
        labels = [str(o.prompt) for o in app.screen.query_one(TagPane).options]
        assert any("⌕ [@click=app.qu" in label for label in labels), labels  # cut to fit
        assert app.is_running
