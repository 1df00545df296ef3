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
    "null_texts",
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


def null_texts(n: int, name: str = "reason") -> pl.Series:
    """``n`` null texts (built natively: a Python list of a million ``None`` costs 0.1 s)."""
    return pl.repeat(None, n, dtype=pl.String, eager=True).alias(name)


def map_distinct(s: pl.Series, fn: Callable[[str], dv.Parsed]) -> tuple[pl.Series, pl.Series]:
    """Apply a single-value parser to the distinct non-null values of ``s`` and join back."""
    todo = s.drop_nulls().unique()
    if not todo.len():
        return s, null_texts(s.len())
    results = [fn(v) for v in todo.to_list()]
    canon = pl.Series([r[0] for r in results], dtype=pl.String)
    why = pl.Series([r[1] for r in results], dtype=pl.String)
    values = s.replace_strict(todo, canon, default=None, return_dtype=pl.String)
    reasons = s.replace_strict(todo, why, default=None, return_dtype=pl.String)
    return values.alias(s.name), reasons.alias("reason")


# --- money ------------------------------------------------------------------------------


def _money_text(s: pl.Series) -> pl.Series:
    """Amounts without their grouping spaces (``1 234,50`` → ``1234,50``)."""
    spaced = s.str.contains(dv.MONEY_SPACES).fill_null(False)
    if not spaced.any():
        return s
    return s.scatter(spaced.arg_true(), s.filter(spaced).str.replace_all(dv.MONEY_SPACES, ""))


def money_marks(s: pl.Series) -> pl.Series:
    """Column form of :func:`relimport.core.domain.values.money_mark` (values cleaned).

    Each part is computed once, as a column, then combined (a million amounts in
    about 0.1 s).
    """
    text = _money_text(s)
    marked = text.str.contains("[.,]").fill_null(False)
    out = null_texts(text.len(), "mark")
    if not marked.any():
        return out  # whole numbers tell nothing (and cost nothing more)
    return out.scatter(marked.arg_true(), _marks(text.filter(marked)))


