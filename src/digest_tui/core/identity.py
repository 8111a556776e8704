"""A paper's identity: its arXiv id, else a hash of its normalised title. Two sightings of
one paper (two digests, two sources) share a title key, so they become one paper."""

from __future__ import annotations

import re
import unicodedata

from digest_tui.core.bundled import sha1_hex

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_VALID_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}|t-[0-9a-f]{12})", re.ASCII)


def normalise_title(title: str) -> str:
    """The key two sightings of one paper share: NFKC, case-folded, words only."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def title_id(title: str) -> str:
    """A stable id for a paper that has no arXiv id: a hash of its normalised title."""
    digest = sha1_hex(normalise_title(title).encode("utf-8"))
    return f"t-{digest[:12]}"


def is_valid_id(paper_id: str) -> bool:
    """An arXiv id (`2401.01234`, `hep-th/9901001`) or a title id (`t-` + 12 hex digits):
    the only ids the library stores, so an id is always safe to print."""
    return _VALID_ID.fullmatch(paper_id) is not None
