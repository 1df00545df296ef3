""" "Did you mean" suggestions for values that resolve to nothing — every such value.

Runs over the distinct values that were not found (however many), scoring them
against the other type's key values with rapidfuzz's vectorised scorers;
diacritics are folded so ``Lodz`` suggests ``Łódź``. Few values against few
records are scored all against all (``cdist``). Many against many would be
quadratic, so candidate pairs are first *blocked* by a sorted neighbourhood: values
and records sorted together (words sorted, spaces dropped), each value paired with
the records next to it — once in that order and once with the strings reversed, so
a typo near the start is caught too — and only those pairs are scored (``cpdist``).
Sorting costs n log n; the pairs grow with the number of values, not with their
product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import polars as pl

from relimport.core.resolve.keys import key_values, label_expr
from relimport.core.resolve.normalize import fits_expr, form_series, key_kind
from relimport.core.resolve.problems import Problem

PAIR_SCHEMA = {"q": pl.UInt32, "c": pl.UInt32, "score": pl.UInt8}

MAX_SUGGESTIONS = 3
#: Up to this many value × record pairs are scored all against all.
FULL_CELLS = 5_000_000
#: Records scored per value on either side of it in each sorted order (many × many).
NEIGHBOURS = 8
SCORE_CUTOFF = 75
_FOLD = {"ł": "l", "ø": "o", "đ": "d"}
#: Legal forms shared by many company names; they would make unrelated names look close.
_LEGAL = (
    r"(^|[^\w])(sp\.? ?z\.? ?o\.? ?o|s\.? ?a|sp\.? ?[jkp]|sp\.? ?k\.? ?a|spolka [\w]+|"
    r"ltd|gmbh|inc|llc)\.?([^\w]|$)"
)


def fold_series(s: pl.Series) -> pl.Series:
    """Comparison form for scoring only (matching never folds), for a whole column.

    Lower-cased, diacritics stripped, legal forms and punctuation removed:
    ``Hydro-Tech Sp. z o.o.`` scores against ``hydrotech`` as ``hydro tech``.
    """
    out = (
        s.cast(pl.String)
        .str.to_lowercase()
        .str.replace_many(list(_FOLD), list(_FOLD.values()))
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(_LEGAL, " ")
        .str.replace_all(r"[^\w@]+", " ")
        .str.strip_chars()
    )
    return out.fill_null("")


def _block_form(s: pl.Series) -> pl.Series:
    """Folded words sorted and joined without spaces (``Kowalski Jan`` = ``jan kowalski``)."""
    # list.eval sorts each list natively (list.sort is far slower on strings).
    return s.str.split(" ").list.eval(pl.element().sort()).list.join("")


def _neighbours(queries: pl.Series, choices: pl.Series) -> pl.DataFrame:
    """(q, c): each query with the :data:`NEIGHBOURS` choices either side of it when all
    are sorted together by ``queries``/``choices`` (a sorted-neighbourhood window)."""
    both = pl.concat(
        [
            pl.DataFrame({"s": queries, "q": pl.int_range(queries.len(), dtype=pl.Int64, eager=True)}),
            pl.DataFrame({"s": choices, "c": pl.int_range(choices.len(), dtype=pl.Int64, eager=True)}),
        ],
        how="diagonal",
    )
    # Ties sort choices first, so a query equal to a choice has it among those before.
    ranked = both.sort(["s", pl.col("q").is_not_null()]).with_columns(
        pl.col("c").is_not_null().cum_sum().cast(pl.Int64).alias("rank")
    )
    by_rank = ranked.filter(pl.col("c").is_not_null()).select("c", "rank")
    near = ranked.filter(pl.col("q").is_not_null()).select(
        "q", pl.int_ranges(pl.col("rank") - NEIGHBOURS + 1, pl.col("rank") + NEIGHBOURS + 1).alias("r")
    )
    near = near.explode("r").filter((pl.col("r") >= 1) & (pl.col("r") <= by_rank.height))
    return near.join(by_rank, left_on="r", right_on="rank").select(
        pl.col("q").cast(pl.UInt32), pl.col("c").cast(pl.UInt32)
    )


def _blocked_scores(queries: list[str], choices: list[str]) -> pl.DataFrame:
    """(q, c, score) of the blocked pairs scoring at least :data:`SCORE_CUTOFF`.

    Pairs: neighbours in the sorted order of the strings (words sorted, spaces
    dropped), and in the order of the same strings reversed (a typo near the start).
    One native pass scores them on those word-sorted forms, so spacing and word order
    do not count, as in the all-against-all score.
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    qs, cs = _block_form(pl.Series(queries)), _block_form(pl.Series(choices))
    pairs = pl.concat([_neighbours(qs, cs), _neighbours(qs.str.reverse(), cs.str.reverse())]).unique()
    if not pairs.height:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    a = qs.to_numpy().astype(object)[pairs["q"].to_numpy()]
    b = cs.to_numpy().astype(object)[pairs["c"].to_numpy()]
    score = process.cpdist(a, b, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF, dtype=np.uint8, workers=-1)
    return pairs.with_columns(pl.Series("score", score).cast(pl.UInt8)).filter(pl.col("score") > 0)


