"""Moving polars frames in and out of PostgreSQL with COPY (CSV), and small SQL helpers.

CSV COPY is exact both ways for text: an empty string is written and read back as
``""``, a NULL as an empty field, and quotes, delimiters, line breaks and backslashes
are quoted. polars writes and reads it natively, so a million rows never become Python
objects.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import psycopg


def pg_type(dtype: Any) -> str:
    """The PostgreSQL column type of a polars type the store uses."""
    if dtype == pl.String:
        return "text"
    if dtype.is_integer():
        return "bigint"
    raise TypeError(f"no PostgreSQL type for {dtype}")


def copy_out(conn: psycopg.Connection, query: str, schema: dict[str, Any]) -> pl.DataFrame:
    """The rows of ``query`` (a SELECT of exactly ``schema``'s columns, in order) as a frame."""
    buf = io.BytesIO()
    with conn.cursor() as cur, cur.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
        for chunk in copy:
            buf.write(chunk)
    if not buf.tell():
        return pl.DataFrame(schema=schema)
    return pl.read_csv(
        buf.getvalue(),
        has_header=False,
        new_columns=list(schema),
        schema=schema,
        quote_char='"',
    )


def copy_in(conn: psycopg.Connection, table: str, frame: pl.DataFrame) -> None:
    """Append ``frame``'s rows to ``table`` (its columns by name) in one COPY."""
    if not frame.height:
        return
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    buf = io.BytesIO()
    frame.write_csv(buf, include_header=False, null_value="", quote_style="necessary")
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(buf.getbuffer())


def temp_table(conn: psycopg.Connection, name: str, frame: pl.DataFrame) -> str:
    """A temporary table ``name`` (dropped at commit) holding ``frame``; returns its name."""
    cols = ", ".join(f'"{c}" {pg_type(frame.schema[c])}' for c in frame.columns)
    conn.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} ({cols}) ON COMMIT DROP")
    copy_in(conn, f"pg_temp.{name}", frame)
    return f"pg_temp.{name}"
