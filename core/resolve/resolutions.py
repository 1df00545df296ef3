"""Decisions and aliases: how a value the lookup could not settle is settled anyway.

A *decision* is made by the user for one import (the TUI's resolution queue or a
recipe's ``[[decisions]]``): a relationship column's value links to a chosen
record, or creates the missing record. One decision settles every row with
that (normalised) value in that column.

An *alias* is a remembered decision: per target object type, a normalised value
→ a record id, kept in the store (``aliases``, see ``docs/store-format.md``).
Every later import (TUI and CLI) resolves the value through it when the normal
lookup finds no record or several. Undoing a batch never removes an alias; an
alias whose record is gone is ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.keys import Candidates, labels_of
from relimport.core.resolve.normalize import clean_cell, norm_value
from relimport.core.store.model import (
    Alias,
    StoreData,
    empty_records,
    list_aliases,
    put_alias,
    set_aliases,
)

FIX_SCHEMA = {"nval": pl.String, "_fid": pl.Int64, "_via": pl.String, "_p": pl.Int64}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def norm_for(key: str, value: str) -> str | None:
    """``value`` normalised as a value of match key ``key`` (as resolution does)."""
    return norm_value(key, clean_cell(value))


def looks_like_email(text: str) -> bool:
    return bool(EMAIL_RE.match(text.strip()))


# --- aliases in the store ---------------------------------------------------------------


def make_alias(type_key: str, value: str, key: str | None, rid: int) -> Alias:
    """The alias remembering ``value`` → record ``rid`` (normalised as key ``key`` compares)."""
    if type_key not in OBJECT_TYPES:
        raise UsageError(f"unknown object type {type_key!r}")
    nval = norm_for(key or "name", value)
    if not nval:
        raise UsageError(f"alias {value!r}: the value is empty")
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return Alias(type_key, clean_cell(value) or value, nval, key, int(rid), now)


def add_alias(data: StoreData, type_key: str, value: str, key: str | None, rid: int) -> Alias:
    """Remember ``value`` → record ``rid`` (replacing an alias of the same value and key)."""
    alias = make_alias(type_key, value, key, rid)
    put_alias(data, alias)
    return alias


def remove_alias(data: StoreData, value: str, type_key: str | None = None) -> list[Alias]:
    """Remove the aliases of ``value`` (of ``type_key`` when given); returns the removed ones.

    Raises:
        UsageError: no alias has that value.
    """
    removed: list[Alias] = []
    for t in list(data.aliases):
        if type_key and t != type_key:
            continue
        items = [a for a in list_aliases(data) if a.type == t]
        keep = [a for a in items if a.nval != norm_for(a.key or "name", value)]
        removed += [a for a in items if a not in keep]
        set_aliases(data, t, keep)
    if not removed:
        where = f" of type {type_key}" if type_key else ""
        raise UsageError(f"no alias{where} for {value!r}")
    return removed


def remove_alias_entry(data: StoreData, alias: Alias) -> Alias:
    """Remove exactly ``alias`` (same type, normalised value and match key); returns it.

    Unlike :func:`remove_alias`, aliases of the same value under another match key stay.

    Raises:
        UsageError: the store has no such alias (any more).
    """
    items = [a for a in list_aliases(data) if a.type == alias.type]
    keep = [a for a in items if not (a.nval == alias.nval and a.key == alias.key)]
    if len(keep) == len(items):
        raise UsageError(f"no alias of type {alias.type} for {alias.value!r}")
    gone = next(a for a in items if a not in keep)
    set_aliases(data, alias.type, keep)
    return gone


# --- fixes applied during resolution ----------------------------------------------------


@dataclass
class Fixes:
    """Values of one column settled by decisions (first) or aliases, by their target id."""

    #: (value, match key or None for any, precomputed nval or None, id, via)
    entries: list[tuple[str, str | None, str | None, int, str]]

    def table(self, key: str) -> pl.DataFrame:
        """(nval, _fid, _via, _p) for values compared by match key ``key``; ``_p`` is the
        entry's rank (decisions before aliases)."""
        rows: dict[str, tuple[int, str, int]] = {}
        for p, (value, ekey, nval, rid, via) in enumerate(self.entries):
            if ekey is not None and ekey != key:
                continue
            nv = nval if (ekey == key and nval) else norm_for(key, value)
            if nv and nv not in rows:
                rows[nv] = (rid, via, p)
        return pl.DataFrame(
            {
                "nval": list(rows),
                "_fid": [v[0] for v in rows.values()],
                "_via": [v[1] for v in rows.values()],
                "_p": [v[2] for v in rows.values()],
            },
            schema=FIX_SCHEMA,
        )


