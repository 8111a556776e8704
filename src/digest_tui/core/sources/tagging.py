"""Automatic topic tags from a lexicon (TOML: tag -> words and phrases).

Lower-case entries match on stemmed words (so "segmentation" matches "segmenting");
entries in capitals are acronyms and match that spelling only, with an optional plural
"s" or trailing digits ("LLMs", "SAM2").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from digest_tui.core.errors import ConfigError
from digest_tui.core.search.analysis import stem  # interim: #14 drops stemming from tags

_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", re.UNICODE)
_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _is_acronym(entry: str) -> bool:
    letters = [c for c in entry if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in _ALNUM.findall(text))


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicon: phrases indexed by their first stem, and one pattern for every
    acronym, so tagging a paper is one pass over its words and one regex scan."""

    order: tuple[str, ...]
    by_first: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
    acronym_tags: Mapping[str, tuple[str, ...]]
    acronyms: re.Pattern[str] | None

    @classmethod
    def from_mapping(cls, topics: Mapping[str, Iterable[str]]) -> Lexicon:
        order: list[str] = []
        by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        acronym_tags: dict[str, list[str]] = {}
        for tag, entries in topics.items():
            name = str(tag).strip().lower()
            if not name or name in order:
                continue
            order.append(name)
            for entry in entries:
                if _is_acronym(entry):
                    acronym_tags.setdefault(entry, []).append(name)
                elif phrase := _stems(entry):
                    by_first.setdefault(phrase[0], []).append((name, phrase))
        caps = sorted(acronym_tags, key=len, reverse=True)  # longest first: "SAM2" before "SAM"
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
            tuple(order),
            {k: tuple(v) for k, v in by_first.items()},
            {k: tuple(v) for k, v in acronym_tags.items()},
            pattern,
        )

    def tags_for(self, *texts: str) -> tuple[str, ...]:
        """Tags whose entries occur in the texts, in lexicon order."""
        joined = "\n".join(texts)
        stems = _stems(joined)
        found: set[str] = set()
        for i, first in enumerate(stems):
            for tag, phrase in self.by_first.get(first, ()):
                if tag not in found and stems[i : i + len(phrase)] == phrase:
                    found.add(tag)
        if self.acronyms is not None:
            for match in self.acronyms.finditer(joined):
                found.update(self.acronym_tags[match.group("a")])
        return tuple(tag for tag in self.order if tag in found)


def load_topics(text: str, origin: str) -> dict[str, list[str]]:
    """The [topics] table of a TOML text; ConfigError names the origin and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from None
    topics = data.get("topics", {})
    if not isinstance(topics, dict):
        raise ConfigError(f"{origin}: [topics] must be a table of tag = [words]")
    result: dict[str, list[str]] = {}
    for tag, entries in topics.items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ConfigError(f"{origin}: topic {tag!r} must be a list of strings")
        result[tag] = entries
    return result


def bundled_topics() -> dict[str, list[str]]:
    text = resources.files("digest_tui.core").joinpath("data/topics.toml").read_text("utf-8")
    return load_topics(text, "topics.toml")


def build_lexicon(extra: Mapping[str, Iterable[str]] | None = None) -> Lexicon:
    """The bundled lexicon, extended (entry lists appended) by the user's topics."""
    topics: dict[str, list[str]] = bundled_topics()
    for tag, entries in (extra or {}).items():
        topics.setdefault(tag.lower(), []).extend(entries)
    return Lexicon.from_mapping(topics)
