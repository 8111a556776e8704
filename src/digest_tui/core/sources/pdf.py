"""A paper's PDF: where it is (the arXiv PDF, else a PDF among its links), what to call
it (year, first author, title) and a download that resumes (`.part` beside the file, an
HTTP Range request for the rest), checks it got a PDF, and never replaces a different
file of the same name."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from digest_tui import __version__
from digest_tui.core.errors import FetchError
from digest_tui.core.models import Paper
from digest_tui.core.sources.fetch import _OPENER
from digest_tui.core.urls import is_http_url

CHUNK = 256 * 1024
MAX_PDF_BYTES = 512 * 1024 * 1024


def pdf_url(paper: Paper, arxiv_base: str) -> str | None:
    """The arXiv PDF of an arXiv paper, else the first link that is a PDF."""
    if paper.arxiv_id:  # stored ids are arXiv ids or `t-` title ids (core/identity.py)
        return f"{arxiv_base.rstrip('/')}/pdf/{paper.arxiv_id}"
    for link in paper.links:
        path = link.url.split("?", 1)[0].lower()
        if is_http_url(link.url) and (path.endswith(".pdf") or "/pdf/" in path):
            return link.url
    return None


def pdf_name(paper: Paper, year: int | None) -> str:
    """`2015-roth-deeporgan-multi-level-deep-convolutional.pdf`: ASCII, short, no path."""
    author = paper.authors[0].split()[-1] if paper.authors else "anon"
    words = _slug(paper.title).split("-")[:6]
    parts = [str(year) if year else "", _slug(author), "-".join(w for w in words if w)]
    return "-".join(p for p in parts if p)[:120].strip("-") + ".pdf"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def download(
    url: str,
    target: Path,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = 30.0,
) -> Path:
    """Fetch `url` into `target` (or `name-2.pdf`… when a different file holds the name);
    a `.part` file from an interrupted download is continued. The path written."""
    report = progress or (lambda done, total: None)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": f"digest-tui/{__version__}", "Accept": "application/pdf,*/*"}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            resumed = have and response.status == 206
            done = have if resumed else 0
            length = response.headers.get("Content-Length")
            total = done + int(length) if length and length.isdigit() else 0
            if total > MAX_PDF_BYTES:
                raise FetchError(f"{url}: {total:,} bytes is too large for a PDF")
            with part.open("ab" if resumed else "wb") as out:
                report(done, total)
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if done > MAX_PDF_BYTES:
                        raise FetchError(f"{url}: more than {MAX_PDF_BYTES:,} bytes; stopped")
                    report(done, total)
                out.flush()
                os.fsync(out.fileno())
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # asked for bytes past the end: the part is whole
            pass
        else:
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"{url}: could not download ({reason}); no network? The part kept so far "
            "resumes next time"
        ) from None
    with part.open("rb") as head:
        if not head.read(5).startswith(b"%PDF"):
            part.unlink()
            raise FetchError(f"{url}: the server sent something that is not a PDF")
    final = free_name(target, part)
    os.replace(part, final)
    return final


def free_name(target: Path, new: Path) -> Path:
    """`target`, unless a different file holds it: then `name-2.pdf`, `name-3.pdf`… (a
    file with the same bytes is the same download: it is reused)."""
    candidate, n = target, 1
    while candidate.exists():
        if _same(candidate, new):
            return candidate
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate


def _same(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while True:
                x, y = fa.read(CHUNK), fb.read(CHUNK)
                if x != y:
                    return False
                if not x:
                    return True
    return False
