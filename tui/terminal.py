"""The app's terminal is put back however the app ends.

Textual restores the terminal when the app exits, after a Python exception too. A
native crash (an abort or segfault in a library), a ``kill`` or an ``os._exit``
ends the process before it can: the shell would be left in the alternate screen,
with mouse reporting on and echo off. So :func:`run_guarded` runs the app in a
child process and waits; when the app did not end normally, this process puts the
terminal back — its saved settings, the main screen, mouse reporting and bracketed
paste off, the cursor shown — and says in one line how the app ended. Signals sent
to relimport (SIGTERM, SIGHUP, SIGINT) are passed on to the app.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable

#: Turns off what a full-screen app turns on: mouse reporting (all modes), focus
#: events, bracketed paste, the alternate screen; shows the cursor, resets colours.
RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\x1b[?1015l\x1b[?1016l"
    "\x1b[?1004l\x1b[?2004l\x1b[?1049l\x1b[?25h\x1b[0m\r\n"
)
#: Signals passed on to the app while this process waits for it.
FORWARDED = ("SIGTERM", "SIGHUP", "SIGINT")


def run_guarded(run: Callable[[], int]) -> int:
    """Run the app (``run()``, returning its exit status) so that the terminal is
    restored however it ends; returns the app's exit status (128 + N when signal N
    ended it).

    Without a terminal, or where processes cannot fork, ``run()`` is called directly.
    """
    tty = _terminal_fd()
    if tty is None or not hasattr(os, "fork"):
        return run()
    import termios

    try:
        saved = termios.tcgetattr(tty)
    except termios.error:
        return run()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        _hang_up_with_parent(parent)
        return run()  # the app: it ends the way the app ends (this process's own exit)
    return _watch(pid, tty, saved)


def _hang_up_with_parent(parent: int) -> None:
    """In the app's process: get SIGHUP when the watching parent dies, however it dies
    (``kill -9`` too), as when its terminal goes away — never an app left running on a
    terminal nobody holds (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGHUP), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request took effect
            os.kill(os.getpid(), signal.SIGHUP)


def _terminal_fd() -> int | None:
    """The terminal the app draws on (Textual reads stdin and writes stderr)."""
    try:
        if os.isatty(sys.stdin.fileno()) and os.isatty(sys.stderr.fileno()):
            return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return None


def _watch(pid: int, tty: int, saved: list) -> int:
    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(OSError):
            os.kill(pid, signum)

    for name in FORWARDED:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            signal.signal(getattr(signal, name), forward)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            return 1
    if os.WIFEXITED(status) and _unchanged(tty, saved):
        return os.WEXITSTATUS(status)
    _restore(tty, saved)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            how = signal.Signals(sig).name
        except ValueError:
            how = f"signal {sig}"
        sys.stderr.write(f"relimport: the app ended unexpectedly ({how}); the terminal was restored\n")
        return 128 + sig
    return os.WEXITSTATUS(status)


def _unchanged(tty: int, saved: list) -> bool:
    import termios

    try:
        return termios.tcgetattr(tty) == saved
    except termios.error:
        return True


def _restore(tty: int, saved: list) -> None:
    import termios

    with contextlib.suppress(termios.error, OSError):
        termios.tcsetattr(tty, termios.TCSANOW, saved)
    with contextlib.suppress(OSError):
        os.write(tty, RESET.encode())
