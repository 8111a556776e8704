"""The index's field names and word pattern, without Whoosh: the query language, the
schema and the one-shot reader of the index files (w3files.py) share them."""

from __future__ import annotations

from digest_tui.core.models import Sort

TEXT_FIELDS = ("title", "abstract", "authors", "keywords", "tags", "note")
STEMMED_FIELDS = frozenset({"title", "abstract", "keywords", "note"})
FIELD_BOOSTS = {"title": 2.0}
FIELD_ALIASES = {
    "authors": ["author", "by"],
    "tags": ["tag"],
    "keywords": ["keyword", "kw", "comment"],
    "note": ["notes"],
    "category": ["categories", "cat"],
}
KNOWN_FIELDS = frozenset(
    [
        *TEXT_FIELDS,
        "id",
        "words",
        "category",
        *(a for alias in FIELD_ALIASES.values() for a in alias),
    ]
)
SORT_COLUMNS = {Sort.DATE: "date", Sort.UPVOTES: "upvotes", Sort.TITLE: "title_sort"}
WORD = r"[^\W_]+(?:['’][^\W_]+)?"  # what the tokenizer takes as a word
