"""Small text helpers for display (paths, one-line clipping, counts, object type names).

Anything that came from a file, the store or a path is data: it reaches a widget as
:class:`rich.text.Text` built by :func:`inert` (or as a string through :func:`shown`
into a widget with ``markup=False``), with control, bidi and zero-width characters
made visible by :func:`relimport.core.domain.text.visible` and never parsed as markup.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.domain.text import visible


def shown(value: Any) -> str:
    """``value`` as one line of plain text with every control character made visible."""
    return "" if value is None else visible(value)


def inert(value: Any, style: str = "", *, multiline: bool = False) -> Text:
    """``value`` as inert text (controls made visible, never markup), optionally styled."""
    text = "" if value is None else visible(value, multiline=multiline)
    return Text(text, style=style, end="")


def line(*parts: str | Text | tuple[Any, str]) -> Text:
    """One text from literal strings (relimport's own words), :class:`Text`, and
    ``(data, style)`` pairs (data, made inert)."""
    out = Text(end="")
    for p in parts:
        if isinstance(p, tuple):
            out.append_text(inert(p[0], p[1]))
        elif isinstance(p, Text):
            out.append_text(p)
        else:
            out.append(p)
    return out


def display_path(path: Path | str) -> str:
    """A path as users like to read it: relative to the cwd, else to ~, else absolute.

    Never absolute for files under the working directory, which also keeps
    snapshots free of temp paths.
    """
    if isinstance(path, str) and path.lower().startswith(("postgresql://", "postgres://")):
        return path  # a team store's URL (shown without its password)
    p = Path(path)
    try:
        p = p.resolve()
        cwd = Path.cwd().resolve()
    except OSError:
        return str(path)
    if p == cwd:
        return "."
    if p.is_relative_to(cwd):
        return str(p.relative_to(cwd))
    home = Path(os.path.expanduser("~"))
    if str(home) not in ("/", "") and p.is_relative_to(home):
        return "~/" + str(p.relative_to(home))
    return str(p)


def full_path(path: Path | str) -> str:
    """A file just written, as one line: its whole path (a toast after saving names the
    file wherever the user may look for it), controls made visible."""
    try:
        return shown(str(Path(path).resolve()))
    except OSError:
        return shown(str(path))


def input_path(path: Path | str, base: Path) -> str:
    """``path`` as typed in a path field: relative to ``base`` (where the app was started)
    when it lies under it, else absolute."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(base.resolve()))
    except (ValueError, OSError):
        return str(p)


def clip(text: Any, width: int) -> str:
    """``text`` on one line of at most ``width`` terminal cells (… when cut), controls
    made visible (so the result is safe in a widget with ``markup=False``)."""
    one = visible(" ".join(str("" if text is None else text).split()))
    if cell_len(one) <= width:
        return one
    return set_cell_size(one, max(0, width - 1)).rstrip() + "…"


def short_time(iso: str) -> str:
    """``2025-03-14T10:05:00+01:00`` → ``2025-03-14 10:05`` (local time of the import)."""
    return iso[:16].replace("T", " ")


def plural(n: int, word: str) -> str:
    """``"1 link"``, ``"1,234 links"``."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


#: The object types for a Select: Polish / English name, by key.
TYPE_OPTIONS = [(f"{t.label_pl} / {t.label_en}", k) for k, t in OBJECT_TYPES.items()]


def type_label(key: str) -> str:
    """An object type's English name (``company`` → ``Company``); an unknown key as it is."""
    return OBJECT_TYPES[key].label_en if key in OBJECT_TYPES else key
