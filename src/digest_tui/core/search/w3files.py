"""An index version read straight from its files, without importing Whoosh: what one CLI
search needs (the segments, a term's postings, the length bytes, the id and sort
columns), in the formats of whoosh-reloaded's W3 codec.

Importing Whoosh and opening the index were ~50 ms of a ~190 ms `digest-tui search`.
What this reader does not know (a compound segment, postings kept inline, another table
of contents, an unknown class in a pickle) raises `Unreadable`; a short or damaged file
raises whatever reading it raises. Either way the caller asks Whoosh, which also
decides whether to rebuild. Pickles
are loaded with an unpickler that builds plain data and stand-ins for Whoosh's classes
and refuses anything else, so a planted file runs no code. Tests hold every answer equal
to Whoosh's on indexes with several segments and deletions.
"""

from __future__ import annotations

import bisect
import functools
import io
import mmap
import os
import pickle
import re
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from digest_tui.core.models import Sort
from digest_tui.core.search.fields import SORT_COLUMNS
from digest_tui.core.search.ranking import mean_length
from digest_tui.core.search.words import IndexFields

_TOC = re.compile(r"_MAIN_([0-9]+)\.toc")
_TOC_VERSION = -111  # Whoosh's current table of contents
_INT, _LONG, _FIELD = struct.Struct("!i"), struct.Struct("!q"), struct.Struct("!H")
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # before each entry of a hash file
_SLOT = struct.Struct("!Iq")  # a hash table slot: the key's hash, where the entry is
_TABLE = struct.Struct("!qi")  # a hash table: where its slots start, how many
_TERM_INFO = struct.Struct("!BfIBBfII")  # flags, weight, document frequency, ...
_BLOCKS = b"W3Bl"  # the tag before a term's posting blocks
_PLAIN_CLASSES = {  # what the pickles Whoosh writes use (protocol 2 keeps bytes via _codecs)
    ("_codecs", "encode"),
    ("array", "_array_reconstructor"),
    ("array", "array"),
    ("builtins", "frozenset"),
    ("builtins", "int"),
    ("builtins", "set"),
    ("collections", "defaultdict"),
}


class Unreadable(Exception):
    """Something this reader does not know: Whoosh answers instead."""


class _Kept:
    """Stands for a Whoosh object in a pickle: keeps its attributes, runs nothing."""

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (attributes, slots)
            state = {**(state[0] or {}), **(state[1] or {})}
        if not isinstance(state, dict):
            raise Unreadable("an unexpected object in the index")
        self.__dict__.update(state)


@functools.cache
def _kept(module: str, name: str) -> type[_Kept]:
    return type(name, (_Kept,), {"__qualname__": f"{module}.{name}"})


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "whoosh" or module.startswith("whoosh."):
            return _kept(module, name)
        if (module, name) in _PLAIN_CLASSES:
            return super().find_class(module, name)
        raise Unreadable(f"{module}.{name} in the index")


def _load(stream: io.BufferedIOBase) -> Any:
    return _Unpickler(stream).load()


def _buffered(data: bytes) -> io.BufferedReader:
    """A stream the unpickler can peek into: it then reads its pickle at once (~2.5x
    quicker than from a BytesIO, which it reads opcode by opcode)."""
    return io.BufferedReader(io.BytesIO(data))


def _varint(stream: io.BytesIO) -> int:
    """Whoosh's unsigned varint: seven bits a byte, lowest first."""
    value = shift = 0
    while True:
        byte = stream.read(1)
        if not byte:
            raise Unreadable("the table of contents ends early")
        value |= (byte[0] & 0x7F) << shift
        shift += 7
        if not byte[0] & 0x80:
            return value


def _int(stream: io.BytesIO) -> int:
    data = stream.read(4)
    if len(data) != 4:
        raise Unreadable("the table of contents ends early")
    return int(_INT.unpack(data)[0])


class Segment:
    """One segment: its file names' stem, size, deletions and field length totals."""

    def __init__(self, kept: Any) -> None:
        if getattr(kept, "compound", True) or getattr(kept, "indexname", None) != "MAIN":
            raise Unreadable("a compound segment")
        self.stem = f"MAIN_{kept.segid}"
        self.count = int(kept._doccount)
        self.deleted = sorted(kept._deleted or ())
        self.field_lengths = {str(k): int(v) for k, v in dict(kept._fieldlengths).items()}


