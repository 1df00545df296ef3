"""Header and name normalisation in plain Python (no polars: the TUI's first screen uses it).

:mod:`relimport.core.resolve.normalize` holds the value rules, each also as a polars expression.
"""

from __future__ import annotations

import re
import unicodedata

_HEADER_DROP = re.compile(r"[\s_\-./]+")
# Letters that Unicode does not decompose into base + combining mark.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss"})


def norm_header(text: str) -> str:
    """Normalise a column header or a name typed by a user.

    Case-, space- and diacritics-insensitive: ``" Imię "``, ``"imie"`` and
    ``"IMIE"`` are equal; underscores, dashes, dots and slashes are ignored
    (``"E-mail"`` = ``"email"``, ``"first_name"`` = ``"First name"``).
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _HEADER_DROP.sub("", text.casefold())


# --- showing untrusted text -----------------------------------------------------------
#
# Anything read from a file, a store or a path is data. Before it reaches a terminal it
# goes through :func:`visible`, which turns every character that could steer the
# terminal or hide/reorder text into a visible stand-in: C0 controls as their Control
# Pictures (ESC → ␛, NUL → ␀), DEL as ␡, C1 controls, bidirectional overrides and
# zero-width characters as ``\u`` escapes. ``--json`` output is not passed through it
# (JSON escapes controls itself and must carry the data exactly).

_BIDI_AND_INVISIBLE = (
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\ufff9\ufffa\ufffb"
)
_VISIBLE_MAP: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_VISIBLE_MAP[0x7F] = "\u2421"
_VISIBLE_MAP.update({c: f"\\u{c:04x}" for c in range(0x80, 0xA0)})
_VISIBLE_MAP.update({ord(ch): f"\\u{ord(ch):04x}" for ch in _BIDI_AND_INVISIBLE})
_VISIBLE_MULTILINE = dict(_VISIBLE_MAP)
del _VISIBLE_MULTILINE[0x0A]
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI_AND_INVISIBLE + "]")


def visible(text: object, *, multiline: bool = False) -> str:
    """``text`` with every control, bidi-override and zero-width character made visible.

    ``"a\\x1b]52;c;…"`` becomes ``"a␛]52;c;…"``; a newline becomes ``␊`` unless
    ``multiline``. Safe to write to a terminal as plain text (not as markup).
    """
    s = text if isinstance(text, str) else str(text)
    if not _UNSAFE.search(s):
        return s
    return s.translate(_VISIBLE_MULTILINE if multiline else _VISIBLE_MAP)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character :func:`visible` would replace."""
    return _UNSAFE.search(text) is not None
