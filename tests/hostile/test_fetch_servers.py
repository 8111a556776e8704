"""Servers crafted by a stranger: one that drips a byte every few seconds, one that
redirects to ftp://, one that sends records a library cannot take."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from digest_tui.cli import main
from digest_tui.core.errors import FetchError
from digest_tui.core.sources.fetch import Client

from .corpus import raw_chars


class Stranger(BaseHTTPRequestHandler):
    mode: ClassVar[str] = "drip"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if Stranger.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", "ftp://example.org/papers.json")
            self.end_headers()
            return
        if Stranger.mode == "hostile":
            body = json.dumps(
                [{"paper": {"id": "2501.00009", "title": "Big \x1b[2J", "upvotes": 5_000_000_000}}]
            ).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):  # one byte every 0.5 s: each read is quick, the whole is not
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass


@pytest.fixture
def stranger() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stranger)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_dripping_server_is_given_up_on_at_the_deadline(stranger: str) -> None:
    Stranger.mode = "drip"
    client = Client(timeout=5.0, retries=0, request_deadline=2.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long"):
        client.get(stranger + "/api/daily_papers")
    assert time.monotonic() - started < 6.0


def test_the_run_deadline_bounds_the_whole_fetch(stranger: str, data_dir: object) -> None:
    Stranger.mode = "drip"
    started = time.monotonic()
    code = main(["fetch", "hf", "--base-url", stranger, "--retries", "0", "--deadline", "2"])
    assert code == 2 and time.monotonic() - started < 8.0


def test_a_redirect_to_ftp_is_refused(
    stranger: str, data_dir: object, capsys: pytest.CaptureFixture[str]
) -> None:
    Stranger.mode = "redirect"
    assert main(["fetch", "hf", "--base-url", stranger, "--retries", "0"]) == 2
    assert "refused a redirect to a ftp URL" in capsys.readouterr().err


def test_hostile_records_from_a_server_cannot_break_the_library(
    stranger: str, data_dir: object, capsys: pytest.CaptureFixture[str]
) -> None:
    Stranger.mode = "hostile"
    assert main(["fetch", "hf", "--base-url", stranger, "--date", "2025-01-01"]) == 0
    assert main(["search", "big", "--json"]) == 0
    out, err = capsys.readouterr()
    assert not raw_chars(out + err)
    assert (
        json.loads(out.split("\n", 1)[1] if not out.startswith("[") else out)[0]["upvotes"] is None
    )
