"""Memory: peak resident set size with the library open in the app and after 50 searches.

Usage: python benchmarks/memory.py LIBRARY_DIR
"""

from __future__ import annotations

import asyncio
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from settling import settle
from textual.widgets import Input

from digest_tui.core.library import Library
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp

WORDS = [
    "segmentation",
    "model",
    "transformer",
    "diffusion",
    "language",
    "vision",
    "graph",
    "detection",
    "retrieval",
    "reasoning",
    "agent",
    "robot",
    "medical",
    "video",
    "speech",
    "3d",
    "point",
    "cloud",
    "depth",
    "pose",
    "benchmark",
]


def peak_mb() -> float:
    """Peak resident set size of this process image. (ru_maxrss is not used: after
    fork+exec Linux reports the parent's peak there, here the benchmark runner's.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


async def run(library_dir: Path) -> None:
    app = DigestApp(Library(Paths.resolve(library_dir)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app)
        await pilot.pause()
        opened = peak_mb()
        search = app.screen.query_one("#search", Input)
        for i in range(50):
            word = WORDS[i % len(WORDS)]
            search.value = word if i % 3 else f"{word} {WORDS[(i + 5) % len(WORDS)]}"
            await pilot.pause()
            await settle(app)
            await pilot.pause()
    print(f"open_mb={opened:.1f}")
    print(f"peak_mb={peak_mb():.1f}")


if __name__ == "__main__":
    asyncio.run(run(Path(sys.argv[1])))
