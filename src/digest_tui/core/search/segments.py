"""Reading a Whoosh (W3) segment in bulk: a term's postings block by block, a field's
length bytes and a column's values in one read, the deleted documents. No numpy: the
in-memory postings (fast.py) and the one-shot CLI search (oneshot.py) both build on it.

Whoosh reads these one document at a time through several layers of Python (a field's
lengths for 35,000 papers took ~70 ms, the id column ~150 ms); the files hold them as
contiguous runs, which one read returns. Anything unexpected falls back to Whoosh's
own per-document reading.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn

from digest_tui.core.models import Sort
from digest_tui.core.search.fields import SORT_COLUMNS
from digest_tui.core.search.ranking import mean_length

_TERM_INFO_HEAD = struct.Struct("!BfI")  # W3TermInfo's flags, weight, document frequency
# ... and where its postings start: after the rest of its head ("!BfIBBfII")
_POSTINGS_AT, _POSTINGS_OFFSET = struct.Struct("!q"), struct.calcsize("!BfIBBfII")
_TERM_INFO_SIZE = _POSTINGS_OFFSET + _POSTINGS_AT.size
ABSENT, INLINE = -1, -2  # a lexicon's place of a word a segment lacks, or keeps inline
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # before each entry of an ordered hash file


def leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, first docnum) of each segment (an empty index has a reader with
    no segments behind it)."""
    return [
        (segment, base)
        for segment, base in reader.leaf_readers()
        if hasattr(segment, "_terms") and hasattr(segment, "_perdoc")
    ]


def posting_blocks(
    segment: Any, schema: Any, field: str, term: str
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(segment docnums, term frequencies) of a term, one block at a time."""
    for block in _blocks(segment, schema, field, term, None):
        block._read_ids()
        block._read_weights()
        yield block._ids, block._weights


def stored_blocks(
    segment: Any, schema: Any, field: str, term: str, place: int | None = None
) -> Iterator[tuple[Sequence[int], bool, Any, int]]:
    """A term's blocks as stored, for numpy to decode (Whoosh decodes them number by
    number): (ids, whether they are gaps from one id to the next, frequencies (None: all
    1.0; a float: all that), how many)."""
    for block in _blocks(segment, schema, field, term, place):
        if block._data is None:
            block._read_data()
        yield block._data[0], not block._byteids, block._data[1], block._blocklength


def _blocks(segment: Any, schema: Any, field: str, term: str, place: int | None) -> Iterator[Any]:
    """Whoosh's matcher at each block of a term's postings in turn. `place`: where the
    postings start, as `read_lexicon(..., places=True)` read it, which saves two lookups
    in the terms file's hash table per term and segment."""
    text = schema[field].to_bytes(term)
    if place is not None:  # (the length argument is one Whoosh's matcher never reads)
        fmt = schema[field].format
        matcher = W3LeafMatcher(segment._terms._postfile, place, 0, fmt, term=(field, text))
    elif (field, text) in segment:
        matcher = segment._terms.matcher(field, text, schema[field].format)
    else:
        return
    while not matcher._atend:
        yield matcher
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def length_bytes(segment: Any, field: str) -> bytes:
    """Each document's length byte in a field (LENGTH_OF gives the length), in one read."""
    count: int = segment.doc_count_all()
    column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return bytes(count)
    if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        stored = min(column._count, count)
        raw = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
        default: int = column._default
        return raw + bytes([default]) * (count - len(raw))
    return bytes(column[n] for n in range(count))


def column_values(segment: Any, name: str) -> list[Any]:
    """A column's value for each document of a segment, as Whoosh's column reader gives
    them; a variable-length column (ids, titles) is read in one piece and cut."""
    reader = segment.column_reader(name)
    raw = getattr(reader, "_reader", None)  # under the field's translation
    if isinstance(raw, VarBytesColumn.Reader) and len(raw._lengths) == segment.doc_count_all():
        lengths, offsets = raw._lengths, raw._offsets
        end = (offsets[-1] + lengths[-1]) if len(lengths) else 0
        data = bytes(raw._dbfile.get(raw._basepos, end)) if end else b""
        translate = reader._translate
        return [
            translate(data[offset : offset + length])
            for offset, length in zip(offsets, lengths, strict=True)
        ]
    return list(reader)


def deleted(segment: Any) -> list[int]:
    """The segment's deleted docnums (still in its postings until a merge)."""
    return sorted(segment._perdoc.deleted_docs()) if segment.has_deletions() else []


