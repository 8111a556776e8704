"""Messages widgets post to the screen; the screen owns state and acts on them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class PaperHighlighted(Message):
    """The list cursor moved to a paper (or to nothing)."""

    paper_id: str | None


@dataclass
class PaperChosen(Message):
    """Enter or a double click on a paper: show its detail."""

    paper_id: str


@dataclass
class TagChosen(Message):
    """A tag pane entry was chosen; `add` ANDs it to the current filter."""

    key: str
    add: bool = False


@dataclass
class SuggestionChosen(Message):
    """The user accepted the "Did you mean" query."""

    query: str


@dataclass
class LinkChosen(Message):
    """A link number (1-based) was clicked or typed in the detail pane."""

    number: int
    open: bool = False


@dataclass
class SavedSearchEdit(Message):
    """Rename (or, with `delete`, delete) the named saved search."""

    name: str
    delete: bool = False
