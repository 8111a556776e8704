"""Typed messages widgets post to the screen; the screen owns state and acts on them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from textual.message import Message


@dataclass
class PaperHighlighted(Message):
    """The list cursor is on a paper (or on nothing): `moved` when the reader moved it
    there, not when a new list put it on its first paper."""

    paper_id: str | None
    moved: bool = False


@dataclass
class SelectionChanged(Message):
    """Papers were selected or unselected in the list: how many are selected now."""

    count: int


@dataclass
class PaperChosen(Message):
    """Enter or a double click on a paper: show its detail."""

    paper_id: str


@dataclass
class RowsWanted(Message):
    """The paper list is about to draw rows it has not loaded: load these ids."""

    ids: tuple[str, ...]


class View(Enum):
    """The tag pane's fixed entries."""

    ALL = "all"
    BOOKMARKED = "bookmarked"
    UNREAD = "unread"


@dataclass
class ViewChosen(Message):
    """All papers, or toggle bookmarked-only or unread-only."""

    view: View


@dataclass
class TagChosen(Message):
    """A tag was chosen: it replaces the tag filter, or with `add` joins it (AND)."""

    tag: str
    add: bool = False


@dataclass
class SavedSearchChosen(Message):
    """Show a saved search's papers."""

    name: str


@dataclass
class SavedSearchRenamed(Message):
    """The user asked to rename a saved search (the tag pane asked for the new name)."""

    old: str
    new: str


@dataclass
class SavedSearchDeleted(Message):
    """The user confirmed deleting a saved search."""

    name: str


@dataclass
class SuggestionChosen(Message):
    """The user accepted the "Did you mean" query."""

    query: str


@dataclass
class StateWritten(Message):
    """A change of the user's state was saved (the app syncs it, when sync is on)."""
