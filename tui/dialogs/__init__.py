"""Every modal dialog of the app, one of each kind; styles in ``dialogs.tcss``.

- :class:`ConfirmDialog` (``confirm``): a yes/no question (y / n, Esc = no).
- :class:`PathDialog` (``path``): a file path to save to or open, optionally
  running the save in a thread with its error shown inline.
- :class:`TextDialog` (``text``): a titled, scrollable text (a report).
- :class:`HelpScreen` (``help``): help for the screen below, its keys included.
- :class:`FirstRunDialog` and :func:`start_store` (``first_run``): no store yet.
- :class:`RelationshipForm` (``relationship``): add or edit a relationship type.
- :class:`~relimport.tui.dialogs.record_search.RecordSearch` (``record_search``): find
  any record of a type and choose it (the resolution queue's /).

Keyboard only: each shows its keys, Esc always cancels. Importing this package
loads no polars (help and the first-run dialog open over the first screen): the
relationship form, which needs the store model, is imported when first asked for.
"""

from __future__ import annotations

from relimport.tui.dialogs.confirm import ConfirmDialog
from relimport.tui.dialogs.first_run import FirstRunDialog, start_store
from relimport.tui.dialogs.help import HelpScreen
from relimport.tui.dialogs.path import PathDialog
from relimport.tui.dialogs.text import TextDialog

__all__ = [
    "ConfirmDialog",
    "FirstRunDialog",
    "HelpScreen",
    "PathDialog",
    "RelationshipForm",
    "TextDialog",
    "start_store",
]


def __getattr__(name: str) -> object:
    if name == "RelationshipForm":
        from relimport.tui.dialogs.relationship import RelationshipForm

        return RelationshipForm
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
