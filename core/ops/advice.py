"""What an interface tells the user around an import: answers the screens ask core for.

- :func:`row_record`: the record a row of the file names (by the first identity key
  the row has a value for, as the import identifies it), to open it from a problem.
- :func:`likely_target`: the object type a column's values most likely name, to
  prefill a new relationship type for an unmapped column.
- :func:`mapping_warnings`: what a valid mapping still loses (ignored columns, new
  records that would have no name), shown before the check.
- :func:`queue_groups`: the resolution queue with values that differ only by case
  or spacing on one line (one decision settles them all, as the import compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from relimport.core.domain.forms import fits
from relimport.core.domain.objects import OBJECT_TYPES, kind_types
from relimport.core.files.reader import Table
from relimport.core.mapping.columns import COMPANY_PREFIX, Mapping
from relimport.core.resolve.keys import grouped, key_table
from relimport.core.resolve.normalize import key_kind, norm_value
from relimport.core.resolve.resolutions import QueueItem, norm_for
from relimport.core.store.model import StoreData

#: Fields whose absence leaves a new record without a name, by object type.
_NAMING = {
    "person": ("first_name", "last_name", "email"),
    "company": ("name",),
    "deal": ("name",),
    "product": ("name",),
    "vehicle_space": ("name",),
}


def ids_by_key(data: StoreData, type_key: str, key: str, value: str) -> list[int]:
    """Ids of the records of ``type_key`` whose match key ``key`` equals ``value`` (as an
    import compares it)."""
    nv = norm_value(key, value)
    recs = data.records.get(type_key)
    if nv is None or recs is None or not recs.height:
        return []
    hit = grouped(key_table(type_key, recs, (key,))).filter(pl.col("nval") == nv)
    if not hit.height:
        return []
    return hit["ids"][0].to_list() if hit["n"][0] > 1 else [int(hit["id"][0])]


def row_record(data: StoreData, table: Table, mapping: Mapping, row: int) -> tuple[str, int] | None:
    """The record row ``row`` (as numbered in reports) of ``table`` names, or None.

    The row is identified as the import identifies it: by the first identity key of
    the kind's main type it has a value for. None when it has none, or that value
    names no record (not imported) or several.
    """
    main = kind_types(mapping.kind)[0]
    if "__row" not in table.frame.columns:
        return None
    found = table.frame.filter(pl.col("__row") == row)
    if not found.height:
        return None
    cells = found.row(0, named=True)
    fields = {
        c.field: c.header
        for c in mapping.columns
        if c.target == "field" and c.field and not c.field.startswith(COMPANY_PREFIX)
    }

    def cell(key: str) -> str:
        header = fields.get(key)
        return " ".join(str(cells.get(header) or "").split()) if header else ""

    for key in main.identity:
        if main.key == "person" and key == "name":
            value = " ".join(p for p in (cell("first_name"), cell("last_name")) if p)
        else:
            value = cell(key)
        if not value:
            continue
        ids = ids_by_key(data, main.key, key, value)
        return (main.key, ids[0]) if len(ids) == 1 else None
    return None


def likely_target(data: StoreData, values: Iterable[str], exclude: Sequence[str] = ()) -> str | None:
    """The object type ``values`` most likely name: the one whose records they match most
    (by any match key); without matches, by their shape (e-mails name persons, tax ids
    and REGONs companies). None when nothing tells.
    """
    distinct = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))[:200]
    if not distinct:
        return None
    best: tuple[int, str] | None = None
    for type_key, otype in OBJECT_TYPES.items():
        if type_key in exclude:
            continue
        recs = data.records.get(type_key)
        if recs is None or not recs.height:
            continue
        keys = tuple(k for k in otype.match_keys if k != "id")
        table = key_table(type_key, recs, keys).select("key", "nval").unique()
        wanted = pl.DataFrame(
            [(k, norm_value(k, v)) for v in distinct for k in keys],
            schema={"key": pl.String, "nval": pl.String},
            orient="row",
        ).drop_nulls()
        hits = wanted.join(table, on=["key", "nval"], how="semi").height
        if hits and (best is None or hits > best[0]):
            best = (hits, type_key)
    if best is not None:
        return best[1]
    shapes = {"email": "person", "nip": "company", "regon": "company"}
    for kind, type_key in shapes.items():
        if type_key in exclude:
            continue
        if sum(fits(kind, norm_value(_key_of_kind(kind), v)) for v in distinct) * 2 > len(distinct):
            return type_key
    return None


def _key_of_kind(kind: str) -> str:
    for otype in OBJECT_TYPES.values():
        for k in otype.match_keys:
            if key_kind(k) == kind:
                return k
    return "name"


def mapping_warnings(mapping: Mapping) -> list[str]:
    """What a mapping that is valid still loses, one line each (empty: nothing)."""
    out: list[str] = []
    main = kind_types(mapping.kind)[0]
    mapped = {c.field for c in mapping.columns if c.target == "field" and c.field}
    naming = _NAMING.get(main.key, ())
    if naming and not mapped & set(naming):
        names = " or ".join(main.field(f).label_en for f in naming)
        out.append(f"no column maps to {names}: new {main.label_en.lower()} records would have no name")
    names_person = main.key == "person" and mapped & {"first_name", "last_name"}
    if not mapped & set(main.identity) and not names_person:
        keys = ", ".join("id" if k == "id" else main.field(k).label_en for k in main.identity if k != "name")
        what = main.label_en.lower()
        out.append(f"no column identifies a {what} ({keys} or name): every row would be refused")
    ignored = mapping.ignored
    if ignored:
        listed = ", ".join(repr(h) for h in ignored[:5])
        if len(ignored) > 5:
            listed += f" and {len(ignored) - 5} more"
        one = len(ignored) == 1
        out.append(
            f"{listed} {'is' if one else 'are'} skipped: {'its' if one else 'their'} values are not imported"
        )
    return out


@dataclass(frozen=True)
class QueueGroup:
    """A line of the resolution queue: one value (the first spelling seen) and the other
    spellings of it that compare equal, with all their rows."""

    item: QueueItem
    variants: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return self.item.rows


def queue_groups(items: Sequence[QueueItem]) -> list[QueueGroup]:
    """``items`` with the values of one column that differ only by case or spacing (or any
    way the import does not tell apart) merged into one line, rows summed."""
    order: list[tuple[str, str]] = []
    groups: dict[tuple[str, str], list[QueueItem]] = {}
    for item in items:
        key = (item.column, norm_for("name", item.value) or item.value)
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(item)
    out = []
    for key in order:
        first, *rest = groups[key]
        rows = first.rows + sum(i.rows for i in rest)
        merged = QueueItem(first.column, first.value, first.kind, rows, first.target_type, first.candidates)
        out.append(QueueGroup(merged, tuple(i.value for i in rest)))
    return out
