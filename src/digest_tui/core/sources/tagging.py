"""Topic tags from a lexicon: a tag is given only on evidence.

A topic has entries (words and phrases) and may have `unless` phrases (the context in which
an entry does not count: "speech segmentation" is not image segmentation). Entries match
whole words, with plurals folded ("robots" is "robot"); `segment*` matches a family
(segment, segments, segmentation, segmenting); entries in capitals are acronyms and match
that spelling only, with an optional plural "s" or trailing digits ("LLMs", "SAM2").

Evidence: a topic applies when an entry occurs in the title, or entries occur at least
twice (`mentions`) in the abstract and keywords; `title_only` topics (a dataset, a survey)
need the title. One passing mention ("unlike robotics, ...") is not enough, which is what
made tags noise at 35,000 papers.

The lexicon is TOML: `tag = ["entry", ...]`, or a table `[topics.tag]` with `match`,
`unless`, `title_only` and `mentions`; the bundled one is extended by the `[topics]` table
of config.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from digest_tui.core.errors import ConfigError

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
BODY_MENTIONS = 2  # mentions in the abstract and keywords that make a topic without the title

# tag -> {"match": [...], "unless": [...], "title_only": bool, "mentions": int}
Topics = dict[str, dict[str, Any]]


def fold(word: str) -> str:
    """A lower-case word without its plural ending; applied to text and entries alike."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_acronym(entry: str) -> bool:
    letters = [c for c in entry if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


Phrase = tuple[str, ...]  # folded words; the last may end with "*" (a prefix)


def _phrase(entry: str) -> Phrase:
    words = [w.lower() for w in _WORD.findall(entry)]
    if not words:
        return ()
    prefix = entry.rstrip().endswith("*") and len(words[-1]) >= 3  # a family needs 3 letters
    folded = [fold(w) for w in words[:-1]] + [words[-1] if prefix else fold(words[-1])]
    if prefix:
        folded[-1] += "*"
    return tuple(folded)


_FOLDED: dict[str, str] = {}  # a word as written -> folded (abstracts repeat their words)
_FOLDED_MAX = 200_000  # forgotten beyond this, so a long import keeps its memory flat


def _folded(word: str) -> str:
    if len(_FOLDED) >= _FOLDED_MAX:
        _FOLDED.clear()
    folded = _FOLDED[word] = fold(word.lower())
    return folded


def _words(text: str) -> list[str]:
    """The folded words of a text, in order (the same matches as `_spans`)."""
    known = _FOLDED.get
    return [known(w) or _folded(w) for w in _WORD.findall(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _rest_matches(phrase: Phrase, words: list[str], i: int) -> bool:
    """The phrase starts at word i, its first word already matched."""
    if i + len(phrase) > len(words):
        return False
    for want, word in zip(phrase[1:], words[i + 1 : i + len(phrase)], strict=False):
        if want.endswith("*"):
            if not word.startswith(want[:-1]):
                return False
        elif word != want:
            return False
    return True


def _outside(found: list[tuple[int, int]], stop: Sequence[tuple[int, int]]) -> int:
    """How many of the spans lie inside none of the `stop` spans."""
    if not stop:
        return len(found)
    return sum(1 for s, e in found if not any(bs <= s and e <= be for bs, be in stop))


def _first_matches(phrase: Phrase, word: str) -> bool:
    want = phrase[0]
    return word.startswith(want[:-1]) if want.endswith("*") else word == want


_Candidate = tuple[int, Phrase, bool]  # (topic number, phrase, is an unless-phrase)


@dataclass(frozen=True)
class _Starts:
    """The phrases one word starts: whole (one word), by their exact second word (a
    common word such as "image" starts a dozen), and the rest (checked one by one)."""

    whole: tuple[_Candidate, ...]
    by_second: Mapping[str, tuple[_Candidate, ...]]
    others: tuple[_Candidate, ...]


_NONE = _Starts((), {}, ())


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: phrases indexed by their first word (or, for a prefix, its
    first three letters) and one pattern for every acronym, so tagging a paper is one pass
    over its words and one regex scan per text."""

    names: tuple[str, ...]
    needed: tuple[int, ...]  # mentions in the abstract that make the topic; 0: title only
    by_word: Mapping[str, tuple[_Candidate, ...]]
    by_prefix: Mapping[str, tuple[_Candidate, ...]]
    acronym_topics: Mapping[str, tuple[int, ...]]
    acronyms: re.Pattern[str] | None
    # a folded word -> the phrases it can start (most words start none), filled as met
    _starting: dict[str, _Starts] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_topics(cls, topics: Topics) -> Lexicon:
        names: list[str] = []
        needed: list[int] = []
        by_word: dict[str, list[_Candidate]] = {}
        by_prefix: dict[str, list[_Candidate]] = {}
        acronym_topics: dict[str, list[int]] = {}
        for tag, spec in topics.items():
            name = str(tag).strip().lower()
            if not name or name in names:
                continue
            number = len(names)
            names.append(name)
            needed.append(0 if spec.get("title_only") else int(spec.get("mentions", BODY_MENTIONS)))
            for entry in spec.get("match", []):
                if _is_acronym(entry):
                    acronym_topics.setdefault(entry.strip(), []).append(number)
                elif phrase := _phrase(entry):
                    cls._index(by_word, by_prefix, (number, phrase, False))
            for entry in spec.get("unless", []):
                if phrase := _phrase(entry):
                    cls._index(by_word, by_prefix, (number, phrase, True))
        caps = sorted(acronym_topics, key=len, reverse=True)  # "SAM2" before "SAM"
        pattern = (
            re.compile(
                r"(?<![A-Za-z0-9])(?P<a>"
                + "|".join(map(re.escape, caps))
                + r")(?:s|\d+)?(?![A-Za-z])"
            )
            if caps
            else None
        )
        return cls(
            tuple(names),
            tuple(needed),
            {k: tuple(v) for k, v in by_word.items()},
            {k: tuple(v) for k, v in by_prefix.items()},
            {k: tuple(v) for k, v in acronym_topics.items()},
            pattern,
        )

    @staticmethod
    def _index(
        by_word: dict[str, list[_Candidate]],
        by_prefix: dict[str, list[_Candidate]],
        candidate: _Candidate,
    ) -> None:
        first = candidate[1][0]
        if first.endswith("*"):
            by_prefix.setdefault(first[:3], []).append(candidate)
        else:
            by_word.setdefault(first, []).append(candidate)

    @classmethod
    def from_mapping(cls, topics: Mapping[str, Iterable[str]]) -> Lexicon:
        """From the simple form: tag -> entries."""
        return cls.from_topics({t: {"match": list(e)} for t, e in topics.items()})

    def _starts(self, word: str) -> _Starts:
        candidates = self.by_word.get(word, ()) + self.by_prefix.get(word[:3], ())
        found = [c for c in candidates if _first_matches(c[1], word)]
        if not found:
            return _NONE
        by_second: dict[str, list[_Candidate]] = {}
        for c in found:
            if len(c[1]) > 1 and not c[1][1].endswith("*"):
                by_second.setdefault(c[1][1], []).append(c)
        return _Starts(
            tuple(c for c in found if len(c[1]) == 1),
            {k: tuple(v) for k, v in by_second.items()},
            tuple(c for c in found if len(c[1]) > 1 and c[1][1].endswith("*")),
        )

    def _counts(self, text: str) -> dict[int, int]:
        """Mentions of each topic in one text, leaving out those inside an unless-phrase.
        The phrases a word can start are looked up once per distinct word (most start
        none); a mention is its first and last word (places in the text are needed only
        to tell whether an acronym lies inside an unless-phrase)."""
        words = _words(text)
        starting = self._starting
        if len(starting) >= _FOLDED_MAX:
            starting.clear()
        for word in set(words).difference(starting):
            starting[word] = self._starts(word)
        spans: dict[int, list[tuple[int, int]]] = {}  # first and last word of a mention
        blocked: dict[int, list[tuple[int, int]]] = {}  # ... of an unless-phrase
        last = len(words) - 1
        found = [(i, s) for i, s in enumerate(map(starting.__getitem__, words)) if s is not _NONE]
        for i, starts in found:
            matched = list(starts.whole)
            if i < last:
                for c in starts.by_second.get(words[i + 1], ()):
                    if len(c[1]) == 2 or _rest_matches(c[1], words, i):
                        matched.append(c)
                matched.extend(c for c in starts.others if _rest_matches(c[1], words, i))
            for number, phrase, unless in matched:
                (blocked if unless else spans).setdefault(number, []).append(
                    (i, i + len(phrase) - 1)
                )
        counts = {n: _outside(found, blocked.get(n, ())) for n, found in spans.items()}
        if self.acronyms is not None:
            places: list[tuple[int, int]] | None = None
            for match in self.acronyms.finditer(text):
                for number in self.acronym_topics[match.group("a")]:
                    stop = blocked.get(number, ())
                    if stop:  # an unless-phrase's words, as places in the text
                        places = places or _spans(text)
                        stop = [(places[a][0], places[b][1]) for a, b in stop]
                    counts[number] = counts.get(number, 0) + _outside([match.span()], stop)
        return counts

    def tags_for(self, title: str, abstract: str = "", keywords: str = "") -> tuple[str, ...]:
        """The topics the paper is about, in lexicon order."""
        in_title = self._counts(title)
        in_body = self._counts(f"{abstract}\n{keywords}")
        return tuple(
            self.names[number]
            for number in sorted(in_title.keys() | in_body.keys())  # topics met, in order
            if in_title.get(number, 0)
            or (self.needed[number] and in_body.get(number, 0) >= self.needed[number])
        )


def _entries(value: Any, origin: str, tag: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise ConfigError(f"{origin}: topic {tag!r} {key} must be a list of strings")
    return list(value)


def load_topics(text: str, origin: str) -> Topics:
    """The [topics] table of a TOML text; ConfigError names the origin and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    table = data.get("topics", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: [topics] must be a table of tag = [words]")
    result: Topics = {}
    for tag, value in table.items():
        if isinstance(value, dict):
            unknown = set(value) - {"match", "unless", "title_only", "mentions"}
            if unknown:
                raise ConfigError(
                    f"{origin}: topic {tag!r} takes match, unless, title_only and mentions"
                )
            mentions = value.get("mentions", BODY_MENTIONS)
            if not isinstance(mentions, int) or isinstance(mentions, bool) or mentions < 1:
                raise ConfigError(f"{origin}: topic {tag!r} mentions must be a whole number")
            result[tag] = {
                "match": _entries(value.get("match", []), origin, tag, "match"),
                "unless": _entries(value.get("unless", []), origin, tag, "unless"),
                "title_only": bool(value.get("title_only", False)),
                "mentions": mentions,
            }
        else:
            result[tag] = {"match": _entries(value, origin, tag, "entries"), "unless": []}
    return result


def bundled_topics() -> Topics:
    from digest_tui.core.bundled import bundled_text

    text = bundled_text("topics.toml")
    return load_topics(text, "topics.toml")


def build_lexicon(extra: Topics | None = None) -> Lexicon:
    """The bundled lexicon, extended (match and unless lists appended) by the user's."""
    topics = bundled_topics()
    for tag, spec in (extra or {}).items():
        mine = topics.setdefault(tag.lower(), {"match": [], "unless": []})
        mine["match"] = [*mine.get("match", []), *spec.get("match", [])]
        mine["unless"] = [*mine.get("unless", []), *spec.get("unless", [])]
        for key in ("title_only", "mentions"):
            if key in spec:
                mine[key] = spec[key]
    return Lexicon.from_topics(topics)