class _HashFile:
    """A Whoosh hash file (a segment's terms): a key's value by its hash."""

    def __init__(self, data: Any) -> None:
        if data[:4] != b"HSH3":
            raise Unreadable("not a terms file")
        hashes: dict[int, Callable[[bytes], int]] = {0: _md5_hash, 1: _crc_hash}
        if data[4] not in hashes:
            raise Unreadable("an unknown hash")
        self.hash = hashes[data[4]]
        self.data = data
        end = len(data) - 4
        extras_at = end - _INT.unpack_from(data, end)[0]
        self.extras = _load(_buffered(data[extras_at:end]))
        tables_at = extras_at - 256 * _TABLE.size
        self.tables = [_TABLE.unpack_from(data, tables_at + i * _TABLE.size) for i in range(256)]

    def get(self, key: bytes) -> bytes | None:
        """As Whoosh's HashReader looks a key up: from its hash's slot on, round the
        table, until an empty slot."""
        data, code = self.data, self.hash(key)
        start, slots = self.tables[code & 255]
        at = start + ((code >> 8) % slots) * _SLOT.size if slots else 0
        end = start + slots * _SLOT.size
        for _ in range(slots):
            slot_code, entry = _SLOT.unpack_from(data, at)
            if not entry:
                return None
            if slot_code == code:
                key_length, value_length = _KEY_VALUE_LENGTHS.unpack_from(data, entry)
                key_at = entry + _KEY_VALUE_LENGTHS.size
                if key_length == len(key) and data[key_at : key_at + key_length] == key:
                    return bytes(data[key_at + key_length : key_at + key_length + value_length])
            at += _SLOT.size
            if at == end:
                at = start
        return None


def _md5_hash(key: bytes) -> int:
    """Whoosh's default: the MD5's last four bytes. (The built-in `_md5` loads in
    microseconds; hashlib loads OpenSSL, ~3 ms of a CLI search.)"""
    try:
        from _md5 import md5  # type: ignore[import-not-found]
    except ImportError:  # a Python built without it
        from hashlib import md5
    return int.from_bytes(md5(key).digest()[-4:], "big")


def _crc_hash(key: bytes) -> int:
    return zlib.crc32(key) & 0xFFFFFFFF


