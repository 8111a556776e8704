"""What every CLI command prints through: terminal-safe lines, escaped JSON, files written
whole. No command calls `print` itself, so no field of any record reaches a terminal raw."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from digest_tui.core import textsafe
from digest_tui.core.library import Library
from digest_tui.core.models import ImportSummary


def echo(text: str = "", *, err: bool = False) -> None:
    """Print one line (or several) to stdout, or stderr with `err`, made terminal-safe:
    whole (no length cap), escapes and invisible characters made visible."""
    print(textsafe.safe(text, sys.maxsize, newlines=True), file=sys.stderr if err else sys.stdout)


def fail(message: str) -> None:
    """The one-line message of a failure, on stderr."""
    echo(f"digest-tui: {message}", err=True)


def print_json(data: Any) -> None:
    """JSON on stdout with every control, bidi and invisible character escaped."""
    sys.stdout.write(textsafe.json_dumps(data, indent=2) + "\n")


def counts(summary: ImportSummary) -> str:
    """What an import did, in one line: counts, then what the record limits changed."""
    notes = [f"unsafe links dropped: {summary.dropped_links:,}"] if summary.dropped_links else []
    notes += [f"{what}: {count:,}" for what, count in summary.problems]
    line = f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged"
    return line + ("; " + ", ".join(notes) if notes else "")


def emit(text: str, output: str | None, count: int) -> None:
    """Text to stdout, or atomically to a file with a line on stderr."""
    if not output:
        sys.stdout.write(text)
        return
    Library.write_file(Path(output), text)
    echo(f"wrote {count} paper{'s' if count != 1 else ''} to {output}", err=True)
