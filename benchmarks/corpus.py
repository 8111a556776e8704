"""Benchmark load: the real arXiv corpus of ../shared/data, or realistic synthetic papers.

The synthetic generator writes JSON Lines with the corpus's fields (`id`, `title`,
`summary`, `authors`, `categories`): ~12-word titles and ~190-word abstracts drawn from
a vocabulary of a few thousand research words with a Zipf-like skew, so term statistics
resemble real abstracts. It is used when the real corpus is absent and by the smoke test.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "arxiv_corpus"

_TOPICS = [
    "segmentation",
    "detection",
    "classification",
    "diffusion",
    "transformer",
    "language",
    "model",
    "vision",
    "retrieval",
    "reasoning",
    "benchmark",
    "dataset",
    "robust",
    "efficient",
    "sparse",
    "attention",
    "graph",
    "medical",
    "image",
    "video",
    "audio",
    "speech",
    "generation",
    "alignment",
    "reinforcement",
    "learning",
    "policy",
    "agent",
    "multimodal",
    "embedding",
    "contrastive",
    "pretraining",
    "finetuning",
    "quantization",
    "pruning",
    "distillation",
    "adversarial",
    "uncertainty",
    "calibration",
    "federated",
    "privacy",
    "causal",
    "temporal",
    "spatial",
    "3d",
    "point",
    "cloud",
    "depth",
    "pose",
    "tracking",
    "captioning",
    "translation",
    "summarization",
    "question",
    "answering",
]
_COMMON = [
    "we",
    "propose",
    "method",
    "results",
    "show",
    "that",
    "our",
    "approach",
    "outperforms",
    "existing",
    "methods",
    "on",
    "the",
    "a",
    "an",
    "of",
    "in",
    "for",
    "with",
    "and",
    "to",
    "by",
    "from",
    "this",
    "paper",
    "present",
    "novel",
    "framework",
    "which",
    "using",
    "experiments",
    "demonstrate",
    "state",
    "art",
    "performance",
    "across",
    "tasks",
    "models",
    "data",
    "training",
    "new",
]
_CATEGORIES = ("cs.CV", "cs.CL", "cs.LG", "cs.AI", "eess.IV", "cs.RO")


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set(_TOPICS)
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 11))))
    return sorted(words)


def synthetic_papers(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(vocab))]

    def words(n: int) -> list[str]:
        picked = rng.choices(vocab, weights=weights, k=n)
        return [rng.choice(_COMMON) if rng.random() < 0.35 else w for w in picked]

    for i in range(count):
        title = " ".join(words(rng.randint(8, 16))).capitalize()
        abstract = " ".join(words(rng.randint(120, 260))).capitalize() + "."
        yield {
            "id": f"{2500 + i // 99999 % 100:04d}.{i % 99999 + 1:05d}",
            "title": title,
            "summary": abstract,
            "authors": [f"Author {rng.randint(1, 5000)}" for _ in range(rng.randint(1, 8))],
            "categories": rng.sample(_CATEGORIES, rng.randint(1, 3)),
        }


def write_synthetic(directory: Path, count: int, per_file: int = 250) -> list[Path]:
    """Write `count` synthetic papers as daily JSON Lines files named by date."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    papers = list(synthetic_papers(count))
    for n, start in enumerate(range(0, count, per_file)):
        day = f"2025-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"
        path = directory / f"{day}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for paper in papers[start : start + per_file]:
                out.write(json.dumps(paper) + "\n")
        files.append(path)
    return files


def corpus_files(corpus: Path | None, synthetic: int, scratch: Path) -> tuple[list[Path], str]:
    """The files to load and a sentence saying what they are."""
    if synthetic:
        files = write_synthetic(scratch / "synthetic", synthetic)
        return files, f"{synthetic:,} synthetic papers (benchmarks/corpus.py)"
    directory = corpus or SHARED_CORPUS
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise SystemExit(
            f"no corpus at {directory}: pass --corpus DIR (JSON Lines with id, title, summary, "
            "authors, categories) or --synthetic N"
        )
    return files, f"{directory} ({len(files)} JSON Lines files)"