class IndexFiles:
    """The latest version of an index directory, read from its files."""

    schema = IndexFields()

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._maps: dict[str, Any] = {}
        self._terms: dict[str, tuple[_HashFile, dict[str, int]]] = {}
        self._columns: dict[str, tuple[Any, Sequence[int], Sequence[int]]] = {}
        self.segments = [Segment(kept) for kept in self._table_of_contents()]
        self.bases = list(accumulate((s.count for s in self.segments), initial=0))
        self.size = self.bases[-1]

    def _table_of_contents(self) -> list[Any]:
        generations = [int(m[1]) for n in os.listdir(self.directory) if (m := _TOC.fullmatch(n))]
        if not generations:
            raise Unreadable("no table of contents")
        generation = max(generations)
        stream = io.BytesIO((self.directory / f"_MAIN_{generation}.toc").read_bytes())
        if [_varint(stream) for _ in range(3)] != [4, 8, 4] or _int(stream) != -12345:
            raise Unreadable("another machine's index")
        if _int(stream) != _TOC_VERSION:
            raise Unreadable("another table of contents version")
        for _ in range(3):  # the Whoosh release that wrote it
            _varint(stream)
        stream.seek(_varint(stream), os.SEEK_CUR)  # the pickled schema: schema.py's
        if _int(stream) != generation:
            raise Unreadable("a table of contents of another generation")
        _int(stream)
        segments = _load(stream)
        if not isinstance(segments, list):
            raise Unreadable("no segment list")
        return segments

    def close(self) -> None:
        for data in self._maps.values():
            if isinstance(data, mmap.mmap):
                data.close()
        self._maps.clear()

    def __enter__(self) -> IndexFiles:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _file(self, name: str) -> Any:
        """A file's bytes, mapped (b"" when empty); FileNotFoundError when absent."""
        if name not in self._maps:
            with open(self.directory / name, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                self._maps[name] = (
                    mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
                )
        return self._maps[name]

    # ----- what oneshot.py reads ---------------------------------------------------------
    def leaves(self) -> list[tuple[Segment, int]]:
        return list(zip(self.segments, self.bases[:-1], strict=True))

    def _term_value(self, segment: Segment, field: str, term: str) -> bytes | None:
        if segment.stem not in self._terms:
            table = _HashFile(self._file(segment.stem + ".trm"))
            self._terms[segment.stem] = (table, dict(table.extras["fieldmap"]))
        table, fields = self._terms[segment.stem]
        number = fields.get(field, 65535)
        return table.get(_FIELD.pack(number) + term.encode("utf-8"))

    def doc_frequency(self, field: str, term: str) -> int:
        found = 0
        for segment in self.segments:
            value = self._term_value(segment, field, term)
            found += _TERM_INFO.unpack_from(value)[2] if value else 0
        return found

    def posting_blocks(
        self, segment: Segment, field: str, term: str
    ) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        """(segment docnums, term frequencies) of a term, one block at a time."""
        value = self._term_value(segment, field, term)
        if value is None:
            return
        if value[0]:
            raise Unreadable("postings kept inline")
        postings = self._file(segment.stem + ".pst")
        at = _LONG.unpack_from(value, _TERM_INFO.size)[0]
        if postings[at : at + 4] != _BLOCKS:
            raise Unreadable("not a posting block")
        at += 4
        while True:
            length = _INT.unpack_from(postings, at)[0]
            end = at + 4 + abs(length)
            stream = _buffered(postings[at + 4 : end])
            count, _, _, compressed = _load(stream)[:4]
            rest = stream.read()
            ids, weights = _load(_buffered(zlib.decompress(rest) if compressed else rest))[:2]
            if weights is None or isinstance(weights, float):  # all alike: stored once
                weights = array("f", [1.0 if weights is None else weights]) * count
            yield list(accumulate(ids)), weights
            if length < 0:  # the last block
                return
            at = end

    def length_bytes(self, segment: Segment, field: str) -> bytes:
        """Each document's length byte in a field, 0 past what the column holds."""
        try:
            raw = bytes(self._file(f"{segment.stem}._{field}_len.col"))[: segment.count]
        except FileNotFoundError:
            return bytes(segment.count)
        return raw + bytes(segment.count - len(raw))

    def average_length(self, field: str) -> float:
        """As Whoosh's BM25F takes it (deleted documents included until a merge)."""
        return mean_length(sum(s.field_lengths.get(field, 0) for s in self.segments), self.size)

    def deleted(self, segment: Segment) -> list[int]:
        return segment.deleted

    def doc_count(self, segment: Segment) -> int:
        return segment.count

    def sort_key(self, sort: Sort) -> Callable[[int], Any]:
        """Newest or most upvoted first; titles in order (their UTF-8 bytes sort alike)."""
        name = SORT_COLUMNS[sort]
        if sort is Sort.TITLE:
            return lambda docnum: self._var_bytes(name, docnum)
        values: list[int] = []
        for segment in self.segments:  # 32-bit numbers as Whoosh sorts them ("!I")
            data = self._file(f"{segment.stem}.{name}.col")
            if len(data) != 4 * segment.count or array("I").itemsize != 4:
                raise Unreadable(f"an unexpected {name} column")
            values.extend(_numbers(data, 0, "I", segment.count))
        return lambda docnum: -values[docnum]

    def ids_of(self, docnums: Sequence[int]) -> tuple[str, ...]:
        return tuple(self._var_bytes("id", d).decode("utf-8") for d in docnums)

    def _var_bytes(self, name: str, docnum: int) -> bytes:
        """A document's value in a column of byte strings."""
        place = bisect.bisect_right(self.bases, docnum) - 1
        segment, local = self.segments[place], docnum - self.bases[place]
        key = f"{segment.stem}.{name}.col"
        if key not in self._columns:
            self._columns[key] = _var_bytes_column(self._file(key), segment.count)
        data, offsets, lengths = self._columns[key]
        return bytes(data[offsets[local] : offsets[local] + lengths[local]])

    def lexicon(self, field: str) -> tuple[list[str], list[int]]:
        raise Unreadable("the vocabulary is read through Whoosh")


def _numbers(data: Any, at: int, code: str, count: int) -> array[int]:
    numbers = array(code)
    numbers.frombytes(bytes(data[at : at + numbers.itemsize * count]))
    if len(numbers) != count:
        raise Unreadable("a short column")
    if sys.byteorder == "little":  # stored big-endian
        numbers.byteswap()
    return numbers


def _var_bytes_column(data: Any, count: int) -> tuple[Any, Sequence[int], Sequence[int]]:
    """(data, offsets, lengths) of Whoosh's VarBytesColumn: the lengths' type code last,
    before it ("X" last) the offsets and their type code."""
    last = len(data) - 1
    code = chr(data[last])
    offsets: Sequence[int] | None = None
    if code == "X":
        code, offsets_code = chr(data[last - 2]), chr(data[last - 1])
        start = (last - 2) - count * struct.calcsize(offsets_code)
        offsets = _numbers(data, start, offsets_code, count)
        last = start
    lengths = _numbers(data, last - struct.calcsize(code) * count, code, count)
    if offsets is None:
        offsets = list(accumulate(lengths, initial=0))[:-1]
    return data, offsets, lengths
