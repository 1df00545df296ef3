"""Errors as users see them: one line; a bug's traceback goes to a log file named in that line.

An error the user can cause (:class:`relimport.core.domain.errors.RelimportError`:
a file that cannot be read, a locked store, a bad recipe…) is shown as its own
one-line message. Anything else is a bug: its traceback is appended to
:func:`log_file` and the user sees one line naming that file. No Textual here.
"""

from __future__ import annotations

import threading
import traceback
from datetime import datetime
from pathlib import Path

from relimport.core.domain.errors import RelimportError
from relimport.tui.fmt import display_path

LOG_NAME = "relimport.log"
#: Longest text of an unexpected error shown (the log has all of it).
SHOWN_CHARS = 200

_lock = threading.Lock()


def log_file() -> Path:
    """Where unexpected errors are logged: ``relimport.log`` in the user's log directory."""
    import platformdirs

    return Path(platformdirs.user_log_path("relimport", appauthor=False)) / LOG_NAME


def log_error(exc: BaseException, where: str = "") -> Path | None:
    """Append ``exc`` with its traceback to :func:`log_file`; the file, or None if unwritable."""
    path = log_file()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    head = f"--- {stamp} {where}".rstrip()
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(f"{head}\n{text}\n")
    except OSError:
        return None
    return path


def one_line(exc: BaseException, where: str = "") -> str:
    """``exc`` as one line for users.

    relimport's own errors are their message. Anything else is logged with its
    traceback (see :func:`log_error`) and shown as its type and text, naming the log.
    """
    if isinstance(exc, RelimportError):
        return str(exc)
    text = " ".join(str(exc).split())
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 1] + "…"
    line = f"unexpected error ({type(exc).__name__})" + (f": {text}" if text else "")
    logged = log_error(exc, where)
    if logged is None:
        return f"{line} (the log {log_file()} could not be written)"
    return f"{line} — details in {display_path(logged)}"
