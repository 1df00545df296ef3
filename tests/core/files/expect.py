"""Assertions shared by the file-reading tests: rows of a table, the one-line error of a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from relimport.core.domain.errors import FileError
from relimport.core.files.reader import FileOptions, Table, read_table


def rows(table: Table) -> list[tuple]:
    """Data rows as tuples, ``__row`` last."""
    return table.frame.rows()


def error_of(path: Path, options: FileOptions | None = None) -> str:
    """The message of the FileError reading ``path`` raises: one line, no traceback."""
    with pytest.raises(FileError) as info:
        read_table(path, options or FileOptions())
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message
    return message
