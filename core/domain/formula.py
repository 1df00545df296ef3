"""Formula neutralising for files users open in spreadsheets (OWASP "CSV injection").

A delimited file relimport writes (problem reports, sample files) must never make a
spreadsheet run a formula. A cell is *guarded* with a leading apostrophe when, after
any leading whitespace (spaces, NBSP, ideographic space), it starts with ``=``, ``+``,
``-``, ``@`` or their fullwidth forms (``＝ ＋ － ＠``), or when it starts with a tab,
CR or LF. A cell that starts with an apostrophe followed by something guarded is
guarded too, so that :func:`unguard` restores every value exactly::

    unguard(guard(text)) == text    for every text

XLSX cells are written as strings, which a spreadsheet never evaluates: they are
not guarded. Reading a delimited file unguards its cells.
"""

from __future__ import annotations

import re

#: A cell that needs guarding (see the module docstring): after any apostrophes, a tab,
#: CR or LF, or whitespace (``\s`` is Unicode-aware) then a character that starts a
#: formula in Excel, LibreOffice or Google Sheets.
NEEDS_GUARD = r"^'*(?:[\t\r\n]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])"
_NEEDS = re.compile(NEEDS_GUARD)
#: A guarded cell: an apostrophe before a cell that needs guarding.
GUARDED = "^'" + NEEDS_GUARD[1:]
_GUARDED = re.compile(GUARDED)
#: :data:`GUARDED` with what follows the apostrophe as group 1 (for a regex without
#: look-ahead, such as polars': replace the match with ``${1}``).
GUARDED_GROUP = "^'(" + NEEDS_GUARD[1:] + ")"


def needs_guard(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (or it looks guarded)."""
    return _NEEDS.match(text) is not None


def guard(value: object) -> str:
    """Text of ``value`` safe to put in a delimited file a spreadsheet will open."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if _NEEDS.match(text) else text


def unguard(text: str) -> str:
    """Inverse of :func:`guard`: drop the apostrophe relimport added, nothing else."""
    return text[1:] if _GUARDED.match(text) else text