class WhooshSegments:
    """A Whoosh reader's segments as oneshot.py reads them (w3files.py reads the same
    from the files, without Whoosh)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.schema = reader.schema
        self._leaves = leaves(reader)

    def leaves(self) -> list[tuple[Any, int]]:
        return self._leaves

    def deleted(self, segment: Any) -> list[int]:
        return deleted(segment)

    def doc_count(self, segment: Any) -> int:
        return int(segment.doc_count_all())

    def posting_blocks(
        self, segment: Any, field: str, term: str
    ) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        return posting_blocks(segment, self.schema, field, term)

    def length_bytes(self, segment: Any, field: str) -> bytes:
        return length_bytes(segment, field)

    def average_length(self, field: str) -> float:
        return average_length(self.reader, field)

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self.reader.doc_frequency(field, term))

    def sort_key(self, sort: Sort) -> Any:
        """Newest or most upvoted first; titles in order."""
        column = self.reader.column_reader(SORT_COLUMNS[sort])
        if sort is Sort.TITLE:
            return column.__getitem__
        return lambda docnum: -column[docnum]

    def ids_of(self, docnums: Sequence[int]) -> tuple[str, ...]:
        return ids_of(self.reader, docnums)

    def lexicon(self, field: str) -> tuple[list[str], list[int]]:
        return lexicon(self._leaves, field)


def average_length(reader: Any, field: str) -> float:
    """A field's average length (ranking.mean_length) from Whoosh's reader."""
    return mean_length(reader.field_length(field), reader.doc_count_all())


def ids_of(reader: Any, docnums: Sequence[int]) -> tuple[str, ...]:
    """The ids of a few papers: from their stored fields (the id column's reader first
    derives the offsets of every paper, ~20 ms at 35,000), or the column for many."""
    if len(docnums) > 500:
        column = reader.column_reader("id")
        return tuple(column[d] for d in docnums)
    return tuple(reader.stored_fields(d)["id"] for d in docnums)


def lexicon(leaves: Sequence[tuple[Any, int]], field: str) -> tuple[list[str], list[int]]:
    """Every term of a field, sorted, and how many papers hold each, straight from each
    segment's terms file (~0.15 s for 100,000 words, where Whoosh's own iteration reads
    the file three times per term and asking it term by term took seconds)."""
    words, counts, _ = read_lexicon(leaves, field, places=False)
    return words, counts


def read_lexicon(
    leaves: Sequence[tuple[Any, int]], field: str, places: bool
) -> tuple[list[str], list[int], list[array[int]]]:
    """`lexicon`, and with `places`, where each word's postings start in each segment
    (aligned with the words; ABSENT where a segment lacks the word, INLINE where it
    keeps the postings in the terms file)."""
    counts: dict[bytes, int] = {}
    starts: list[list[tuple[bytes, int]]] = []
    head_of, start_of = _TERM_INFO_HEAD.unpack_from, _POSTINGS_AT.unpack_from
    for segment, _ in leaves:
        terms = segment._terms
        head = terms._keycoder(field, b"")
        cut = len(head)
        found: list[tuple[bytes, int]] = []
        for key, value in _terms_from(terms._tindex, head):
            if not key.startswith(head):
                break
            word = key[cut:]
            counts[word] = counts.get(word, 0) + head_of(value)[2]
            if places:
                stored = value[0] == 0 and len(value) >= _TERM_INFO_SIZE
                found.append((word, start_of(value, _POSTINGS_OFFSET)[0] if stored else INLINE))
        starts.append(found)
    ordered = sorted(counts)
    kept: list[array[int]] = []
    if places:
        position = dict(zip(ordered, range(len(ordered)), strict=True))
        for found in starts:
            at = array("q", [ABSENT]) * len(ordered)
            for word, start in found:
                at[position[word]] = start
            kept.append(at)
    return [w.decode("utf-8", "replace") for w in ordered], [counts[w] for w in ordered], kept


def _terms_from(table: Any, head: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) of an ordered hash file from `head` on: the rest of its data read at
    once and cut here (key and value lengths, then the key, then the value)."""
    start = table.closest_key_pos(head)
    end = getattr(table, "endofdata", None)
    if start is None or not isinstance(end, int):
        yield from table.items_from(head) if start is not None else ()
        return
    data = bytes(table.dbfile.get(start, end - start))
    lengths = _KEY_VALUE_LENGTHS.unpack_from
    pos = 0
    while pos < len(data):
        key_length, value_length = lengths(data, pos)
        key_at = pos + _KEY_VALUE_LENGTHS.size
        value_at = key_at + key_length
        yield data[key_at:value_at], data[value_at : value_at + value_length]
        pos = value_at + value_length
