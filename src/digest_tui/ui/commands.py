"""Every command of the main screen, once: its key, its action, its description, whether
the footer shows it; bindings, the help screen and the command palette are built from
this list. And the palette's providers: the commands, "Filter by tag: …" and "Go to
paper: …" (titles and tags shown literally, see `ui.literal`)."""

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from digest_tui.core.errors import DigestError
from digest_tui.core.latex import readable
from digest_tui.core.models import Selection
from digest_tui.ui.literal import as_markup, content, fuzzy, short
from digest_tui.ui.messages import TagChosen

if TYPE_CHECKING:
    from digest_tui.ui.screens.main import MainScreen

GO_TO_LIMIT = 15


class Command(NamedTuple):
    """One command: `id` is the name `[keys]` in config.toml remaps."""

    key: str
    action: str
    description: str
    footer: bool = False
    id: str = ""

    @property
    def name(self) -> str:
        return self.id or self.action.split("(")[0]

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.description, show=self.footer, id=self.name)


MAIN_COMMANDS: tuple[Command, ...] = (
    Command("slash", "focus_search", "Search", footer=True),
    Command("b", "toggle_bookmark", "Bookmark", footer=True),
    Command("B", "bookmarked_only", "Bookmarks only"),
    Command("y", "copy_link", "Copy link", footer=True),
    Command("Y", "pick_link('copy')", "Copy link…", id="copy_link_menu"),
    Command("o", "open_link", "Open", footer=True),
    Command("O", "pick_link('open')", "Open link…", id="open_link_menu"),
    Command("p", "open_pdf", "Open PDF"),
    Command("P", "download_pdf", "Download PDF"),
    Command("t", "edit_tags", "Edit tags"),
    Command("e", "edit_note", "Note", footer=True),
    Command("m", "similar", "Similar"),
    Command("S", "save_search", "Save search", footer=True),
    Command("s", "cycle_sort", "Sort", footer=True),
    Command("u", "toggle_read", "Read/unread"),
    Command("R", "mark_view_read", "Mark all read", id="mark_view_read"),
    Command("z", "undo", "Undo mark all read", id="undo"),
    Command("a", "toggle_authors", "All authors", id="toggle_authors"),
    Command("n", "next_unread(1)", "Next unread", id="next_unread"),
    Command("N", "next_unread(-1)", "Previous unread", id="previous_unread"),
    Command("E", "export", "Export list…"),
    Command("left_square_bracket", "digest(-1)", "Older digest", id="older_digest"),
    Command("right_square_bracket", "digest(1)", "Newer digest", id="newer_digest"),
    Command("backslash", "all_digests", "All digests"),
    Command("c", "clear_filters", "Clear filters"),
    Command("T", "toggle_tag_pane", "Tag pane"),
    Command("r", "refresh", "Refresh"),
    Command("F", "fetch_today", "Fetch today's papers"),
    Command("escape", "back", "Back"),
)

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "backslash": "\\",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
}


def keys_for(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys that trigger a binding, after the user's remapping, as people write them."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class DigestCommands(Provider):
    """The main screen's commands, its tags and its papers, in the command palette."""

    def _main(self) -> "MainScreen | None":
        from digest_tui.ui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _actions(self, main: "MainScreen") -> list[tuple[str, str, Callable[[], object]]]:
        keymap = main.library.preferences.keys
        found = [
            (c.description, f"key: {keys_for(c.binding(), keymap)}", self._runner(main, c.action))
            for c in MAIN_COMMANDS
        ]
        found.append(("Help: show every key", "key: ?", self._runner(self.app, "help")))
        return found

    @staticmethod
    def _runner(target: Any, action: str) -> Callable[[], Any]:
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

    async def _tags(self, main: "MainScreen", query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        counts = await asyncio.to_thread(main.library.tag_counts)
        for tag in counts:
            name = f"Filter by tag: {short(tag.name, 60)}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    fuzzy(matcher, name),
                    partial(main.post_message, TagChosen(tag.name)),
                    text=name,
                    help=as_markup(f"{tag.count:,} paper{'s' if tag.count != 1 else ''}"),
                )

    async def _papers(self, main: "MainScreen", query: str) -> AsyncIterator[Hit]:
        words = query.split()
        if not words or len(query) < 3:
            return
        text = " ".join(w.replace('"', "") for w in words)
        matcher = self.matcher(query)
        try:
            search = partial(main.library.search, Selection(text), live=True)  # last word: a prefix
            result = await asyncio.to_thread(search)
            papers = await asyncio.to_thread(main.library.papers, result.ids[:GO_TO_LIMIT])
        except DigestError:
            return
        for rank, paper in enumerate(papers):
            name = f"Go to paper: {short(readable(paper.title), 120)}"
            score = max(matcher.match(name), 0.5 / (rank + 1))
            yield Hit(
                score, fuzzy(matcher, name), partial(main.actions.go_to_paper, paper.id), text=name
            )
