"""Reading the store: find a record, its links in both directions, statistics.

Memory follows what is asked: a look-up builds only the key columns it compares, a
record view only that record's row and its neighbours' labels, and the statistics
count the store's columns without building any table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from relimport.core.domain.errors import RelimportError, UsageError
from relimport.core.domain.forms import fits
from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.domain.values import TAG_JOIN
from relimport.core.resolve.keys import candidate_columns, key_columns, key_values, label_expr
from relimport.core.resolve.normalize import clean_expr, key_kind, norm_value
from relimport.core.resolve.problems import Problem
from relimport.core.resolve.suggest import add_suggestions
from relimport.core.store.model import StoreData
from relimport.core.store.tables import LazyTables


class NotFoundError(RelimportError):
    """``show`` found no record, or several."""


@dataclass(frozen=True)
class LinkView:
    relationship: str
    direction: str  # "out" | "in"
    id: int
    type: str
    label: str
    rel_id: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "relationship": self.relationship,
            "direction": self.direction,
            "id": self.id,
            "type": self.type,
            "label": self.label,
        }


@dataclass
class RecordView:
    id: int
    type: str
    label: str
    fields: dict[str, str | None]
    links: list[LinkView] = field(default_factory=list)
    created_batch: int | None = None
    modified_batch: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "fields": {k: _json_value(k, v) for k, v in self.fields.items()},
            "links": [lk.to_json() for lk in self.links],
        }


def _json_value(key: str, value: str | None) -> str | list[str] | None:
    """A field as JSON gives it: tags as the list they are (stored joined by ``; ``)."""
    if key == "tags":
        return value.split(TAG_JOIN) if value else []
    return value


def _columns(data: StoreData, type_key: str, columns: tuple[str, ...]) -> pl.DataFrame:
    """Some columns of a type's records (only those are built when the table is not)."""
    if isinstance(data.records, LazyTables):
        return data.records.view(type_key, columns)
    return data.records[type_key].select(columns)


def _rows(data: StoreData, type_key: str, ids: list[int]) -> pl.DataFrame:
    """The records of a type with these ids, every column (only their rows are built)."""
    if isinstance(data.records, LazyTables):
        return data.records.rows(type_key, ids)
    return data.records[type_key].filter(pl.col("id").is_in(ids))


def find_ids(data: StoreData, type_key: str, text: str, key: str | None = None) -> dict[int, list[str]]:
    """Match ``text`` as an import matches a relationship value: under every match key
    whose shape it has (an e-mail address under ``email``, digits under ``id``, any text
    under the names), or under ``key`` alone when one is given.

    Returns each record found, in id order, with the keys that found it.
    """
    keys = OBJECT_TYPES[type_key].match_keys if key is None else (key,)
    found: dict[int, list[str]] = {}
    for k in keys:
        nv = norm_value(k, text)
        if nv is None or (key is None and not fits(key_kind(k), nv)):
            continue
        recs = _columns(data, type_key, key_columns(type_key, k))
        hits = key_values(type_key, recs, k).filter(pl.col("nval") == nv).get_column("id").unique()
        for rid in hits.to_list():
            found.setdefault(int(rid), []).append(k)
    return dict(sorted(found.items()))


#: Records an ambiguous ``show`` names (with the count of all of them).
SHOWN_CANDIDATES = 5


def show(data: StoreData, type_key: str, text: str, key: str | None = None) -> RecordView:
    """The one record ``text`` names, with its links; ``key``: look under that key only.

    Raises:
        NotFoundError: no record (with suggestions) or several (each with the key it
            matched by).
        UsageError: ``key`` is not a match key of the type.
    """
    otype = OBJECT_TYPES[type_key]
    label = otype.label_en.lower()
    if key is not None and key not in otype.match_keys:
        raise UsageError(f"--by {key}: {label} records are found by {', '.join(otype.match_keys)}")
    found = find_ids(data, type_key, text, key)
    if not found:
        p = Problem(0, "q", text, "not_found", f"no {label} matches {text!r}", [], type_key)
        key_name = "name" if "name" in otype.match_keys else "email"
        candidates = {type_key: _columns(data, type_key, candidate_columns(type_key))}
        p = add_suggestions([p], candidates, {"q": key_name})[0]
        raise NotFoundError(p.message)
    if len(found) > 1:
        ids = list(found)[:SHOWN_CANDIDATES]
        labels = labels_for(data, type_key, ids)
        listing = ", ".join(f"{i} {labels.get(i, '')!r} by {' and '.join(found[i])}" for i in ids)
        more = f", {len(found) - len(ids)} more" if len(found) > len(ids) else ""
        keys = sorted({k for ks in found.values() for k in ks}, key=otype.match_keys.index)
        hint = f"give --by {' or --by '.join(keys)}" if len(keys) > 1 else "use the id"
        raise NotFoundError(f"{text!r} matches {len(found)} {label} records ({listing}{more}); {hint}")
    return record_view(data, type_key, next(iter(found)))


