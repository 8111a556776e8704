"""Typed errors: callers catch `DigestError` for anything the user can fix."""

from __future__ import annotations


class DigestError(Exception):
    """Base of every error digest-tui reports to the user as a message."""


class IngestError(DigestError, ValueError):
    """A file or response could not be read as a digest."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class StoreError(DigestError):
    """The library database could not be opened, read or written."""


class NotFoundError(DigestError, KeyError):
    """A paper, digest or saved search that does not exist was asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class AmbiguousError(DigestError, LookupError):
    """A name or date matches several things; the message lists them."""


class SearchError(DigestError):
    """The search index failed."""


class SearchReplaced(Exception):
    """A newer search replaced this one before it finished: nobody wants its answer (not a
    DigestError: there is nothing to tell the user)."""


class InvalidQueryError(SearchError, ValueError):
    """The user's query cannot be parsed."""


class ConfigError(DigestError):
    """The config file is invalid."""


class FetchError(DigestError):
    """A remote source could not be fetched."""


class ExportError(DigestError):
    """An export could not be written."""


class SavedSearchError(DigestError, ValueError):
    """A saved search name is empty, too long or already taken."""


class SyncError(DigestError):
    """The sync folder cannot be used (missing, not a directory, not writable)."""
