"""Normalisation of cells and the compare forms of identity and relationship values.

Every rule exists twice: a Python function for single values (in
:mod:`relimport.core.domain.forms` and :mod:`relimport.core.domain.values`: suggestions,
``show``, aliases, the store's migration, tests) and a polars form here for whole
columns. The property tests in ``tests/core/test_normalize.py`` keep the two in agreement.

A match key compares in the form of its value type (:data:`KEY_KIND`): names as
lower-case text, tax ids without separators, REGON with a dropped leading zero
restored, e-mail addresses lower-case, web addresses as their host, SKUs and codes
without spaces and dashes, record ids without leading zeros.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from relimport.core.domain.forms import (  # noqa: F401 - re-exported: the Python forms
    SHAPES,
    compare_form,
    email_form,
    id_form,
    nip_form,
    regon_form,
    text_form,
)
from relimport.core.domain.formula import GUARDED_GROUP
from relimport.core.domain.objects import KEY_TYPES
from relimport.core.domain.values import (  # noqa: F401 - re-exported: the Python forms
    MIN_VAT_DIGITS,
    clean_cell,
    domain_host,
    key_text_form,
    tidy_cell,
)

_INVISIBLE_PL = "[\u200b\u200c\u200d\u2060\ufeff]"
_ID_SEPARATORS_PL = r"[\s\-./\x{2010}-\x{2015}]+"
_KEY_DROP_PL = r"[\s\-\x{2010}-\x{2015}\x{2212}]+"

#: Compare kind of each match key: its value type (``text`` for names, ``id`` for record ids).
KEY_KIND: dict[str, str] = dict(KEY_TYPES)


def key_kind(key: str) -> str:
    """The compare kind of match key ``key`` (text for keys of no special type)."""
    return KEY_KIND.get(key, "text")


def norm_value(key: str, text: str | None) -> str | None:
    """Normalise ``text`` as a value of match key ``key``."""
    return compare_form(key_kind(key), text)


# --- polars forms ----------------------------------------------------------------------


def _non_ascii(s: pl.Series) -> pl.Series:
    """True where a value has a non-ASCII character (a length test: 6x faster than a regex)."""
    return s.str.len_bytes() != s.str.len_chars()


def _subset(s: pl.Series, mask: pl.Series, fn: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Apply ``fn`` only where ``mask`` is true (regex work on the few values that need it)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return s
    return s.scatter(mask.arg_true(), fn(s.filter(mask)))


def _null_empty(s: pl.Series) -> pl.Series:
    return s.set(s == "", None) if s.len() else s


def tidy_series(s: pl.Series) -> pl.Series:
    """Column form of :func:`tidy_cell` (fast paths: most values need no regex work)."""
    s = s.cast(pl.String)
    # The formula guard first, as tidy_cell does (an invisible character after the
    # apostrophe keeps it: "'\u200b=" is "'=", never "=").
    s = _subset(s, s.str.starts_with("'"), lambda x: x.str.replace(GUARDED_GROUP, "${1}"))
    s = _subset(
        s,
        _non_ascii(s),
        lambda x: x.str.normalize("NFC").str.replace_all(_INVISIBLE_PL, ""),
    )
    s = s.str.strip_chars()
    return _null_empty(s)


#: What :func:`clean_series` would change: empty, whitespace at an end, two together or
#: other than a space, a leading apostrophe (a formula guard), anything not ASCII (NFC,
#: invisible characters). Values without any are clean already.
_NOT_CLEAN = r"^$|^\s|\s$|\s\s|[^\S ]|^'|[^\x00-\x7F]"


def clean_series(s: pl.Series) -> pl.Series:
    """Column form of :func:`clean_cell`.

    One test finds the values that need any work (a column of a million clean values
    costs one pass, not six); only those are tidied and collapsed.
    """
    s = s.cast(pl.String)
    return _subset(s, s.str.contains(_NOT_CLEAN), _clean_all)


def _clean_all(s: pl.Series) -> pl.Series:
    s = tidy_series(s)
    return _subset(s, s.str.contains(r"\s\s|[^\S ]"), lambda x: x.str.replace_all(r"\s+", " "))


def tidy_expr(expr: pl.Expr) -> pl.Expr:
    """Column form of :func:`tidy_cell`."""
    return expr.map_batches(tidy_series, return_dtype=pl.String)


def _compact_id(s: pl.Series) -> pl.Series:
    """Tidied, NFKC, separators removed, upper-case (the start of the tax id forms)."""
    s = tidy_series(s)
    s = _subset(s, _non_ascii(s), lambda x: x.str.normalize("NFKC"))
    s = _subset(
        s, s.str.contains(r"[\s\-./\x{2010}-\x{2015}]"), lambda x: x.str.replace_all(_ID_SEPARATORS_PL, "")
    )
    return s.str.to_uppercase()


def form_series(kind: str, s: pl.Series, cleaned: bool = False) -> pl.Series:
    """Column form of :func:`compare_form` for compare kind ``kind``.

    ``cleaned`` says the values already went through :func:`clean_series`.
    """
    s = s.cast(pl.String)
    if kind == "nip":
        s = _compact_id(s)
        s = _subset(s, s.str.contains(r"^PL[0-9]{10}$"), lambda x: x.str.slice(2))
        return _null_empty(s)
    if kind == "regon":
        s = _compact_id(s)
        s = _subset(s, s.str.contains(r"^([0-9]{8}|[0-9]{13})$"), lambda x: "0" + x)
        return _null_empty(s)
    if not cleaned:
        s = clean_series(s)
    if kind == "id":
        s = s.set(~s.str.contains(r"^[0-9]+$").fill_null(False), None) if s.len() else s
        s = s.str.strip_chars_start("0")
        return s.set(s == "", "0") if s.len() else s
    if kind == "key_text":
        s = _subset(s, s.str.contains(_KEY_DROP_PL), lambda x: x.str.replace_all(_KEY_DROP_PL, ""))
        return _null_empty(s.str.to_lowercase())
    s = s.str.to_lowercase()
    if kind == "email":
        s = _subset(s, s.str.starts_with("mailto:"), lambda x: x.str.slice(7).str.strip_chars())
        return _null_empty(s)
    if kind == "domain":
        s = _subset(
            s,
            s.str.contains(r"[:/?#@]|^www\.|^[. ]|[. ]$"),
            lambda x: (
                x.str.replace(r"^[a-z][a-z0-9+.\-]*://", "")
                .str.replace(r"[/?#].*$", "")
                .str.replace(r"^.*@'*", "")
                .str.strip_chars(" .")
                .str.replace(r":[0-9]*$", "")
                .str.replace(r"^www\.", "")
                .str.strip_chars(" .")
            ),
        )
        return _null_empty(s)
    return s


def norm_series(key: str, s: pl.Series, cleaned: bool = False) -> pl.Series:
    """Column form of :func:`norm_value` for match key ``key`` (see :func:`form_series`)."""
    return form_series(key_kind(key), s, cleaned)


def clean_expr(expr: pl.Expr) -> pl.Expr:
    """Column form of :func:`clean_cell`."""
    return expr.map_batches(clean_series, return_dtype=pl.String)


def norm_expr(key: str, expr: pl.Expr, cleaned: bool = False) -> pl.Expr:
    """Column form of :func:`norm_value` for match key ``key`` (see :func:`norm_series`)."""
    return expr.map_batches(lambda s: norm_series(key, s, cleaned), return_dtype=pl.String)


def form_expr(kind: str, expr: pl.Expr, cleaned: bool = False) -> pl.Expr:
    """Column form of :func:`compare_form` for compare kind ``kind``, as an expression."""
    return expr.map_batches(lambda s: form_series(kind, s, cleaned), return_dtype=pl.String)


def fits_expr(kind: str, form: pl.Expr) -> pl.Expr:
    """Column form of :func:`relimport.core.domain.forms.fits` over compare forms.

    Per-value key resolution tries a value only against the keys whose shape it fits.
    """
    shape = SHAPES.get(kind)
    if shape is None:
        return form.is_not_null()
    ok = form.str.contains(shape).fill_null(False)
    if kind == "nip":
        ok = ok & (form.str.count_matches(r"[0-9]") >= MIN_VAT_DIGITS)
    return ok
