"""Waiting for the app's workers in the Pilot benchmarks. A search a newer one replaced is
cancelled (that is how stale searches stop), and Textual's `wait_for_complete` raises
WorkerCancelled for it: wait again until nothing is left running."""

from __future__ import annotations

from textual.app import App
from textual.worker import WorkerCancelled


async def settle(app: App[object], rounds: int = 8) -> None:
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
    await app.workers.wait_for_complete()