def _marks(text: pl.Series) -> pl.Series:
    v = pl.col("v")
    df = pl.DataFrame({"v": text}).with_columns(
        v.str.count_matches(",", literal=True).alias("commas"),
        v.str.count_matches(".", literal=True).alias("dots"),
        v.str.extract(r"([.,])[0-9]*$").alias("last"),
        v.str.extract(r"[.,]([0-9]*)$").str.len_bytes().alias("after"),
        v.str.strip_chars_start("+-").alias("body"),
        v.str.contains(r"^[+-]?[0-9.,]*[0-9][0-9.,]*$").alias("shape"),
    )
    commas, dots, last, after, body = (pl.col(c) for c in ("commas", "dots", "last", "after", "body"))
    before = body.str.len_bytes() - after - 1
    ambiguous = (after == 3) & before.is_between(1, 3) & ~body.str.starts_with("0")
    none = pl.lit(None, dtype=pl.String)
    mark = (
        pl.when(~pl.col("shape") | (commas + dots == 0))
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


def decide_decimal_series(s: pl.Series, weights: pl.Series | None = None) -> str:
    """Column form of :func:`relimport.core.domain.values.decide_decimal` (values cleaned).

    ``weights``: how many cells each value of ``s`` stands for (``s`` then holds a
    column's distinct values); the decision is the one the whole column gives.
    """
    marks = money_marks(s)
    if weights is None:
        commas = int((marks == ",").sum())
        dots = int((marks == ".").sum())
    else:
        commas = int(weights.filter((marks == ",").fill_null(False)).sum())
        dots = int(weights.filter((marks == ".").fill_null(False)).sum())
    return "." if dots > commas else dv.DEFAULT_DECIMAL


def _parse_money(s: pl.Series, decimal: str) -> tuple[pl.Series, pl.Series]:
    v = _money_text(s)
    # Whole numbers (most amounts of a big file, and every number cell without a
    # fraction) need no regex groups: most of a million values take this path.
    plain = v.str.contains(r"^[0-9]+$").fill_null(False)
    if not plain.any():
        return _parse_money_text(v, decimal, s.name)
    whole = pl.col("v").str.strip_chars_start("0")
    canon = (pl.when(whole == "").then(pl.lit("0")).otherwise(whole) + ".00").alias("v")
    if plain.sum() == v.len() - v.null_count():
        return pl.DataFrame({"v": v}).select(canon).to_series().alias(s.name), null_texts(v.len())
    fast = pl.DataFrame({"v": v.filter(plain)}).select(canon).to_series()
    values = v.set(~plain, None) if v.len() else v
    values = values.scatter(plain.arg_true(), fast)
    reasons = null_texts(v.len())
    rest = ~plain & v.is_not_null()
    if rest.any():
        slow_values, slow_reasons = _parse_money_text(v.filter(rest), decimal, s.name)
        values = values.scatter(rest.arg_true(), slow_values)
        reasons = reasons.scatter(rest.arg_true(), slow_reasons)
    return values.alias(s.name), reasons


def _parse_money_text(v: pl.Series, decimal: str, name: str) -> tuple[pl.Series, pl.Series]:
    """Amounts with a sign, grouping or decimal mark (``v`` without grouping spaces).

    One regex checks the shape; the canonical value is built by plain string
    operations (regex groups cost ten times more over a million values).
    """
    group = "." if decimal == "," else ","
    m, g = "\\" + decimal, "\\" + group
    pattern = rf"^[+-]?(?:[0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]*)(?:{m}[0-9]*)?$"
    col = pl.col("v")
    df = pl.DataFrame({"v": v}).with_columns(
        (col.str.contains(pattern) & col.str.contains("[0-9]")).alias("ok"),
        col.str.strip_chars_start("+-").str.split_exact(decimal, 1).alias("parts"),
    )
    df = df.with_columns(
        pl.col("parts")
        .struct.field("field_0")
        .str.replace_all(group, "", literal=True)
        .str.strip_chars_start("0")
        .alias("whole"),
        pl.col("parts").struct.field("field_1").fill_null("").str.strip_chars_end("0").alias("frac"),
    )
    whole = pl.when(pl.col("whole") == "").then(pl.lit("0")).otherwise(pl.col("whole"))
    frac = pl.col("frac").str.pad_end(2, "0")
    negative = col.str.starts_with("-") & ((whole != "0") | (pl.col("frac") != ""))
    canon = pl.concat_str(pl.when(negative).then(pl.lit("-")).otherwise(pl.lit("")), whole, pl.lit("."), frac)
    reason = f"not an amount (decimal mark of this column: {decimal!r})"
    out = df.select(
        pl.when(pl.col("ok")).then(canon).alias("value"),
        pl.when(col.is_not_null() & ~pl.col("ok")).then(pl.lit(reason)).alias("reason"),
    )
    return out["value"].alias(name), out["reason"]


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


# --- NIP --------------------------------------------------------------------------------

#: Weights of a NIP's first nine digits; their sum modulo 11 is the tenth digit.
_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _parse_nip(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Polish NIPs of the common spellings (ASCII digits with spaces, dashes, dots or
    slashes, an optional ``PL``) checked in polars; every other cell — an invalid
    checksum (for its reason), a foreign VAT number, anything else — by python-stdnum."""
    v = pl.col("v")
    compact = v.str.replace_all(r"[\s\-./]+", "").str.to_uppercase()
    compact = pl.when(compact.str.starts_with("PL")).then(compact.str.slice(2)).otherwise(compact)
    df = pl.DataFrame({"v": s}).with_columns(compact.alias("c"))
    df = df.with_columns(
        (pl.col("c").str.contains(r"^[0-9]{10}$") & (v.str.len_bytes() == v.str.len_chars()))
        .fill_null(False)
        .alias("shape")
    )
    number = pl.when(pl.col("shape")).then(pl.col("c")).cast(pl.Int64)
    digit = [(number // 10 ** (9 - k)) % 10 for k in range(10)]
    weighted = pl.sum_horizontal(d * w for d, w in zip(digit, _NIP_WEIGHTS, strict=False)) % 11
    df = df.select((pl.col("shape") & (weighted == digit[9])).fill_null(False).alias("ok"), "c")
    rest = s.set(df["ok"], None) if s.len() else s
    values, reasons = map_distinct(rest, dv.parse_nip)
    values = values.zip_with(~df["ok"], df["c"])
    return values.alias(s.name), reasons


# --- phones -------------------------------------------------------------------------------


def _parse_phone(s: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Common Polish numbers by the library's own patterns in polars, the rest by phonenumbers."""
    general, types = dv.phone_pl_pattern()
    national = pl.col("v").str.replace_all(dv.PHONE_SEPARATORS, "").str.extract(dv.PHONE_PL_SHAPE)
    df = pl.DataFrame({"v": s}).with_columns(national.alias("n"))
    common = (pl.col("n").str.contains(general) & pl.col("n").str.contains(types)).fill_null(False)
    df = df.select(common.alias("common"), ("+48" + pl.col("n")).alias("fast"))
    rest = s.set(df["common"], None) if s.len() else s
    values, reasons = map_distinct(rest, dv.parse_phone)
    values = values.zip_with(~df["common"], df["fast"])
    return values.alias(s.name), reasons


# --- dates ------------------------------------------------------------------------------


def _decide_date_order(s: pl.Series, weights: pl.Series | None = None) -> str:
    """The day/month order of a column of cleaned dates (``weights``: see
    :func:`decide_decimal_series`)."""
    if weights is None:
        weights = pl.repeat(1, s.len(), dtype=pl.UInt32, eager=True)
    counts = (
        pl.DataFrame({"v": s, "n": weights.cast(pl.Int64)})
        .drop_nulls("v")
        .group_by("v")
        .agg(pl.col("n").sum())
    )
    if not counts.height:
        return dv.DEFAULT_DATE_ORDER
    return dv.decide_date_order(counts["v"].to_list(), counts["n"].to_list())


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
    s = s.cast(pl.String)
    # A parse is a function of the cell: a column that repeats its values (amounts,
    # currencies, dates, tax ids of a company's many deals) is parsed once per value.
    if ftype not in ("text", "key_text") and s.len() >= DISTINCT_MIN_ROWS and _repeats(s):
        return _parse_distinct(ftype, s, decimal, date_order)
    return _parse_cells(ftype, s, decimal, date_order)


def _repeats(s: pl.Series) -> bool:
    """Whether at most half the cells of ``s`` are distinct (an estimate, ~5 ms a million)."""
    return s.to_frame("v").select(pl.col("v").approx_n_unique()).item() * 2 <= s.len()


#: Columns of at least this many cells are parsed per distinct cell when at most half
#: their cells are distinct (an estimate: the exact count would cost as much as the
#: saving on a column of a million distinct values).
DISTINCT_MIN_ROWS = 10_000


def _parse_distinct(ftype: str, s: pl.Series, decimal: str | None, date_order: str | None) -> ParsedColumn:
    """:func:`parse_column` over the distinct cells of ``s``, joined back row for row.

    The column-wide choices (decimal mark, date order) weigh each distinct value by
    its count, so they are those the whole column gives.
    """
    cells = s.rename("v").unique()
    if (ftype == "money" and decimal is None) or (ftype == "date" and date_order is None):
        decimal, date_order = _column_choices(ftype, s, cells)
    parsed = _parse_cells(ftype, cells, decimal, date_order)
    table = pl.DataFrame({"v": cells, "value": parsed.values})
    invalid = parsed.reasons.null_count() < parsed.reasons.len()
    if invalid:
        table = table.with_columns(parsed.reasons.alias("reason"))
    back = s.rename("v").to_frame().join(table, on="v", how="left", maintain_order="left")
    reasons = back["reason"] if invalid else null_texts(s.len())
    return ParsedColumn(back["value"].alias(s.name), reasons, parsed.choices)


def _column_choices(ftype: str, s: pl.Series, cells: pl.Series) -> tuple[str | None, str | None]:
    """The decimal mark (money) or date order (date) of column ``s`` from its distinct
    ``cells``: each weighed by its count only when the distinct values disagree (the
    counts cost as much again as the distinct values)."""
    cleaned = clean_series(cells)
    if ftype == "money":
        marks = money_marks(cleaned).drop_nulls().unique()
        if marks.len() < 2:
            return decide_decimal_series(cleaned), None
        counts = s.rename("v").value_counts(name="n")
        return decide_decimal_series(clean_series(counts["v"]), counts["n"]), None
    orders = {dv.date_order_of(v) for v in cleaned.drop_nulls().to_list()} - {None}
    if len(orders) < 2:
        return None, _decide_date_order(cleaned)
    counts = s.rename("v").value_counts(name="n")
    return None, _decide_date_order(clean_series(counts["v"]), counts["n"])


def _parse_cells(ftype: str, s: pl.Series, decimal: str | None, date_order: str | None) -> ParsedColumn:
    s = clean_series(s)
    n = s.len()
    if ftype in ("text", "key_text"):
        return ParsedColumn(s, null_texts(n))
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
    if ftype == "phone":
        return ParsedColumn(*_parse_phone(s))
    if ftype == "nip":
        return ParsedColumn(*_parse_nip(s))
    values, reasons = map_distinct(s, dv.PARSERS[ftype])
    return ParsedColumn(values, reasons)
