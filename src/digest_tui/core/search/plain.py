"""A plain query (words, ANDed) run on postings (fast.py in memory for the app,
oneshot.py for one CLI search): the last word may be a prefix (still being typed), and
unknown words may be replaced by their typo corrections."""

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from digest_tui.core.models import Highlight, Sort
from digest_tui.core.search.clauses import (
    Clause,
    IndexResult,
    clause_highlight,
    merged,
    word_clauses,
)
from digest_tui.core.search.typos import Vocabulary

IdsOf = Callable[[Sequence[int]], tuple[str, ...]]


class Postings(Protocol):
    """What answers a plain query: FastSearch (numpy, in memory) or OneShot."""

    schema: Any

    def words_with_prefix(self, field: str, prefix: str) -> list[str]: ...

    def run(
        self, clauses: Sequence[Clause], sort: Sort, only: Any = None
    ) -> tuple[list[int], list[float] | None]: ...


class PlainQuery(NamedTuple):
    text: str
    words: list[str]
    prefix_last: bool
    typos: bool

    def run(
        self,
        fast: Postings,
        vocabulary: Vocabulary,
        id_of: IdsOf,
        sort: Sort,
        limit: int | None,
        only: Any,
    ) -> IndexResult:
        words, text, schema = self.words, self.text, fast.schema
        prefix = words[-1] if self.prefix_last and len(words[-1]) >= 2 else None
        # a last word of one letter, still being typed, is not a word yet: left out
        exact = words[:-1] if self.prefix_last else words
        clauses = [c for w in exact for c in word_clauses(schema, w)]
        if prefix:  # the word as typed (stemmed: "models" is "model") or any it begins
            expanded = [
                (field, w)
                for field in ("words", "authors")
                for w in fast.words_with_prefix(field, vocabulary.fold(prefix))
            ]
            clauses.append(merged([*word_clauses(schema, prefix)[:1], Clause(tuple(expanded))]))
        highlight = clause_highlight(clauses, [vocabulary.fold(prefix)] if prefix else [])
        if not clauses:
            return IndexResult((), (), highlight)
        docnums, scores = fast.run(clauses, sort, only)
        if docnums or not self.typos or prefix:
            return _result(id_of, docnums, scores, limit, highlight)
        unknown = {w: vocabulary.corrections(w) for w in exact if not vocabulary.knows(w)}
        suggestion = vocabulary.suggestion(text, unknown)
        if not unknown or not all(unknown.values()):  # a word nothing is close to
            return IndexResult((), (), highlight)
        lenient = [
            merged(c for alt in unknown[w] for c in word_clauses(schema, alt))
            if w in unknown
            else merged(word_clauses(schema, w))
            for w in exact
        ]
        docnums, scores = fast.run([c for c in lenient if c.terms], sort, only)
        found = _result(id_of, docnums, scores, limit, clause_highlight(lenient, []))
        if not found.ids:
            return IndexResult((), (), highlight, suggestion=suggestion)
        return IndexResult(found.ids, found.scores, found.highlight, True, suggestion)


def _result(
    id_of: IdsOf,
    docnums: list[int],
    scores: list[float] | None,
    limit: int | None,
    highlight: Highlight,
) -> IndexResult:
    ids = id_of(docnums[:limit])
    return IndexResult(ids, tuple(scores[:limit]) if scores is not None else None, highlight)
