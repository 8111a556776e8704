"""Do topic tags mean what they say? Precision and recall against arXiv categories.

For each topic tag with an arXiv-category counterpart (robotics ~ cs.RO, nlp ~ cs.CL, ...),
the papers the tag is on are compared with the papers in that category: precision (of the
tagged papers, the share in the category), recall (of the category's papers, the share
tagged). For every topic tag, its share of the library. Tags are computed from the text
only (title, abstract, keywords), never from the categories they are judged against.

Goals (issue 14): precision >= 0.8 on every tag with a counterpart; no topic tag on more
than 35% of the papers.

The category is a proxy, and in this corpus (cs.CV and cs.CL listings) a loose one: a
speech paper listed in cs.CL alone is counted as a miss of "speech". So each tag with a
counterpart was also audited: 40 of its papers, sampled at random, judged on topic or not by
reading their titles and abstracts (benchmarks/tag_audit.json: paper id -> judgement). The
audited precision is over the judged papers the tag is still on.

    python benchmarks/tags.py [--corpus DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import corpus_files  # noqa: E402

from digest_tui.core.models import Paper  # noqa: E402
from digest_tui.core.sources import ParseContext, parse_bytes  # noqa: E402
from digest_tui.core.sources.reading import topics_of  # noqa: E402
from digest_tui.core.sources.tagging import build_lexicon  # noqa: E402

# topic tag -> the arXiv categories (or category prefixes, ending in ".") it stands for
COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "robotics": ("cs.RO",),
    "computer vision": ("cs.CV",),
    "nlp": ("cs.CL",),
    "speech": ("cs.SD", "eess.AS"),
    "audio": ("cs.SD", "eess.AS"),
    "code": ("cs.SE", "cs.PL"),
    "privacy": ("cs.CR",),
    "security": ("cs.CR",),
    "retrieval": ("cs.IR",),
    "recommendation": ("cs.IR",),
    "quantum": ("quant-ph",),
    "biology": ("q-bio.",),
    "finance": ("q-fin.",),
}
GOAL_PRECISION = 0.8
GOAL_SHARE = 0.35
AUDIT = HERE / "tag_audit.json"


def corpus_papers(files: list[Path]) -> list[Paper]:
    """The distinct papers of the corpus (the last sighting of each id)."""
    papers: dict[str, Paper] = {}
    for path in files:
        for paper in parse_bytes(path.read_bytes(), ParseContext(name=path.name)).papers:
            papers[paper.id] = paper
    return list(papers.values())


def in_category(paper: Paper, wanted: tuple[str, ...]) -> bool:
    """In one of the categories: a code (`cs.RO`, also matching `astro-ph.GA` for
    `astro-ph`) or a prefix ending in "." or "-" (`q-bio.`, `hep-`)."""
    for code in paper.categories:
        for want in wanted:
            if want.endswith((".", "-")):
                if code.startswith(want):
                    return True
            elif code == want or code.startswith(want + "."):
                return True
    return False


def evaluate(
    papers: list[Paper], audit: dict[str, dict[str, bool]] | None = None
) -> tuple[list[str], bool, float]:
    audit = audit or {}
    lexicon = build_lexicon()
    start = time.perf_counter()
    tags = {p.id: set(topics_of(p, lexicon)) for p in papers}
    seconds = time.perf_counter() - start
    total = len(papers)
    counts = Counter(t for found in tags.values() for t in found)
    lines = [
        f"{total:,} distinct papers; tagged in {seconds:.1f} s "
        f"({seconds / max(1, total) * 1000:.2f} ms a paper)",
        "",
        "| topic tag | papers | share | counterpart (papers) | precision | recall "
        "| audited precision | goals |",
        "|---|---:|---:|---|---:|---:|---:|---|",
    ]
    ok = True
    for name in lexicon.names:
        n = counts.get(name, 0)
        share = n / total if total else 0.0
        row = f"| {name} | {n:,} | {share:.1%} |"
        verdict = []
        if share > GOAL_SHARE:
            verdict.append(f"share > {GOAL_SHARE:.0%}")
        if name in COUNTERPARTS:
            wanted = COUNTERPARTS[name]
            in_cat = {p.id for p in papers if in_category(p, wanted)}
            tagged = {i for i, found in tags.items() if name in found}
            hits = len(tagged & in_cat)
            precision = hits / len(tagged) if tagged else float("nan")
            recall = hits / len(in_cat) if in_cat else float("nan")
            row += f" {', '.join(wanted)} ({len(in_cat):,}) | {precision:.2f} | {recall:.2f} |"
            judged = {i: ok for i, ok in audit.get(name, {}).items() if i in tagged}
            if judged:
                audited = sum(judged.values()) / len(judged)
                row += f" {audited:.2f} ({len(judged)}) |"
                if audited < GOAL_PRECISION:
                    verdict.append(f"audited precision < {GOAL_PRECISION}")
            else:
                row += " |"
                if not tagged or precision < GOAL_PRECISION:
                    verdict.append(f"precision < {GOAL_PRECISION}")
        else:
            row += " | | | |"
        ok = ok and not verdict
        lines.append(row + (" MISSED: " + "; ".join(verdict) if verdict else " met") + " |")
    untagged = sum(1 for found in tags.values() if not found)
    lines += ["", f"papers with no topic tag: {untagged:,} ({untagged / max(1, total):.1%})"]
    return lines, ok, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="a folder of JSON Lines files")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    files, description = corpus_files(args.corpus, 0, Path("/tmp"))
    papers = corpus_papers(files)
    audit = json.loads(AUDIT.read_text()) if AUDIT.exists() else {}
    lines, ok, _ = evaluate(papers, audit)
    text = "\n".join(
        [f"Corpus: {description}", "", *lines, "", "all goals met" if ok else "some goals MISSED"]
    )
    print(text)
    if args.output:
        args.output.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
