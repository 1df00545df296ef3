"""Keys chosen per value: a relationship value is looked up under every key it could be.

With match-by ``auto`` each value is tried against every match key of the other
type whose shape it has — an e-mail address under ``email``, a tax id under
``tax_id``, nine or fourteen digits under ``regon``, digits under ``id``, any text
under the name and code keys — as one join per key over the whole column, never a
lookup per value. A group-by then decides each value: one record under any keys is
found (the outcome names the keys); different records under different keys make
the value ``ambiguous``, each candidate with the key it matched (a product's id
``1`` and another product's SKU ``1``). An explicit key restricts a column to it.
"""

from __future__ import annotations

import polars as pl

from relimport.core.resolve.keys import Candidates
from relimport.core.resolve.normalize import SHAPES, fits_expr, form_series, key_kind

#: Columns :func:`lookup_pieces` adds.
#: ``n`` records found, ``id`` (when one), ``ids`` and ``ckeys`` (the candidates of an
#: ambiguous value and the key each matched), ``mkey`` (the keys that found the one
#: record, ``", "``-joined), ``tried`` (the keys the value was looked up under).
RESULT_SCHEMA = pl.Schema(
    {
        "n": pl.UInt32(),
        "id": pl.Int64(),
        "ids": pl.List(pl.Int64),
        "ckeys": pl.List(pl.String),
        "mkey": pl.String(),
    }
)
_HIT_SCHEMA = pl.Schema(
    {
        "_i": pl.UInt32(),
        "key": pl.String(),
        "n": pl.UInt32(),
        "id": pl.Int64(),
        "ids": pl.List(pl.Int64),
    }
)

#: Fewest digits a value must hold to be tried as a tax id (foreign VAT ids included)
#: or as a REGON: a cheap test before the compare form is built.
_MIN_DIGITS = {"nip": 7, "regon": 8}


def _worth_trying(kind: str, pieces: pl.Series, memo: dict[str, pl.Series]) -> pl.Series:
    """Pieces that may have the shape of ``kind``: a cheap test on the cleaned text."""
    present = pieces.is_not_null()
    if kind == "id":
        return pieces.str.contains(r"^[0-9]+$").fill_null(False)
    if kind in _MIN_DIGITS:
        if "digits" not in memo:
            memo["digits"] = pieces.str.count_matches(r"[0-9]").fill_null(0)
        return memo["digits"] >= _MIN_DIGITS[kind]
    if kind == "email":
        return pieces.str.contains("@", literal=True).fill_null(False)
    if kind == "domain":
        dotted = pieces.str.contains(".", literal=True) & ~pieces.str.contains(" ", literal=True)
        return dotted.fill_null(False)
    return present


def key_candidates(
    key: str, pieces: pl.Series, cands: Candidates, *, shaped: bool = True, memo: dict | None = None
) -> pl.DataFrame:
    """``_i`` (position in ``pieces``) and ``nval`` of the pieces to look up under ``key``.

    ``shaped``: only pieces with the key's shape (match-by ``auto``); otherwise every
    piece (an explicit key). ``memo`` keeps what several keys test (digit counts).
    """
    kind = key_kind(key)
    mask = _worth_trying(kind, pieces, {} if memo is None else memo) if shaped else pieces.is_not_null()
    if shaped and kind in ("text", "key_text") and not cands.may_hold(key, "@"):
        # An e-mail address is no name unless some record's name holds an "@": this
        # spares building every person's full name for a column of e-mail addresses.
        mask = mask & ~pieces.str.contains(SHAPES["email"]).fill_null(False)
    idx = mask.arg_true().cast(pl.UInt32)
    if not idx.len():
        return pl.DataFrame(schema={"_i": pl.UInt32, "nval": pl.String})
    sub = pieces if idx.len() == pieces.len() else pieces.gather(idx)
    frame = pl.DataFrame({"_i": idx, "nval": form_series(kind, sub, cleaned=True)})
    if shaped:
        return frame.filter(fits_expr(kind, pl.col("nval")))
    return frame.drop_nulls("nval")


def _hits(key: str, wanted: pl.DataFrame, cands: Candidates) -> pl.DataFrame:
    """The pieces of ``wanted`` that name at least one record under ``key``."""
    if not wanted.height:
        return pl.DataFrame(schema=_HIT_SCHEMA)
    found = cands.found(key, wanted)
    return found.select("_i", pl.lit(key).alias("key"), "n", "id", "ids").cast(_HIT_SCHEMA)