def _pair_scores(queries: list[str], choices: list[str]) -> pl.DataFrame:
    """(q, c, score) of every pair worth suggesting (scoring at least :data:`SCORE_CUTOFF`).

    All against all when there are few: the better of spacing-free similarity and
    word-order-free similarity, from native vectorised scorers (multi-threaded), never
    a Python scorer per pair. Many against many: the blocked pairs only.
    """
    if len(queries) * len(choices) > FULL_CELLS:
        return _blocked_scores(queries, choices)
    # Imported here: only imports with unresolved values pay for numpy and rapidfuzz.
    import numpy as np
    from rapidfuzz import fuzz, process

    squeezed_q = [q.replace(" ", "") for q in queries]
    squeezed_c = [c.replace(" ", "") for c in choices]
    a = process.cdist(
        squeezed_q, squeezed_c, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF, dtype=np.uint8, workers=-1
    )
    b = process.cdist(
        queries, choices, scorer=fuzz.token_sort_ratio, score_cutoff=SCORE_CUTOFF, dtype=np.uint8, workers=-1
    )
    scores = np.maximum(a, b)
    q, c = np.nonzero(scores)
    return pl.DataFrame({"q": q, "c": c, "score": scores[q, c]}, schema=PAIR_SCHEMA)


def add_suggestions(
    problems: list[Problem],
    records: Mapping[str, pl.DataFrame],
    match_keys: Mapping[str, str | tuple[str, ...]],
) -> list[Problem]:
    """Fill ``candidates`` of ``not_found`` problems with up to 3 close records.

    ``match_keys`` gives each column's keys (one, or every key values were tried
    under): a value is compared with the records' values of each key whose shape it
    has (record ids are never suggested).
    """
    wanted: dict[tuple[str, str], set[str]] = {}
    for p in problems:
        if p.kind == "not_found" and p.value and p.column in match_keys and p.target_type:
            wanted.setdefault((p.column, p.target_type), set()).add(p.value)
    found: dict[tuple[str, str, str], list[dict]] = {}
    for (column, ctype), values in wanted.items():
        keys = match_keys[column]
        keys = (keys,) if isinstance(keys, str) else keys
        keys = tuple(k for k in keys if k != "id")
        if keys and ctype in records:
            found.update(_suggest(column, ctype, keys, sorted(values), records[ctype]))
    if not found:
        return problems
    out = []
    for p in problems:
        if p.kind == "not_found" and p.value:
            cands = found.get((p.column, p.target_type, p.value))
            if cands:
                names = ", ".join(f"'{c['label']}' (id {c['id']})" for c in cands)
                p = replace(p, candidates=cands, message=f"{p.message}; did you mean {names}?")
        out.append(p)
    return out


def _suggest(
    column: str, ctype: str, keys: tuple[str, ...], values: list[str], recs: pl.DataFrame
) -> dict[tuple[str, str, str], list[dict]]:
    """Up to :data:`MAX_SUGGESTIONS` close records for each of ``values``, over ``keys``."""
    vals = pl.Series("v", values, dtype=pl.String)
    scored = []
    for key in keys:
        kind = key_kind(key)
        fits = pl.select(fits_expr(kind, pl.lit(form_series(kind, vals)))).to_series()
        # Several keys: each value against the keys of its shape; one key: every value.
        qidx = fits.arg_true() if len(keys) > 1 else pl.int_range(vals.len(), eager=True)
        if not qidx.len():
            continue
        kv = key_values(ctype, recs, key).unique(["nval", "id"]).sort(["id", "nval"])
        if not kv.height:
            continue
        pairs = _pair_scores(fold_series(vals.gather(qidx)).to_list(), fold_series(kv["nval"]).to_list())
        if pairs.height:
            scored.append(
                pl.DataFrame(
                    {
                        "q": qidx.cast(pl.Int64).gather(pairs["q"]),
                        "id": kv["id"].gather(pairs["c"]),
                        "score": pairs["score"],
                    }
                )
            )
    if not scored:
        return {}
    best = pl.concat(scored).group_by("q", "id").agg(pl.col("score").max())
    labels = recs.filter(pl.col("id").is_in(best["id"].unique().implode())).select(
        "id", label_expr(ctype).alias("label")
    )
    top = (
        best.join(labels, on="id", how="left")
        .sort(["q", "score", "label", "id"], descending=[False, True, False, False], nulls_last=True)
        .group_by("q", maintain_order=True)
        .head(MAX_SUGGESTIONS)
    )
    out: dict[tuple[str, str, str], list[dict]] = {}
    for q, rid, score, label in top.select("q", "id", "score", "label").iter_rows():
        out.setdefault((column, ctype, values[q]), []).append(
            {"id": rid, "type": ctype, "label": label, "score": int(score)}
        )
    return out
