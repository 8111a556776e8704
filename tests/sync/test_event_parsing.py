"""A journal line from another machine (maybe another person's): any bytes give an event
or a ValueError, nothing else; an event that parses is one this library can apply."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from digest_tui.core.sync.events import Event, parse

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
near_events = st.fixed_dictionaries(
    {
        "v": st.sampled_from([1, 2, "1", None]),
        "seq": st.one_of(st.integers(-2, 2**63), st.booleans(), st.text()),
        "stamp": st.one_of(
            st.from_regex(r"[0-9]{15}\.[0-9]{6}\.[0-9a-f]{16}", fullmatch=True), st.text()
        ),
        "op": st.sampled_from(["bookmark", "read", "note", "tag", "saved", "drop", ""]),
        "paper": st.one_of(st.sampled_from(["2401.00001", "t-0123456789ab", "../x"]), st.text()),
        "tag": st.text(),
        "name": st.text(),
        "value": json_values,
        "record": json_values,
    }
)


def check(raw: bytes) -> None:
    try:
        event, seq = parse(raw)
    except ValueError:
        return
    assert isinstance(event, Event) and seq > 0
    assert event.key and event.machine  # usable as a register


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    check(raw)


@settings(max_examples=500)
@given(near_events)
def test_lines_that_look_like_events(data: dict[str, object]) -> None:
    check(json.dumps(data).encode())
    check(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    check(b"[" * 5000 + b"]" * 5000)  # nesting deeper than the parser goes