def labels_for(data: StoreData, type_key: str, ids: list[int]) -> dict[int, str]:
    label_columns = ("id", "first_name", "last_name", "email") if type_key == "person" else ("id", "name")
    recs = _columns(data, type_key, label_columns).filter(pl.col("id").is_in(ids))
    return dict(recs.select("id", label_expr(type_key)).iter_rows())


#: Fields that tell records with the same name apart, by type (first non-empty ones shown).
_TELLING = ("city", "email", "tax_id", "domain", "regon", "phone")


def details_for(data: StoreData, type_key: str, ids: list[int], limit: int = 2) -> dict[int, str]:
    """id → a few fields that tell same-named records apart (``"city: Gdańsk · tax_id: 111…"``)."""
    fields = [f.key for f in OBJECT_TYPES[type_key].fields if f.key in _TELLING]
    fields.sort(key=_TELLING.index)
    recs = _rows(data, type_key, ids)
    cols = [c for c in fields if c in recs.columns]
    out: dict[int, str] = {}
    for row in recs.select("id", *cols).iter_rows(named=True):
        parts = [f"{c}: {row[c]}" for c in cols if row[c]][:limit]
        out[int(row["id"])] = " · ".join(parts)
    return out


def type_of(data: StoreData, rid: int) -> str | None:
    for t in data.records:
        if _columns(data, t, ("id",)).filter(pl.col("id") == rid).height:
            return t
    return None


def record_view(data: StoreData, type_key: str, rid: int) -> RecordView:
    """A record's fields and its links in both directions (inverse names on the incoming side)."""
    df = _rows(data, type_key, [rid])
    if not df.height:
        raise NotFoundError(f"no {type_key} with id {rid}")
    row = df.row(0, named=True)
    fields = {f: row[f] for f in OBJECT_TYPES[type_key].field_keys}
    label = df.select(label_expr(type_key)).item()
    links: list[LinkView] = []
    for rel in data.relationship_types:
        lk = data.links.get(rel.id)
        if lk is None or not lk.height:
            continue
        if rel.source == type_key:
            out = lk.filter(pl.col("source") == rid)["target"].to_list()
            links += _views(data, rel.name, "out", rel.target, out, rel.id)
        if rel.target == type_key:
            inc = lk.filter(pl.col("target") == rid)["source"].to_list()
            name = rel.name if rel.symmetric else (rel.inverse_name or rel.name)
            links += _views(data, name, "out" if rel.symmetric else "in", rel.source, inc, rel.id)
    return RecordView(rid, type_key, label, fields, links, row["created_batch"], row["modified_batch"])


def _views(
    data: StoreData, rel_name: str, direction: str, other: str, ids: list[int], rel_id: int
) -> list[LinkView]:
    labels = labels_for(data, other, ids) if ids else {}
    return [LinkView(rel_name, direction, i, other, labels.get(i, ""), rel_id) for i in sorted(ids)]


def search(data: StoreData, type_key: str, text: str, limit: int = 200) -> pl.DataFrame:
    """Records of a type whose label or any key contains ``text`` (id, label), best first.

    An exact key match (as an import value would match) comes first.
    """
    recs = data.records[type_key]
    base = recs.select("id", label_expr(type_key).alias("label"))
    text = (text or "").strip()
    if not text:
        return base.head(limit)
    exact = list(find_ids(data, type_key, text))
    needle = text.lower()
    cols = [c for c in OBJECT_TYPES[type_key].field_keys if c != "tags"]
    hay = pl.concat_str([clean_expr(pl.col(c)).fill_null("") for c in cols], separator=" ").str.to_lowercase()
    hits = recs.filter(hay.str.contains(needle, literal=True)).select("id")
    ids = exact + [i for i in hits["id"].to_list() if i not in set(exact)]
    # Then letters and digits only: ``hydrotech`` finds ``Hydro-Tech Sp. z o.o.``.
    squeezed = "".join(ch for ch in needle if ch.isalnum())
    if squeezed and len(ids) < limit:
        loose = recs.filter(hay.str.replace_all(r"[^\p{L}\p{N}]", "").str.contains(squeezed, literal=True))
        seen = set(ids)
        ids += [i for i in loose["id"].to_list() if i not in seen]
    order = pl.DataFrame(
        {"id": ids[:limit], "_o": range(len(ids[:limit]))}, schema={"id": pl.Int64, "_o": pl.Int64}
    )
    return base.join(order, on="id").sort("_o").drop("_o")


def stats(data: StoreData) -> dict[str, Any]:
    """Record counts per type, links, relationship types and batches (``stats --json``)."""
    return {
        "records": {t: data.count_records(t) for t in data.records},
        "links": data.count_links(),
        "relationship_types": len(data.relationship_types),
        "batches": len(data.batches),
    }
