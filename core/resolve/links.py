"""Resolving relationship columns: each value becomes exactly one outcome.

One column is handled with a handful of whole-column operations: split the
cells, clean them, one join per match key a value may be (see
:mod:`relimport.core.resolve.lookup`), then anti/semi joins against the existing
links. No loop over rows or records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping.columns import ColumnMap
from relimport.core.resolve.keys import Candidates
from relimport.core.resolve.link_problems import RecordColumns, column_problems
from relimport.core.resolve.lookup import lookup_pieces
from relimport.core.resolve.normalize import clean_expr
from relimport.core.resolve.resolutions import Fixes, apply_key_fixes
from relimport.core.store.model import RelationshipType, empty_links

LINK_OUTCOMES = (
    "linked",
    "existing",
    "not_found",
    "ambiguous",
    "cardinality",
    "self_link",
    "invalid",
)
PAIR_SCHEMA = {"source": pl.Int64, "target": pl.Int64}


@dataclass
class LinkState:
    """Links of one relationship during an import: the store's plus those being added."""

    rel: RelationshipType
    existing: pl.DataFrame
    added: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PAIR_SCHEMA))
    replaced: pl.DataFrame = field(default_factory=empty_links)
    #: The records of a type with some columns (the store's plus the import's), to name
    #: in problems the records a link was refused for; ids only when not given.
    records: RecordColumns | None = None


@dataclass
class ColumnOutcome:
    """What one relationship column produced."""

    header: str
    match_by: str
    counts: dict[str, int]
    problems: pl.DataFrame
    #: Values settled by a decision, an alias or a created record:
    #: dicts of value, id, via, rows.
    resolved: list[dict] = field(default_factory=list)
    #: Values found by each key (``"tax_id, name"``: under both), most first.
    by_key: dict[str, int] = field(default_factory=dict)


def pair_key() -> pl.Expr:
    """One exact UInt64 per (source, target) link (ids stay far below 2**32)."""
    return (pl.col("source").cast(pl.UInt64) * (1 << 32)) + pl.col("target").cast(pl.UInt64)


def split_values(cells: pl.DataFrame, separator: str | None) -> pl.DataFrame:
    """Explode ``cell`` into raw pieces: ``__row``, ``rid``, ``raw``, ``pos``, ``multi``.

    Cells without the separator (the usual case) are not split at all.
    """
    multi = bool(separator and cells["cell"].str.contains(separator, literal=True).any())
    if not multi:
        return cells.with_columns(pl.col("cell").alias("raw"), pl.lit(0, dtype=pl.Int64).alias("pos"))
    parts = cells.with_columns(pl.col("cell").str.split(separator).alias("raw"))
    parts = parts.with_columns(pl.int_ranges(pl.col("raw").list.len(), dtype=pl.Int64).alias("pos"))
    return parts.explode(["raw", "pos"])


