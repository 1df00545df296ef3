"""Small text helpers for display (paths, one-line clipping, counts, object type names)."""

from __future__ import annotations

import os
from pathlib import Path

from relimport.core.domain.objects import OBJECT_TYPES


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


def clip(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters (… when cut)."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def plural(n: int, word: str) -> str:
    """``"1 link"``, ``"1,234 links"``."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


#: The object types for a Select: Polish / English name, by key.
TYPE_OPTIONS = [(f"{t.label_pl} / {t.label_en}", k) for k, t in OBJECT_TYPES.items()]


def type_label(key: str) -> str:
    """An object type's English name (``company`` → ``Company``); an unknown key as it is."""
    return OBJECT_TYPES[key].label_en if key in OBJECT_TYPES else key
