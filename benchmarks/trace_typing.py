"""Where a keystroke's time goes in a real terminal: runs the installed app in tmux with
timestamps of the typing path (key reaches the search field, search starts, result
applied, each screen update and terminal write), types four queries at 20 keys/s, and
prints which frames were slow and what came before them.

    python benchmarks/trace_typing.py LIBRARY_DIR

(The app process and this one share CLOCK_MONOTONIC, so their times compare.) This is a
diagnostic, not a benchmark with goals: benchmarks/terminal.py measures; this explains.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = (
    "remote sensing",
    "large language models",
    "diffusion transformer",
    "graph neural network",
)
TMUX = ["tmux", "-L", "digest-tui-trace"]

TRACED_APP = """
import os, sys, time
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input
from digest_tui.ui import searching
from digest_tui.ui.screens import main as screens

out = open(os.environ["DIGEST_TUI_TRACE"], "w", buffering=1)

def log(*parts):
    out.write(f"{time.perf_counter():.4f} " + " ".join(map(str, parts)) + "\\n")

def timed(cls, name, tag):
    original = getattr(cls, name)
    def run(self, *args, **kwargs):
        start = time.perf_counter()
        result = original(self, *args, **kwargs)
        log(tag, f"{(time.perf_counter() - start) * 1000:.1f}")
        return result
    setattr(cls, name, run)

key = Input._on_key
async def on_key(self, event):
    log("key", "-")
    return await key(self, event)
Input._on_key = on_key
timed(searching.SearchRunner, "run", "search_start")
timed(screens.MainScreen, "show_search", "show_search")
timed(Screen, "_on_timer_update", "frame")
timed(App, "_display", "write")
from digest_tui.cli.run import main
sys.exit(main(sys.argv[1:]))
"""


def tmux(*args: str) -> str:
    return subprocess.run([*TMUX, *args], capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("library", type=Path)
    parser.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script, trace = Path(tmp) / "traced.py", Path(tmp) / "trace.log"
        script.write_text(TRACED_APP, "utf-8")
        command = (
            f"DIGEST_TUI_TRACE={shlex.quote(str(trace))} {shlex.quote(sys.executable)} "
            f"{shlex.quote(str(script))} --data-dir {shlex.quote(str(args.library))}"
        )
        tmux("kill-server")
        tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)
        time.sleep(4)
        tmux("send-keys", "-t", "app", "\\")  # all digests
        time.sleep(4)  # the warm-up after the first paint
        sent: list[float] = []
        for query in QUERIES:
            tmux("send-keys", "-t", "app", "/")
            time.sleep(0.1)
            tmux("send-keys", "-t", "app", "C-u")
            time.sleep(1.0)
            for char in query:
                start = time.perf_counter()
                tmux("send-keys", "-t", "app", "-l", char)
                sent.append(start)
                while time.perf_counter() < start + 1 / args.rate:
                    time.sleep(0.002)
            time.sleep(1.0)
        tmux("kill-server")
        events = []
        for line in trace.read_text("utf-8").splitlines():
            parts = line.split()
            events.append((float(parts[0]), parts[1], float(parts[2]) if parts[2] != "-" else 0.0))
    arrive, shown = [], []
    for start in sent:
        key = next((e for e in events if e[1] == "key" and e[0] >= start - 0.001), None)
        if key is None:
            continue
        write = next((e for e in events if e[1] == "write" and e[0] > key[0]), None)
        arrive.append((key[0] - start) * 1000)
        if write is not None:
            shown.append((write[0] - start) * 1000)
    frames = sorted(e[2] for e in events if e[1] == "frame")
    results = sorted(e[2] for e in events if e[1] == "show_search")

    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    print(
        f"keys sent {len(sent)}; key -> search field p50/p95 "
        f"{p(arrive, 0.5):.0f}/{p(arrive, 0.95):.0f} ms; key -> next terminal write p50/p95 "
        f"{p(shown, 0.5):.0f}/{p(shown, 0.95):.0f} ms"
    )
    print(
        f"screen updates {len(frames)}: p50 {statistics.median(frames):.1f} ms, "
        f"p95 {p(frames, 0.95):.1f}, max {frames[-1]:.1f}"
    )
    print(
        f"results applied {len(results)}: p50 {statistics.median(results):.1f} ms, "
        f"max {results[-1]:.1f}"
    )
    print("slow screen updates (> 40 ms) and the five events before each, ms before its end:")
    for i, event in enumerate(events):
        if event[1] == "frame" and event[2] > 40:
            before = events[max(0, i - 5) : i]
            print(
                f"  {event[2]:.0f} ms after: "
                + ", ".join(f"{e[1]}@-{(event[0] - e[0]) * 1000:.0f}" for e in before)
            )


if __name__ == "__main__":
    main()
