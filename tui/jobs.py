"""Glue between core's long work (run in thread workers) and the screens.

Core calls ``progress(phase, done, total)`` and ``cancel()`` from the worker
thread; :class:`ProgressRelay` turns the calls into few :class:`JobProgressed`
messages (a queued one is replaced by the next, and calls are coalesced in
time), so a million-row import never floods the UI.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from relimport.core.domain.errors import RelimportError


@dataclass
class JobProgressed(Message):
    """Long work reached ``done`` of ``total`` in ``phase`` (total 0 = unknown)."""

    phase: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgressed)


class ProgressRelay:
    """A core progress callback that posts :class:`JobProgressed` to ``target``.

    Thread-safe to call from a worker. A new phase is always posted; within a
    phase at most one message per ``interval`` seconds, plus the last step.
    """

    def __init__(self, target: MessagePump, interval: float = 0.08) -> None:
        self.target = target
        self.interval = interval
        self._phase: str | None = None
        self._last = 0.0
        self._lock = threading.Lock()

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            finished = total > 0 and done >= total
            if phase == self._phase and not finished and now - self._last < self.interval:
                return
            self._phase = phase
            self._last = now
        self.target.post_message(JobProgressed(phase, done, total))


class CancelFlag:
    """A cancel check for core: true once :meth:`set` or the worker is cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        if self._event.is_set():
            return True
        try:
            return get_current_worker().is_cancelled
        except Exception:  # not inside a worker (direct calls in tests)
            return False


def one_line(exc: BaseException) -> str:
    """An error as one line for users: core's own message, else type and text."""
    if isinstance(exc, RelimportError):
        return str(exc)
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"unexpected error ({exc.__class__.__name__}): {text}"[:300]
