"""The browsing screens (F2 relationship types, F3 records, F4 history, F5 aliases) as one level.

They open above wherever the user is (a wizard step, a dialog-free screen) and
form one level: opening another replaces the one shown (with whatever it opened
itself, such as a batch of the history), so Esc always returns to the place
they were opened from. Also here: what quitting would lose, and when it must wait.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen

from relimport.tui.fmt import plural

if TYPE_CHECKING:
    from relimport.tui.app import RelimportApp


def can_browse(app: RelimportApp) -> bool:
    """F2-F5 work unless an import runs (its screen stays on top) or a dialog is open."""
    screen = app.screen
    return not getattr(screen, "BLOCKS_BROWSING", False) and not isinstance(screen, ModalScreen)


def is_browse(screen: object) -> bool:
    return bool(getattr(screen, "BROWSE", False))


def open_browse(app: RelimportApp, module: str, name: str, title: str, **kwargs: Any) -> None:
    """Show browsing screen ``name`` of ``relimport.tui.screens.<module>`` in place of the
    browsing screens shown now (if any)."""
    full = f"relimport.tui.screens.{module}"
    current = type(app.screen)
    if current.__name__ == name and current.__module__ == full and not kwargs:
        return
    try:
        screen_cls = getattr(importlib.import_module(full), name)
    except (ModuleNotFoundError, AttributeError) as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name != full:
            raise
        app.notify(f"{title}: not available yet", severity="warning")
        return
    while len(app.screen_stack) > 1 and is_browse(app.screen):
        app.pop_screen()
    app.push_screen(screen_cls(**kwargs))


def unsaved_work(app: RelimportApp) -> str:
    """What quitting now would lose, in words ("" when nothing)."""
    state = app.state
    steps = [getattr(s, "STEP", None) for s in app.screen_stack]
    lost = []
    # The queue, while open, holds its decisions itself (they reach the state on Esc).
    queues = [s for s in app.screen_stack if getattr(s, "HOLDS_DECISIONS", False)]
    decisions = getattr(queues[-1], "decisions", {}) if queues else state.decisions
    if decisions:
        lost.append(f"{plural(len(decisions), 'decision')} of the resolution queue")
    preparing = any(step in ("file", "mapping", "check") for step in steps) and "results" not in steps
    if state.path is not None and preparing:
        lost.append(f"the import of {state.path.name} being prepared (mapping and options)")
    if not lost:
        return ""
    return "You have " + " and ".join(lost) + "."


def writing(app: RelimportApp) -> str:
    """Why quitting must wait ("" when it need not): the store is being written."""
    for screen in app.screen_stack:
        if getattr(screen, "BLOCKS_BROWSING", False) and getattr(screen, "writing", False):
            return "The import is being written to the store; quit when it is done."
    return ""
