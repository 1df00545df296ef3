"""Field values of the imported rows: tidied, checked (e-mail, number, date, currency).

Cells that fail a check become ``invalid_value`` problems and are not written.
"""

from __future__ import annotations

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.normalize import tidy_expr
from relimport.core.resolve.problems import PROBLEM_SCHEMA, problem_frame

_NUMBER = r"^[+-]?(\d+|\d{1,3}([.,]\d{3})+)([.,]\d+)?$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d", "%Y/%m/%d")
_CHECK_MESSAGES = {
    "email": "not an e-mail address",
    "number": "not a number",
    "date": "not a date (use YYYY-MM-DD or DD.MM.YYYY)",
    "currency": "not a 3-letter currency code",
}


def _valid_expr(check: str, c: pl.Expr) -> pl.Expr:
    if check == "email":
        return c.str.contains(_EMAIL)
    if check == "number":
        return c.str.replace_all(r"[\s\u00a0]", "").str.contains(_NUMBER)
    if check == "currency":
        return c.str.contains(r"^[A-Za-z]{3}$")
    if check == "date":
        head = c.str.slice(0, 10)
        parsed = [head.str.to_date(fmt, strict=False) for fmt in _DATE_FORMATS]
        dt_ok = c.str.contains(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
        short_ok = c.str.len_chars() <= 10
        return pl.any_horizontal([p.is_not_null() for p in parsed]) & (dt_ok | short_ok)
    return pl.lit(True)


#: Column holding a mapped "id" field (the record's id as the file gives it).
ID_FIELD = "__id"


def field_column(key: str) -> str:
    """Column name of a mapped field in the values frame ("id" would clash with record ids)."""
    return ID_FIELD if key == "id" else key


def clean_fields(
    frame: pl.DataFrame, type_key: str, fields: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cleaned field values of the rows (``__row`` + one column per mapped field).

    Returns the values (invalid cells nulled) and the ``invalid_value`` problems.
    """
    otype = OBJECT_TYPES[type_key]
    exprs = [pl.col("__row")]
    for key, header in fields.items():
        exprs.append(tidy_expr(pl.col(header)).alias(field_column(key)))
    values = frame.select(exprs)
    problems = []
    for key, header in fields.items():
        check = "" if key == "id" else otype.field(key).check
        if key == "id":
            key = ID_FIELD
            bad = pl.col(key).is_not_null() & ~pl.col(key).str.contains(r"^\s*[0-9]+\s*$")
            message = "not a record id (digits only)"
        elif check:
            bad = pl.col(key).is_not_null() & ~_valid_expr(check, pl.col(key))
            message = _CHECK_MESSAGES[check]
        else:
            continue
        flagged = values.filter(bad)
        if flagged.height:
            problems.append(
                problem_frame(
                    flagged["__row"],
                    header,
                    flagged[key],
                    "invalid_value",
                    pl.format("{}: {}", pl.lit(header), pl.lit(message)),
                )
            )
            values = values.with_columns(pl.when(bad).then(None).otherwise(pl.col(key)).alias(key))
    probs = pl.concat(problems) if problems else pl.DataFrame(schema=PROBLEM_SCHEMA)
    return values, probs
