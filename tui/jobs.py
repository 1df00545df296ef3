"""Glue between core's long work (run in thread workers) and the screens.

Core calls ``progress(phase, done, total)`` and ``cancel()`` from the worker
thread; :class:`ProgressRelay` turns the calls into few :class:`JobProgressed`
messages (a queued one is replaced by the next, and calls are coalesced in
time), so a million-row import never floods the UI.

:func:`start_import` is the one worker that runs an import, for the check step
(a dry run) and the import step alike: it reads the whole file unless the
table is already read, runs the engine, and posts :class:`ImportFinished`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, get_current_worker

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.domain.options import FileOptions, ImportOptions
from relimport.tui.errors import one_line
from relimport.tui.loader import freeze_long_lived
from relimport.tui.watch import store_work

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from relimport.core.files.reader import Table
    from relimport.core.importing.report import ImportReport
    from relimport.core.mapping.columns import Mapping
    from relimport.core.mapping.decisions import Decision
    from relimport.core.store.jsonfile import Store
    from relimport.tui.state import FileKey


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


def phase_text(phase: str, done: int, total: int) -> str:
    """One line for a progress step of core (megabytes while reading, else the phase)."""
    if phase == "reading" and total:
        return f"reading the file: {done / 1e6:,.1f} of {total / 1e6:,.1f} MB"
    if phase == "parsing":
        return "parsing the file"
    return phase


@dataclass(frozen=True)
class ImportJob:
    """One run of the engine over the chosen file: a dry run (the check) or the import.

    ``table`` is the whole file if it was read already, else ``key`` names the file
    to read (``None``: it can no longer be read). ``file_options`` are the reading
    options the user chose, recorded in an applied import's recipe.
    """

    mapping: Mapping
    options: ImportOptions
    decisions: tuple[Decision, ...] = ()
    table: Table | None = None
    key: FileKey | None = None
    file_options: FileOptions = field(default_factory=FileOptions)


@dataclass
class ImportFinished(Message):
    """The import worker ended: a report, a cancel, or an error line.

    ``table`` and ``key`` are the whole file if this job read it, for later jobs to reuse.
    """

    job: ImportJob
    report: ImportReport | None
    table: Table | None = None
    key: FileKey | None = None
    error: str = ""
    cancelled: bool = False


def start_import(
    node: DOMNode, store: Store, job: ImportJob, cancel: CancelFlag, *, group: str
) -> Worker[None]:
    """Run ``job`` in a thread worker of ``node``, which receives :class:`JobProgressed`
    and then one :class:`ImportFinished`. A newer job of the same ``group`` replaces it."""
    return node.run_worker(
        lambda: run_import_job(node, store, job, cancel),
        thread=True,
        exclusive=True,
        group=group,
        exit_on_error=False,
    )


def run_import_job(target: MessagePump, store: Store, job: ImportJob, cancel: CancelFlag) -> None:
    """The worker's body (in its thread): read the file unless read, run the engine, post the end."""
    freeze_long_lived()  # what exists now stays out of GC passes during the job
    relay = ProgressRelay(target)
    fresh = job.table is None
    try:
        table = read_file(job.key, relay, cancel) if job.table is None else job.table
        with store_work():  # no re-read of the store swaps its data meanwhile
            report = run_engine(store, table, job, relay, cancel)
    except Cancelled:
        target.post_message(ImportFinished(job, None, cancelled=True))
    except Exception as exc:  # one line; a bug's traceback goes to the log
        target.post_message(ImportFinished(job, None, error=one_line(exc, "running an import")))
    else:
        if not job.options.dry_run:
            freeze_long_lived()  # the store as written stays out of later GC passes
        if fresh:
            target.post_message(ImportFinished(job, report, table, job.key))
        else:
            target.post_message(ImportFinished(job, report))


def read_file(key: FileKey | None, progress: ProgressRelay, cancel: CancelFlag) -> Table:
    """The whole file ``key`` names."""
    from relimport.core.files.reader import read_table

    if key is None:
        raise FileError("the file can no longer be read (moved or deleted?)")
    path, file_options = Path(key[0]), key[1]
    return read_table(path, file_options, progress=progress, cancel=cancel)


def run_engine(
    store: Store, table: Table, job: ImportJob, progress: ProgressRelay, cancel: CancelFlag
) -> ImportReport:
    """The engine's dry run or import of ``table`` as ``job`` says (core's one front door)."""
    from relimport.core.importing.request import ImportRequest
    from relimport.core.importing.run import run_import
    from relimport.core.mapping.precedence import Choices

    request = ImportRequest(
        Path(table.info.path),
        choices=Choices.of(job.file_options, job.options),
        decisions=job.decisions,
        dry_run=job.options.dry_run,
        mapping=job.mapping,
        table=table,
    )
    return run_import(store, request, progress=progress, cancel=cancel).report
