"""The key bar at the bottom of every screen: the keys that work here, in one line.

It shows what Textual's ``Footer`` shows (the screen's active bindings, disabled
ones dimmed, a click presses the key) but as a single widget drawing one line
of text. ``Footer`` builds a widget per key and rebuilds them all whenever the
bindings change (several times while a screen opens): about a third of the time
a screen change took here, on the UI thread (``bench/bench_tui.py``).
"""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

_ENABLED = Style()
_DISABLED = Style(dim=True)
#: Keys that work on every screen: the first to lose their words when space is short.
GLOBAL_KEYS = frozenset({"ctrl+q", "f1"})


def _short(description: str, firsts: Counter[str]) -> str:
    """A description's first word, or its first two when another key's starts with the
    same word (``c Create  C Create all``, never two keys saying ``Create``)."""
    words = description.split(" ")
    return " ".join(words[:2]) if firsts[words[0]] > 1 else words[0]


class KeyBar(Widget):
    """One line: ``key description`` for each shown binding of the screen."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: (first column, end column, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) of each shown binding, one per action."""
        out = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        return out

    def render(self) -> Text:
        entries = self.entries()
        width = self.size.width or 10_000
        # Too long for the terminal: descriptions shortened to their first word (two when
        # keys would read alike), then the keys that work everywhere (Quit, Help) without
        # words, last one word each whatever it reads like, so every key stays in view.
        passes = ((False, False, True), (True, False, True), (True, True, True), (True, True, False))
        for short_words, bare_global, two_alike in passes:
            text, spans = self._line(entries, short_words, bare_global, two_alike)
            if text.cell_len <= width:
                break
        self._spans = spans
        return text

    def _line(
        self,
        entries: list[tuple[str, str, str, bool]],
        short_words: bool,
        bare_global: bool,
        two_alike: bool = True,
    ) -> tuple[Text, list[tuple[int, int, str]]]:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        firsts = Counter(d.split(" ")[0] for _k, _s, d, _e in entries) if two_alike else Counter()
        for key, shown, description, enabled in entries:
            start = text.cell_len
            extra = _ENABLED if enabled else _DISABLED
            words = _short(description, firsts) if short_words else description
            if bare_global and key in GLOBAL_KEYS:
                words = ""
            text.append(f" {shown} ", style=key_style + extra)
            if words:
                text.append(f"{words} ", style=description_style + extra)
            if enabled:
                spans.append((start, text.cell_len, key))
        return text, spans

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                event.stop()
                return
