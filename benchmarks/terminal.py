"""Where the user is: the app in a real pseudo-terminal (tmux, 120x40), keys sent one at a
time at a fixed rate, the screen read back with `tmux capture-pane`.

For each trial a query is typed into an emptied search field. Measured:
- reaction: a key sent -> the typed text on screen (every key);
- settle: the last key -> the final list's count in the status line AND the tag pane's
  first topic with its count for that list (both computed in-process beforehand);
- stale: a count shown that belongs only to an older prefix, after a newer one was shown;
- typo: Enter after a misspelt query -> "typo-tolerant matches" on screen.
The baseline is a bare Textual app (an Input echoing its length), typed into the same way.

    python benchmarks/terminal.py LIBRARY_DIR [--runs N] [--rates 8,20]
Prints key=value lines for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from digest_tui.core.library import Library
from digest_tui.core.models import Selection, TagKind
from digest_tui.core.paths import Paths

TMUX = ["tmux", "-L", "digest-tui-terminal"]
QUERIES = ("diffusion transformer", "segmentation", "large language models", "remote sensing")
TYPOS = ("sensign cameras", "camears calibration", "tiem seires forecasting")
BARE_TYPING_APP = """
from textual.app import App
from textual.widgets import Input, Static
class Bare(App):
    def compose(self):
        yield Input(id="q")
        yield Static("ready", id="out")
    def on_input_changed(self, event):
        self.query_one("#out", Static).update(f"typed {len(event.value)} chars")
Bare().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run([*TMUX, *args], capture_output=True, text=True).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, test: object, timeout: float = 30.0) -> float:
    """Poll the screen until `test(screen)` holds; the time it held first."""
    start = time.perf_counter()
    while True:
        shown = screen(session)
        if test(shown):  # type: ignore[operator]
            return time.perf_counter()
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out waiting; screen was:\n{shown}")
        time.sleep(0.002)


def status_count(shown: str) -> int | None:
    match = re.search(r"([\d,]+)\+? papers? · sort:", shown)
    return int(match.group(1).replace(",", "")) if match else None


def first_topic(shown: str) -> str:
    """The tag pane's first entry under "Topics", as drawn."""
    lines = [line[:28] for line in shown.splitlines()]
    for i, line in enumerate(lines):
        if "Topics" in line and i + 1 < len(lines):
            return lines[i + 1].strip("│ ").strip()
    return ""


class Expectation:
    """What the screen must show for each prefix of a query (computed in-process)."""

    def __init__(self, library: Library, text: str) -> None:
        self.counts: list[int] = []
        self.topics: list[tuple[str, int] | None] = []
        for end in range(1, len(text) + 1):
            result = library.search(Selection(text[:end]), live=True)
            self.counts.append(len(result.ids))
            topics = [t for t in library.tag_counts(result.ids) if t.kind is TagKind.TOPIC]
            self.topics.append((topics[0].name, topics[0].count) if topics else None)

    def final_shown(self, shown: str) -> bool:
        if status_count(shown) != self.counts[-1]:
            return False
        topic = self.topics[-1]
        if topic is None:
            return True
        drawn = first_topic(shown)
        return drawn.startswith(topic[0][:6]) and drawn.endswith(f" {topic[1]:,}")


def type_query(
    session: str, text: str, rate: float, expect: Expectation | None
) -> dict[str, object]:
    """Type `text` at `rate` keys/s into the focused search field; measure."""
    reactions: list[float] = []
    seen: list[int] = []
    gap = 1.0 / rate
    start = time.perf_counter()
    last_sent = start
    for i, char in enumerate(text):
        due = start + i * gap
        while time.perf_counter() < due:
            time.sleep(0.001)
        last_sent = time.perf_counter()
        tmux("send-keys", "-t", session, "-l", char)
        typed = text[: i + 1]
        while time.perf_counter() < start + (i + 1) * gap or i == len(text) - 1:
            shown = screen(session)
            count = status_count(shown)
            if count is not None and (not seen or seen[-1] != count):
                seen.append(count)
            field = shown.splitlines()[1] if shown.count("\n") > 1 else ""
            if typed.rstrip() in field:
                reactions.append(time.perf_counter() - last_sent)
                break
            if time.perf_counter() - last_sent > 1.0:
                break
    settled = None
    if expect is not None:
        settled = wait_for(session, expect.final_shown) - last_sent
        shown_counts = [*seen, status_count(screen(session)) or 0]
        newest = -1
        stale = 0
        for count in shown_counts:  # a count that only an older prefix would show
            matching = [i for i, c in enumerate(expect.counts) if c == count]
            if not matching:
                continue
            current = [i for i in matching if i >= newest]  # two prefixes can share a count
            if not current:
                stale += 1  # only an older prefix shows this count
                continue
            newest = min(current)
        if stale:  # say what was seen, for whoever reads the run
            print(
                f"stale in {text!r}: shown {shown_counts}, by prefix {expect.counts}",
                file=sys.stderr,
            )
        return {"reactions": reactions, "settle": settled, "stale": stale, "sent": last_sent}
    return {"reactions": reactions, "settle": None, "stale": 0, "sent": last_sent}


