"""NO_COLOR without unreadable text: greys kept apart from their background.

Under ``NO_COLOR`` Textual draws every colour as the grey of its luminance. Red is
dark (red text becomes grey 237 on the dark background's 233), so a row-not-imported
problem, a refusal or an error line would all but vanish. :class:`LegibleMonochrome`
draws the same greys, except that a foreground too close to its background is moved
to the light or the dark end: meaning still comes from the marks and words
(``✗ no key``), and every text stays readable.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, monochrome_style

#: The least difference in brightness (0 black … 1 white) between text and its background.
MIN_CONTRAST = 0.4
LIGHT = Color(224, 224, 224)
DARK = Color(32, 32, 32)


@lru_cache(1024)
def legible_style(style: Style, background: Color) -> Style:
    """``style`` in greys, its foreground moved away from a background too close to it."""
    mono = monochrome_style(style)
    if mono.color is None:
        return mono
    back = Color.from_rich_color(mono.bgcolor) if mono.bgcolor is not None else background.monochrome
    fore = Color.from_rich_color(mono.color)
    if abs(fore.brightness - back.brightness) >= MIN_CONTRAST:
        return mono
    lifted = LIGHT if back.brightness < 0.5 else DARK
    return mono + Style(color=lifted.rich_color)


def _words(text: str) -> bool:
    """Whether ``text`` holds something to read (not only spaces, lines and blocks that
    draw borders, bars and scrollbars, whose shades are kept)."""
    return any(ch.isalnum() or ch in MARKS for ch in text)


#: Marks that carry meaning on their own (see :mod:`relimport.tui.words`).
MARKS = frozenset("✗!~★✓")


class LegibleMonochrome(LineFilter):
    """Textual's monochrome filter, with text never drawn close to its background's grey."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, _ in segments:
            if style is None:
                out.append(Segment(text))
            elif _words(text):
                out.append(Segment(text, legible_style(style, background)))
            else:
                out.append(Segment(text, monochrome_style(style)))
        return out


__all__ = ["LegibleMonochrome", "legible_style"]
