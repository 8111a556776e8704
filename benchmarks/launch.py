"""Launch: process start -> first painted paper list, in a real terminal (tmux), against a
bare Textual app that paints a static list, the two started in turn. Needs tmux.

Prints ours_s and bare_s (medians). Usage: python benchmarks/launch.py LIBRARY_DIR RUNS
"""

from __future__ import annotations

import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baselines import BARE_APP

TMUX = ["tmux", "-L", "digest-tui-bench"]  # a server of its own, kept alive by "keep"


def painted(command: str, marker: str) -> float:
    """Seconds from starting `command` in a 120x40 tmux pane until `marker` is on screen."""
    session = f"bench{time.monotonic_ns()}"
    start = time.perf_counter()
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
        check=True,
    )
    try:
        while True:
            screen = subprocess.run(
                [*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > 60:
                raise SystemExit(f"{marker!r} never appeared:\n{screen}")
            time.sleep(0.01)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], check=False)


def main() -> None:
    library, runs = Path(sys.argv[1]), int(sys.argv[2])
    python = shlex.quote(sys.executable)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as bare:
        bare.write(BARE_APP)
    ours_cmd = f"{python} -m digest_tui --data-dir {shlex.quote(str(library))}"
    bare_cmd = f"{python} {shlex.quote(bare.name)}"
    keep = [*TMUX, "new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep 3600"]
    subprocess.run(keep, check=True)
    try:
        painted(ours_cmd, " papers · sort:")  # warm the page cache once
        painted(bare_cmd, "Paper 20:")
        ours, bare_times = [], []
        for _ in range(runs):  # in turn: this machine's pace drifts within a minute
            ours.append(painted(ours_cmd, " papers · sort:"))
            bare_times.append(painted(bare_cmd, "Paper 20:"))
    finally:
        subprocess.run([*TMUX, "kill-server"], check=False)
        Path(bare.name).unlink()
    print(f"ours_s={statistics.median(ours):.3f}")
    print(f"bare_s={statistics.median(bare_times):.3f}")


if __name__ == "__main__":
    main()
