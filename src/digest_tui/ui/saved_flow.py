"""Saved searches on the main screen: save the current search under a name, show one
(its "+N new" badge goes once it is seen), rename and delete (the tag pane asks the user;
this does the writes, in workers)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App

from digest_tui.core.models import SavedSearch, Selection
from digest_tui.ui.widgets.tag_pane import SAVED_PREFIX, TagPane
from digest_tui.ui.workers import reports_errors, write

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen


class SavedSearchFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.library = screen.library

    @property
    def app(self) -> App[Any]:
        return self.screen.app

    def refresh(self) -> None:
        """Reload the saved searches and their counts into the tag pane."""
        self.screen.run_worker(self._load, thread=True, exclusive=True, group="saved")

    @reports_errors
    def _load(self) -> None:
        saved = self.library.saved.all()
        self.app.call_from_thread(self.screen.query_one(TagPane).show_saved, saved)

    def save(self) -> None:
        """Ask for a name, then save the current query and tag filter under it."""
        sel = self.screen.selection
        if not sel.query.strip() and not sel.tags:
            self.screen.say("Type a search or choose a tag first, then S saves it.", timeout=4)
            return
        default = self.screen.active_saved or sel.query.strip() or " + ".join(sel.tags)

        def save(name: str | None) -> None:
            if name:
                write(self.screen, partial(self.library.saved.save, name, sel), self._saved_as)

        from digest_tui.ui.screens import modals  # loads on first use

        self.app.push_screen(modals.Prompt("Save this search as:", default), save)

    def _saved_as(self, saved: SavedSearch) -> None:
        """A saved search was stored (or renamed): show it as the active one."""
        self.screen.active_saved = saved.name
        self.screen.query_one(TagPane).follow(SAVED_PREFIX + saved.name)
        self.screen.say(f"Saved search {saved.name!r}", timeout=3)
        self.screen.run_search()
        self.refresh()

    def choose(self, name: str) -> None:
        """Show a saved search's papers, and from now on count only newer ones as new."""
        found = [s for s in self.screen.query_one(TagPane).saved if s.name == name]
        if not found:
            return
        saved = found[0]
        screen = self.screen
        screen.active_saved = saved.name
        screen.selection = Selection(query=saved.query, tags=saved.tags, sort=screen.selection.sort)
        screen.set_search_text(saved.query)
        screen.run_search()
        # the "+N new" badge goes only once the view is recorded
        write(screen, partial(self.library.saved.mark_viewed, saved.name), self._refreshed)

    def _refreshed(self, _: object = None) -> None:
        self.refresh()

    def rename(self, old: str, new: str) -> None:
        def renamed(saved: SavedSearch) -> None:
            if self.screen.active_saved == old:
                self._saved_as(saved)
            else:
                self.screen.query_one(TagPane).follow(SAVED_PREFIX + saved.name)
                self.refresh()

        write(self.screen, partial(self.library.saved.rename, old, new), renamed)

    def delete(self, name: str) -> None:
        if self.screen.active_saved == name:
            self.screen.active_saved = None

        def deleted(saved: SavedSearch) -> None:
            self.screen.say(f"Deleted saved search {saved.name!r}", timeout=3)
            self.screen.view_changed()
            self.refresh()

        write(self.screen, partial(self.library.saved.delete, name), deleted)
