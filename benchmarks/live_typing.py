"""Live typing: type a query one key at a time at 20 keys/s in the app (Pilot, headless).

Prints lag_ms (last key -> the list shows the final query's first page of results),
full_ms (-> the whole ordered list is in place), how many results were shown and how many
were stale (an older query's results shown after a newer one's).
Usage: python benchmarks/live_typing.py LIBRARY_DIR [QUERY]
"""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from settling import settle

from digest_tui.core.library import Library
from digest_tui.core.models import Selection
from digest_tui.core.paths import Paths
from digest_tui.ui.app import DigestApp
from digest_tui.ui.screens.main import MainScreen
from digest_tui.ui.widgets.paper_list import PaperList


async def replay(library_dir: Path, text: str) -> None:
    library = Library(Paths.resolve(library_dir))
    expected = library.search(Selection(text), live=True).ids  # typed: last word a prefix
    shown: list[tuple[float, str, bool]] = []
    original = MainScreen.show_result  # called only for the newest search's results

    def spy(self: MainScreen, result, *rest) -> None:  # type: ignore[no-untyped-def]
        original(self, result, *rest)
        shown.append((time.perf_counter(), result.selection.query, result.complete))

    MainScreen.show_result = spy  # type: ignore[method-assign]
    app = DigestApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app)
        await pilot.pause()
        await pilot.press("backslash")  # all digests (the app opens on the newest)
        await settle(app)
        await pilot.pause()
        await pilot.press("slash")
        start = time.perf_counter()
        last_key = start
        for i, char in enumerate(text):
            await asyncio.sleep(max(0.0, start + i * 0.05 - time.perf_counter()))  # 20 keys/s
            last_key = time.perf_counter()
            await pilot.press("space" if char == " " else char)
        papers = app.screen.query_one(PaperList)
        while papers.ids != expected:
            await asyncio.sleep(0.002)
            if time.perf_counter() - last_key > 10:
                raise SystemExit("the final results never arrived")
    final = [(t, complete) for t, q, complete in shown if q == text]
    lag = final[0][0] - last_key
    full = next(t for t, complete in final if complete) - last_key
    prefixes = [text[: i + 1] for i in range(len(text))]
    order = [prefixes.index(q) if q in prefixes else -1 for _, q, _ in shown]
    stale = sum(1 for a, b in itertools.pairwise(order) if b < a)
    print(f"lag_ms={lag * 1000:.1f}")
    print(f"full_ms={full * 1000:.1f}")
    print(f"keys={len(text)}")
    print(f"applied={len(shown)}")
    print(f"stale={stale}")
    library.close()


if __name__ == "__main__":
    asyncio.run(
        replay(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "segmentation model")
    )
