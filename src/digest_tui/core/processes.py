"""Child processes that die with their parent.

A kill -9 of digest-tui must not leave workers behind: import workers (spawned) and
Whoosh's sub-writers (forked) ask Linux to kill them when their parent dies
(PR_SET_PDEATHSIG), and exit at once if the parent is already gone. Elsewhere this is a
no-op and the OS's pipes are all there is.
"""

from __future__ import annotations

import contextlib
import os
import sys

_PR_SET_PDEATHSIG = 1
_FORK_PARENT = [0]  # the pid that forked, as seen in the child
_FORK_HOOK = [False]


def die_with_parent(parent: int) -> None:
    """In a child process: be killed when `parent` dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of import worker processes: die with the parent; Ctrl+C is the
    parent's to handle, so workers print no tracebacks of their own."""
    import signal  # (only in workers: ~1 ms of every command otherwise)

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def forked_children_die_with_parent() -> None:
    """From now on every forked child (Whoosh's multi-process writer) dies with us."""
    if sys.platform.startswith("linux") and not _FORK_HOOK[0]:
        _FORK_HOOK[0] = True
        os.register_at_fork(
            before=lambda: _FORK_PARENT.__setitem__(0, os.getpid()),
            after_in_child=lambda: die_with_parent(_FORK_PARENT[0]),
        )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
