"""What the main screen does with the current paper and beyond it: edit its tags and
note, find similar papers, jump to the next unread one, export the list, fetch today's
papers. Dialogs ask on the UI thread; the library is called in workers."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from digest_tui.core.errors import DigestError
from digest_tui.core.models import Link, Paper, Selection
from digest_tui.core.wording import plural
from digest_tui.ui.widgets.paper_detail import PaperDetail
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.workers import reports_errors, write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class PaperActions:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def _run(self, work: Any, group: str) -> None:
        self.screen.run_worker(work, thread=True, exclusive=True, group=group)

    def _shown(self) -> Paper | None:
        """The paper the detail shows, unless the list's cursor has moved on and the detail
        is still loading the next one (keys in one burst: `j` then `e`): then nothing, and
        the reader is told, rather than acting on the paper before."""
        paper = self.screen.current
        listed = self.screen.query_one(PaperList).current_id
        if paper is not None and listed is not None and paper.id != listed:
            self.screen.say("Loading the paper…", timeout=1)
            return None
        return paper

    def edit_tags(self) -> None:
        paper = self._shown()
        if paper is None:
            return

        def changed(_: object) -> None:
            self.screen.view_changed()
            self.screen.refresh_saved()

        def save(tags: list[str] | None) -> None:
            if tags is not None:
                write(self.screen, partial(self.library.set_user_tags, paper.id, tags), changed)

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.TagEditor(paper.title, paper.user_tags), save)

    def edit_note(self) -> None:
        paper, before = self._shown(), self.screen.current_note
        if paper is None:
            return

        def save(body: str | None) -> None:
            if body is None or body == before:
                return

            def saved(_: object) -> None:
                self.screen.say("Note saved" if body.strip() else "Note removed", timeout=3)
                self.screen.rows_changed()

            write(self.screen, partial(self.library.set_note, paper.id, body), saved)

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.NoteEditor(paper.title, before), save)

    def similar(self) -> None:
        paper = self._shown()
        if paper is not None:
            self._run(partial(self._similar, paper.id, paper.title), "similar")

    @reports_errors
    def _similar(self, paper_id: str, title: str) -> None:
        found = self.library.similar(paper_id, 20)

        def chosen(chosen_id: str | None) -> None:
            if chosen_id:
                self.go_to_paper(chosen_id)

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.call_from_thread(self.app.push_screen, modals.SimilarPicker(title, found), chosen)

    def next_unread(self, step: int) -> None:
        papers = self.screen.query_one(PaperList)
        self._run(partial(self._next_unread, papers.ids, papers.cursor, step), "unread")

    @reports_errors
    def _next_unread(self, ids: tuple[str, ...], cursor: int, step: int) -> None:
        result = self.screen.result
        if result is not None and not result.complete:
            ids = self.library.search(result.selection).ids  # beyond the first page
        found = self.library.next_unread(ids, cursor, step)
        if found is None:
            word = "below" if step > 0 else "above"
            self.app.call_from_thread(self.screen.say, f"No unread papers {word}.", timeout=2)
            return
        self.app.call_from_thread(self._move_to, ids[found])

    def _move_to(self, paper_id: str) -> None:
        papers = self.screen.query_one(PaperList)
        if paper_id in papers.ids:  # the list may have changed meanwhile
            papers.cursor = papers.ids.index(paper_id)

    def export(self) -> None:
        """Ask for a file and a format, then write the papers of the list to it."""
        result = self.screen.result
        if result is None or not result.ids:
            self.screen.say("Nothing to export: the list is empty.", timeout=3)
            return
        stem = str(Path.home() / f"digest-tui-{dt.date.today().isoformat()}")

        def chosen(choice: tuple[str, str] | None) -> None:
            if not choice:
                return
            fmt, path = choice

            def done(count: int) -> None:
                self.screen.say(
                    f"Exported {plural(count, 'paper')} to {Path(path).expanduser()}", timeout=5
                )

            write(
                self.screen, partial(self.library.export, fmt, result.selection, Path(path)), done
            )

        count = (
            plural(len(result.ids), "paper") if result.complete else f"{len(result.ids):,}+ papers"
        )
        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.ExportDialog(count, stem), chosen)

    def fetch_today(self) -> None:
        self._run(self._fetch_today, "fetch")

    @reports_errors
    def _fetch_today(self) -> None:
        """Fetch today's papers from the configured sources in the background."""
        screen, call = self.screen, self.app.call_from_thread
        call(screen.say, "Fetching today's papers…", timeout=3)
        call(screen.progress, 0, 1)
        try:
            outcomes = self.library.fetch(self.library.fetch_plan(refresh=True))
        except DigestError as exc:
            call(screen.say, f"Fetch failed: {exc}", severity="error")
            return
        finally:
            call(screen.progress, -1, 0)
        for outcome in outcomes:
            if outcome.summary is not None:
                added, updated = outcome.summary.added, outcome.summary.updated
                call(
                    screen.say,
                    f"{outcome.label}: {plural(added, 'paper')} added, {updated:,} updated",
                )
        call(screen.prepared, self.library.digest_dates())  # the list, dates and saved counts

    def go_to_paper(self, paper_id: str) -> None:
        """Show one paper: clear the search and filters, then put the cursor on it."""
        screen = self.screen
        screen.pending = paper_id
        screen.active_saved = None
        screen.selection = Selection(sort=screen.selection.sort)
        screen.set_search_text("")
        screen.run_search()

    def open_pdf(self) -> None:
        paper = self._shown()
        if paper is not None:
            self._run(partial(self._open_pdf, paper.id), "pdf")

    @reports_errors
    def _open_pdf(self, paper_id: str) -> None:
        try:
            url = self.library.pdfs.url(paper_id)
        except DigestError as exc:
            self.app.call_from_thread(self.screen.say, str(exc), severity="warning")
            return
        detail = self.screen.query_one(PaperDetail)
        self.app.call_from_thread(detail.open_link, Link("PDF", url))

    def download_pdf(self) -> None:
        paper = self._shown()
        if paper is not None:
            self._run(partial(self._download_pdf, paper.id), "pdf")

    @reports_errors
    def _download_pdf(self, paper_id: str) -> None:
        """Download into [pdf] folder with progress; a failed one resumes next time."""
        screen, call = self.screen, self.app.call_from_thread
        call(screen.progress, 0, 0, "Downloading PDF")
        try:
            path = self.library.pdfs.download(
                paper_id, lambda done, total: call(screen.progress, done, total)
            )
        except DigestError as exc:
            call(screen.say, f"PDF not downloaded: {exc}", severity="error", timeout=10)
            return
        finally:
            call(screen.progress, -1, 0)
        call(screen.say, f"Saved the PDF to {path}", timeout=8)
