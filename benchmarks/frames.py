"""What each screen update costs while typing, widget by widget, and the layouts and
garbage collections in between: runs the installed app in tmux with timers around
Textual's screen refresh, its layout and each widget's `render_lines`, types four queries
at 20 keys/s, and prints frame percentiles, the layouts (and which widgets asked for
them), each widget's total, the slowest frames, and the collections per generation (a
full one walking ~65 ms of start-up data is how the `gc.freeze` after the warm-up was
found; a layout of the whole screen at every key, asked by Textual's Input, is how the
search field came to be).

    python benchmarks/frames.py LIBRARY_DIR

A diagnostic, not a benchmark with goals: benchmarks/terminal.py measures.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TMUX = ["tmux", "-L", "digest-tui-frames"]
QUERIES = ("remote sensing", "large language models", "diffusion transformer", "graph neural")

PROBE = r"""
import atexit, collections, gc, sys, threading, time
import textual.screen as screens
import textual.widget as widgets
from digest_tui.cli.run import main

per_widget = collections.defaultdict(float)
frames, collections_run, started = [], [], {}
layouts, layout_asks = [], collections.Counter()

def timed_render_lines(self, crop, _original=widgets.Widget.render_lines):
    start = time.perf_counter()
    try:
        return _original(self, crop)
    finally:
        name = type(self).__name__ + (f"#{self.id}" if self.id else "")
        per_widget[name] += time.perf_counter() - start

def timed_refresh(self, _original=screens.Screen._compositor_refresh):
    per_widget.clear()
    start = time.perf_counter()
    try:
        return _original(self)
    finally:
        frames.append((time.perf_counter() - start, dict(per_widget)))

def timed_layout(self, size=None, scroll=False, _original=screens.Screen._refresh_layout):
    start, drawn = time.perf_counter(), len(frames)
    try:
        return _original(self, size, scroll)
    finally:  # a layout ends with a screen update, counted above: kept apart here
        took = time.perf_counter() - start
        layouts.append(took - sum(d for d, _ in frames[drawn:]))

def asking_refresh(self, *regions, repaint=True, layout=False, recompose=False,
                   _original=widgets.Widget.refresh):
    if layout:
        layout_asks[type(self).__name__] += 1
    return _original(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

def on_collection(phase, info):
    if phase == "start":
        started[threading.get_ident()] = time.perf_counter()
    elif threading.get_ident() in started:
        took = time.perf_counter() - started.pop(threading.get_ident())
        collections_run.append((info["generation"], took))

def report():
    ms = lambda s: f"{s * 1000:.1f}"
    with open(sys.argv[2], "w") as out:
        took = sorted(d for d, _ in frames)
        if took:
            out.write(f"screen updates {len(took)}: p50 {ms(took[len(took) // 2])} ms, "
                      f"p95 {ms(took[int(len(took) * 0.95)])}, max {ms(took[-1])}\n")
        for generation in (0, 1, 2):
            runs = sorted(d for g, d in collections_run if g == generation)
            if runs:
                out.write(f"gc generation {generation}: {len(runs)} runs, p50 "
                          f"{ms(runs[len(runs) // 2])} ms, max {ms(runs[-1])}, "
                          f"total {ms(sum(runs))}\n")
        if layouts:
            own = sorted(layouts)
            out.write(f"layouts {len(own)} (their own work, without the update): p50 "
                      f"{ms(own[len(own) // 2])} ms, max {ms(own[-1])}, total {ms(sum(own))}; "
                      "asked by " + ", ".join(f"{n} {c}" for n, c in layout_asks.most_common(6))
                      + "\n")
        totals = collections.Counter()
        for _, widgets_ in frames:
            totals.update(widgets_)
        out.write("render_lines per widget, total ms:\n")
        for name, seconds in totals.most_common(10):
            out.write(f"  {name}: {ms(seconds)}\n")
        out.write("slowest updates (ms, then the widgets that took longest):\n")
        for took_, widgets_ in sorted(frames, key=lambda f: -f[0])[:10]:
            top = sorted(widgets_.items(), key=lambda w: -w[1])[:4]
            out.write(f"  {ms(took_)}: " + ", ".join(f"{n} {ms(s)}" for n, s in top) + "\n")

widgets.Widget.render_lines = timed_render_lines
screens.Screen._compositor_refresh = timed_refresh
screens.Screen._refresh_layout = timed_layout
widgets.Widget.refresh = asking_refresh
gc.callbacks.append(on_collection)
atexit.register(report)
main(["--data-dir", sys.argv[1]])
"""


def tmux(*args: str) -> str:
    return subprocess.run([*TMUX, *args], capture_output=True, text=True).stdout


def main() -> None:
    library = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as scratch:
        probe, report = Path(scratch) / "probe.py", Path(scratch) / "report.txt"
        probe.write_text(PROBE, "utf-8")
        command = " ".join(shlex.quote(str(a)) for a in (sys.executable, probe, library, report))
        tmux("new-session", "-d", "-s", "frames", "-x", "120", "-y", "40", command)
        try:
            deadline = time.monotonic() + 60
            while " papers · sort:" not in tmux("capture-pane", "-p", "-t", "frames"):
                if time.monotonic() > deadline:
                    raise SystemExit("the app never showed its list")
                time.sleep(0.05)
            time.sleep(3)  # the warm-up after the first paint
            tmux("send-keys", "-t", "frames", "\\")  # every digest
            time.sleep(1)
            tmux("send-keys", "-t", "frames", "/")
            for query in QUERIES:
                for char in query:
                    key = ["Space"] if char == " " else ["-l", char]
                    tmux("send-keys", "-t", "frames", *key)
                    time.sleep(0.05)
                time.sleep(1)
                tmux("send-keys", "-t", "frames", "C-u")
                time.sleep(0.5)
            tmux("send-keys", "-t", "frames", "Escape")
            time.sleep(0.3)
            tmux("send-keys", "-t", "frames", "q")
            deadline = time.monotonic() + 10
            while not report.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            subprocess.run([*TMUX, "kill-server"], capture_output=True)
        print(report.read_text("utf-8") if report.exists() else "no report (the app did not exit)")


if __name__ == "__main__":
    main()