def _decide(hits: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """One row per piece found under any key: n, id, ids, ckeys, mkey (see RESULT_SCHEMA)."""
    if hits.select(pl.col("_i").n_unique()).item() == hits.height:
        # The usual case: each piece named records under one key only.
        return hits.select(
            "_i",
            "n",
            "id",
            pl.when(pl.col("n") > 1).then(pl.col("ids")).alias("ids"),
            pl.when(pl.col("n") > 1)
            .then(pl.col("key").repeat_by(pl.col("ids").list.len()))
            .alias("ckeys")
            .cast(pl.List(pl.String)),
            pl.when(pl.col("n") == 1).then(pl.col("key")).alias("mkey"),
        )
    order = {k: i for i, k in enumerate(keys)}
    # Records beyond those listed in ``ids`` (a name shared by many) still count.
    unlisted = (pl.col("n") - pl.col("ids").list.len().fill_null(1)).clip(lower_bound=0)
    per_id = (
        hits.with_columns(
            pl.when(pl.col("n") == 1)
            .then(pl.concat_list(pl.col("id")))
            .otherwise(pl.col("ids"))
            .alias("cid"),
            pl.col("key").replace_strict(order, return_dtype=pl.Int64).alias("_o"),
            unlisted.cast(pl.Int64).alias("_more"),
        )
        .explode("cid")
        .group_by("_i", "cid")
        .agg(pl.col("key").sort_by("_o").str.join(", "), pl.col("_more").max())
    )
    return (
        per_id.group_by("_i")
        .agg(
            (pl.len() + pl.col("_more").max()).cast(pl.UInt32).alias("n"),
            pl.col("cid").min().alias("id"),
            pl.col("cid").sort_by("cid").alias("ids"),
            pl.col("key").sort_by("cid").alias("ckeys"),
            pl.col("key").first().alias("mkey"),
        )
        .with_columns(
            pl.when(pl.col("n") == 1).then(pl.col("id")).alias("id"),
            pl.when(pl.col("n") > 1).then(pl.col("ids")).alias("ids"),
            pl.when(pl.col("n") > 1).then(pl.col("ckeys")).alias("ckeys"),
            pl.when(pl.col("n") == 1).then(pl.col("mkey")).alias("mkey"),
        )
    )


def lookup_pieces(
    pieces: pl.Series, keys: tuple[str, ...], cands: Candidates, explicit: str | None = None
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """Look every piece up under the keys it fits (or under ``explicit`` only).

    Returns:
        A frame with the columns of :data:`RESULT_SCHEMA`, row for row with
        ``pieces``; and for each key the pieces tried under it: ``_i`` (position in
        ``pieces``) and ``nval`` (the piece's compare form for that key).
    """
    tried: dict[str, pl.DataFrame] = {}
    found = []
    memo: dict[str, pl.Series] = {}
    for key in (explicit,) if explicit else keys:
        wanted = key_candidates(key, pieces, cands, shaped=explicit is None, memo=memo)
        if wanted.height:
            tried[key] = wanted
            found.append(_hits(key, wanted, cands))
    hits = pl.concat(found) if found else pl.DataFrame(schema=_HIT_SCHEMA)
    base = pl.DataFrame({"_i": pl.int_range(pieces.len(), dtype=pl.UInt32, eager=True)})
    if not hits.height:
        out = base.with_columns(*(pl.lit(None, dtype=t).alias(c) for c, t in RESULT_SCHEMA.items()))
    else:
        decided = _decide(hits, keys)  # one row per piece found
        if decided.height == pieces.len():
            out = decided.sort("_i")  # every piece found (the usual case): no join needed
        else:
            out = base.join(decided, on="_i", how="left", maintain_order="left")
    out = out.with_columns(pl.col("n").fill_null(0)).select(
        [pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()]
    )
    return out, tried


def key_words(key: str) -> str:
    """A match key in a message (``tax_id`` → ``tax id``)."""
    return key.replace("_", " ")


def _or_list(words: list[str]) -> str:
    return " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]


def tried_text(positions: pl.Series, tried: dict[str, pl.DataFrame], keys: tuple[str, ...]) -> pl.Series:
    """For each position, the keys its piece was looked up under, in words (``sku or name``).

    A piece tried under no key (an e-mail address where no key could hold one) lists
    the keys a value of the type is looked up by.
    """
    frame = pl.DataFrame({"_i": positions.cast(pl.UInt32)})
    parts = [
        pl.when(pl.col("_i").is_in(tried[k]["_i"].implode())).then(pl.lit(key_words(k)))
        for k in keys
        if k in tried
    ]
    fallback = _or_list([key_words(k) for k in keys if k != "id"] or list(keys))
    if not parts:
        return pl.Series("tried", [fallback] * positions.len(), dtype=pl.String)
    text = frame.select(pl.concat_str(parts, separator=", ", ignore_nulls=True).alias("tried"))["tried"]
    text = text.str.replace(r", ([^,]*)$", " or ${1}")
    return text.set(text.fill_null("") == "", fallback) if text.len() else text
