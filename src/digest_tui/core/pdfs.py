"""PDFs of the library's papers: the URL to open, and downloads into the folder from
config.toml (`[pdf] folder`, default the user's downloads directory)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from digest_tui.core.citations import publication_year
from digest_tui.core.errors import NotFoundError
from digest_tui.core.models import Paper, Progress

ARXIV_PDF_BASE = "https://arxiv.org"


def downloads_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_downloads_dir())


class PdfShelf:
    def __init__(self, paper: Callable[[str], Paper], folder: str | None, base: str | None):
        self._paper = paper
        self.folder = Path(folder).expanduser() if folder else downloads_dir()
        self.arxiv_base = base or ARXIV_PDF_BASE

    def url(self, paper_id: str, base: str | None = None) -> str:
        """The PDF to open; NotFoundError (a clear message) when the paper has none."""
        from digest_tui.core.sources.pdf import pdf_url  # HTTP code loads when asked for

        found = pdf_url(self._paper(paper_id), base or self.arxiv_base)
        if not found:
            raise NotFoundError(f"no PDF known for {paper_id} (no arXiv id, no PDF link)")
        return found

    def download(
        self,
        paper_id: str,
        progress: Progress | None = None,
        base: str | None = None,
        folder: Path | None = None,
    ) -> Path:
        """Download the PDF (resuming a partial one); the file written or already there."""
        from digest_tui.core.sources.pdf import download, pdf_name

        paper = self._paper(paper_id)
        url = self.url(paper_id, base)
        target = (folder or self.folder) / pdf_name(paper, publication_year(paper))
        return download(url, target, progress)
