"""The index's stamp: the schema version and the store generation it reflects. Read
without importing Whoosh, so `stats` and the launch check stay light."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from digest_tui.core.files import write_atomic

SCHEMA_VERSION = 5  # 2: no compound files (~230 MB less RAM); 3: categories; 4: folding, CJK;
# 5: titles also as shown (LaTeX as text)
STAMP = "digest-tui-stamp.json"


def read_stamp(directory: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((directory / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_stamp(directory: Path, generation: int) -> None:
    stamp = {"schema": SCHEMA_VERSION, "generation": generation}
    write_atomic(directory / STAMP, json.dumps(stamp))


def stamp_matches(directory: Path, generation: int) -> bool:
    """The stamp says the index has our schema and reflects this store generation."""
    found = read_stamp(directory)
    return bool(
        found and found.get("schema") == SCHEMA_VERSION and found.get("generation") == generation
    )
