"""Papers as plain JSON-ready dicts: what `--json` prints and `export --format json` writes."""

from __future__ import annotations

from typing import Any

from digest_tui.core.models import Paper


def paper_dict(paper: Paper, *, bookmarked: bool = False, note: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "digest_dates": [d.isoformat() for d in paper.digest_dates],
        "published": paper.published.isoformat() if paper.published else None,
        "updated": paper.updated.isoformat() if paper.updated else None,
        "links": [{"label": link.label, "url": link.url} for link in paper.links],
        "tags": list(dict.fromkeys([*paper.tags, *paper.user_tags])),
        "user_tags": list(paper.user_tags),
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
        "bookmarked": bookmarked,
    }
    if note:
        data["note"] = note
    return data
