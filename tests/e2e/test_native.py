"""Native crashes never end relimport: the CLI prints one line (exit 1) for a workbook
that makes the reader abort, and the app's terminal is restored however the app ends."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.cli import ROOT, cli
from tests.writers import far_cell_xlsx

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and a POSIX pty")


@pytest.mark.parametrize("command", [["read"], ["import", "--type", "company"]])
def test_cli_reads_a_workbook_that_aborts_the_reader_in_one_line(tmp_path, command):
    store = tmp_path / "store.json"
    far = far_cell_xlsx(tmp_path / "far.xlsx")
    r = cli(store, command[0], str(far), *command[1:])
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("relimport: far.xlsx: too large to read")
    assert len(r.stderr.strip().splitlines()) == 1
    assert "panicked" not in r.stderr and "Traceback" not in r.stderr and "backtrace" not in r.stderr
    assert not store.exists()  # nothing written


def _app_pid(parent: int, timeout: float = 10) -> int:
    """The app process the guard started (its only child)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("no app process")


def _spawn_app(tmp_path: Path) -> tuple[subprocess.Popen, int, int]:
    """``relimport`` (the app, on a new store) on a fresh 80x24 pseudo-terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"} | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(tmp_path / "store.json")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    return proc, master, slave


def _read(master: int, out: bytearray, until, timeout: float) -> None:
    """Read the terminal into ``out`` until ``until()`` holds (or it closes, or time runs out)."""
    deadline = time.monotonic() + timeout
    while not until() and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: nobody has the terminal open any more
                return
            if not chunk:
                return
            out += chunk


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the app's pid in /proc")
@pytest.mark.parametrize("sig", [signal.SIGABRT, signal.SIGKILL])
def test_app_killed_by_a_native_crash_leaves_the_terminal_restored(tmp_path, sig):
    proc, master, slave = _spawn_app(tmp_path)
    before = termios.tcgetattr(slave)
    out = bytearray()
    try:
        _read(master, out, lambda: b"\x1b[?1049h" in out and b"demo" in out, 60)  # the first screen
        assert b"demo" in out, bytes(out[-2000:])
        assert termios.tcgetattr(slave)[3] & termios.ECHO == 0  # the app has the terminal raw
        os.kill(_app_pid(proc.pid), sig)
        code = proc.wait(timeout=30)
        _read(master, out, lambda: b"restored" in out, 5)
        after = termios.tcgetattr(slave)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        os.close(slave)
    assert code == 128 + sig
    tail = bytes(out[out.rindex(b"\x1b[?1049h") :])
    assert b"\x1b[?1049l" in tail and b"\x1b[?1000l" in tail and b"\x1b[?25h" in tail
    name = signal.Signals(sig).name
    assert f"relimport: the app ended unexpectedly ({name}); the terminal was restored".encode() in tail
    assert after == before  # echo, canonical mode: as the shell had them


def test_app_quit_normally_passes_its_status_through_the_guard(tmp_path):
    proc, master, slave = _spawn_app(tmp_path)
    out = bytearray()
    try:
        _read(master, out, lambda: b"demo" in out, 60)
        assert b"demo" in out, bytes(out[-2000:])
        os.write(master, b"\x11")  # ctrl+q
        _read(master, out, lambda: proc.poll() is not None, 30)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        os.close(slave)
    assert b"ended unexpectedly" not in out