def column_fixes(
    data: StoreData, header: str, other: str, decisions: Sequence[Decision], created: dict[str, int]
) -> Fixes | None:
    """Decisions of column ``header`` plus the aliases of type ``other``.

    ``created`` maps a create decision's value to the id of the record it creates.
    """
    entries: list[tuple[str, str | None, str | None, int, str]] = []
    for d in decisions:
        if d.column != header:
            continue
        if d.action == "create":
            if d.value in created:
                entries.append((d.value, None, None, created[d.value], "created"))
        elif d.id is not None:
            entries.append((d.value, None, None, d.id, "decision"))
    entries += [(a.value, a.key, a.nval, a.id, "alias") for a in list_aliases(data) if a.type == other]
    return Fixes(entries) if entries else None


def apply_fixes(df: pl.DataFrame, key: str, fixes: Fixes | None, record_ids: pl.Series) -> pl.DataFrame:
    """Settle rows the lookup left unresolved (``n != 1``) whose value has a fix.

    Adds ``via`` (decision / alias / created, else null). A fix to a record that no
    longer exists is ignored.
    """
    if fixes is None:
        return df
    table = fixes.table(key).filter(pl.col("_fid").is_in(record_ids.implode()))
    if not table.height:
        return df
    df = df.join(table.drop("_p"), on="nval", how="left")
    return _settle(df)


def _settle(df: pl.DataFrame) -> pl.DataFrame:
    hit = pl.col("_fid").is_not_null() & ((pl.col("n") != 1) | (pl.col("id") == pl.col("_fid")))
    return df.with_columns(
        pl.when(hit).then(pl.lit(1, dtype=pl.UInt32)).otherwise(pl.col("n")).alias("n"),
        pl.when(hit).then(pl.col("_fid")).otherwise(pl.col("id")).alias("id"),
        pl.when(hit).then(pl.col("_via")).alias("via"),
    ).drop("_fid", "_via")


def apply_key_fixes(
    df: pl.DataFrame, tried: Mapping[str, pl.DataFrame], fixes: Fixes | None, record_ids: pl.Series
) -> pl.DataFrame:
    """:func:`apply_fixes` for values looked up under several keys.

    ``df`` has ``_i``; ``tried`` gives, per key, the values looked up under it (``_i``,
    ``nval`` in that key's compare form). A value takes the first fix (decisions before
    aliases) that names it under any of its keys.
    """
    if fixes is None:
        return df
    frames = []
    for key, wanted in tried.items():
        table = fixes.table(key).filter(pl.col("_fid").is_in(record_ids.implode()))
        if table.height:
            frames.append(wanted.join(table, on="nval").select("_i", "_fid", "_via", "_p"))
    if not frames:
        return df
    fix = pl.concat(frames).sort("_p").unique("_i", keep="first").drop("_p")
    return _settle(df.join(fix, on="_i", how="left", maintain_order="left"))


def new_record_fields(type_key: str, value: str) -> dict[str, str]:
    """Fields of a record created from a relationship value (persons: e-mail or full name)."""
    text = clean_cell(value) or value
    if type_key == "person":
        if looks_like_email(text):
            return {"email": text}
        first, _, last = text.partition(" ")
        return {"first_name": first, "last_name": last} if last else {"last_name": first}
    return {"name": text}


