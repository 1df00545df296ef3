"""Typed workbook cells to the text a spreadsheet shows for their value.

The workbook readers hand over each sheet column as a list of Python values:
``str`` (text, an error code such as ``#N/A``, or ``""`` for an empty cell),
``float``/``int``, ``bool``, ``date``, ``datetime``, ``time`` and ``timedelta``.
:func:`column_text` turns one such list into a ``pl.String`` series, one
vectorised pass per kind of value present:

- numbers at full precision, the shortest text that reads back as the same
  number (``1.0413926851582251``, ``1e-10``), whole numbers without ``.0``;
- ``TRUE``/``FALSE``; dates ``2026-12-31``; datetimes ``2026-12-31 14:30:00``;
  times ``14:30:00``; durations as ``[hh]:mm:ss`` (``36:05:00``, ``01:30:00``); fractions of
  a second only when there are any (``14:30:00.250``);
- empty cells as null; NUL characters dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

#: Whole numbers below this are written with all their digits, larger ones as ``1e+16``.
_WHOLE_LIMIT = 1e16


def column_text(name: str, values: Sequence[Any], day_shift: int = 0) -> pl.Series:
    """One column of typed cells as text; ``day_shift`` days are added to dates and datetimes."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return _text(pl.Series(name, values, dtype=pl.String))
    parts = []
    for kind in sorted(kinds, key=lambda k: k.__name__):
        picked = [v if type(v) is kind else None for v in values]
        if kind is str:
            parts.append(_text(pl.Series(name, picked, dtype=pl.String)))
            continue
        fmt = _FORMATS.get(kind)
        if fmt is None:  # anything unexpected: its plain text
            parts.append(pl.Series(name, [None if v is None else str(v) for v in picked], dtype=pl.String))
        elif kind in (dt.date, dt.datetime):
            parts.append(fmt(picked, day_shift))
        else:
            parts.append(fmt(picked, 0))
    if len(parts) == 1:
        return parts[0].alias(name)
    return pl.select(pl.coalesce(parts).alias(name)).to_series()


def _text(s: pl.Series) -> pl.Series:
    if s.null_count() < s.len() and s.str.contains("\x00", literal=True).any():
        s = s.str.replace_all("\x00", "", literal=True)
    return pl.select(pl.when(s != "").then(s)).to_series().alias(s.name)


def number_text(s: pl.Series) -> pl.Series:
    """Float64 numbers as the shortest text that round-trips, whole numbers without ``.0``."""
    s = s.cast(pl.Float64)
    x = pl.col("x")
    whole = (x == x.floor()) & (x.abs() < _WHOLE_LIMIT)
    return (
        s.alias("x")
        .to_frame()
        .select(
            pl.when(whole).then(x.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(x.cast(pl.String))
        )
        .to_series()
    )


def _floats(values: list, _shift: int) -> pl.Series:
    return number_text(pl.Series(values, dtype=pl.Float64))


def _ints(values: list, _shift: int) -> pl.Series:
    return pl.Series([None if v is None else str(v) for v in values], dtype=pl.String)


def _bools(values: list, _shift: int) -> pl.Series:
    s = pl.Series(values, dtype=pl.Boolean)
    return pl.select(pl.when(s).then(pl.lit("TRUE")).when(s.not_()).then(pl.lit("FALSE"))).to_series()


def _dates(values: list, shift: int) -> pl.Series:
    s = pl.Series(values, dtype=pl.Date)
    if shift:
        s = s + dt.timedelta(days=shift)
    return s.dt.to_string("%Y-%m-%d")


def _datetimes(values: list, shift: int) -> pl.Series:
    s = pl.Series(values, dtype=pl.Datetime("us")).dt.round("1ms")
    if shift:
        s = s + dt.timedelta(days=shift)
    return s.dt.to_string("%Y-%m-%d %H:%M:%S%.f")


def _times(values: list, _shift: int) -> pl.Series:
    return pl.Series(values, dtype=pl.Time).dt.to_string("%H:%M:%S%.f")


def _durations(values: list, _shift: int) -> pl.Series:
    return duration_text(pl.Series(values, dtype=pl.Duration("us")).dt.total_milliseconds())


def duration_text(ms: pl.Series) -> pl.Series:
    """Milliseconds as ``[hh]:mm:ss`` (``36:05:00``, ``-00:01:30``, ``00:00:01.500``)."""
    m = pl.col("ms")
    a = m.abs()
    frac = a % 1000
    secs = a // 1000
    text = pl.concat_str(
        pl.when(m < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        (secs // 3600).cast(pl.String).str.zfill(2),
        pl.lit(":"),
        (secs // 60 % 60).cast(pl.String).str.zfill(2),
        pl.lit(":"),
        (secs % 60).cast(pl.String).str.zfill(2),
        pl.when(frac > 0).then(pl.lit(".") + frac.cast(pl.String).str.zfill(3)).otherwise(pl.lit("")),
    )
    return ms.cast(pl.Int64).alias("ms").to_frame().select(text).to_series()


_FORMATS: dict[type, Callable[[list, int], pl.Series]] = {
    float: _floats,
    int: _ints,
    bool: _bools,
    dt.date: _dates,
    dt.datetime: _datetimes,
    dt.time: _times,
    dt.timedelta: _durations,
}
