"""Typed messages widgets post to the screen; the screen owns state and acts on them.

Each says what it carries in its `__init__`, as Textual's own messages do: as dataclasses
they cost ~0.5 ms each to make when the app starts (dataclasses compiles their methods)."""

from __future__ import annotations

from enum import Enum

from textual.message import Message


class PaperHighlighted(Message):
    """The list cursor is on a paper (or on nothing): `moved` when the reader moved it
    there, not when a new list put it on its first paper."""

    def __init__(self, paper_id: str | None, moved: bool = False) -> None:
        self.paper_id = paper_id
        self.moved = moved
        super().__init__()


class SelectionChanged(Message):
    """Papers were selected or unselected in the list: how many are selected now."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__()


class PaperChosen(Message):
    """Enter or a double click on a paper: show its detail."""

    def __init__(self, paper_id: str) -> None:
        self.paper_id = paper_id
        super().__init__()


class RowsWanted(Message):
    """The paper list is about to draw rows it has not loaded: load these ids."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        self.ids = ids
        super().__init__()


class View(Enum):
    """The tag pane's fixed entries."""

    ALL = "all"
    BOOKMARKED = "bookmarked"
    UNREAD = "unread"


class ViewChosen(Message):
    """All papers, or toggle bookmarked-only or unread-only."""

    def __init__(self, view: View) -> None:
        self.view = view
        super().__init__()


class TagChosen(Message):
    """A tag was chosen: it replaces the tag filter, or with `add` joins it (AND)."""

    def __init__(self, tag: str, add: bool = False) -> None:
        self.tag = tag
        self.add = add
        super().__init__()


class SavedSearchChosen(Message):
    """Show a saved search's papers."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__()


class SavedSearchRenamed(Message):
    """The user asked to rename a saved search (the tag pane asked for the new name)."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        super().__init__()


class SavedSearchDeleted(Message):
    """The user confirmed deleting a saved search."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__()


class SuggestionChosen(Message):
    """The user accepted the "Did you mean" query."""

    def __init__(self, query: str) -> None:
        self.query = query
        super().__init__()


class StateWritten(Message):
    """A change of the user's state was saved (the app syncs it, when sync is on)."""
