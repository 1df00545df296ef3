"""Match-key tables: every record's normalised identity values, as columns.

A key table has one row per (record, key, value): ``key``, ``nval``, ``id``.
Grouped by (key, nval) it tells in one join whether a value names no record,
one record, or several (ambiguous).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.normalize import norm_expr

#: Separates a person's full name from its company id in the compound identity.
COMPOUND_SEP = "\x1f"
NAME_COMPANY = "name+company"
KEY_SCHEMA = pl.Schema({"key": pl.String, "nval": pl.String, "id": pl.Int64})
#: Records of one value listed as candidates (the rest are counted).
MAX_LISTED = 9
LOOKUP_SCHEMA = pl.Schema({"nval": pl.String(), "n": pl.UInt32(), "id": pl.Int64(), "ids": pl.List(pl.Int64)})


def full_name_expr(first: str = "first_name", last: str = "last_name", reverse: bool = False) -> pl.Expr:
    """A person's full name as text ("first last", or "last first" when ``reverse``)."""
    parts = [pl.col(last), pl.col(first)] if reverse else [pl.col(first), pl.col(last)]
    out = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    return pl.when(out.str.strip_chars() == "").then(None).otherwise(out)


def label_expr(type_key: str) -> pl.Expr:
    """How a record is shown in lists: a person's full name, otherwise its name."""
    if type_key == "person":
        name = full_name_expr()
        return pl.coalesce(name, pl.col("email"), pl.lit("(no name)"))
    return pl.coalesce(pl.col("name"), pl.lit("(no name)"))


def key_values(type_key: str, records: pl.DataFrame, key: str) -> pl.DataFrame:
    """(key, nval, id) of ``records`` for one match key (several rows per record possible)."""
    if key == "id":
        nval = pl.col("id").cast(pl.String)
        return records.select(pl.lit(key).alias("key"), nval.alias("nval"), pl.col("id"))
    if type_key == "person" and key == "name":
        frames = [
            records.select(
                pl.lit(key).alias("key"),
                norm_expr("name", full_name_expr(reverse=rev)).alias("nval"),
                pl.col("id"),
            )
            for rev in (False, True)
        ]
        out = pl.concat(frames).filter(pl.col("nval").is_not_null()).unique(["nval", "id"])
        return out
    return records.select(
        pl.lit(key).alias("key"), norm_expr(key, pl.col(key)).alias("nval"), pl.col("id")
    ).filter(pl.col("nval").is_not_null())


