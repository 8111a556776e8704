"""BibTeX read back with bibtexparser 2, as v1 shaped it (a dict per entry with `ID` and
`ENTRYTYPE`, lowercase field names); `decode` turns LaTeX into text (pylatexenc), as a
reference manager does on import."""

from __future__ import annotations

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware


def bib_entries(text: str, *, decode: bool = False) -> list[dict[str, str]]:
    middleware = [LatexDecodingMiddleware()] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    entries = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        entries.append({"ID": entry.key, "ENTRYTYPE": entry.entry_type, **fields})
    return entries
