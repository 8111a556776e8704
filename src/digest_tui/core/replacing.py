"""A search nobody waits for any more stops at its next term instead of running on.

While a query is typed, each key replaces the search before it; the UI runs one search at
a time, so a replaced search that reads many postings for the first time (a prefix such
as `model` stands for hundreds of words) held up the newest one by 100 ms and more. The
caller says how to tell (`replaceable`); the postings loop asks between terms
(`stop_if_replaced`), where stopping leaves every cache whole.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from digest_tui.core.errors import SearchReplaced

_replaced: ContextVar[Callable[[], bool] | None] = ContextVar("replaced", default=None)


@contextlib.contextmanager
def replaceable(replaced: Callable[[], bool] | None) -> Iterator[None]:
    """Searches in this block stop with SearchReplaced once `replaced()` is true."""
    token = _replaced.set(replaced)
    try:
        yield
    finally:
        _replaced.reset(token)


def stop_if_replaced() -> None:
    replaced = _replaced.get()
    if replaced is not None and replaced():
        raise SearchReplaced
