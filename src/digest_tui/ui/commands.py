"""Command palette: every screen action, "Filter by tag…" and "Go to paper…"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from digest_tui.core.errors import DigestError
from digest_tui.core.models import Selection
from digest_tui.ui.literal import as_markup, content, fuzzy, short
from digest_tui.ui.messages import TagChosen
from digest_tui.ui.screens.help import keys_for
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.widgets.tag_pane import TAG_PREFIX

GO_TO_LIMIT = 15


class DigestCommands(Provider):
    def _main(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _actions(self, main: MainScreen) -> list[tuple[str, str, Callable[[], object]]]:
        found: list[tuple[str, str, Callable[[], object]]] = []
        for binding in MainScreen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                action = binding.action
                found.append(
                    (
                        binding.description,
                        f"key: {keys_for(binding, main.library.config.keys)}",
                        self._runner(main, action),
                    )
                )
        found.append(("Help: show every key", "key: ?", self._runner(self.app, "help")))
        return found

    @staticmethod
    def _runner(target: App[Any] | Screen[Any], action: str) -> Callable[[], Any]:
        async def run() -> None:
            await target.run_action(action)

        return run

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for name, help_text, callback in self._actions(main):
            yield DiscoveryHit(content(name), callback, text=name, help=as_markup(help_text))
        yield DiscoveryHit(
            content("Filter by tag…"),
            partial(self.app.action_command_palette),
            text="Filter by tag…",
            help="type a tag name",
        )

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for name, help_text, callback in self._actions(main):
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, fuzzy(matcher, name), callback, text=name, help=as_markup(help_text)
                )
        async for hit in self._tags(main, query):
            yield hit
        async for hit in self._papers(main, query):
            yield hit

    async def _tags(self, main: MainScreen, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        counts = await asyncio.to_thread(main.library.tag_counts)
        for tag in counts:
            name = f"Filter by tag: {short(tag.name, 60)}"
            score = matcher.match(name)
            if score > 0:
                message = TagChosen(TAG_PREFIX + tag.name)
                yield Hit(
                    score,
                    fuzzy(matcher, name),
                    partial(main.post_message, message),
                    text=name,
                    help=as_markup(f"{tag.count:,} paper{'s' if tag.count != 1 else ''}"),
                )

    async def _papers(self, main: MainScreen, query: str) -> AsyncIterator[Hit]:
        words = query.split()
        if not words or len(query) < 3:
            return
        text = " ".join(w.replace('"', "") for w in words)
        matcher = self.matcher(query)
        try:
            result = await asyncio.to_thread(main.library.search, Selection(f"{text}*"))
            papers = await asyncio.to_thread(main.library.papers, result.ids[:GO_TO_LIMIT])
        except DigestError:
            return
        for rank, paper in enumerate(papers):
            name = f"Go to paper: {short(paper.title, 120)}"
            score = max(matcher.match(name), 0.5 / (rank + 1))
            yield Hit(score, fuzzy(matcher, name), partial(main.go_to_paper, paper.id), text=name)
