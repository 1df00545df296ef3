"""Running a workbook reader in a child process, so that nothing it does can end relimport.

python-calamine (Rust) aborts the whole process when an allocation fails — a 2 KB
XLSX with one cell at ``XFD1048576`` asks for half a terabyte — and a native crash
is no exception Python can catch: relimport would die with a backtrace and, in the
app, leave the terminal in raw mode. So the reader runs in a forked child: its
address space is capped (what the machine has available), whatever it writes to
stdout/stderr is captured, and it sends its result back through a pipe. An abort,
a segfault or an allocation failure in the child becomes one :class:`FileError`
line; a cancel or Ctrl-C in the parent kills the child.

The child only runs the reader and pickles plain Python values (no polars: its
thread pool does not survive a fork). Where ``fork`` does not exist the reader runs
in-process.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import re
import select
import signal
import tempfile
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.files.table import CancelFn

T = TypeVar("T")

#: How often (seconds) the parent looks at ``cancel`` while the child works.
_POLL = 0.1
#: Bytes of the child's own error output read for the message.
_STDERR_KEPT = 16384
#: The child's address space beyond what it starts with, when the machine does not say.
_DEFAULT_BUDGET = 4 << 30


def isolation_available() -> bool:
    return hasattr(os, "fork")


def run_isolated(fn: Callable[..., T], *args: Any, name: str, cancel: CancelFn | None = None) -> T:
    """``fn(*args)`` in a forked child; its return value (plain, picklable data) comes back.

    A :class:`FileError` (or :class:`Cancelled`) raised in the child is raised here
    as it was; any other exception becomes a one-line ``FileError`` naming ``name``;
    so does a crash of the child (a signal, an allocation failure).

    Raises:
        FileError: the reader failed or crashed (one line).
        Cancelled: ``cancel()`` returned True; the child was killed.
    """
    if not isolation_available():
        return fn(*args)
    budget = _memory_budget()
    with tempfile.TemporaryFile() as err:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "fork in a multi-threaded process"
            pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(fn, args, write_end, err.fileno(), budget)
        os.close(write_end)
        try:
            payload = _collect(read_end, cancel)
        except BaseException:
            _kill(pid)
            raise
        finally:
            os.close(read_end)
        status = _reap(pid)
        return _result(payload, status, _stderr_of(err), name)


def _child(fn: Callable[..., Any], args: tuple[Any, ...], out: int, err: int, budget: int | None) -> None:
    try:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent decides
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
        os.dup2(err, 2)  # a Rust panic or abort message goes to the parent's message
        import faulthandler

        faulthandler.disable()  # a crash here is reported by the parent, in one line
        _limit_memory(budget)
        try:
            result: tuple[Any, ...] = ("ok", fn(*args))
        except (FileError, Cancelled) as exc:
            result = (type(exc).__name__, str(exc))
        except MemoryError:
            result = ("memory", "")
        except BaseException as exc:  # noqa: BLE001 - anything becomes one line
            result = ("error", f"{type(exc).__name__}: {exc}")
        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # flat lists of cells: no memo (several times faster)
        pickler.dump(result)
        view = memoryview(buf.getbuffer())
        while view:
            written = os.write(out, view[: 1 << 20])
            view = view[written:]
    finally:
        os._exit(0)


def _memory_budget() -> int | None:
    """Bytes the child may add to its address space: what the machine has available."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return _DEFAULT_BUDGET


def _limit_memory(budget: int | None) -> None:
    """Cap the child's address space at its current size plus ``budget``: an allocation
    beyond fails at once instead of pushing the machine into swap or the OOM killer."""
    if budget is None:
        return
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + max(budget, 1 << 30)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return


def _collect(fd: int, cancel: CancelFn | None) -> bytes:
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([fd], [], [], _POLL)
        if cancel is not None and cancel():
            raise Cancelled()
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0


def _stderr_of(err: Any) -> str:
    """The start of what the child wrote to stderr (a native library's message comes
    first, its backtrace after)."""
    try:
        err.seek(0)
        return err.read(_STDERR_KEPT).decode("utf-8", "replace")
    except OSError:
        return ""


def _result(payload: bytes, status: int, stderr: str, name: str) -> Any:
    if payload:
        try:
            kind, value = pickle.loads(payload)
        except Exception:
            kind, value = "broken", ""
        if kind == "ok":
            return value
        if kind == "FileError":
            raise FileError(value)
        if kind == "Cancelled":
            raise Cancelled()
        if kind == "memory":
            raise FileError(f"{name}: too large to read into memory")
        if kind == "error":
            raise FileError(f"{name}: cannot be read ({_short(value)})")
    raise FileError(f"{name}: {_crash(status, stderr)}")


def _crash(status: int, stderr: str) -> str:
    """Why the child ended without a result, for one line."""
    allocation = _allocation_failure(stderr)
    if allocation is not None:
        size = f" ({allocation / (1 << 30):,.1f} GiB)" if allocation >= 1 << 30 else ""
        return (
            f"too large to read: the reader ran out of memory{size}; a stray cell far "
            "down or to the right (such as XFD1048576) makes a sheet that large"
        )
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signame = signal.Signals(sig).name
        except ValueError:
            signame = f"signal {sig}"
        if sig == signal.SIGKILL:
            return "the reader was killed (out of memory?)"
        return f"cannot be read (the reader crashed: {signame})"
    line = _first_message(stderr)
    return f"cannot be read (the reader stopped{': ' + line if line else ''})"


def _allocation_failure(stderr: str) -> int | None:
    """The size of a failed allocation a native library reported (Rust: ``memory
    allocation of N bytes failed``), or None."""
    m = re.search(r"memory allocation of (\d+) bytes failed", stderr)
    if m:
        return int(m.group(1))
    if "out of memory" in stderr.lower() or "cannot allocate memory" in stderr.lower():
        return 0
    return None


def _first_message(stderr: str) -> str:
    for line in stderr.splitlines():
        line = line.strip()
        if line:
            return _short(line)
    return ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "..."
