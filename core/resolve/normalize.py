"""Normalisation of headers and of values compared during resolution.

Every rule exists twice: a Python function for single values (suggestions,
``show``, tests) and a polars expression for whole columns. The property tests
in ``tests/core/test_normalize.py`` keep the two in agreement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import polars as pl

from relimport.core.domain.formula import GUARDED_GROUP, unguard

_WS = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")
#: Invisible characters that sneak in from web pages and Word (zero-width space, BOM...).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_INVISIBLE_PL = "[\u200b\u200c\u200d\u2060\ufeff]"


def tidy_cell(text: str | None) -> str | None:
    """A cell as stored: NFC, invisible characters removed, trimmed; empty is ``None``.

    Inner line breaks are kept. The apostrophe relimport puts before a cell that a
    spreadsheet could read as a formula (:mod:`relimport.core.domain.formula`) is
    dropped, so exports re-import as they were.
    """
    if text is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", unguard(text))).strip()
    return text or None


def clean_cell(text: str | None) -> str | None:
    """:func:`tidy_cell` with inner whitespace collapsed to one space (for comparing)."""
    text = tidy_cell(text)
    return _WS.sub(" ", text) if text else None


def norm_text(text: str | None) -> str | None:
    """Value comparison form: NFC, trimmed, inner whitespace collapsed, lower-cased.

    Diacritics are kept (``Łódź`` is not ``Lodz``).
    """
    text = clean_cell(text)
    return text.lower() if text else None


def norm_digits(text: str | None) -> str | None:
    """Tax ids and REGON compare on digits only (``PL 123-456-78-90`` = ``1234567890``)."""
    if text is None:
        return None
    digits = _NON_DIGIT.sub("", unicodedata.normalize("NFKC", text))
    return digits or None


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")


def norm_domain(text: str | None) -> str | None:
    """Domains compare without scheme, ``www.`` and trailing slashes."""
    text = norm_text(text)
    if not text:
        return None
    text = _SCHEME.sub("", text)
    text = text.removeprefix("www.").rstrip("/").strip()
    return text or None


def norm_id(text: str | None) -> str | None:
    """Record ids compare as their digits without leading zeros (``"0042"`` = ``"42"``)."""
    text = clean_cell(text)
    if not text or not text.isascii() or not text.isdigit():
        return None
    return text.lstrip("0") or "0"


#: Which normaliser applies to each match key.
KEY_KIND: dict[str, str] = {
    "id": "id",
    "tax_id": "digits",
    "regon": "digits",
    "domain": "domain",
}


def norm_value(key: str, text: str | None) -> str | None:
    """Normalise ``text`` as a value of match key ``key``."""
    kind = KEY_KIND.get(key, "text")
    if kind == "digits":
        return norm_digits(text)
    if kind == "domain":
        return norm_domain(text)
    if kind == "id":
        return norm_id(text)
    return norm_text(text)


# --- polars expressions -------------------------------------------------------------


def _non_ascii(s: pl.Series) -> pl.Series:
    """True where a value has a non-ASCII character (a length test: 6x faster than a regex)."""
    return s.str.len_bytes() != s.str.len_chars()


def _subset(s: pl.Series, mask: pl.Series, fn: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Apply ``fn`` only where ``mask`` is true (regex work on the few values that need it)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return s
    return s.scatter(mask.arg_true(), fn(s.filter(mask)))


def tidy_series(s: pl.Series) -> pl.Series:
    """Column form of :func:`tidy_cell` (fast paths: most values need no regex work)."""
    s = s.cast(pl.String)
    s = _subset(
        s,
        _non_ascii(s),
        lambda x: x.str.normalize("NFC").str.replace_all(_INVISIBLE_PL, ""),
    )
    s = _subset(s, s.str.starts_with("'"), lambda x: x.str.replace(GUARDED_GROUP, "${1}"))
    s = s.str.strip_chars()
    return s.set(s == "", None) if s.len() else s


def clean_series(s: pl.Series) -> pl.Series:
    """Column form of :func:`clean_cell`."""
    s = tidy_series(s)
    return _subset(s, s.str.contains(r"\s\s|[^\S ]"), lambda x: x.str.replace_all(r"\s+", " "))


def tidy_expr(expr: pl.Expr) -> pl.Expr:
    """Column form of :func:`tidy_cell`."""
    return expr.map_batches(tidy_series, return_dtype=pl.String)


def norm_series(key: str, s: pl.Series, cleaned: bool = False) -> pl.Series:
    """Column form of :func:`norm_value` for match key ``key``.

    ``cleaned`` says the values already went through :func:`clean_series`.
    """
    kind = KEY_KIND.get(key, "text")
    s = s.cast(pl.String)
    if kind == "digits":
        s = _subset(s, _non_ascii(s), lambda x: x.str.normalize("NFKC"))
        s = _subset(s, s.str.contains(r"\D"), lambda x: x.str.replace_all(r"[^0-9]+", ""))
        return s.set(s == "", None) if s.len() else s
    if not cleaned:
        s = clean_series(s)
    if kind == "id":
        s = s.set(~s.str.contains(r"^[0-9]+$").fill_null(False), None) if s.len() else s
        s = s.str.strip_chars_start("0")
        return s.set(s == "", "0") if s.len() else s
    s = s.str.to_lowercase()
    if kind == "domain":
        s = _subset(
            s,
            s.str.contains(r"^[a-z][a-z0-9+.\-]*://|^www\.|/$"),
            lambda x: (
                x.str.replace(r"^[a-z][a-z0-9+.\-]*://", "")
                .str.replace(r"^www\.", "")
                .str.strip_chars_end("/")
                .str.strip_chars(" ")
            ),
        )
        s = s.set(s == "", None) if s.len() else s
    return s


def clean_expr(expr: pl.Expr) -> pl.Expr:
    """Column form of :func:`clean_cell`."""
    return expr.map_batches(clean_series, return_dtype=pl.String)


def norm_expr(key: str, expr: pl.Expr, cleaned: bool = False) -> pl.Expr:
    """Column form of :func:`norm_value` for match key ``key`` (see :func:`norm_series`)."""
    return expr.map_batches(lambda s: norm_series(key, s, cleaned), return_dtype=pl.String)
