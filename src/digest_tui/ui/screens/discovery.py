"""What brings a reader back: saved searches, notes, similar papers, unread jumps, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.widgets import Input

from digest_tui.core.errors import DigestError
from digest_tui.core.export import render, write_atomic
from digest_tui.core.models import Paper, SavedSearch, SearchResult, Selection
from digest_tui.ui.literal import safe
from digest_tui.ui.messages import SavedSearchEdit
from digest_tui.ui.screens.base import ReaderScreen, reports_errors
from digest_tui.ui.screens.modals import Confirm, ExportDialog, NoteEditor, Prompt, SimilarPicker
from digest_tui.ui.widgets.paper_list import PaperList
from digest_tui.ui.widgets.tag_pane import SAVED_PREFIX, TagPane


class DiscoveryScreen(ReaderScreen):
    """Actions of the reader screen beyond reading one list; state lives in ReaderScreen."""

    def set_search_text(self, text: str) -> None:
        """Put text in the search box without starting another search."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = text

    # ----- saved searches ------------------------------------------------------------------
    def refresh_saved(self) -> None:
        self._load_saved()

    @work(thread=True, exclusive=True, group="saved")
    @reports_errors
    def _load_saved(self) -> None:
        saved = self.library.saved_searches()
        self.app.call_from_thread(self.query_one(TagPane).show_saved, saved)

    def action_save_search(self) -> None:
        sel = self.selection
        if not sel.query.strip() and not sel.tags:
            self.say("Type a search or choose a tag first, then S saves it.", timeout=4)
            return
        default = self.active_saved or sel.query.strip() or " + ".join(sel.tags)

        def save(name: str | None) -> None:
            if name:
                self._write_then(
                    lambda: self.library.save_search(name, sel),
                    lambda saved: self._saved_as(saved.name),
                )

        self.app.push_screen(Prompt("Save this search as:", default), save)

    def _saved_as(self, name: str) -> None:
        """A saved search was stored (or renamed) under `name`: show it as the active one."""
        self.active_saved = name
        self.query_one(TagPane).follow(SAVED_PREFIX + name)
        self.say(f"Saved search {name!r}", timeout=3)
        self.run_search()
        self.refresh_saved()

    def apply_saved(self, name: str) -> None:
        """Show a saved search's papers, and from now on count only newer ones as new."""
        found = [s for s in self.query_one(TagPane).saved if s.name == name]
        if not found:
            return
        saved: SavedSearch = found[0]
        self.active_saved = saved.name
        self.selection = Selection(query=saved.query, tags=saved.tags, sort=self.selection.sort)
        self.set_search_text(saved.query)
        self.run_search()
        self._write_then(  # the "+N new" badge goes only once the view is recorded
            lambda: self.library.mark_viewed(saved.name), lambda _: self.refresh_saved()
        )

    def on_saved_search_edit(self, message: SavedSearchEdit) -> None:
        name = message.name
        if message.delete:

            def delete(yes: bool | None) -> None:
                if yes:
                    if self.active_saved == name:
                        self.active_saved = None
                    self._write(
                        lambda: self.library.delete_saved(name),
                        refresh_detail=False,
                        search=True,
                        saved=True,
                        done=f"Deleted saved search {name!r}",
                    )

            self.app.push_screen(Confirm(f"Delete the saved search {safe(name)!r}?"), delete)
            return

        def rename(new: str | None) -> None:
            if new and new != name:
                self._write_then(
                    lambda: self.library.rename_saved(name, new),
                    lambda saved: self._renamed(name, saved.name),
                )

        self.app.push_screen(Prompt(f"Rename {safe(name)!r} to:", name), rename)

    def _renamed(self, old: str, new: str) -> None:
        if self.active_saved == old:
            self._saved_as(new)
        else:
            self.query_one(TagPane).follow(SAVED_PREFIX + new)
            self.refresh_saved()

    # ----- notes ---------------------------------------------------------------------------
    def action_edit_note(self) -> None:
        paper = self.current
        if paper is None:
            return

        def save(body: str | None) -> None:
            if body is not None and body != self.current_note:
                self._write(
                    lambda: self.library.set_note(paper.id, body),
                    done="Note saved" if body.strip() else "Note removed",
                )

        self.app.push_screen(NoteEditor(paper.title, self.current_note), save)

    # ----- similar papers --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="similar")
    def action_similar(self) -> None:
        paper = self.current
        if paper is None:
            return
        try:
            found = self.library.similar(paper.id, 20)
        except DigestError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show_similar, paper, found)

    def _show_similar(self, paper: Paper, found: list[tuple[Paper, float]]) -> None:
        def chosen(paper_id: str | None) -> None:
            if paper_id:
                self.go_to_paper(paper_id)

        self.app.push_screen(SimilarPicker(paper.title, found), chosen)

    def go_to_paper(self, paper_id: str) -> None:
        """Show one paper: clear the search and filters, then put the cursor on it."""
        self.pending = paper_id
        self.active_saved = None
        self.selection = Selection(sort=self.selection.sort)
        self.set_search_text("")
        self.run_search()

    # ----- unread ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="unread")
    @reports_errors
    def action_next_unread(self, step: int) -> None:
        papers = self.query_one(PaperList)
        ids, cursor = papers.ids, papers.cursor
        if self.result is not None and not self.result.complete:
            ids = self.library.search(self.result.selection).ids  # beyond the first page
        found = self.library.next_unread(ids, cursor, step)
        if found is None:
            word = "below" if step > 0 else "above"
            self.app.call_from_thread(self.say, f"No unread papers {word}.", timeout=2)
            return
        self.app.call_from_thread(self._move_to, ids[found])

    def _move_to(self, paper_id: str) -> None:
        papers = self.query_one(PaperList)
        if paper_id in papers.ids:  # the list may have changed meanwhile
            papers.cursor = papers.ids.index(paper_id)

    # ----- export ---------------------------------------------------------------------------
    def action_export(self) -> None:
        result = self.result
        if result is None or not result.ids:
            self.say("Nothing to export: the list is empty.", timeout=3)
            return
        stem = str(Path.home() / f"digest-tui-{dt.date.today().isoformat()}")

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice:
                self._export(result, *choice)

        count = f"{len(result.ids):,}" + ("" if result.complete else "+")
        self.app.push_screen(ExportDialog(count, stem), chosen)

    @work(thread=True, group="export")
    def _export(self, result: SearchResult, fmt: str, path: str) -> None:
        try:
            target = Path(path).expanduser()
            ids = result.ids if result.complete else self.library.search(result.selection).ids
            papers = self.library.papers(ids)
            notes = {p.id: n for p in papers if (n := self.library.note(p.id))}
            write_atomic(target, render(fmt, papers, notes))
        except (DigestError, RuntimeError, OSError) as exc:  # RuntimeError: ~nosuchuser
            self.app.call_from_thread(self.say, str(exc), severity="error")
            return
        message = f"Exported {len(papers):,} papers to {target}"
        self.app.call_from_thread(self.say, message, timeout=5)
