"""Small text helpers for display (paths, one-line clipping)."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as users like to read it: relative to the cwd, else to ~, else absolute.

    Never absolute for files under the working directory, which also keeps
    snapshots free of temp paths.
    """
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
