"""Library calls off the UI thread: thread workers whose failures become messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from textual.app import App
from textual.css.query import NoMatches

from digest_tui.core.errors import DigestError
from digest_tui.ui.literal import say
from digest_tui.ui.messages import StateWritten

Method = TypeVar("Method", bound=Callable[..., None])
T = TypeVar("T")


class HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


def reports_errors(method: Method) -> Method:
    """For the body of a thread worker: a DigestError (a damaged library, a vanished
    paper, a failed write) becomes an error notification, never a crashed app; a result
    that arrives while the app is closing (its screen already taken down) is dropped."""

    @functools.wraps(method)
    def run(self: HasApp, *args: Any, **kwargs: Any) -> None:
        try:
            method(self, *args, **kwargs)
        except DigestError as exc:
            self.app.call_from_thread(say, self.app, str(exc), severity="error", timeout=10)
        except NoMatches:
            if closing(self):
                return
            raise

    return cast(Method, run)


def closing(owner: Any) -> bool:
    """True when the screen a worker reports to is no longer in the app (q was pressed
    while it worked), or the app is shutting down (it takes its widgets down while the
    screen is still attached, as a test's app does on leaving `run_test`)."""
    screen = getattr(owner, "screen", owner)
    if not getattr(screen, "is_attached", True):
        return True
    try:
        app = screen.app
    except (AttributeError, RuntimeError):  # NoActiveAppError: taken down meanwhile
        return True
    return not app.is_running


def write(node: Any, change: Callable[[], T], then: Callable[[T], object]) -> None:
    """Run one library write in a thread worker of `node`; hand its result to `then` on the
    UI thread, or say why it failed."""

    def work() -> None:
        try:
            result = change()
        except DigestError as exc:
            node.app.call_from_thread(say, node.app, str(exc), severity="error")
            return
        node.post_message(StateWritten())  # saved: sync it (when sync is on)
        try:
            node.app.call_from_thread(then, result)
        except NoMatches:
            if not closing(node):
                raise

    node.run_worker(work, thread=True, group="write")