def resolve_pieces(
    parts: pl.DataFrame,
    key: str | None,
    cands: Candidates,
    keys: tuple[str, ...],
    fixes: Fixes | None = None,
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """Clean every piece and look it up under the keys it fits (under ``key`` when given).

    Adds ``_i`` (the number of the piece's text: pieces with the same raw text share
    it), ``piece`` (clean text), ``invalid`` (empty between separators) and the columns
    of :data:`relimport.core.resolve.lookup.RESULT_SCHEMA` (``n`` records found, ``id``,
    the candidates ``ids`` with their keys ``ckeys``, the matching keys ``mkey``);
    drops trailing empty pieces. ``fixes`` (decisions and aliases) settle values the
    lookup leaves unresolved and add ``via``. Also returns the texts tried under each
    key, by ``_i`` (see :func:`lookup_pieces`).
    """
    raw = parts["raw"]
    # A column names each record many times (a million deals, 200,000 companies): each
    # distinct text is cleaned and looked up once, and the outcome joined back.
    distinct = _repeats(raw)
    texts = pl.DataFrame({"raw": raw.unique()}) if distinct else parts
    texts = texts.with_columns(clean_expr(pl.col("raw")).alias("piece"))
    looked, tried = lookup_pieces(texts["piece"], keys, cands, explicit=key)
    texts = pl.concat([texts.with_row_index("_i"), looked], how="horizontal")
    if distinct:
        # Joined back on the texts' hashes, each match then compared as text (see exact_join).
        h = pl.col("raw").hash().alias("__h")
        texts = texts.with_columns(h).rename({"raw": "__v"})
        df = (
            parts.with_columns(h)
            .join(texts, on="__h", how="left", maintain_order="left")
            .filter(pl.col("raw").eq_missing(pl.col("__v")))
            .drop("__h", "__v")
        )
    else:
        df = texts
    df = apply_key_fixes(df, tried, fixes, cands.ids)
    if df["pos"].max() or 0:
        last = pl.when(pl.col("piece").is_not_null()).then(pl.col("pos")).max().over("__row")
        df = df.filter(pl.col("piece").is_not_null() | (pl.col("pos") < last))
    else:
        df = df.filter(pl.col("piece").is_not_null())
    return df.with_columns(pl.col("piece").is_null().alias("invalid")), tried


def _repeats(s: pl.Series) -> bool:
    """Whether at most half the texts of ``s`` are distinct (an estimate, ~5 ms a million)."""
    return s.len() > 1 and s.to_frame("v").select(pl.col("v").approx_n_unique()).item() * 2 <= s.len()


def matched_keys(df: pl.DataFrame, keys: tuple[str, ...] = ()) -> dict[str, int]:
    """Values found by each key (``"tax_id, name"``: by both), most first, ties in the
    order of ``keys``."""
    found = df.filter(pl.col("mkey").is_not_null()).group_by("mkey").len()
    order = {k: i for i, k in enumerate(keys)}

    def rank(kv: tuple[str, int]) -> tuple[int, int, str]:
        return (-kv[1], order.get(kv[0].split(", ")[0], len(order)), kv[0])

    return dict(sorted(found.iter_rows(), key=rank))


@dataclass
class LookedUp:
    """A relationship column's values looked up (:func:`look_up_column`): its pieces
    (see :func:`resolve_pieces`), the texts tried under each key, the keys."""

    df: pl.DataFrame
    tried: dict[str, pl.DataFrame]
    keys: tuple[str, ...]
    explicit: str | None


def look_up_column(
    col: ColumnMap, other: str, cells: pl.DataFrame, cands: Candidates, fixes: Fixes | None = None
) -> LookedUp:
    """The first half of :func:`resolve_column`: every value of ``cells`` (``__row``,
    ``cell``; more columns ride along) cleaned and looked up among the records of type
    ``other``. Needs no record of the rows, so it may run while they are resolved."""
    # In row order from here on (a narrow frame sorts cheaply; later frames keep it).
    cells = cells.filter(pl.col("cell").is_not_null()).sort("__row")
    parts = split_values(cells, col.separator)
    explicit = None if col.match_by == "auto" else col.match_by
    keys = (explicit,) if explicit else OBJECT_TYPES[other].match_keys
    df, tried = resolve_pieces(parts, explicit, cands, keys, fixes)
    return LookedUp(df, tried, keys, explicit)


def resolve_column(
    col: ColumnMap,
    cells: pl.DataFrame,
    state: LinkState,
    cands: Candidates,
    *,
    replace: bool,
    batch_id: int,
    fixes: Fixes | None = None,
    looked: LookedUp | None = None,
) -> ColumnOutcome:
    """Resolve one relationship column and add its new links to ``state``.

    Args:
        cells: ``__row``, ``rid`` (the row's record id), ``cell`` (raw text).
        cands: every candidate record of the other type: the store's and those this
            import creates.
        looked: the column's values already looked up (:func:`look_up_column` of all
            its rows, ``fixes`` applied): only the rows with a record are kept.
    """
    rel = state.rel
    other = rel.target if col.direction == "out" else rel.source
    header = col.header
    with_record = cells.filter(pl.col("rid").is_not_null())
    if looked is None:
        looked = look_up_column(col, other, with_record, cands, fixes)
        df = looked.df
    else:
        rows = with_record.select("__row", "rid")
        df = looked.df.join(rows, on="__row", how="inner", maintain_order="left")
    tried, keys, explicit = looked.tried, looked.keys, looked.explicit
    if df["pos"].max() or 0:
        df = df.with_columns((~pl.col("invalid")).sum().over("__row").alias("nvals"))
    else:
        df = df.with_columns(pl.lit(1, dtype=pl.UInt32).alias("nvals"))
    one = rel.cardinality == "one" and not rel.symmetric
    multi = one & (col.direction == "out")
    outcome = (
        pl.when(pl.col("invalid"))
        .then(pl.lit("invalid"))
        .when(pl.lit(multi) & (pl.col("nvals") > 1))
        .then(pl.lit("cardinality_multi"))
        .when(pl.col("n") == 0)
        .then(pl.lit("not_found"))
        .when(pl.col("n") > 1)
        .then(pl.lit("ambiguous"))
        .when(pl.col("id") == pl.col("rid"))
        .then(pl.lit("self_link"))
        .otherwise(pl.lit("ok"))
    )
    df = df.with_columns(outcome.alias("outcome"))
    if col.direction == "out":
        src, tgt = pl.col("rid"), pl.col("id")
    else:
        src, tgt = pl.col("id"), pl.col("rid")
    if rel.symmetric:
        src, tgt = pl.min_horizontal(src, tgt), pl.max_horizontal(src, tgt)
    df = df.with_columns(src.alias("source"), tgt.alias("target"))

    ok = df.filter(pl.col("outcome") == "ok")
    if not ok["__row"].is_sorted():
        ok = ok.sort("__row")
    ok = ok.with_columns(pair_key().alias("_pair"))
    rest = df.filter(pl.col("outcome") != "ok")
    known = pl.concat([state.existing.select("source", "target"), state.added])
    if known.height:
        seen = known.select(pair_key().alias("_pair"))["_pair"]
        ok = ok.with_columns(
            pl.when(pl.col("_pair").is_in(seen.implode()))
            .then(pl.lit("existing"))
            .otherwise(pl.lit("ok"))
            .alias("outcome")
        )
    # The same link given twice in this column: the first is linked, the rest existing.
    # (Sources that only grow, one value per row, cannot repeat a link: no hashing.)
    if not _increasing(ok["source"]) and ok.select(pl.col("_pair").hash().n_unique()).item() != ok.height:
        ok = ok.with_columns(
            pl.when((pl.col("outcome") == "ok") & ~pl.col("_pair").is_first_distinct())
            .then(pl.lit("existing"))
            .otherwise(pl.col("outcome"))
            .alias("outcome")
        )
    replaced = pl.DataFrame(schema=empty_links().schema)
    if one:
        ok, replaced = _cardinality(ok, state, replace)
    new = ok.filter(pl.col("outcome") == "ok")
    # New pairs are distinct and unknown by construction (see above).
    state.added = pl.concat([state.added, new.select("source", "target")])
    if replaced.height:
        state.replaced = pl.concat([state.replaced, replaced])
    df = pl.concat([ok, rest], how="diagonal_relaxed").with_columns(
        pl.when(pl.col("outcome") == "ok")
        .then(pl.lit("linked"))
        .when(pl.col("outcome").str.starts_with("cardinality"))
        .then(pl.lit("cardinality"))
        .otherwise(pl.col("outcome"))
        .alias("kind"),
    )
    counts = {k: 0 for k in LINK_OUTCOMES}
    for kind, n in df.group_by("kind").len().iter_rows():
        counts[kind] = n
    counts["replaced"] = replaced.height
    problems = column_problems(df, col, rel, other, keys, tried, state.records)
    by_key = matched_keys(df.filter(pl.col("kind").is_in(["linked", "existing"])), keys)
    # The keys that found values; when none did, the keys the values were tried under.
    used = [k for combo in by_key for k in combo.split(", ")] or [k for k in keys if k in tried]
    match_by = explicit or ", ".join(dict.fromkeys(used)) or "auto"
    resolved = []
    if "via" in df.columns:
        settled = df.filter(pl.col("via").is_not_null())
        if settled.height:
            settled = settled.group_by(pl.col("piece").str.to_lowercase().alias("_v"), "id", "via").agg(
                pl.col("piece").first(), pl.len().alias("rows")
            )
            resolved = [
                {"value": piece, "type": other, "id": rid, "via": via, "rows": rows}
                for _v, rid, via, piece, rows in settled.sort("piece").iter_rows()
            ]
    return ColumnOutcome(header, match_by, counts, problems, resolved, by_key)


def _increasing(s: pl.Series) -> bool:
    """Whether every value is larger than the one before (so none repeats)."""
    return s.len() < 2 or bool((s.diff().drop_nulls() > 0).all())


def _cardinality(ok: pl.DataFrame, state: LinkState, replace: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Enforce "one target per source" on the new links of a column."""
    # Several different targets for one source within this import: none linked.
    fresh = ok.filter(pl.col("outcome") == "ok").select("source", "target")
    pairs = (
        pl.concat([fresh, state.added.join(fresh, on="source", how="semi")]) if state.added.height else fresh
    )
    # Fresh pairs are distinct, so a source seen twice has two different targets.
    if not _increasing(pairs["source"]) and pairs.select(pl.col("source").n_unique()).item() != pairs.height:
        pairs = pairs.unique()
        conflict = pairs.filter(pl.col("source").is_duplicated())["source"].unique()
        ok = ok.with_columns(
            pl.when((pl.col("outcome") == "ok") & pl.col("source").is_in(conflict.implode()))
            .then(pl.lit("cardinality_conflict"))
            .otherwise(pl.col("outcome"))
            .alias("outcome")
        )
    # The source already has a different target in the store.
    current = state.existing.select(
        "source", pl.col("target").alias("_cur"), pl.col("batch").alias("_cur_batch")
    ).unique("source", keep="first")
    if current.height:
        ok = ok.join(current, on="source", how="left")
    else:  # no link of this relationship yet: nothing to compare with
        ok = ok.with_columns(pl.lit(None, dtype=pl.Int64).alias(c) for c in ("_cur", "_cur_batch"))
    differs = (
        (pl.col("outcome") == "ok") & pl.col("_cur").is_not_null() & (pl.col("_cur") != pl.col("target"))
    )
    replaced = pl.DataFrame(schema=empty_links().schema)
    if replace:
        replaced = (
            ok.filter(differs)
            .select(
                pl.col("source"),
                pl.col("_cur").alias("target"),
                pl.col("_cur_batch").alias("batch"),
            )
            .unique()
        )
        state.existing = state.existing.join(
            replaced.select("source", "target"), on=["source", "target"], how="anti"
        )
    else:
        ok = ok.with_columns(
            pl.when(differs)
            .then(pl.lit("cardinality_existing"))
            .otherwise(pl.col("outcome"))
            .alias("outcome")
        )
    return ok, replaced
