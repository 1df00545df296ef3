""" "Did you mean" suggestions for values that resolve to nothing.

Runs only over the distinct values that were not found (a loop over problems,
not rows), scoring them against the other type's key values with rapidfuzz's
vectorised ``cdist``; diacritics are folded so ``Lodz`` suggests ``Łódź``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

from relimport.core.resolve.keys import key_values, label_expr
from relimport.core.resolve.problems import Problem

if TYPE_CHECKING:
    import numpy as np

#: Distinct values suggested for per column; the rest keep no suggestions.
MAX_VALUES = 200
MAX_SUGGESTIONS = 3
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


def _scores(queries: list[str], choices: list[str]) -> np.ndarray:
    """Closeness matrix: the better of spacing-free similarity and word-order-free similarity.

    Two native ``cdist`` passes (vectorised, multi-threaded) instead of a Python scorer.
    """
    # Imported here: only imports with unresolved values pay for numpy and rapidfuzz.
    import numpy as np
    from rapidfuzz import fuzz, process

    squeeze = [q.replace(" ", "") for q in queries], [c.replace(" ", "") for c in choices]
    a = process.cdist(squeeze[0], squeeze[1], scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF, workers=-1)
    b = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, score_cutoff=SCORE_CUTOFF, workers=-1)
    return np.maximum(a, b)


def add_suggestions(
    problems: list[Problem], records: Mapping[str, pl.DataFrame], match_keys: dict[str, str]
) -> list[Problem]:
    """Fill ``candidates`` of ``not_found`` problems with up to 3 close records."""
    wanted: dict[tuple[str, str], set[str]] = {}
    targets: dict[tuple[str, str], str] = {}
    for p in problems:
        if p.kind == "not_found" and p.value and p.column in match_keys:
            ctype = _target_type(p)
            if ctype:
                key = (p.column, ctype)
                wanted.setdefault(key, set()).add(p.value)
                targets[key] = match_keys[p.column]
    found: dict[tuple[str, str, str], list[dict]] = {}
    for (column, ctype), values in wanted.items():
        mkey = targets[(column, ctype)]
        if mkey == "id" or ctype not in records:
            continue
        found.update(_suggest(column, ctype, mkey, sorted(values)[:MAX_VALUES], records[ctype]))
    if not found:
        return problems
    out = []
    for p in problems:
        if p.kind == "not_found" and p.value:
            cands = found.get((p.column, _target_type(p) or "", p.value))
            if cands:
                names = ", ".join(f"'{c['label']}' (id {c['id']})" for c in cands)
                p = replace(p, candidates=cands, message=f"{p.message}; did you mean {names}?")
        out.append(p)
    return out


def _target_type(p: Problem) -> str | None:
    return p.target_type or None


def _suggest(
    column: str, ctype: str, mkey: str, values: list[str], recs: pl.DataFrame
) -> dict[tuple[str, str, str], list[dict]]:
    kv = key_values(ctype, recs, mkey)
    if not kv.height:
        return {}
    labels = recs.select("id", label_expr(ctype).alias("label"))
    kv = kv.unique(["nval", "id"]).join(labels, on="id", how="left").sort(["id", "nval"])
    choices = fold_series(kv["nval"]).to_list()
    queries = fold_series(pl.Series(values, dtype=pl.String)).to_list()
    scores = _scores(queries, choices)
    ids = kv["id"].to_list()
    labs = kv["label"].to_list()
    import numpy as np

    out: dict[tuple[str, str, str], list[dict]] = {}
    k = min(len(choices), MAX_SUGGESTIONS * 4)
    for qi, value in enumerate(values):
        row = scores[qi]
        top = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
        best = sorted(top, key=lambda j: (-row[j], labs[j] or "", ids[j]))
        picks: list[dict] = []
        seen: set[int] = set()
        for j in best:
            if row[j] < SCORE_CUTOFF or ids[j] in seen:
                continue
            seen.add(ids[j])
            picks.append({"id": ids[j], "type": ctype, "label": labs[j], "score": int(row[j])})
            if len(picks) == MAX_SUGGESTIONS:
                break
        if picks:
            out[(column, ctype, value)] = picks
    return out
