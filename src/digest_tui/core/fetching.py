"""Fetching for the library: bring each digest's bytes (sources.fetch), parse, import,
and keep the raw response in the cache (a day already fetched is not asked for again)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from digest_tui.core.files import write_atomic
from digest_tui.core.models import FetchOutcome, FetchPlan, Progress

if TYPE_CHECKING:
    from digest_tui.core.library import Library


def run_fetch(library: Library, plan: FetchPlan, progress: Progress | None) -> list[FetchOutcome]:
    from digest_tui.core.sources import ParseContext, parse_bytes
    from digest_tui.core.sources.fetch import Client, arxiv_listing_url, hf_day_bytes

    outcomes: list[FetchOutcome] = []
    cache = library.paths.fetch_cache
    hf = Client(timeout=plan.timeout, retries=plan.retries, run_deadline=plan.deadline)
    total = len(plan.hf_days) + (1 if plan.arxiv else 0)
    for done, day in enumerate(plan.hf_days):
        cached = cache / "hf" / f"{day.isoformat()}.json"
        if cached.exists() and not plan.refresh:
            outcomes.append(FetchOutcome(f"HF {day.isoformat()}", None))
        else:
            data = hf_day_bytes(hf, plan.hf_base, day)
            ctx = ParseContext(name=f"{plan.hf_base} daily papers {day}", date=day)
            summary = library.import_parsed(parse_bytes(data, ctx, "hf-json"), day.isoformat())
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, data)
            outcomes.append(FetchOutcome(f"HF {day.isoformat()}", summary))
        if progress:
            progress(done + 1, total)
    if plan.arxiv:
        arxiv = Client(
            min_interval=3.0, timeout=plan.timeout, retries=plan.retries, run_deadline=plan.deadline
        )
        url = arxiv_listing_url(plan.arxiv_base, plan.arxiv)
        data = arxiv.get(url)
        parsed = parse_bytes(data, ParseContext(name=url))
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        raw = cache / "arxiv" / f"{'+'.join(plan.arxiv)}-{stamp}.xml"
        raw.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(raw, data)
        label = f"arxiv {' '.join(plan.arxiv)}"
        outcomes.append(FetchOutcome(label, library.import_parsed(parsed, label)))
        if progress:
            progress(total, total)
    return outcomes
