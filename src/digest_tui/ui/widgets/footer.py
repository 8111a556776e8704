"""The footer: the keys that work here, drawn as one line, Help and Quit first (when the
terminal is too narrow for every key, the others give way at the right end) and the
command palette's key at the right edge. A click on a key presses it.

Textual's Footer is a widget per key (13 here), each styled on its own and all rebuilt
whenever the focus moves: ~40% of the first frame's work at start, and again each time
the search field took the focus. One widget and one line of text do the same.
"""

from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

FIRST = ("help", "quit")


class Key(NamedTuple):
    key: str  # what a click presses
    shown: str  # how the key is written
    description: str
    enabled: bool


class DigestFooter(Widget):
    DEFAULT_CSS = """
    DigestFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .digest-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .digest-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .digest-footer--separator { color: $foreground 20%; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "digest-footer--key",
        "digest-footer--description",
        "digest-footer--separator",
    }
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[Key, ...] = ()
        self.palette: Key | None = None
        self._places: list[tuple[int, int, Key]] = []  # (first column, past the last, key)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._collect()
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    def _collect(self) -> tuple[tuple[Key, ...], Key | None]:
        """One key per action shown (its first binding), as Textual's Footer lists them."""
        active = self.screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING
        by_action: dict[str, Key] = {}
        for name, (_, binding, enabled, _) in active.items():
            if binding.show and name != palette_key and binding.action not in by_action:
                shown = self.app.get_key_display(binding)
                by_action[binding.action] = Key(binding.key, shown, binding.description, enabled)
        first = [by_action.pop(action) for action in FIRST if action in by_action]
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and palette_key in active:
            _, binding, enabled, _ = active[palette_key]
            shown = self.app.get_key_display(binding)
            palette = Key(binding.key, shown, binding.description, enabled)
        return (*first, *by_action.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("digest-footer--key")
        description_style = self.get_component_rich_style("digest-footer--description")

        def item(key: Key, lead: str = " ") -> Text:
            text = Text.assemble(
                (f"{lead}{key.shown} ", key_style),
                (f"{key.description} " if key.description else "", description_style),
            )
            if not key.enabled:
                text.stylize(Style(dim=True))
            return text

        line = Text(no_wrap=True, overflow="crop", style=self.rich_style)
        places: list[tuple[int, int, Key]] = []  # where each key is drawn, for clicks
        for key in self.keys:
            at = line.cell_len
            line.append_text(item(key))
            places.append((at, line.cell_len, key))
        right = Text()
        if self.palette is not None:
            right = Text("▏", self.get_component_rich_style("digest-footer--separator"))
            right.append_text(item(self.palette, lead=""))
        room = max(0, self.size.width - right.cell_len)
        line.truncate(room, pad=True)
        places = [(start, min(end, room), key) for start, end, key in places if start < room]
        if self.palette is not None:
            places.append((room + 1, room + right.cell_len, self.palette))
        self._places = places
        line.append_text(right)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (a key that does nothing here rings the bell)."""
        for start, end, key in self._places:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
