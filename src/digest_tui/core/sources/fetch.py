"""Fetching digests over HTTP: Hugging Face daily papers and rss.arxiv.org.

Polite by construction: a minimum interval between requests (arXiv asks for one every
3 seconds, one connection), retries with backoff on 429 and 5xx, timeouts and deadlines.
These functions only bring bytes; the library parses, caches and imports them (nothing is
imported until a whole day, all its pages, has been fetched and parsed).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from digest_tui import __version__
from digest_tui.core.errors import DigestError, FetchError

HF_BASE = "https://huggingface.co"
ARXIV_BASE = "https://rss.arxiv.org"
MAX_BYTES = 64 * 1024 * 1024


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: a server must not send us to ftp:// or file://."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"{req.full_url}: refused a redirect to a {scheme or 'relative'} URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


@dataclass
class Client:
    """A small HTTP client: timeouts, retries with backoff, a minimum request interval,
    and deadlines: `timeout` bounds each read, `request_deadline` one whole request (a
    server dripping a byte every few seconds cannot hold it), `run_deadline` everything
    this client does."""

    min_interval: float = 0.34
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    request_deadline: float = 120.0
    run_deadline: float = 900.0
    _last: float = field(default=0.0, repr=False)
    _started: float = field(default_factory=time.monotonic, repr=False)

    def _left(self, url: str) -> float:
        left = self._started + self.run_deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"{url}: gave up, fetching took over {self.run_deadline:.0f} s")
        return left

    def _read(self, url: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"User-Agent": f"digest-tui/{__version__}", "Accept": "*/*"}
        )
        deadline = time.monotonic() + min(self.request_deadline, self._left(url))
        chunks: list[bytes] = []
        size = 0
        with _OPENER.open(request, timeout=self.timeout) as response:
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: the response took too long; gave up")
                chunk: bytes = response.read1(65536)  # returns what one read brings
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(f"{url}: response larger than {MAX_BYTES} bytes")
                chunks.append(chunk)

    def get(self, url: str) -> bytes:
        last_error = "no attempt made"
        for attempt in range(self.retries + 1):
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, self._left(url)))
            self._last = time.monotonic()
            try:
                return self._read(url)
            except urllib.error.HTTPError as exc:
                last_error = f"HTTP {exc.code} {exc.reason}"
                if exc.code != 429 and exc.code < 500:
                    break
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                delay = float(retry_after) if retry_after and retry_after.isdigit() else 0.0
            except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                last_error = f"connection failed ({reason})"
                delay = 0.0
            if attempt < self.retries:
                time.sleep(min(30.0, max(delay, self.backoff * 2**attempt), self._left(url)))
        raise FetchError(f"{url}: {last_error}")


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise DigestError(f"--to {end} is before --from {start}")
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def hf_day_bytes(client: Client, base: str, day: dt.date, page_size: int = 100) -> bytes:
    """Every page of one day's daily papers, as one JSON array."""
    items: list[object] = []
    for page in range(50):
        query = urllib.parse.urlencode({"date": day.isoformat(), "limit": page_size, "p": page})
        url = f"{base.rstrip('/')}/api/daily_papers?{query}"
        data = client.get(url)
        try:
            batch = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FetchError(f"{url}: the server did not answer with JSON") from None
        if not isinstance(batch, list):
            raise FetchError(f"{url}: expected a JSON array of papers")
        items.extend(batch)
        if len(batch) < page_size:
            break
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


def arxiv_listing_url(base: str, categories: Sequence[str]) -> str:
    """rss.arxiv.org's listing of today's papers in these categories."""
    clean = [c.strip() for c in categories if c.strip()]
    if not clean:
        raise DigestError("fetch arxiv needs at least one --category, e.g. cs.CV")
    return f"{base.rstrip('/')}/rss/{'+'.join(urllib.parse.quote(c) for c in clean)}"