def creation_key(type_key: str, value: str) -> str:
    """The match key a created record is found by (so a replay does not create it twice)."""
    return "email" if type_key == "person" and looks_like_email(value) else "name"


VIA_TEXT = {"decision": "your choice", "alias": "alias", "created": "new record"}


def plan_creations(
    decisions: Sequence[Decision],
    targets: dict[str, str],
    records: Mapping[str, pl.DataFrame],
    next_id: int,
    batch_id: int,
) -> tuple[dict[str, pl.DataFrame], dict[str, dict[str, int]], int]:
    """Records that "create" decisions add: new frames by type, column → value → id.

    ``targets`` maps a relationship column's header to the type its values name;
    ``records`` holds the candidates (store plus this import). A value that already
    names a record (e.g. created by an earlier run of the same recipe) creates nothing.
    """
    new: dict[str, list[dict[str, Any]]] = {}
    made: dict[tuple[str, str], int] = {}
    created: dict[str, dict[str, int]] = {}
    for d in decisions:
        type_key = targets.get(d.column)
        if d.action != "create" or type_key is None:
            continue
        ckey = creation_key(type_key, d.value)
        nval = norm_for(ckey, d.value)
        if not nval:
            continue
        if (type_key, nval) not in made:
            if Candidates(type_key, records[type_key]).count_found(ckey, pl.Series([nval])):
                continue  # already there: the normal lookup links it
            made[(type_key, nval)] = next_id
            row = {"id": next_id, "created_batch": batch_id, "modified_batch": batch_id}
            new.setdefault(type_key, []).append(row | new_record_fields(type_key, d.value))
            next_id += 1
        created.setdefault(d.column, {})[d.value] = made[(type_key, nval)]
    frames = {
        t: pl.DataFrame(rows, schema=empty_records(t).schema).select(empty_records(t).columns)
        for t, rows in new.items()
    }
    return frames, created, next_id


def label_resolved(
    resolved: list[dict[str, Any]], records: Mapping[str, pl.DataFrame]
) -> list[dict[str, Any]]:
    """Add each settled value's record label (for notes and the JSON report)."""
    labels: dict[tuple[str, int], str] = {}
    for t in {r["type"] for r in resolved}:
        ids = pl.Series([r["id"] for r in resolved if r["type"] == t], dtype=pl.Int64)
        lab = labels_of(t, records[t]).filter(pl.col("id").is_in(ids.implode()))
        labels.update({(t, i): text for i, text in lab.iter_rows()})
    return [r | {"label": labels.get((r["type"], r["id"]), "")} for r in resolved]


def resolved_note(r: dict[str, Any]) -> str:
    rows = f"{r['rows']} row{'s' if r['rows'] != 1 else ''}"
    return (
        f"{r['column']}: '{r['value']}' → {r['type']} {r['id']} {r['label']} "
        f"({VIA_TEXT.get(r['via'], r['via'])}, {rows})"
    )


@dataclass(frozen=True)
class QueueItem:
    """One distinct unsettled value of a relationship column, for the resolution queue."""

    column: str
    value: str
    kind: str
    rows: int
    target_type: str
    candidates: tuple[dict[str, Any], ...]


def resolution_queue(problems: Sequence[Any]) -> list[QueueItem]:
    """``ambiguous`` and ``not_found`` problems grouped by (column, value): one decision each."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for p in problems:
        if p.kind in ("ambiguous", "not_found") and p.value:
            groups.setdefault((p.column, p.value), []).append(p)
    out = []
    for (column, value), ps in groups.items():
        first = ps[0]
        out.append(
            QueueItem(column, value, first.kind, len(ps), first.target_type, tuple(first.candidates[:9]))
        )
    return out
