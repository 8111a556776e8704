"""The real program in a real terminal (tmux): odd terminals, no traceback, a clean exit."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = ["tmux", "-L", f"digest-tui-test-{id(object())}"]  # a tmux server of its own


def screen(session: str) -> str:
    command = [*TMUX, "capture-pane", "-p", "-t", session]
    return subprocess.run(command, capture_output=True, text=True).stdout


def wait_for(session: str, marker: str, seconds: float = 40) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen(session)
        if marker in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{marker!r} never appeared:\n{screen(session)}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("env", ["TERM=dumb", "NO_COLOR=1", "TERM=linux NO_COLOR=1 LANG=C"])
def test_odd_terminals_show_the_list_and_quit_cleanly(sample_dir: Path, env: str) -> None:
    program = (
        f"{shlex.quote(sys.executable)} -m digest_tui --data-dir {shlex.quote(str(sample_dir))}"
    )
    command = f"env {env} {program}; echo EXIT=$?; sleep 30"  # the UI and errors go to stderr
    size = ["-x", "100", "-y", "30"]
    subprocess.run([*TMUX, "new-session", "-d", "-s", "t", *size, command], check=True)
    try:
        shown = wait_for("t", " papers · sort:")
        assert "Traceback" not in shown
        subprocess.run([*TMUX, "send-keys", "-t", "t", "q"], check=True)
        shown = wait_for("t", "EXIT=")
        assert "EXIT=0" in shown and "Traceback" not in shown
    finally:
        subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)
