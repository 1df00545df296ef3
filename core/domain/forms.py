"""Compare forms: how identity and relationship values are compared, one value at a time.

Identity and relationship values compare in a form of their own: the canonical value
and every spelling of it have the same form, so a stored ``5260001246`` is found by
``PL 526-000-12-46``. Forms are cheap (no library): they run over whole columns.
:mod:`relimport.core.resolve.normalize` has the same rules as polars expressions;
tests keep the two in agreement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from relimport.core.domain.values import (
    ID_SEPARATORS,
    MIN_VAT_DIGITS,
    clean_cell,
    domain_host,
    key_text_form,
    tidy_cell,
)

#: Kinds of compare forms, by the value type of the key (``id`` is the record id).
COMPARE_KINDS: tuple[str, ...] = ("text", "id", "nip", "regon", "email", "domain", "key_text")


def text_form(text: str | None) -> str | None:
    """Names and other text: whitespace collapsed, lower-cased (diacritics kept)."""
    text = clean_cell(text)
    return text.lower() if text else None


def id_form(text: str | None) -> str | None:
    """Record ids compare as their digits without leading zeros (``"0042"`` = ``"42"``)."""
    text = clean_cell(text)
    if not text or not text.isascii() or not text.isdigit():
        return None
    return text.lstrip("0") or "0"


_PL_PREFIXED = re.compile(r"PL[0-9]{10}")


def nip_form(text: str | None) -> str | None:
    """Tax ids without separators, upper-case, a Polish NIP without ``PL``.

    ``PL 526-000-12-46`` = ``5260001246``; ``de 136 695 976`` = ``DE136695976``.
    """
    text = tidy_cell(text)
    if not text:
        return None
    text = ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if _PL_PREFIXED.fullmatch(text):
        text = text[2:]
    return text or None


def regon_form(text: str | None) -> str | None:
    """REGON without separators; 8 or 13 digits get back the leading zero a spreadsheet dropped."""
    text = tidy_cell(text)
    if not text:
        return None
    text = ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if text.isascii() and text.isdigit() and len(text) in (8, 13):
        text = "0" + text
    return text or None


def email_form(text: str | None) -> str | None:
    """E-mail addresses compare lower-case, without ``mailto:``."""
    text = text_form(text)
    if not text:
        return None
    return text.removeprefix("mailto:").strip() or None


FORMS: dict[str, Callable[[str | None], str | None]] = {
    "text": text_form,
    "id": id_form,
    "nip": nip_form,
    "regon": regon_form,
    "email": email_form,
    "domain": domain_host,
    "key_text": key_text_form,
}


def compare_form(kind: str, text: str | None) -> str | None:
    """``text`` in the compare form of ``kind`` (a value type, or ``id``); text for others."""
    return FORMS.get(kind, text_form)(text)


#: The shape a compare form must have to be worth looking up under a key of that kind
#: (a name is no NIP, ``Firma 12`` no record id). Applies to forms, not raw cells.
SHAPES: dict[str, str] = {
    "id": r"^[0-9]+$",
    "nip": r"^[0-9]{10}$|^[A-Z]{2}[0-9A-Z+*]{2,13}$",
    "regon": r"^[0-9]{9}$|^[0-9]{14}$",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    "domain": r"^[^@\s/]+\.[^@\s/]+$",
}


def fits(kind: str, form: str | None) -> bool:
    """Whether a compare form has the shape of a value of ``kind`` (text fits anything)."""
    if form is None:
        return False
    shape = SHAPES.get(kind)
    if shape is None:
        return True
    if not re.search(shape, form):
        return False
    return kind != "nip" or sum(ch.isdigit() for ch in form) >= MIN_VAT_DIGITS
