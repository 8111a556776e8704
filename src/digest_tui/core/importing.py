"""Importing into the library: parsed digests stored in one transaction each (one digest
per digest date), then the index follows; the bundled sample; removing digests."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from digest_tui.core.bundled import bundled_bytes, sha1_hex
from digest_tui.core.config import Config
from digest_tui.core.errors import AmbiguousError, DigestError, IngestError, NotFoundError
from digest_tui.core.indexing import IndexKeeper
from digest_tui.core.models import Digest, ImportSummary, Paper, Phase, PhaseProgress, Progress
from digest_tui.core.store import SAMPLE_SOURCE, Store

if TYPE_CHECKING:
    from digest_tui.core.sources.common import ParsedDigest

SAMPLE_LABEL = "sample"  # how the sample digest is listed; it is known by SAMPLE_SOURCE
TAGGER_VERSION = 2  # 2: topics need evidence, categories are kinds; bump when the rules change
TAGS_VERSION = "tags_version"


def sample_bytes() -> bytes:
    return bundled_bytes("sample-digest.txt")


class Importer:
    """Imports for one library; parsers and tagging load only when an import runs."""

    def __init__(self, store: Store, indexing: IndexKeeper, config: Config) -> None:
        self.store = store
        self.indexing = indexing
        self.config = config

    def import_file(
        self, path: str | os.PathLike[str], fmt: str = "auto", date: dt.date | None = None
    ) -> ImportSummary:
        """Parse one file and import it in one transaction; IngestError leaves no trace."""
        from digest_tui.core.sources import reading

        parsed, label = reading.prepare(str(path), fmt, date, self._topics(), self._max_bytes)
        if parsed is None:
            raise IngestError(label)
        return self.import_parsed(parsed, label, tagged=True)

    def import_files(
        self,
        paths: Sequence[str],
        fmt: str = "auto",
        date: dt.date | None = None,
        progress: PhaseProgress | None = None,
    ) -> Iterator[ImportSummary | DigestError]:
        """Import many files, each in its own transaction, in order; files are parsed in
        worker processes ahead of the store. Yields a summary or the error of each file;
        reports files read and files stored, each out of all the files."""
        from digest_tui.core.sources import reading

        report = progress or (lambda phase, done, total: None)
        total, lock, read = len(paths), threading.Lock(), [0]

        def one_read() -> None:
            with lock:
                read[0] += 1
                report(Phase.READING, read[0], total)

        report(Phase.READING, 0, total)
        report(Phase.STORING, 0, total)
        prepared = reading.prepare_all(
            paths, fmt, date, self._topics(), max_bytes=self._max_bytes, read=one_read
        )
        for stored, (parsed, label) in enumerate(prepared, start=1):
            if parsed is None:
                outcome: ImportSummary | DigestError = IngestError(label)
            else:
                try:
                    outcome = self.import_parsed(parsed, label, tagged=True)
                except DigestError as exc:  # disk full, the library busy: say it, go on
                    outcome = exc
            report(Phase.STORING, stored, total)
            yield outcome

    @property
    def _max_bytes(self) -> int:
        return self.config.max_file_mb * 2**20

    def _topics(self) -> tuple[tuple[str, str], ...]:
        from digest_tui.core.sources.reading import frozen_topics

        return frozen_topics(self.config.topics)

    def import_sample(self, year: int | None = None) -> ImportSummary:
        """Import the bundled sample digest (its `Aug 1` falls in `year`, default this year)."""
        from dataclasses import replace  # (the parsers' records are dataclasses)

        from digest_tui.core.sources import ParseContext, parse_bytes

        ctx = ParseContext(name="bundled sample digest", year=year or dt.date.today().year)
        parsed = parse_bytes(sample_bytes(), ctx, "hf-page-text")
        return self.import_parsed(replace(parsed, source=SAMPLE_SOURCE), label=SAMPLE_LABEL)

    def sample_digest(self) -> Digest:
        """The bundled sample digest, known by its source (no file can take it)."""
        for digest in self.store.digests.all():
            if digest.source == SAMPLE_SOURCE:
                return digest
        raise NotFoundError("the sample digest is not in the library (`sample add` adds it)")

    def import_parsed(
        self, parsed: ParsedDigest, label: str, tagged: bool = False
    ) -> ImportSummary:
        """Store parsed papers in one transaction: one digest per digest date."""
        from digest_tui.core.sources import reading
        from digest_tui.core.sources.limits import sanitize

        parsed = sanitize(parsed)  # no record can break the store or the index
        if not tagged:
            parsed = reading.tag_digest(parsed, reading.lexicon(self._topics()))
        with self.store.transaction() as con:
            digests: dict[dt.date | None, int] = {}

            def digest_for(day: dt.date | None) -> int:
                if day not in digests:
                    dated = day is not None and parsed.source != SAMPLE_SOURCE
                    name = day.isoformat() if dated and day else label
                    digests[day] = self.store.digests.ensure(con, parsed.source, day, name)
                return digests[day]

            if not parsed.papers:
                digest_for(parsed.date)  # an empty feed is an empty digest
            items = [
                (p, [digest_for(d) for d in (p.digest_dates or (parsed.date,))])
                for p in parsed.papers
            ]
            counts = self.store.papers.upsert(con, items)
            generation = self.store.generation()
            if counts.changed_ids:
                generation = self.store.bump_generation(con)
        if counts.changed_ids:
            self.indexing.follow(counts.changed_ids, generation, deleted=counts.removed_ids)
        return ImportSummary(
            source=parsed.source,
            path=label,
            digest_date=parsed.date,
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
            dropped_links=parsed.dropped_links,
            problems=parsed.problems,
        )

    def remove_digest(self, digest: Digest) -> int:
        """Remove a digest and its papers that nothing else holds; returns papers removed."""
        with self.store.transaction() as con:
            orphans, touched = self.store.digests.remove(con, digest.id)
            for paper_id in touched:
                self.store.papers.refresh_sort_date(con, paper_id)
            generation = self.store.bump_generation(con)
        self.indexing.follow(touched, generation, deleted=orphans)
        return len(orphans)

    def find_digest(self, key: str) -> Digest:
        """A digest by id, else by date (YYYY-MM-DD) or label; when several match, an
        AmbiguousError lists them (removing the wrong one loses papers)."""
        digests = self.store.digests.all()
        by_id = [d for d in digests if str(d.id) == key]
        found = by_id or [
            d for d in digests if d.label == key or (d.date and d.date.isoformat() == key)
        ]
        if not found:
            raise NotFoundError(f"no digest {key!r}; `digest-tui digests` lists them")
        if len(found) > 1:
            listed = "; ".join(
                f"id {d.id}: {d.source} {d.label} ({d.paper_count} papers)" for d in found
            )
            raise AmbiguousError(f"{len(found)} digests match {key!r}: {listed}. Name one by id")
        return found[0]

    # ----- automatic tags follow the lexicon ------------------------------------------------
    def tags_version(self) -> str:
        """Changes when the tagging rules, the bundled lexicon or the user's [topics] do."""
        bundled = bundled_bytes("topics.toml")
        mine = json.dumps(dict(self.config.topics), sort_keys=True).encode()
        return sha1_hex(b"%d\n%s\n%s" % (TAGGER_VERSION, bundled, mine))[:16]

    def tags_current(self) -> bool:
        if self.store.meta(TAGS_VERSION) == self.tags_version():
            return True
        if self.store.papers.count() == 0:  # an empty library follows any lexicon
            self.mark_tags_current()
            return True
        return False

    def mark_tags_current(self) -> None:
        with self.store.transaction() as con:
            self.store.set_meta(con, TAGS_VERSION, self.tags_version())

    def retag(self, progress: Progress | None = None) -> int:
        """Give every paper the tags the current lexicon and category rules give it (MSC
        and ACM classes become keywords); the user's own tags stay. A chunk a transaction,
        so a killed retag only leaves the version unset: the next start retags again."""
        from digest_tui.core.sources import reading
        from digest_tui.core.sources.limits import split_categories

        lexicon = reading.lexicon(self._topics())
        total = self.store.papers.count()
        chunk: list[Paper] = []

        def flush() -> None:
            with self.store.transaction() as con:
                for paper in chunk:
                    codes, classes = split_categories(paper.categories)
                    keywords = tuple(dict.fromkeys([*paper.keywords, *classes]))
                    topics = reading.topics_of(paper.with_changes(keywords=keywords), lexicon)
                    self.store.papers.retag(con, paper.id, topics, codes, keywords)
                self.store.bump_generation(con)  # the index holds tags: it must follow
            chunk.clear()

        for done, paper in enumerate(self.store.papers.iter_all(), start=1):
            chunk.append(paper)
            if len(chunk) == 500:
                flush()
                if progress:
                    progress(done, total)
        if chunk:
            flush()
        self.mark_tags_current()
        if progress:
            progress(total, total)
        return total
