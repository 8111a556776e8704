"""The detail pane shows every word, in the order a reader wants, LaTeX as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest
from digest_tui.ui.app import DigestApp
from digest_tui.ui.widgets.paper_detail import PaperDetail
from digest_tui.ui.widgets.paper_list import PaperList
from tests.ui.conftest import screen_text, settle

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "iota", "kappa"]


def abstract(n: int) -> str:
    """A paper's abstract of n words, ending in a word found nowhere else."""
    body = " ".join(WORDS[i % len(WORDS)] for i in range(n))
    return f"{body} closingword{n}."


def papers() -> list[Paper]:
    day = (dt.date(2026, 8, 1),)
    lengths = [1, 3, 9, 27, 60, 130, 250]
    return [
        Paper(
            id=f"2401.{n:05d}",
            title=f"Paper {n} on D$^2$iT and $\\mu$P",
            abstract=abstract(n),
            authors=tuple(f"Author{i} Surname{i}" for i in range(1 + n % 20)),
            digest_dates=day,
            published=dt.date(2025, 12, 1),
            links=(Link("arXiv", f"https://arxiv.org/abs/2401.{n:05d}"),),
        )
        for n in lengths
    ]


@pytest.fixture
def detail_dir(data_dir: Path) -> Path:
    with Library(Paths.resolve(data_dir)) as lib:
        lib.import_parsed(ParsedDigest("jsonl", tuple(papers()), dt.date(2026, 8, 1)), "test")
    return data_dir


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_last_words_of_every_abstract_are_on_screen(
    detail_dir: Path, size: tuple[int, int]
) -> None:
    app = DigestApp(Library(Paths.resolve(detail_dir)))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        papers_list = app.screen.query_one(PaperList)
        for index in range(len(papers_list.ids)):
            papers_list.cursor = index
            await settle(pilot)
            paper = app.screen.current
            assert paper is not None and paper.id == papers_list.ids[index]
            detail = app.screen.query_one(PaperDetail)
            if size[0] < 100:  # narrow: the detail is shown on its own
                await pilot.press("enter")
                await settle(pilot)
            detail.scroll_end(animate=False)
            await pilot.pause()
            last = paper.abstract.split()[-1]
            shown = screen_text(app)
            assert last in shown, f"{paper.id} at {size}: {last!r} not shown"
            assert "Tags" in shown  # and the detail's own last line
            if size[0] < 100:
                await pilot.press("escape")
                await settle(pilot)


async def test_title_authors_date_then_the_abstract_at_80_by_24(detail_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(detail_dir)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(PaperList).cursor = 4  # 60 words, 5 authors… or more
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        paper = app.screen.current
        assert paper is not None
        title, first_words = f"Paper {paper.abstract.count(' ')}", " ".join(WORDS[:3])
        assert "D²iT" in shown and "μP" in shown  # LaTeX as a reader sees it
        assert first_words in shown  # the abstract starts without scrolling
        order = [shown.index(t) for t in ("D²iT", "Author0", "published 2025-12-01")]
        assert order == sorted(order) and shown.index("Abstract") > order[-1]
        assert title.split()[0] in shown


async def test_long_author_lists_are_cut_and_whole_on_demand(detail_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(detail_dir)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        papers_list = app.screen.query_one(PaperList)
        target = next(
            i for i, pid in enumerate(papers_list.ids) if pid == "2401.00250"
        )  # 11 authors
        papers_list.cursor = target
        await settle(pilot)
        shown = screen_text(app)
        assert "Author2 Surname2 … (+8)" in shown and "Author10" not in shown
        await pilot.press("a")
        await settle(pilot)
        assert "Author10 Surname10" in screen_text(app)
