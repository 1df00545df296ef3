"""Problems: one row per value or row that did not import cleanly.

Held as a polars frame while resolving (columns of :data:`PROBLEM_SCHEMA`),
turned into :class:`Problem` objects for reports at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.keys import labels_of

PROBLEM_SCHEMA = pl.Schema(
    {
        "row": pl.Int64(),
        "column": pl.String(),
        "value": pl.String(),
        "kind": pl.String(),
        "message": pl.String(),
        "cand_type": pl.String(),
        "cand_ids": pl.List(pl.Int64),
    }
)

#: Optional column of a problem frame: the match key of each candidate (``cand_ids``)
#: of an ambiguous relationship value.
CAND_KEYS = "cand_keys"
_CAND_KEYS_TYPE = pl.List(pl.String)

#: Fields that tell records of one type apart (two companies named Polmet: their
#: cities, NIPs), listed with every candidate.
TELLING_FIELDS = ("city", "email", "tax_id", "domain", "regon", "phone", "sku", "code")

#: Every problem kind, in the order reports list them.
PROBLEM_KINDS: tuple[str, ...] = (
    "missing_key",
    "duplicate_in_file",
    "exists",
    "no_match",
    "invalid_value",
    "possible_duplicate",
    "renamed",
    "not_found",
    "ambiguous",
    "cardinality",
    "self_link",
    "invalid",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, as listed in reports and the JSON output."""

    row: int
    column: str
    value: str | None
    kind: str
    message: str
    candidates: list[dict[str, Any]] = field(default_factory=list)
    #: Object type of the records the value was looked up in (not serialised).
    target_type: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "kind": self.kind,
            "message": self.message,
            "candidates": self.candidates,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Problem:
        return cls(
            row=int(d["row"]),
            column=str(d.get("column") or ""),
            value=d.get("value"),
            kind=str(d["kind"]),
            message=str(d.get("message") or ""),
            candidates=list(d.get("candidates") or []),
        )


def problem_frame(
    rows: pl.Series | pl.Expr,
    column: str,
    values: pl.Series | pl.Expr,
    kind: str,
    message: pl.Expr,
    cand_type: str = "",
) -> pl.DataFrame:
    """A problem frame for ``rows`` (a Series) with the same column and kind."""
    base = pl.DataFrame({"row": rows, "value": values})
    return base.select(
        pl.col("row").cast(pl.Int64),
        pl.lit(column).alias("column"),
        pl.col("value").cast(pl.String),
        pl.lit(kind).alias("kind"),
        message.alias("message"),
        pl.lit(cand_type).alias("cand_type"),
        pl.lit([], dtype=pl.List(pl.Int64)).alias("cand_ids"),
    )


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def _with_cand_keys(frame: pl.DataFrame) -> pl.DataFrame:
    if CAND_KEYS in frame.columns:
        return frame.with_columns(pl.col(CAND_KEYS).cast(_CAND_KEYS_TYPE))
    return frame.with_columns(pl.lit(None, dtype=_CAND_KEYS_TYPE).alias(CAND_KEYS))


def concat_problems(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Problem frames as one, by row; keeps :data:`CAND_KEYS` (null where a frame has none)."""
    frames = [
        _with_cand_keys(f).select([*PROBLEM_SCHEMA, CAND_KEYS]).cast(PROBLEM_SCHEMA)
        for f in frames
        if f.height
    ]
    if not frames:
        return _with_cand_keys(empty_problems())
    return pl.concat(frames).sort(["row", "column"], maintain_order=True)


def to_problems(frame: pl.DataFrame, records: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Turn a problem frame into :class:`Problem` objects with candidate labels.

    ``records`` holds the record tables (store plus this import's new records) by type.
    """
    labels: dict[tuple[str, int], str] = {}
    wanted = frame.select("cand_type", "cand_ids").explode("cand_ids").drop_nulls().unique()
    for type_key, ids in wanted.group_by("cand_type"):
        t = str(type_key[0])
        if t not in records:
            continue
        lab = labels_of(t, records[t]).filter(pl.col("id").is_in(ids["cand_ids"].implode()))
        for rid, text in lab.iter_rows():
            labels[(t, rid)] = text
    frame = _with_cand_keys(frame).select([*PROBLEM_SCHEMA, CAND_KEYS])
    out = []
    for row, column, value, kind, message, ctype, cids, ckeys in frame.iter_rows():
        cands = [{"id": c, "type": ctype, "label": labels.get((ctype, c), "")} for c in cids] if cids else []
        if ckeys and len(ckeys) == len(cands):
            cands = [c | {"key": k} for c, k in zip(cands, ckeys, strict=True)]
        out.append(Problem(row, column or "", value, kind, message, cands, ctype or ""))
    return out


def add_candidate_fields(
    problems: list[Problem], fetch: Callable[[str, tuple[str, ...]], pl.DataFrame]
) -> list[Problem]:
    """Give every candidate the fields that tell it apart (``fields``: city, NIP, e-mail…).

    ``fetch(type, columns)`` gives the records of a type with those columns.
    """
    wanted: dict[str, set[int]] = {}
    for p in problems:
        for c in p.candidates:
            wanted.setdefault(c["type"], set()).add(int(c["id"]))
    if not wanted:
        return problems
    found: dict[tuple[str, int], dict[str, str]] = {}
    for t, ids in wanted.items():
        if t not in OBJECT_TYPES:
            continue
        cols = tuple(f for f in TELLING_FIELDS if f in OBJECT_TYPES[t].field_keys)
        recs = fetch(t, ("id", *cols)).filter(pl.col("id").is_in(sorted(ids)))
        for row in recs.iter_rows(named=True):
            found[(t, int(row["id"]))] = {c: row[c] for c in cols if row[c]}
    out = []
    for p in problems:
        if p.candidates:
            cands = [c | {"fields": found.get((c["type"], int(c["id"])), {})} for c in p.candidates]
            p = replace(p, candidates=cands)
        out.append(p)
    return out
