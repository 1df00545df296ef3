"""Typed field values over whole columns: canonical values plus the reasons some are invalid.

A column is parsed at once:

- text, key text and money with polars expressions over the whole column;
- e-mail addresses of the common ASCII shape with a polars expression, the rest
  with email-validator;
- NIP / REGON / EU VAT (python-stdnum), phones (phonenumbers), web addresses,
  currencies, dates and tags with the single-value rules of
  :mod:`relimport.core.domain.values` over the column's *distinct* values only,
  joined back — never once per row of a million.

The decimal mark of a money column and the day/month order of a date column are
decided from the whole column (:func:`money_marks`, :func:`decide_date_order`) unless
the user chose them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from relimport.core.domain import values as dv
from relimport.core.resolve.normalize import clean_series

__all__ = [
    "ParsedColumn",
    "decide_decimal_series",
    "map_distinct",
    "money_marks",
    "parse_column",
]


@dataclass
class ParsedColumn:
    """A parsed column: canonical values and why the others are invalid, row for row."""

    #: Canonical values; null where the cell is empty or invalid.
    values: pl.Series
    #: Null where the cell is empty or valid; otherwise why it is not a value of the type.
    reasons: pl.Series
    #: Column-wide choices used: ``decimal`` (money), ``date_order`` (dates).
    choices: dict[str, str] = field(default_factory=dict)


def _nulls(n: int) -> pl.Series:
    return pl.Series("reason", [None] * n, dtype=pl.String)


def map_distinct(s: pl.Series, fn: Callable[[str], dv.Parsed]) -> tuple[pl.Series, pl.Series]:
    """Apply a single-value parser to the distinct non-null values of ``s`` and join back."""
    todo = s.drop_nulls().unique()
    if not todo.len():
        return s, _nulls(s.len())
    results = [fn(v) for v in todo.to_list()]
    canon = pl.Series([r[0] for r in results], dtype=pl.String)
    why = pl.Series([r[1] for r in results], dtype=pl.String)
    values = s.replace_strict(todo, canon, default=None, return_dtype=pl.String)
    reasons = s.replace_strict(todo, why, default=None, return_dtype=pl.String)
    return values.alias(s.name), reasons.alias("reason")


# --- money ------------------------------------------------------------------------------


def _money_text(s: pl.Series) -> pl.Series:
    """Amounts without their grouping spaces (``1 234,50`` → ``1234,50``)."""
    return s.str.replace_all(dv.MONEY_SPACES, "")


def money_marks(s: pl.Series) -> pl.Series:
    """Column form of :func:`relimport.core.domain.values.money_mark` (values cleaned)."""
    v = _money_text(s)
    df = pl.DataFrame({"v": v})
    commas = pl.col("v").str.count_matches(",", literal=True)
    dots = pl.col("v").str.count_matches(".", literal=True)
    last = pl.col("v").str.extract(r"([.,])[^.,]*$")
    before = pl.col("v").str.extract(r"^[+-]?([0-9]*)[.,]")
    after = pl.col("v").str.extract(r"[.,]([0-9]*)$")
    ambiguous = (
        (after.str.len_chars() == 3) & before.str.len_chars().is_between(1, 3) & ~before.str.starts_with("0")
    )
    shape = pl.col("v").str.contains(r"^[+-]?[0-9.,]*[0-9][0-9.,]*$")
    none = pl.lit(None, dtype=pl.String)
    mark = (
        pl.when(~shape | (commas + dots == 0))
        .then(none)
        .when((commas > 0) & (dots > 0))
        .then(last)
        .when(commas > 1)
        .then(pl.lit("."))
        .when(dots > 1)
        .then(pl.lit(","))
        .when(ambiguous)
        .then(none)
        .otherwise(last)
    )
    return df.select(mark.alias("mark")).to_series()


def decide_decimal_series(s: pl.Series) -> str:
    """Column form of :func:`relimport.core.domain.values.decide_decimal` (values cleaned)."""
    marks = money_marks(s)
    commas = int((marks == ",").sum())
    dots = int((marks == ".").sum())
    return "." if dots > commas else dv.DEFAULT_DECIMAL


def _parse_money(s: pl.Series, decimal: str) -> tuple[pl.Series, pl.Series]:
    group = "." if decimal == "," else ","
    m, g = "\\" + decimal, "\\" + group
    pattern = rf"^([+-]?)([0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]*)(?:{m}([0-9]*))?$"
    v = _money_text(s)
    df = pl.DataFrame({"v": v}).with_columns(pl.col("v").str.extract_groups(pattern).alias("p"))
    sign = pl.col("p").struct.field("1")
    whole = pl.col("p").struct.field("2").str.replace_all(g, "").str.strip_chars_start("0")
    whole = pl.when(whole == "").then(pl.lit("0")).otherwise(whole)
    frac = pl.col("p").struct.field("3").fill_null("").str.strip_chars_end("0").str.pad_end(2, "0")
    ok = pl.col("v").str.contains(pattern) & pl.col("v").str.contains("[0-9]")
    negative = (sign == "-") & ((whole != "0") | frac.str.contains("[1-9]"))
    canon = pl.concat_str(pl.when(negative).then(pl.lit("-")).otherwise(pl.lit("")), whole, pl.lit("."), frac)
    reason = f"not an amount (decimal mark of this column: {decimal!r})"
    out = df.select(
        pl.when(ok).then(canon).alias("value"),
        pl.when(pl.col("v").is_not_null() & ~ok).then(pl.lit(reason)).alias("reason"),
    )
    return out["value"].alias(s.name), out["reason"]


# --- e-mail -------------------------------------------------------------------------------


def _parse_email(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    v = pl.col("v")
    local = v.str.extract(r"^([^@]*)@")
    common = (
        v.str.contains(dv.EMAIL_COMMON)
        & ~v.str.contains(dv.EMAIL_REJECTED)
        & (local.str.len_bytes() <= 64)
        & (v.str.len_bytes() <= 254)
    ).fill_null(False)
    fast = pl.concat_str([local, pl.lit("@"), v.str.extract(r"@(.*)$").str.to_lowercase()])
    df = pl.DataFrame({"v": s}).select(common.alias("common"), fast.alias("fast"))
    rest = s.set(df["common"], None) if s.len() else s
    values, reasons = map_distinct(rest, dv.parse_email)
    values = values.zip_with(~df["common"], df["fast"])
    return values.alias(s.name), reasons


# --- dates ------------------------------------------------------------------------------


def _decide_date_order(s: pl.Series) -> str:
    counts = s.drop_nulls().value_counts()
    if not counts.height:
        return dv.DEFAULT_DATE_ORDER
    col, n = counts.columns
    return dv.decide_date_order(counts[col].to_list(), counts[n].to_list())


# --- one entry point ----------------------------------------------------------------------


def parse_column(
    ftype: str,
    s: pl.Series,
    *,
    decimal: str | None = None,
    date_order: str | None = None,
) -> ParsedColumn:
    """Parse a column of cells as values of type ``ftype`` (one of ``FIELD_TYPES``).

    Args:
        s: the cells as read (text; null for empty).
        decimal: the decimal mark of a money column; ``None`` decides it from the column.
        date_order: ``dmy``, ``mdy`` or ``ymd`` for a date column; ``None`` decides it.
    """
    s = clean_series(s.cast(pl.String))
    n = s.len()
    if ftype in ("text", "key_text"):
        return ParsedColumn(s, _nulls(n))
    if ftype == "money":
        mark = decimal or decide_decimal_series(s)
        values, reasons = _parse_money(s, mark)
        return ParsedColumn(values, reasons, {"decimal": mark})
    if ftype == "date":
        order = date_order or _decide_date_order(s)
        values, reasons = map_distinct(s, lambda v: dv.parse_date(v, order))
        return ParsedColumn(values, reasons, {"date_order": order})
    if ftype == "email":
        return ParsedColumn(*_parse_email(s))
    values, reasons = map_distinct(s, dv.PARSERS[ftype])
    return ParsedColumn(values, reasons)
