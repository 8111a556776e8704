"""The tag pane on a library whose answers are known: kinds as sections, filtering by a
topic tag, counts that follow the view, the folded long tail, typing to filter, layout."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from rich.console import Console

from digest_tui.core.library import Library
from digest_tui.core.models import Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.ui.app import DigestApp
from digest_tui.ui.widgets.tag_pane import TagPane

from .conftest import settle, wait_for
from .test_reader import list_of, status

DAY = dt.date(2025, 9, 1)
PAPERS = (
    Paper("2509.00001", "A robot that folds laundry", "Grasping cloth.", categories=("cs.RO",)),
    Paper("2509.00002", "Robot navigation in crowds", "Crowds move.", categories=("cs.RO",)),
    Paper("2509.00003", "Robots learn from video", "Video.", categories=("cs.RO", "cs.CV")),
    Paper("2509.00004", "Speech recognition for children", "Kids talk.", categories=("cs.CL",)),
    Paper("2509.00005", "Streaming speech translation", "Talks.", categories=("cs.CL",)),
    Paper("2509.00006", "Speech emotion in the wild", "Feelings.", categories=("cs.CL",)),
    Paper("2509.00007", "Hyperspectral remote sensing", "Satellites.", categories=("cs.CV",)),
    Paper("2509.00008", "A note on sparse matrices", "Nothing here.", categories=("math.NA",)),
)
ROBOTS = {"2509.00001", "2509.00002", "2509.00003"}


def known_app(data_dir: Path) -> DigestApp:
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    lib.import_parsed(ParsedDigest("jsonl", PAPERS, DAY), "known")
    return DigestApp(lib)


def drawn(prompt: object, width: int) -> str:
    """The prompt as the pane draws it, `width` columns wide."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(prompt, end="")
    return captured.get().rstrip("\n")


def labels(app: DigestApp) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one(TagPane).options]


def ids(app: DigestApp) -> list[str | None]:
    return [o.id for o in app.screen.query_one(TagPane).options]


async def choose(pilot, option_id: str) -> None:  # type: ignore[no-untyped-def]
    pane = pilot.app.screen.query_one(TagPane)
    pane.focus()
    pane.highlighted = ids(pilot.app).index(option_id)
    await pilot.press("enter")
    await settle(pilot)


async def test_filter_by_a_topic_tag_and_counts_follow_the_view(data_dir: Path) -> None:
    app = known_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = labels(app)
        assert {"Topics", "Categories"} <= set(shown)
        assert shown.index("Topics") < shown.index("Categories")
        robotics = next(t for t in shown if "robotics" in t)
        assert robotics.rstrip().endswith(" 3")
        assert any(t.strip().startswith("cs.RO Robotics") for t in shown)
        await choose(pilot, "tag:topic:robotics")
        assert set(list_of(app).ids) == ROBOTS
        assert "tags: robotics" in status(app)
        shown = labels(app)  # counts over the view: only what the robot papers carry
        assert not any("speech" in t for t in shown)
        assert next(t for t in shown if "cs.RO" in t).rstrip().endswith(" 3")
        await choose(pilot, "more:category")  # cs.CV, on one paper of the view, is folded
        assert next(t for t in labels(app) if "cs.CV" in t).rstrip().endswith(" 1")
        await choose(pilot, "tag:category:cs.CV")  # Enter replaces the tag filter
        assert set(list_of(app).ids) == {"2509.00003", "2509.00007"}
    app.library.close()


