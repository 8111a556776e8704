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
from digest_tui.core.index import stem

_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", re.UNICODE)
_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _is_acronym(entry: str) -> bool:
    letters = [c for c in entry if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in _ALNUM.findall(text))


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicon: phrase stems per tag and acronym patterns per tag."""

    phrases: Mapping[str, tuple[tuple[str, ...], ...]]
    acronyms: Mapping[str, re.Pattern[str] | None]

    @classmethod
    def from_mapping(cls, topics: Mapping[str, Iterable[str]]) -> Lexicon:
        phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
        acronyms: dict[str, re.Pattern[str] | None] = {}
        for tag, entries in topics.items():
            name = str(tag).strip().lower()
            if not name:
                continue
            plain = [_stems(e) for e in entries if not _is_acronym(e)]
            caps = [re.escape(e) for e in entries if _is_acronym(e)]
            phrases[name] = tuple(p for p in plain if p)
            acronyms[name] = (
                re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(caps) + r")(?:s|\d+)?(?![A-Za-z])")
                if caps
                else None
            )
        return cls(phrases, acronyms)

    def tags_for(self, *texts: str) -> tuple[str, ...]:
        """Tags whose entries occur in the texts, in lexicon order."""
        joined = "\n".join(texts)
        stems = _stems(joined)
        positions: dict[str, list[int]] = {}
        for i, s in enumerate(stems):
            positions.setdefault(s, []).append(i)
        found = []
        for tag, entries in self.phrases.items():
            pattern = self.acronyms.get(tag)
            if any(_has_phrase(stems, positions, p) for p in entries) or (
                pattern is not None and pattern.search(joined)
            ):
                found.append(tag)
        return tuple(found)


def _has_phrase(
    stems: tuple[str, ...], positions: dict[str, list[int]], phrase: tuple[str, ...]
) -> bool:
    return any(
        stems[start : start + len(phrase)] == phrase for start in positions.get(phrase[0], ())
    )


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
