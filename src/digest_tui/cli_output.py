"""What every CLI command prints through: JSON, terminal-safe text, files written whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from digest_tui.core import textsafe
from digest_tui.core.export import write_atomic


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def safe(text: str) -> str:
    """Whole text, terminal-safe: escapes and invisible characters made visible."""
    return textsafe.safe(text, sys.maxsize, newlines=True)


def emit(text: str, output: str | None, count: int) -> None:
    """Text to stdout, or atomically to a file with a line on stderr."""
    if not output:
        sys.stdout.write(text)
        return
    write_atomic(Path(output), text)
    print(f"wrote {count} papers to {output}", file=sys.stderr)
