"""Picking a file: the directory tree of readable files, and completion of a typed path."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import DirectoryTree
from textual.widgets.tree import TreeNode

from relimport.core.domain.text import visible
from relimport.core.files.reader import SUPPORTED_SUFFIXES
from relimport.tui.fmt import display_path, inert, shown


def with_value(options: list[tuple[str, str]], value: str | None) -> list[tuple[Text, str]]:
    """``options`` plus ``value`` when a recipe names one the list lacks (e.g. ``windows-1250``);
    prompts as text, never markup."""
    out = [(Text(label), v) for label, v in options]
    if value is None or any(v == value for _, v in options):
        return out
    return [*out, (inert(repr(value) if value.isspace() else value), value)]


def readable(path: Path) -> bool:
    try:
        return path.is_dir() or path.suffix.lower() in SUPPORTED_SUFFIXES
    except OSError:
        return False


def completions(base: Path, value: str) -> tuple[str, list[str]]:
    """What a typed path may complete to: the folder part as typed, and the names of the
    folders (ending in "/") and readable files in *that* folder (relative to ``base``)
    that start with the rest, ignoring case; folders first."""
    folder_text, slash, prefix = value.rpartition("/")
    head = value[: len(value) - len(prefix)]
    if not value or value == "~":
        return head, []
    folder = Path(folder_text or "/").expanduser() if slash else Path(".")
    folder = folder if folder.is_absolute() else base / folder
    low = prefix.lower()
    try:
        entries = sorted(
            (
                e
                for e in folder.iterdir()
                if not e.name.startswith(".") and e.name.lower().startswith(low) and readable(e)
            ),
            key=lambda e: (not e.is_dir(), e.name.lower()),
        )
    except OSError:
        return head, []
    return head, [e.name + ("/" if e.is_dir() else "") for e in entries]


def completed(value: str, names: list[str]) -> str | None:
    """``value`` completed by :func:`completions`' ``names``: the one name, or what all
    share (None when that adds nothing)."""
    prefix = value.rpartition("/")[2]
    names = [n for n in names if n != prefix]
    if not names:
        return None
    shared = len(os.path.commonprefix([n.lower() for n in names]))
    if shared <= len(prefix):
        return None
    return value[: len(value) - len(prefix)] + names[0][:shared]


class PathSuggester(Suggester):
    """Completes a typed path (relative to ``base``) by the folders and readable files of
    the folder typed so far whose names start with what was typed after the last slash:
    the one name, or when several match, the part they share; → (or End) accepts it."""

    def __init__(self, base: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        return completed(value, completions(self.base, value)[1])


class ImportFileTree(DirectoryTree):
    """The directory tree, showing only folders and files relimport can read; Backspace
    goes up a folder."""

    ICON_FILE = "  "
    BINDINGS = [Binding("backspace", "up", "Up a folder")]

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        out = []
        for p in paths:
            if p.name.startswith("."):
                continue
            try:
                if p.is_dir() or p.suffix.lower() in SUPPORTED_SUFFIXES:
                    out.append(p)
            except OSError:
                continue
        return out

    def process_label(self, label: str | Text) -> Text:
        # File names are data: never markup, controls made visible.
        return Text(visible(label)) if isinstance(label, str) else label

    def render_label(self, node: TreeNode, base_style: Style, style: Style) -> Text:
        if node.is_root:
            return Text(shown(display_path(Path(self.path).resolve())) + "/", style=style)
        return super().render_label(node, base_style, style)

    def action_up(self) -> None:
        here = Path(self.path).resolve()
        if here.parent != here:
            self.path = here.parent
