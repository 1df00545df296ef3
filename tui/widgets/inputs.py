"""A text input that never draws a control character raw.

A typed or pasted value, or a default built from a file name, may hold control,
bidi or zero-width characters. The value stays exactly as it is (a path must still
name its file); only its drawing shows each such character as one visible stand-in
(a Control Picture such as ␛ for C0 controls, ␡ for DEL, � for the others), in
reverse video, one cell for one character so the cursor stays where it is.
"""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


class ControlMask(Highlighter):
    """Draws unsafe characters as visible one-cell stand-ins (the value is not changed)."""

    def highlight(self, text: Text) -> None:
        plain = text.plain
        spans = [m.start() for m in _UNSAFE.finditer(plain)]
        if not spans:
            return
        text.plain = _UNSAFE.sub(lambda m: _stand_in(m.group()), plain)
        for i in spans:
            text.stylize("reverse", i, i + 1)


class SafeInput(Input):
    """:class:`textual.widgets.Input` drawn through :class:`ControlMask`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("highlighter", ControlMask())
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
