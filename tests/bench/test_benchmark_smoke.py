"""The benchmark harness itself works: a smoke run on 300 synthetic papers.

This checks the harness, not the speed (timings are never asserted in tests); the real
run is `python benchmarks/run.py` (see benchmarks/RESULTS.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="the launch benchmark needs tmux")
def test_smoke_run_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # goals are not asserted: 300 papers say nothing about speed; the harness must run
    assert done.returncode == 0, done.stdout + done.stderr
    text = output.read_text()
    for name in (
        "import:",
        "search: one term",
        "search: sort by date",
        "live typing",
        "launch:",
        "memory:",
        "reopen:",
    ):
        assert name in text
    assert "300 synthetic papers" in text
    assert " stale" in text and "index current" in text
