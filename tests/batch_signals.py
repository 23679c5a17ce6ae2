"""Shared by the SIGTERM and SIGINT batch tests: start `wpx batch` in a process, send a signal
once the first output file exists, and return how the process ended."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _as_foreground() -> None:
    # A shell starts background jobs with SIGINT ignored, and a child inherits that: Python
    # then installs no Ctrl-C handler and the signal would do nothing. Give the batch the
    # default disposition a process started from a terminal has.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def interrupt_batch(corpus: Path, out: Path, sig: signal.Signals, first_output: str) -> tuple[int, bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", "batch", str(corpus), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[1],
        preexec_fn=_as_foreground,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob(first_output)):
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip(f"the batch finished before {sig.name} arrived (machine too fast for this check)")
    return proc.returncode, err
