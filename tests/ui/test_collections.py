"""What start-up loads (postings, words, ids, the tag table) is kept out of Python's full
garbage collections once the index is warm: each walked it all (~65 ms at 35,000 papers)
and held up a keystroke's frame. Measured in tmux by benchmarks/terminal.py."""

from __future__ import annotations

import gc
from collections.abc import Callable

from digest_tui.ui.app import DigestApp

from .conftest import wait_for


async def test_start_up_data_is_frozen_after_the_warm_up(make_app: Callable[[], DigestApp]) -> None:
    gc.unfreeze()
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: gc.get_freeze_count() > 0)
            assert app.library.tag_counts_ready()  # frozen after the warm-up, not before
    finally:
        gc.unfreeze()  # the other tests run as before
        app.library.close()
