"""What a command is: a function of the open library and the parsed arguments."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from digest_tui.core.library import Library

Handler = Callable[[Library, argparse.Namespace], int]
Subparsers = Any  # argparse's _SubParsersAction, which typeshed keeps private


def date_arg(value: str) -> dt.date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None
