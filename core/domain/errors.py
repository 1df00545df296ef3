"""Errors a user can cause. Each carries a one-line message naming what and where."""

from __future__ import annotations

from relimport.core.domain.text import visible


class RelimportError(Exception):
    """Base of every error shown to users as one line (exit status 1 by default)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """One line, always, with any control character from a file or path made visible."""
        return visible(" ".join(self.message.split()))


class UsageError(RelimportError):
    """Wrong arguments: unknown type, bad --map, unknown relationship (exit 2)."""

    exit_code = 2


class FileError(RelimportError):
    """The import file cannot be read as a table."""


class MappingError(RelimportError):
    """The column mapping is not valid (e.g. two columns to one field): exit 2."""

    exit_code = 2


class StoreError(RelimportError):
    """The store cannot be read, locked or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's lock."""


class Cancelled(RelimportError):
    """The user cancelled long work before anything was written."""

    def __init__(self, message: str = "cancelled, nothing written") -> None:
        super().__init__(message)
