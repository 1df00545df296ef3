"""Amounts, currencies and dates: the values whose spelling depends on a locale.

A column's decimal mark and day/month order are decided once per column, from all
its values (:func:`decide_decimal`, :func:`decide_date_order`), never guessed per
cell; :mod:`relimport.core.domain.values` calls these parsers for the ``money``,
``currency`` and ``date`` field types.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

#: Polish defaults when a column's values do not tell.
DEFAULT_DECIMAL = ","
DEFAULT_DATE_ORDER = "dmy"
#: Outcome of parsing one value: (canonical value, reason it is invalid).
#: Both ``None`` for an empty cell; exactly one is set otherwise.
Parsed = tuple[str | None, str | None]


# --- money ----------------------------------------------------------------------------

#: Grouping spaces of amounts: spaces, tabs, NBSP, figure/thin/narrow spaces, apostrophes.
MONEY_SPACES = "[ \t\n\r\u00a0\u2007\u2009\u202f'\u2019]"
_MONEY_SPACES = re.compile(MONEY_SPACES)
_MONEY_SHAPE = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")


def money_mark(text: str) -> str | None:
    """The decimal mark one amount shows, or ``None`` when it does not tell.

    ``1.234,50`` → ``,``; ``12,5`` → ``,``; ``1,234,567`` → ``.``; ``1,234`` → ``None``
    (one thousand two hundred and thirty-four, or one point two three four).
    """
    v = _MONEY_SPACES.sub("", text)
    if not _MONEY_SHAPE.fullmatch(v):
        return None
    commas, dots = v.count(","), v.count(".")
    if commas and dots:
        return "," if v.rfind(",") > v.rfind(".") else "."
    if commas + dots == 0:
        return None
    mark = "," if commas else "."
    if commas + dots > 1:
        return "." if mark == "," else ","
    before, after = v.lstrip("+-").split(mark)
    if len(after) == 3 and 1 <= len(before) <= 3 and not before.startswith("0"):
        return None  # could be a grouping mark as well
    return mark


def decide_decimal(values: Iterable[str | None]) -> str:
    """The decimal mark of a money column: the one more of its values show.

    A tie (or no value telling) is the Polish default, ``,``.
    """
    votes = {",": 0, ".": 0}
    for v in values:
        mark = money_mark(v) if v else None
        if mark:
            votes[mark] += 1
    return "." if votes["."] > votes[","] else DEFAULT_DECIMAL


@cache
def _money_re(decimal: str) -> re.Pattern[str]:
    group = "." if decimal == "," else ","
    m, g = re.escape(decimal), re.escape(group)
    return re.compile(rf"([+-]?)([0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]*)(?:{m}([0-9]*))?")


def parse_money(text: str, decimal: str = DEFAULT_DECIMAL) -> Parsed:
    """An amount as a plain decimal with a dot and at least two decimals.

    ``1 234,50`` (with ``decimal=","``) → ``1234.50``; ``0,125`` → ``0.125``;
    ``-0`` → ``0.00``.
    """
    v = _MONEY_SPACES.sub("", text)
    m = _money_re(decimal).fullmatch(v)
    if not m or not re.search(r"[0-9]", v):
        return None, f"not an amount (decimal mark of this column: {decimal!r})"
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    whole = re.sub(r"[^0-9]", "", whole).lstrip("0") or "0"
    frac = frac.rstrip("0").ljust(2, "0")
    negative = sign == "-" and (whole != "0" or frac.strip("0") != "")
    return f"{'-' if negative else ''}{whole}.{frac}", None


# --- currency -------------------------------------------------------------------------

#: Symbols and names of currencies as people type them (compared lower-case).
CURRENCY_ALIASES: dict[str, str] = {
    "zł": "PLN",
    "zl": "PLN",
    "złoty": "PLN",
    "złotych": "PLN",
    "pln.": "PLN",
    "€": "EUR",
    "euro": "EUR",
    "eur.": "EUR",
    "$": "USD",
    "us$": "USD",
    "usd.": "USD",
    "£": "GBP",
    "kč": "CZK",
    "ft": "HUF",
    "₴": "UAH",
    "fr.": "CHF",
}


@cache
def _currency_codes() -> frozenset[str]:
    from iso4217 import Currency

    return frozenset(c.code for c in Currency)


def parse_currency(text: str) -> Parsed:
    """An ISO 4217 code: ``pln``, ``zł`` → ``PLN``; ``€`` → ``EUR``."""
    key = text.strip().lower()
    code = CURRENCY_ALIASES.get(key, key.upper())
    if code in _currency_codes():
        return code, None
    return None, "not a currency (an ISO 4217 code such as PLN or EUR)"


# --- date -----------------------------------------------------------------------------

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?"
_YEAR_FIRST = re.compile(rf"([0-9]{{4}})([-./])([0-9]{{1,2}})\2([0-9]{{1,2}}){_TIME}")
_YEAR_LAST = re.compile(rf"([0-9]{{1,2}})([-./])([0-9]{{1,2}})\2([0-9]{{4}}){_TIME}")
_ORDER_WORDS = {"dmy": "day.month.year", "mdy": "month/day/year", "ymd": "year-month-day"}


def date_order_of(text: str) -> str | None:
    """The day/month order one date shows (``31.12.2026`` → ``dmy``), else ``None``."""
    m = _YEAR_LAST.fullmatch(text)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    if a > 12 >= b:
        return "dmy"
    if b > 12 >= a:
        return "mdy"
    return None


def decide_date_order(values: Iterable[str | None], counts: Iterable[int] | None = None) -> str:
    """The day/month order of a date column: the one more of its values show.

    ``counts`` gives how often each value occurs (when ``values`` are distinct ones).
    A tie (or no value telling: every day is 12 or less) is the Polish default, ``dmy``.
    """
    votes = {"dmy": 0, "mdy": 0}
    for v, n in zip(values, counts if counts is not None else _ones(), strict=False):
        order = date_order_of(v) if v else None
        if order:
            votes[order] += n
    return "mdy" if votes["mdy"] > votes["dmy"] else DEFAULT_DATE_ORDER


def _ones() -> Iterable[int]:
    while True:
        yield 1


def parse_date(text: str, order: str = DEFAULT_DATE_ORDER) -> Parsed:
    """A date as ISO ``2026-12-31``.

    Year first (``2026-12-31``, ``2026.12.31``) is read as such whatever the order;
    ``31.12.2026``, ``31/12/2026`` and ``12/31/2026`` follow ``order``. A time after
    the date (a workbook's date-time cell) is dropped.
    """
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _YEAR_LAST.fullmatch(text)
        if not m:
            return None, "not a date"
        if order == "ymd":
            return None, "not a date in year-month-day order"
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        d, mo = (a, b) if order == "dmy" else (b, a)
    try:
        return dt.date(y, mo, d).isoformat(), None
    except ValueError:
        return None, f"not a date (no such day in {_ORDER_WORDS[order]} order)"
