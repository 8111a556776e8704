"""`fetch` against a local HTTP server on 127.0.0.1 (real files where present, fixtures)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from digest_tui.cli import main

from ..conftest import SHARED_DATA
from ..core.test_sources import RSS

DAY = [
    {
        "paper": {
            "id": "2501.00001",
            "title": "A Local Paper\nWrapped",
            "summary": "An abstract about\nsegmentation.",
            "authors": [{"name": "A. Author"}],
            "publishedAt": "2025-01-01T00:00:00.000Z",
            "submittedOnDailyAt": "2025-01-02T08:00:00.000Z",
            "upvotes": 3,
        },
        "numComments": 1,
    }
]


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    requests: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Handler.requests.append(self.path)
        url = urlsplit(self.path)
        if Handler.mode == "500":
            self.send_response(500)
            self.end_headers()
            return
        if Handler.mode == "garbage":
            body = b"<html>oops</html>"
        elif Handler.mode == "stall":
            time.sleep(2)
            body = b"[]"
        elif url.path == "/api/daily_papers":
            day = parse_qs(url.query)["date"][0]
            page = int(parse_qs(url.query).get("p", ["0"])[0])
            real = SHARED_DATA / "hf_daily" / f"{day}.json"
            items = json.loads(real.read_text()) if real.exists() else DAY
            body = json.dumps(items if page == 0 else []).encode()
        elif url.path.startswith("/rss/"):
            body = RSS.encode()
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a stalled client hanging up is the point of one test


@pytest.fixture
def server() -> Iterator[str]:
    Handler.mode = "ok"
    Handler.requests = []
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stats(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return json.loads(run(capsys, "stats", "--json")[1])  # type: ignore[no-any-return]


def test_fetch_hf_imports_that_day_and_skips_it_next_time(
    server: str, data_dir: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "sample", "remove")
    code, out, err = run(capsys, "fetch", "hf", "--date", "2025-01-13", "--base-url", server)
    assert code == 0, err
    expected = 5 if (SHARED_DATA / "hf_daily/2025-01-13.json").exists() else 1
    assert f"{expected} added" in out
    assert Handler.requests[0].startswith("/api/daily_papers?date=2025-01-13")
    assert stats(capsys)["papers"] == expected
    code, out, _ = run(capsys, "fetch", "hf", "--date", "2025-01-13", "--base-url", server)
    assert code == 0 and "already fetched" in out and len(Handler.requests) == 1


@pytest.mark.parametrize("mode", ["500", "garbage", "stall"])
def test_a_failing_server_changes_nothing(server: str, data_dir: Path, capsys, mode: str) -> None:  # type: ignore[no-untyped-def]
    before = stats(capsys)
    Handler.mode = mode
    code, out, err = run(
        capsys,
        "fetch",
        "hf",
        "--date",
        "2025-01-02",
        "--base-url",
        server,
        "--timeout",
        "0.5",
        "--retries",
        "1",
    )
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert stats(capsys) == before


def test_fetch_arxiv_rss(server: str, data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "fetch", "arxiv", "--category", "cs.CV", "--base-url", server)
    assert code == 0, err
    assert "1 added" in out and Handler.requests == ["/rss/cs.CV"]
    shown = json.loads(run(capsys, "show", "2203.01250", "--json")[1])
    assert "math.AP" in shown["categories"]  # a category, a kind of tag of its own


def test_fetch_without_a_source_uses_config(
    server: str, sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from digest_tui.core.paths import Paths

    config = Paths.resolve(sample_dir).config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[fetch]\nhf = false\narxiv = ["cs.CV"]\n')
    Handler.mode, Handler.requests = "ok", []
    assert main(["fetch", "--base-url", server]) == 0
    out = capsys.readouterr().out
    assert out.startswith("arxiv cs.CV:") and Handler.requests == ["/rss/cs.CV"]
    config.write_text("[fetch]\nhf = false\n")
    assert main(["fetch", "--base-url", server]) == 2
    assert "nothing to fetch" in capsys.readouterr().err