async def test_a_click_on_a_tag_filters_by_it_and_headers_borders_and_gutter_do_nothing(
    data_dir: Path,
) -> None:
    app = known_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "tag:topic:robotics" in ids(app))  # counts are in
        await settle(pilot)
        pane = app.screen.query_one(TagPane)
        every = set(list_of(app).ids)
        assert len(every) == len(PAPERS)
        assert pane.scroll_offset.y == 0  # rows are drawn from the top: y = index
        header = ids(app).index(None)  # "Topics": a header, not choosable
        await pilot.click(TagPane, offset=(3, header + 1))  # + 1: the pane's border
        await settle(pilot)
        await pilot.click(TagPane, offset=(3, 0))  # the border itself
        await settle(pilot)
        row = ids(app).index("tag:topic:robotics")
        assert not pane.show_vertical_scrollbar  # its column is kept, empty
        gutter = pane.outer_size.width - 2
        await pilot.click(TagPane, offset=(gutter, row + 1))
        await settle(pilot)
        assert set(list_of(app).ids) == every
        await pilot.click(TagPane, offset=(3, row + 1))
        await settle(pilot)
        assert set(list_of(app).ids) == ROBOTS
        assert pane.highlighted_option is not None
        assert pane.highlighted_option.id == "tag:topic:robotics"
    app.library.close()


async def test_a_click_in_a_scrolled_pane_chooses_the_row_under_it(data_dir: Path) -> None:
    app = known_app(data_dir)
    async with app.run_test(size=(120, 14)) as pilot:  # a pane shorter than its rows
        await wait_for(pilot, lambda: "tag:topic:robotics" in ids(app))
        await settle(pilot)
        pane = app.screen.query_one(TagPane)
        assert pane.max_scroll_y > 0
        row = ids(app).index("tag:topic:robotics")
        pane.scroll_to(y=row - 1, animate=False, immediate=True)
        await pilot.pause()
        assert pane.scroll_offset.y == row - 1
        await pilot.click(TagPane, offset=(3, 2))  # border + the second row on screen
        await settle(pilot)
        assert set(list_of(app).ids) == ROBOTS
    app.library.close()


async def test_long_tail_folds_and_typing_filters(data_dir: Path) -> None:
    app = known_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = labels(app)
        assert not any("remote sensing" in t for t in shown)  # one paper: folded
        assert any(t.strip().startswith("more…") for t in shown)
        await choose(pilot, "more:topic")
        assert any("remote sensing" in t for t in labels(app))
        pane = app.screen.query_one(TagPane)
        pane.focus()
        await pilot.press(*"spee")
        await settle(pilot)
        assert pane.filter == "spee"
        tags = [t for t in labels(app) if t.startswith("  ") or t.startswith("● ")][3:]
        assert tags and all("spee" in t.lower() for t in tags)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert pane.filter == ""
        await pilot.press("x")  # any letter starts it again; Esc clears it
        assert pane.filter == "x"
        await pilot.press("escape")
        assert pane.filter == "" and app.is_running
        await pilot.press("G")
        assert pane.highlighted == len(pane.options) - 1
        await pilot.press("g")
        assert pane.highlighted == 0
    app.library.close()


async def test_counts_stay_on_one_line_at_the_right(data_dir: Path) -> None:
    lib = Library(Paths.resolve(data_dir), seed_sample=False)
    long = "a very long topic name that would wrap onto its own line"
    lib.import_parsed(ParsedDigest("jsonl", PAPERS, DAY), "known")
    for paper in PAPERS:
        lib.set_user_tags(paper.id, [long, "survival prediction"])
    for size in ((120, 40), (80, 24)):
        app = DigestApp(lib)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if size[0] < 100:
                await pilot.press("T")  # under 100 columns the pane is folded away
                await settle(pilot)
            pane = app.screen.query_one(TagPane)
            width = pane.scrollable_content_region.width
            lines = [drawn(o.prompt, width) for o in pane.options]
            for line in lines:
                assert "\n" not in line and len(line) <= width, (size, line)
            counted = [t for t in lines if "survival" in t or "very long" in t]
            assert len(counted) == 2 and all(re.search(r"\s8$", t) for t in counted), counted
            assert any("…" in t for t in counted)
    lib.close()


async def test_the_tag_pane_explains_its_keys(data_dir: Path) -> None:
    app = known_app(data_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(TagPane).focus()
        await pilot.pause()
        footer = " ".join(
            active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show
        )
        assert "Filter by it" in footer
    app.library.close()
