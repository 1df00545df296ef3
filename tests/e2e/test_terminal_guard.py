"""The app runs in a process forked by a watcher that restores the terminal; when the
watcher dies, even by ``kill -9``, the app is told (SIGHUP) and ends — never an app
left running on a terminal nobody holds."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (reaped by nobody yet) is gone as a program.
    stat = Path(f"/proc/{pid}/stat").read_text() if Path(f"/proc/{pid}/stat").exists() else ""
    return bool(stat) and stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_app_ends_when_its_watcher_is_killed(tmp_path):
    fd, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    relimport = Path(sys.executable).parent / "relimport"
    proc = subprocess.Popen(
        [str(relimport), "--store", str(tmp_path / "store.json")],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(child)
    try:
        # Once the app has drawn its first screen.
        seen = b""
        deadline = time.monotonic() + 60
        while b"import" not in seen and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.2)[0]:
                seen += os.read(fd, 65536)
        app = _children(proc.pid)
        assert app, "the app process did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _alive(app[0]) and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                with contextlib.suppress(OSError):
                    os.read(fd, 65536)
        assert not _alive(app[0])
    finally:
        for pid in _children(proc.pid) + [proc.pid]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        os.close(fd)
