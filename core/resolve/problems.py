"""Problems: one row per value or row that did not import cleanly.

Held as a polars frame while resolving (columns of :data:`PROBLEM_SCHEMA`),
turned into :class:`Problem` objects for reports at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

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

#: Every problem kind, in the order reports list them.
PROBLEM_KINDS: tuple[str, ...] = (
    "missing_key",
    "duplicate_in_file",
    "exists",
    "no_match",
    "invalid_value",
    "possible_duplicate",
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


def concat_problems(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f.select(list(PROBLEM_SCHEMA)).cast(PROBLEM_SCHEMA) for f in frames if f.height]
    if not frames:
        return empty_problems()
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
    out = []
    for row, column, value, kind, message, ctype, cids in frame.iter_rows():
        cands = [{"id": c, "type": ctype, "label": labels.get((ctype, c), "")} for c in cids] if cids else []
        out.append(Problem(row, column or "", value, kind, message, cands, ctype or ""))
    return out
