"""Field values of the imported rows: parsed by type, stored canonical.

Each mapped column is parsed at once as its field's type
(:func:`relimport.core.resolve.values.parse_column`). A cell that does not parse is an
``invalid_value`` problem naming the reason; its field is left as it was (the cell
counts as empty) and the rest of the row imports. A row whose *identity* value is
invalid is not imported at all — matching it on a weaker key could create a duplicate.
"""

from __future__ import annotations

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.normalize import clean_series
from relimport.core.resolve.problems import PROBLEM_SCHEMA
from relimport.core.resolve.values import ParsedColumn, null_texts, parse_column

#: Column holding a mapped "id" field (the record's id as the file gives it).
ID_FIELD = "__id"
#: Boolean column of the values frame: the row's identity value is invalid.
BAD_KEY = "__bad_key"
#: Fields whose value identifies a person by name (never invalid: they are text).
_NAME_FIELDS = {"person": ("first_name", "last_name")}


def field_column(key: str) -> str:
    """Column name of a mapped field in the values frame ("id" would clash with record ids)."""
    return ID_FIELD if key == "id" else key


def _parse_id(s: pl.Series) -> ParsedColumn:
    s = clean_series(s.cast(pl.String))
    bad = (s.is_not_null() & ~s.str.contains(r"^[0-9]+$")).fill_null(False)
    reasons = null_texts(s.len())
    if s.len():
        reasons = reasons.set(bad, "not a record id (digits only)")
        s = s.set(bad, None)
    return ParsedColumn(s, reasons)


def clean_fields(
    frame: pl.DataFrame,
    type_key: str,
    fields: dict[str, str],
    *,
    decimal: str | None = None,
    date_order: str | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical field values of the rows (``__row`` + one column per mapped field).

    Args:
        fields: mapped field key → header.
        decimal: decimal mark of money columns (``None``: decided per column).
        date_order: day/month order of date columns (``None``: decided per column).

    Returns:
        The values (invalid cells null, plus :data:`BAD_KEY`) and the ``invalid_value``
        problems.
    """
    otype = OBJECT_TYPES[type_key]
    # The identity value is invalid: the row's record (a person-and-company row's
    # company only) is not imported.
    rejected = f"; the {otype.label_en.lower()} is not imported"
    columns: dict[str, pl.Series] = {"__row": frame["__row"]}
    parsed: dict[str, ParsedColumn] = {}
    for key, header in fields.items():
        if key == "id":
            p = _parse_id(frame[header])
        else:
            p = parse_column(otype.field(key).type, frame[header], decimal=decimal, date_order=date_order)
        parsed[key] = p
        columns[field_column(key)] = p.values.alias(field_column(key))
    values = pl.DataFrame(columns)
    bad_field = _bad_identity(values.height, otype.identity, type_key, parsed)
    values = values.with_columns(bad_field.is_not_null().alias(BAD_KEY))

    problems = []
    for key, header in fields.items():
        reasons = parsed[key].reasons
        if not reasons.null_count() < reasons.len():
            continue
        flagged = pl.DataFrame(
            {
                "__row": frame["__row"],
                "value": clean_series(frame[header]),
                "reason": reasons,
                "key": (bad_field == key).fill_null(False),
            }
        ).filter(pl.col("reason").is_not_null())
        note = pl.when(pl.col("key")).then(pl.lit(rejected)).otherwise(pl.lit(""))
        problems.append(
            flagged.select(
                pl.col("__row").cast(pl.Int64).alias("row"),
                pl.lit(header).alias("column"),
                pl.col("value"),
                pl.lit("invalid_value").alias("kind"),
                pl.concat_str([pl.lit(f"{header}: "), pl.col("reason"), note]).alias("message"),
                pl.lit("").alias("cand_type"),
                pl.lit([], dtype=pl.List(pl.Int64)).alias("cand_ids"),
            )
        )
    probs = pl.concat(problems) if problems else pl.DataFrame(schema=PROBLEM_SCHEMA)
    return values, probs


def _bad_identity(
    n: int, identity: tuple[str, ...], type_key: str, parsed: dict[str, ParsedColumn]
) -> pl.Series:
    """The field of each row's identity value when that value is invalid, else null.

    The identity value is the one of the first identity key the row has a cell for.
    """
    decided = pl.repeat(False, n, dtype=pl.Boolean, eager=True)
    bad = null_texts(n)
    for k in identity:
        names = _NAME_FIELDS.get(type_key, ()) if k == "name" else ()
        for f in names or (k,):
            if f not in parsed:
                continue
            invalid = parsed[f].reasons.is_not_null()
            if n:
                bad = bad.set(~decided & invalid & bad.is_null(), f)
        present = decided & False
        for f in names or (k,):
            if f in parsed:
                present = present | parsed[f].values.is_not_null() | parsed[f].reasons.is_not_null()
        decided = decided | present
    return bad
