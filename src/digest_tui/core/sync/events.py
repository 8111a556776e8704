"""Sync events: one change of the user's state, stamped by a hybrid logical clock.

A stamp is `TTTTTTTTTTTTTTT.CCCCCC.machine`: wall milliseconds, a counter, the machine
id. Fixed widths make string order the clock's order, machine id last as the tiebreak,
so "last writer wins" is `max()` over stamps and the same on every machine.

Events come from other machines (maybe another person's): `parse` holds every field to
the limits an import has and raises `ValueError` for anything else.
"""

import json
import re
import time
from collections.abc import Iterable
from typing import Any, NamedTuple

from digest_tui.core.identity import is_valid_id
from digest_tui.core.textsafe import json_dumps, no_surrogates, safe

MACHINE = re.compile(r"[0-9a-f]{16}")
OPS = ("bookmark", "read", "note", "tag", "saved")
COUNTER_MAX = 999_999
# Limits at least as wide as what this library lets a user write (a tag is cut to 100
# characters and lower-cased, a saved search's name to 80): whatever one machine records,
# every machine accepts, or they would never agree.
MAX_TAG = 400
MAX_NOTE = 1_000_000
MAX_NAME = 80
MAX_QUERY = 10_000
MAX_LINE = 8_000_000  # bytes; a longer line is skipped as bad
STAMP = re.compile(r"[0-9]{15}\.[0-9]{6}\.[0-9a-f]{16}", re.ASCII)
# A stamp past 2100 is a broken clock or a forged line. The bound is fixed, not "now plus
# a margin": every machine must accept the same events, whatever its own clock says.
LAST_MS = 4_102_444_800_000


class Event(NamedTuple):
    """`value`: bool (bookmark, read, tag), str (note), or a saved search as
    {"query": str, "tags": [str]} (None: deleted). `record`: the paper as the JSON Lines
    export writes it, so a machine that never imported it can show it."""

    stamp: str
    op: str
    value: Any
    paper: str = ""
    tag: str = ""
    name: str = ""
    record: dict[str, Any] | None = None

    @property
    def machine(self) -> str:
        return self.stamp.rsplit(".", 1)[1]

    @property
    def key(self) -> str:
        """What the event sets: one register per field and per (paper, tag) pair."""
        if self.op == "tag":
            return f"tag\x1f{self.paper}\x1f{self.tag}"
        if self.op == "saved":
            return f"saved\x1f{self.name}"
        return f"{self.op}\x1f{self.paper}"

    def line(self, seq: int) -> str:
        """The journal line (with this machine's sequence number)."""
        data: dict[str, Any] = {"v": 1, "seq": seq, "stamp": self.stamp, "op": self.op}
        for field in ("paper", "tag", "name"):
            if getattr(self, field):
                data[field] = getattr(self, field)
        data["value"] = self.value
        if self.record is not None:
            data["record"] = self.record
        return json_dumps(data) + "\n"


def stamp(ms: int, counter: int, machine: str) -> str:
    return f"{ms:015d}.{counter:06d}.{machine}"


def parts(value: str) -> tuple[int, int, str]:
    ms, counter, machine = value.split(".")
    return int(ms), int(counter), machine


def wall_ms() -> int:
    return int(time.time() * 1000)


def tick(last: str | None, machine: str, now_ms: int | None = None) -> str:
    """The next local stamp: after the wall clock and after every stamp seen (`last`)."""
    now_ms = wall_ms() if now_ms is None else now_ms
    if last is None:
        return stamp(now_ms, 0, machine)
    ms, counter, _ = parts(last)
    if now_ms > ms:
        return stamp(now_ms, 0, machine)
    if counter >= COUNTER_MAX:
        return stamp(ms + 1, 0, machine)
    return stamp(ms, counter + 1, machine)


def later(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _text(data: dict[str, Any], field: str, limit: int) -> str:
    value = data.get(field, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{field} is not a string of at most {limit} characters")
    return no_surrogates(value)


def one_line(text: str) -> bool:
    """Text as this library stores a tag or a name: one line, no surrounding or double
    spaces, nothing the terminal-safety function would change."""
    return bool(text) and " ".join(text.split()) == text and safe(text, len(text) + 1) == text


def _one_line(text: str, field: str) -> str:
    if not one_line(text):
        raise ValueError(f"{field} must be one line of safe text")
    return text


def parse(raw: bytes) -> tuple[Event, int]:
    """One journal line -> (event, seq). ValueError for anything that is not a valid event."""
    if len(raw) > MAX_LINE:
        raise ValueError("line too long")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("v") != 1:
        raise ValueError("not a version 1 event")
    seq, op, value = data.get("seq"), data.get("op"), data.get("value")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**62:
        raise ValueError("bad seq")
    if op not in OPS:
        raise ValueError("unknown op")
    at = data.get("stamp")
    if not isinstance(at, str) or not STAMP.fullmatch(at) or parts(at)[0] >= LAST_MS:
        raise ValueError("bad stamp")
    paper = tag = name = ""
    if op == "saved":
        name = _one_line(_text(data, "name", MAX_NAME), "name")
        value = _saved_value(value)
    else:
        paper = _text(data, "paper", 64)
        if not is_valid_id(paper):
            raise ValueError("bad paper id")
        if op == "note":
            if not isinstance(value, str) or len(value) > MAX_NOTE:
                raise ValueError("a note is a string")
            value = no_surrogates(value)
        elif not isinstance(value, bool):
            raise ValueError(f"{op} takes true or false")
        if op == "tag":
            tag = _one_line(_text(data, "tag", MAX_TAG), "tag")
            if tag != tag.lower():
                raise ValueError("a tag is lower-case")
    record = data.get("record")
    if record is not None and not isinstance(record, dict):
        raise ValueError("record is not an object")
    return Event(at, op, value, paper, tag, name, record), seq


def _saved_value(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("a saved search is an object or null")
    query, tags = value.get("query", ""), value.get("tags", [])
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        raise ValueError("bad saved query")
    if not isinstance(tags, list) or len(tags) > 50:
        raise ValueError("bad saved tags")
    if not all(isinstance(t, str) and len(t) <= MAX_TAG and one_line(t) for t in tags):
        raise ValueError("bad saved tag")
    return {"query": no_surrogates(query), "tags": list(tags)}


def parse_lines(lines: Iterable[bytes]) -> tuple[list[Event], int]:
    """The valid events among journal lines, and how many lines were not one."""
    found: list[Event] = []
    bad = 0
    for raw in lines:
        try:
            found.append(parse(raw)[0])
        except ValueError:
            bad += 1
    return found, bad
