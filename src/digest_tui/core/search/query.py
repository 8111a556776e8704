"""The query language: what users type, checked and parsed, and its typo-tolerant
retry. A query is words ANDed, OR, NOT, "phrases", prefix*, fuzzy~ and fields
(title: author: abstract: tag: keyword: note:)."""

from __future__ import annotations

import re
from typing import Any

from whoosh import query

from digest_tui.core.errors import InvalidQueryError
from digest_tui.core.models import Highlight
from digest_tui.core.search.clauses import OPERATORS
from digest_tui.core.search.fields import FIELD_ALIASES, KNOWN_FIELDS, STEMMED_FIELDS, TEXT_FIELDS

_QUERY_WORD = re.compile(r"(?<![\w:])([^\W_]+)(?![\w:*~])", re.UNICODE)
_MAX_EXPANSIONS = 400


def validate_query(text: str) -> None:
    """Reject what the parser would silently misread, with a message a user can act on."""
    if text.count('"') % 2:
        raise InvalidQueryError('unclosed quote: add the closing "')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise InvalidQueryError("')' without a matching '('")
    if depth:
        raise InvalidQueryError("unclosed '(': add the closing ')'")
    tokens = text.split()
    if tokens and (tokens[-1] in OPERATORS or tokens[0] in OPERATORS - {"NOT"}):
        op = tokens[-1] if tokens[-1] in OPERATORS else tokens[0]
        raise InvalidQueryError(f"{op} needs a term on each side")
    for token in tokens:
        name, sep, rest = token.partition(":")
        if sep and name.lower() in KNOWN_FIELDS and not rest:
            raise InvalidQueryError(f"'{name}:' needs a word after it, e.g. {name}:segmentation")


class QueryLanguage:
    """Parses queries against a schema; builds the lenient retry and the highlight."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self._parser: Any = None

    def _make_parser(self) -> Any:
        """Whoosh's query parser, built when a query needs it (plain words never do:
        its import is ~25 ms of a CLI search)."""
        from whoosh import qparser

        parser = qparser.MultifieldParser(list(TEXT_FIELDS), self.schema, group=qparser.AndGroup)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
        parser.remove_plugin_class(qparser.BoostPlugin)
        return parser

    def parse(self, text: str) -> Any:
        validate_query(text)
        text = re.sub(r"\btag:'", "tags:'", text)
        if self._parser is None:
            self._parser = self._make_parser()
        try:
            return self._without_stop_words(self._parser.parse(text)).normalize()
        except Exception as exc:
            raise InvalidQueryError(f"cannot parse query: {exc}") from exc

    def _without_stop_words(self, parsed: Any) -> Any:
        """A stop word of the text fields is left out, as in plain queries: the parser
        keeps it for the fields that keep every word (authors, tags), and `survey AND of`
        would then find nothing. A field named on purpose (`author:an`) stays."""
        if isinstance(parsed, query.Or) and len(parsed.subqueries) > 1:
            leaves = parsed.subqueries
            if all(isinstance(q, query.Term) and q.fieldname not in STEMMED_FIELDS for q in leaves):
                words = {str(q.text) for q in leaves}
                if len(words) == 1 and not any(True for _ in self.schema["title"].analyzer(*words)):
                    return query.NullQuery
        return parsed if parsed.is_leaf() else parsed.apply(self._without_stop_words)

    def highlight(self, searcher: Any, parsed: Any) -> Highlight:
        stems: set[str] = set()
        exact: set[str] = set()
        prefixes: list[str] = []
        fuzzy: list[tuple[str, int]] = []
        for leaf in parsed.leaves():
            if isinstance(leaf, query.FuzzyTerm):  # expanding it over the whole vocabulary
                fuzzy.append((str(leaf.text).lower(), int(leaf.maxdist)))  # costs seconds:
                continue  # the shown text is compared instead (match_spans)
            if isinstance(leaf, query.Prefix):
                prefixes.append(str(leaf.text).lower())
                continue
            if isinstance(leaf, query.Wildcard):
                head = re.split(r"[*?]", str(leaf.text))[0].lower()
                if head:
                    prefixes.append(head)
                continue
            try:
                terms = list(leaf.existing_terms(searcher.reader(), expand=True))[:_MAX_EXPANSIONS]
            except Exception:
                terms = []
            if not terms and hasattr(leaf, "all_terms"):
                terms = list(leaf.all_terms())
            for fieldname, value in terms:
                word = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                (stems if fieldname in STEMMED_FIELDS else exact).add(word.lower())
        return Highlight(frozenset(stems), frozenset(exact), tuple(prefixes), tuple(fuzzy))

    def plain_words(self, text: str) -> list[str]:
        """The query's words outside operators and fields, lower case: what typos may be in."""
        return [
            w.lower()
            for w in _QUERY_WORD.findall(re.sub(r'"|\(|\)', " ", text))
            if w not in OPERATORS
        ]
