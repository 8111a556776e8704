"""arXiv's category taxonomy (core/data/arxiv_categories.toml, from arXiv/arxiv-base):
which strings are category codes, and their names ("cs.CV Computer Vision and Pattern
Recognition"). Read once, when first needed."""

from __future__ import annotations

import re
from functools import lru_cache

_CODE = re.compile(r"[a-z][a-z-]*\.[A-Za-z][A-Za-z-]+", re.ASCII)


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    import tomllib

    from digest_tui.core.bundled import bundled_text  # when a category is first named

    text = bundled_text("arxiv_categories.toml")
    return dict(tomllib.loads(text)["categories"])


def is_category(value: str) -> bool:
    """A category code: one of arXiv's (`cs.CV`, `hep-th`, `q-bio.NC`), or shaped like one
    (`archive.CLASS`, a category newer than this list). MSC and ACM classes (`68T45 (...)`,
    `I.2.10`) and free text (`N/A`, `na`) are not."""
    return value in names() or (len(value) <= 30 and _CODE.fullmatch(value) is not None)


def label(code: str) -> str:
    """How a category is shown: its code and, when arXiv names it, its name."""
    name = names().get(code)
    return f"{code} {name}" if name else code
