"""Which links are safe to keep and offer (http(s) only), and when two name one page.

Every link of every imported paper passes `merge_links` and the limits' check, and every
link the UI opens passes `is_http_url`.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterable

from digest_tui.core.models import Link


def is_http_url(url: str) -> bool:
    """True for a well-formed http(s) URL with a dotted host (or localhost), holding no
    whitespace and no control, format (bidi, zero-width), separator or surrogate character
    (`str.isprintable` is False for all of those)."""
    return _http_parts(url) is not None


def _http_parts(url: str) -> urllib.parse.SplitResult | None:
    """The parts of a URL `is_http_url` accepts, else None. One parse serves both the
    check and `link_key`, and the limits check each link `merge_links` kept once more
    (an imported paper's ~5 links were parsed ~9 times): the last 4,096 answers are kept.
    A long URL is refused before that cache: it holds at most 4,096 URLs of 2,000
    characters, whatever a hostile file holds."""
    if not url or len(url) > 2_000:
        return None
    return _checked(url)


@functools.lru_cache(maxsize=4096)
def _checked(url: str) -> urllib.parse.SplitResult | None:
    if not url.isprintable() or " " in url:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and (
        "." in host or host == "localhost" or host.startswith("[")
    ):
        return parts
    return None


def link_key(url: str) -> str:
    """Two URLs naming the same page share a key (host without www, path without "/")."""
    return _key_of(urllib.parse.urlsplit(url))


def _key_of(parts: urllib.parse.SplitResult) -> str:
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def merge_links(*groups: Iterable[Link]) -> tuple[tuple[Link, ...], int]:
    """Merge link lists: keep http(s) only, first label wins per URL; also count the dropped."""
    seen: dict[str, Link] = {}
    dropped = 0
    for group in groups:
        for link in group:
            parts = _http_parts(link.url)
            if parts is None:
                dropped += 1
                continue
            seen.setdefault(_key_of(parts), link)
    return tuple(seen.values()), dropped
