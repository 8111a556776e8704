"""Papers as plain JSON-ready dicts: `--json` output and the JSON/JSONL exports."""

from __future__ import annotations

from typing import Any

from digest_tui.core.models import Paper


def paper_record(paper: Paper) -> dict[str, Any]:
    """Every field of a paper's own data; the `jsonl` parser maps it back to this paper."""
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "digest_dates": [d.isoformat() for d in paper.digest_dates],
        "published": paper.published.isoformat() if paper.published else None,
        "updated": paper.updated.isoformat() if paper.updated else None,
        "links": [{"label": link.label, "url": link.url} for link in paper.links],
        "categories": list(paper.categories),
        "keywords": list(paper.keywords),
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "ai_summary": paper.ai_summary,
        "organization": paper.organization,
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "github_stars": paper.github_stars,
        "source": paper.source,
    }


def paper_dict(paper: Paper, *, bookmarked: bool = False, note: str = "") -> dict[str, Any]:
    """The record plus what the library knows about it: tags, bookmark, note."""
    data = paper_record(paper)
    data["tags"] = list(dict.fromkeys([*paper.tags, *paper.user_tags]))
    data["user_tags"] = list(paper.user_tags)
    data["bookmarked"] = bookmarked
    if note:
        data["note"] = note
    return data