def clear_field(session: str, total: int) -> None:
    """Focus the search field and empty it (Ctrl+U); wait for the whole list."""
    for attempt in range(5):
        tmux("send-keys", "-t", session, "/")
        time.sleep(0.05)  # the field has focus before the keys that empty it
        tmux("send-keys", "-t", session, "End")
        tmux("send-keys", "-t", session, "C-u")
        try:
            wait_for(session, lambda s: status_count(s) == total, timeout=5.0)
            return
        except SystemExit:
            if attempt == 4:
                raise


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("library", type=Path)
    parser.add_argument("--runs", type=int, default=6, help="trials per query and rate")
    parser.add_argument("--rates", default="8,20")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    library = Library(Paths.resolve(args.library), seed_sample=False)
    library.ensure_index()
    total = library.paper_count()
    expectations = {q: Expectation(library, q) for q in QUERIES}
    library.close()
    python = shlex.quote(sys.executable)
    command = f"{python} -m digest_tui --data-dir {shlex.quote(str(args.library))}"
    tmux("kill-server")
    # a session that outlives the others: the server must not exit between the app and
    # the bare baseline (a new session raced the dying server and never appeared)
    tmux("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep 3600")
    tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)
    try:
        wait_for("app", lambda s: status_count(s) is not None, timeout=600)
        tmux("send-keys", "-t", "app", "\\")  # all digests (the app opens on the newest)
        wait_for("app", lambda s: status_count(s) == total, timeout=600)
        time.sleep(2.0)  # the index check and warm-up after the first paint
        for rate in rates:
            settles: list[float] = []
            reactions: list[float] = []
            stale = 0
            for _ in range(args.runs):
                for query in QUERIES:
                    clear_field("app", total)
                    time.sleep(0.3)
                    found = type_query("app", query, rate, expectations[query])
                    settles.append(float(found["settle"]))  # type: ignore[arg-type]
                    reactions += found["reactions"]  # type: ignore[arg-type]
                    stale += int(found["stale"])  # type: ignore[call-overload]
            tag = f"r{rate:g}"
            print(f"{tag}_trials={len(settles)}")
            print(f"{tag}_settle_p50_ms={percentile(settles, 50) * 1000:.0f}")
            print(f"{tag}_settle_p95_ms={percentile(settles, 95) * 1000:.0f}")
            print(f"{tag}_reaction_p50_ms={percentile(reactions, 50) * 1000:.0f}")
            print(f"{tag}_reaction_p95_ms={percentile(reactions, 95) * 1000:.0f}")
            print(f"{tag}_stale={stale}")
        typo_times: list[float] = []
        for _ in range(args.runs):
            for query in TYPOS:
                clear_field("app", total)
                type_query("app", query, 20, None)
                time.sleep(0.05)
                sent = time.perf_counter()
                tmux("send-keys", "-t", "app", "Enter")
                typo_times.append(wait_for("app", lambda s: "typo-tolerant" in s) - sent)
        print(f"typo_trials={len(typo_times)}")
        print(f"typo_p50_ms={percentile(typo_times, 50) * 1000:.0f}")
        print(f"typo_p95_ms={percentile(typo_times, 95) * 1000:.0f}")
    finally:
        tmux("kill-session", "-t", "app")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as bare:
        bare.write(BARE_TYPING_APP)
    tmux("new-session", "-d", "-s", "bare", "-x", "120", "-y", "40", f"{python} {bare.name}")
    try:
        wait_for("bare", lambda s: "ready" in s)
        settles = []
        for _ in range(args.runs):
            for query in QUERIES:
                tmux("send-keys", "-t", "bare", "C-u")
                wait_for("bare", lambda s: "typed 0 chars" in s or "ready" in s)
                found = type_query("bare", query, rates[-1], None)
                marker = f"typed {len(query)} chars"
                done = wait_for("bare", lambda s, m=marker: m in s)
                settles.append(done - float(found["sent"]))  # type: ignore[arg-type]
        print(f"bare_settle_p50_ms={percentile(settles, 50) * 1000:.0f}")
        print(f"bare_settle_p95_ms={percentile(settles, 95) * 1000:.0f}")
    finally:
        tmux("kill-server")
        Path(bare.name).unlink()


if __name__ == "__main__":
    main()
