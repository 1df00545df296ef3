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
