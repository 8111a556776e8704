"""PDFs against a local HTTP server: the URL, a download named from year, author and
title, a resumed partial download, a different file never replaced, clear failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from digest_tui.cli import main
from digest_tui.core.library import Library
from digest_tui.core.models import Link, Paper
from digest_tui.core.paths import Paths
from digest_tui.core.sources import ParsedDigest

PDF = b"%PDF-1.5\n" + bytes(range(256)) * 400 + b"\n%%EOF\n"


class Server(BaseHTTPRequestHandler):
    ranges: ClassVar[list[str]] = []
    body: ClassVar[bytes] = PDF

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        wanted = self.headers.get("Range")
        Server.ranges.append(wanted or "")
        body = Server.body
        if wanted and wanted.startswith("bytes="):
            start = int(wanted[6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            body = body[start:]
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    Server.ranges, Server.body = [], PDF
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def pdf_library(data_dir: Path) -> Path:
    papers = (
        Paper(id="1501.00001", title="DeepOrgan: Multi-level Deep Nets", authors=("H. R. Roth",)),
        Paper(
            id="t-0123456789ab",
            title="No arXiv",
            links=(Link("Paper", "https://example.org/files/paper.pdf"),),
        ),
        Paper(id="t-00000000000c", title="Nothing at all"),
    )
    with Library(Paths.resolve(data_dir)) as lib:
        lib.import_parsed(ParsedDigest("jsonl", papers, None), "test")
    return data_dir


def test_the_pdf_url_is_arxivs_else_a_pdf_link(
    pdf_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pdf", "1501.00001"]) == 0
    assert capsys.readouterr().out.strip() == "https://arxiv.org/pdf/1501.00001"
    assert main(["pdf", "t-0123456789ab", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == "https://example.org/files/paper.pdf"
    assert main(["pdf", "t-00000000000c"]) == 2
    assert "no PDF known" in capsys.readouterr().err


def test_download_names_resumes_and_never_replaces(
    pdf_library: Path, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "papers"
    argv = ["pdf", "1501.00001", "--download", "--base-url", server, "--folder", str(folder)]
    name = "2015-roth-deeporgan-multi-level-deep-nets.pdf"
    folder.mkdir()
    (folder / (name + ".part")).write_bytes(PDF[:1000])  # an interrupted download
    assert main(argv) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == folder / name and written.read_bytes() == PDF
    assert Server.ranges == ["bytes=1000-"]  # only the rest was asked for
    assert not (folder / (name + ".part")).exists()
    assert main(argv) == 0  # the same file again: reused, not doubled
    assert Path(capsys.readouterr().out.strip()) == written
    written.write_bytes(b"%PDF my annotated copy")  # a different file of that name
    assert main(argv) == 0
    other = Path(capsys.readouterr().out.strip())
    assert other.name == name.replace(".pdf", "-2.pdf") and other.read_bytes() == PDF
    assert written.read_bytes() == b"%PDF my annotated copy"


def test_a_page_that_is_not_a_pdf_and_no_network_are_clear(
    pdf_library: Path, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Server.body = b"<html>Please log in</html>"
    folder = str(tmp_path / "papers")
    base = ["pdf", "1501.00001", "--download", "--folder", folder]
    assert main([*base, "--base-url", server]) == 2
    assert "not a PDF" in capsys.readouterr().err
    assert list(Path(folder).iterdir()) == []
    assert main([*base, "--base-url", "http://127.0.0.1:9"]) == 2  # nothing listens there
    assert "no network?" in capsys.readouterr().err


async def test_the_app_opens_and_downloads_the_pdf_in_one_key(
    pdf_library: Path, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest_tui.ui import widgets
    from digest_tui.ui.app import DigestApp
    from digest_tui.ui.widgets.paper_list import PaperList
    from tests.ui.conftest import wait_for

    folder = tmp_path / "downloads"
    config = Paths.resolve(pdf_library).config_file
    config.write_text(f'[pdf]\nfolder = "{folder}"\narxiv_base = "{server}"\n', encoding="utf-8")
    opened: list[str] = []
    monkeypatch.setattr(
        widgets.paper_detail, "open_in_browser", lambda url: bool(opened.append(url)) or True
    )
    app = DigestApp(Library(Paths.resolve(pdf_library)))
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await wait_for(pilot, lambda: "1501.00001" in papers.ids)
        papers.cursor = papers.ids.index("1501.00001")
        await wait_for(pilot, lambda: app.screen.current is not None)
        await pilot.press("p")
        await wait_for(pilot, lambda: opened == [f"{server}/pdf/1501.00001"])
        await pilot.press("P")
        await wait_for(pilot, lambda: folder.is_dir() and any(folder.glob("*.pdf")))
        assert [p.read_bytes() for p in folder.glob("*.pdf")] == [PDF]
    app.library.close()
