"""Fetching digests over HTTP: Hugging Face daily papers and rss.arxiv.org.

Polite by construction: a minimum interval between requests (arXiv asks for one every
3 seconds, one connection), retries with backoff on 429 and 5xx, timeouts, and raw
responses cached so a day already fetched is not asked for again. Nothing is imported
until a whole day (all its pages) has been fetched and parsed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest_tui import __version__
from digest_tui.core.errors import DigestError, FetchError
from digest_tui.core.files import write_atomic
from digest_tui.core.ingest import ParseContext, parse_bytes
from digest_tui.core.library import Library
from digest_tui.core.models import ImportSummary

HF_BASE = "https://huggingface.co"
ARXIV_BASE = "https://rss.arxiv.org"
MAX_BYTES = 64 * 1024 * 1024
Progress = Callable[[int, int], None]


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


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


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


def fetch_hf(
    library: Library,
    days: Sequence[dt.date],
    *,
    base_url: str = HF_BASE,
    refresh: bool = False,
    client: Client | None = None,
    progress: Progress | None = None,
) -> list[tuple[dt.date, ImportSummary | None]]:
    """Fetch and import each day; (day, None) for days skipped as already fetched."""
    client = client or Client()
    cache = library.paths.fetch_cache / "hf"
    results: list[tuple[dt.date, ImportSummary | None]] = []
    for done, day in enumerate(days):
        cached = cache / f"{day.isoformat()}.json"
        if cached.exists() and not refresh:
            results.append((day, None))
        else:
            data = hf_day_bytes(client, base_url, day)
            ctx = ParseContext(name=f"{base_url} daily papers {day}", date=day)
            summary = library.import_parsed(parse_bytes(data, ctx, "hf-json"), day.isoformat())
            _write_atomic(cached, data)
            results.append((day, summary))
        if progress:
            progress(done + 1, len(days))
    return results


def fetch_arxiv(
    library: Library,
    categories: Sequence[str],
    *,
    base_url: str = ARXIV_BASE,
    client: Client | None = None,
) -> ImportSummary:
    """Today's rss.arxiv.org listing for the categories (one request, arXiv's pace)."""
    client = client or Client(min_interval=3.0)
    clean = [c.strip() for c in categories if c.strip()]
    if not clean:
        raise DigestError("fetch arxiv needs at least one --category, e.g. cs.CV")
    url = f"{base_url.rstrip('/')}/rss/{'+'.join(urllib.parse.quote(c) for c in clean)}"
    data = client.get(url)
    parsed = parse_bytes(data, ParseContext(name=url))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    _write_atomic(library.paths.fetch_cache / "arxiv" / f"{'+'.join(clean)}-{stamp}.xml", data)
    return library.import_parsed(parsed, f"arxiv {' '.join(clean)}")


def fetch_configured(library: Library) -> list[tuple[str, ImportSummary | None]]:
    """Today's papers from the sources config.toml's [fetch] names (default: HF daily
    papers), labelled; None where a day was already fetched."""
    results: list[tuple[str, ImportSummary | None]] = []
    if library.config.fetch_hf:
        for day, summary in fetch_hf(library, [dt.date.today()], refresh=True):
            results.append((f"HF {day}", summary))
    if library.config.fetch_arxiv:
        summary = fetch_arxiv(library, library.config.fetch_arxiv)
        results.append((f"arXiv {' '.join(library.config.fetch_arxiv)}", summary))
    if not results and not library.config.fetch_hf:
        raise DigestError("nothing to fetch: [fetch] in config.toml turns every source off")
    return results