def key_table(type_key: str, records: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """Key values of ``records`` for each of ``keys``, concatenated."""
    frames = [key_values(type_key, records, k) for k in keys]
    if not frames:
        return pl.DataFrame(schema=KEY_SCHEMA)
    return pl.concat(frames, how="vertical")


def person_company_keys(persons: pl.DataFrame, firma: pl.DataFrame) -> pl.DataFrame:
    """Compound (full name + company id) keys of persons linked to a company."""
    names = persons.select(norm_expr("name", full_name_expr()).alias("fn"), pl.col("id")).filter(
        pl.col("fn").is_not_null()
    )
    joined = names.join(firma.select("source", "target"), left_on="id", right_on="source")
    return joined.select(
        pl.lit(NAME_COMPANY).alias("key"),
        pl.concat_str([pl.col("fn"), pl.lit(COMPOUND_SEP), pl.col("target").cast(pl.String)]).alias("nval"),
        pl.col("id"),
    )


def grouped(table: pl.DataFrame) -> pl.DataFrame:
    """(key, nval) → n (distinct records), id (the one when n == 1), ids (up to 5)."""
    return (
        table.unique(["key", "nval", "id"])
        .group_by(["key", "nval"])
        .agg(
            pl.len().alias("n"),
            pl.col("id").min().alias("id"),
            pl.col("id").sort().head(5).alias("ids"),
        )
    )


def exact_join(
    df: pl.DataFrame, table: pl.DataFrame, hashed: Callable[[pl.Expr], pl.Expr] = pl.Expr.hash
) -> pl.DataFrame:
    """The inner join of ``df`` and ``table`` (``nval``, ``id``) on ``nval``, made on the
    values' 64-bit hashes and each match then compared as text: a join on integers costs
    about half one on text (a million values against 500,000: 0.14 s instead of 0.23 s),
    and two values that share a hash are never taken for one another."""
    left = df.with_columns(hashed(pl.col("nval")).alias("__h"))
    right = table.select(pl.col("nval").alias("__v"), "id", hashed(pl.col("nval")).alias("__h"))
    return left.join(right, on="__h", how="inner").filter(pl.col("nval") == pl.col("__v")).drop("__h", "__v")


class Candidates:
    """The records of one type that values may resolve to, with lazily built key columns.

    Normalising a key column of 500,000 records costs real time, so each key is
    built only when a column needs it, once, and lookups group only the values asked for.
    """

    def __init__(
        self,
        type_key: str,
        records: pl.DataFrame | Callable[[tuple[str, ...]], pl.DataFrame],
        extra: pl.DataFrame | None = None,
        *,
        holds: Callable[[tuple[str, ...], str], bool | None] | None = None,
    ) -> None:
        """``records`` is a frame, or a function giving the records with just some
        columns (a key needs ``id`` and its own column: a person's first and last
        name need not be built to look up e-mails). ``holds(columns, char)`` may tell
        whether some record has ``char`` in one of those columns without building
        them (from the store file's text), or ``None`` when it cannot."""
        self.type_key = type_key
        self._holds = holds
        if isinstance(records, pl.DataFrame):
            frame = records
            self._records: pl.DataFrame | None = frame
            self._columns: Callable[[tuple[str, ...]], pl.DataFrame] = lambda cols: frame.select(cols)
        else:
            self._records = None
            self._columns = records
        self._values: dict[str, pl.DataFrame] = {}
        self._unique: dict[str, pl.DataFrame] = {}
        self._shared: dict[str, pl.DataFrame] = {}
        #: Extra precomputed (key, nval, id) rows, e.g. the persons' name+company keys.
        self._extra = extra

    @property
    def records(self) -> pl.DataFrame:
        """The candidate records with every column resolution reads."""
        if self._records is None:
            self._records = self._columns(candidate_columns(self.type_key))
        return self._records

    @property
    def ids(self) -> pl.Series:
        """Every candidate's id."""
        return self._key_records("id")["id"]

    def _key_records(self, key: str) -> pl.DataFrame:
        if self._records is not None:
            return self._records
        return self._columns(key_columns(self.type_key, key))

    def may_hold(self, key: str, text: str) -> bool:
        """Whether any record's value of ``key`` contains ``text`` (read from the stored
        columns, without building the key's compare forms)."""
        cols = [c for c in key_columns(self.type_key, key) if c != "id"]
        if not cols:
            return False
        known = self._holds(tuple(cols), text) if self._holds is not None else None
        if known is not None:
            return known
        recs = self._key_records(key)
        hit = pl.any_horizontal(pl.col(c).str.contains(text, literal=True) for c in cols)
        return bool(recs.select(hit.any()).item())

    def values(self, key: str) -> pl.DataFrame:
        """(nval, id) of every record for ``key`` (nulls dropped)."""
        if key not in self._values:
            if key == NAME_COMPANY:
                extra = self._extra if self._extra is not None else pl.DataFrame(schema=KEY_SCHEMA)
                kv = extra.filter(pl.col("key") == key)
            else:
                kv = key_values(self.type_key, self._key_records(key), key)
            kv = kv.select("nval", "id")
            # Most values name one record: those need no grouping at lookup time.
            # Distinct hashes prove distinct values, which saves the exact pass.
            # (``_values`` is set last: a key found there has its other two tables.)
            if kv.select(pl.col("nval").hash().n_unique()).item() == kv.height:
                self._unique[key] = kv
                self._shared[key] = pl.DataFrame(schema=LOOKUP_SCHEMA)
            else:
                kv_distinct = kv.unique(maintain_order=True)
                dup = kv_distinct["nval"].is_duplicated()
                self._unique[key] = kv_distinct.filter(~dup)
                self._shared[key] = (
                    kv_distinct.filter(dup)
                    .group_by("nval")
                    .agg(
                        pl.len().cast(pl.UInt32).alias("n"),
                        pl.col("id").min().alias("id"),
                        pl.col("id").sort().head(MAX_LISTED).alias("ids"),
                    )
                )
            self._values[key] = kv
        return self._values[key]

    def lookup(self, key: str, nvals: pl.Series) -> pl.DataFrame:
        """For each distinct value of ``nvals``: n (records matching), id (when n == 1), ids."""
        if not self._key_records("id").height and key != NAME_COMPANY:
            return pl.DataFrame(schema=LOOKUP_SCHEMA)
        want = pl.DataFrame({"nval": nvals}).drop_nulls().unique()
        self.values(key)
        one = (
            want.join(self._unique[key], on="nval", how="inner")
            .with_columns(
                pl.lit(1, dtype=pl.UInt32).alias("n"),
                pl.lit(None, dtype=pl.List(pl.Int64)).alias("ids"),
            )
            .select("nval", "n", "id", "ids")
        )
        many = want.join(self._shared[key], on="nval", how="inner").select("nval", "n", "id", "ids")
        return pl.concat([one, many]) if many.height else one

    def found(self, key: str, df: pl.DataFrame) -> pl.DataFrame:
        """The rows of ``df`` (with an ``nval`` column) that name a record under ``key``,
        plus ``n``, ``id`` and ``ids`` of their matches (rows naming none are left out).

        One join against the records whose value is unique, one small join against the
        values several records share (a value is in one or the other).
        """
        self.values(key)
        unique = self._small_side(self._unique[key], df["nval"])
        one = exact_join(df, unique).with_columns(
            pl.lit(1, dtype=pl.UInt32).alias("n"), pl.lit(None, dtype=pl.List(pl.Int64)).alias("ids")
        )
        shared = self._shared[key]
        if not shared.height:
            return one
        many = df.join(shared, on="nval", how="inner")
        return pl.concat([one, many.select(one.columns)])

    def count_found(self, key: str, nvals: pl.Series) -> int:
        want = pl.DataFrame({"nval": nvals}).drop_nulls().unique()
        if not want.height:
            return 0
        values = self._small_side(self.values(key), want["nval"])
        return want.join(values, on="nval", how="semi").height

    @staticmethod
    def _small_side(table: pl.DataFrame, nvals: pl.Series) -> pl.DataFrame:
        """``table`` cut down to the rows whose value is among ``nvals`` when those are few.

        A join hashes the whole candidate table (500,000 rows: ~0.1 s); a file of
        1,000 values needs only a scan for those (a hash set of 1,000).
        """
        if nvals.len() * 8 < table.height:
            return table.filter(pl.col("nval").is_in(nvals.drop_nulls().unique().implode()))
        return table


def key_columns(type_key: str, key: str) -> tuple[str, ...]:
    """Columns :func:`key_values` reads for ``key``."""
    if key == "id" or key == NAME_COMPANY:
        return ("id",)
    if type_key == "person" and key == "name":
        return ("id", "first_name", "last_name")
    return ("id", key)


def candidate_columns(type_key: str) -> tuple[str, ...]:
    """Columns resolution, labels and suggestions read from a type's records."""
    t = OBJECT_TYPES[type_key]
    label = ("first_name", "last_name", "email") if type_key == "person" else ("name",)
    keys = tuple(k for k in t.match_keys if k in t.field_keys)
    return tuple(dict.fromkeys(("id", *label, *keys)))


def labels_of(type_key: str, records: pl.DataFrame) -> pl.DataFrame:
    """id → label for every record of the type."""
    return records.select(pl.col("id"), label_expr(type_key).alias("label"))
