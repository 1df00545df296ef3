"""Domain data held by the store: relationship types, record tables, links, batches."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.store.tables import LazyTables

Cardinality = Literal["one", "many"]

#: Columns every record table has before its fields.
META_COLUMNS: tuple[str, ...] = ("id", "created_batch", "modified_batch")
LINK_SCHEMA: dict[str, type[pl.DataType]] = {
    "source": pl.Int64,
    "target": pl.Int64,
    "batch": pl.Int64,
}


@dataclass(frozen=True)
class RelationshipType:
    """A user-defined kind of link between two object types ("powiązanie").

    ``name`` is the column header when importing the source type, ``inverse_name``
    when importing the target type. ``cardinality == "one"`` means a source has at
    most one target. Symmetric types link records of one type both ways with one link.
    """

    id: int
    name: str
    source: str
    target: str
    inverse_name: str | None = None
    cardinality: Cardinality = "many"
    symmetric: bool = False
    builtin: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "target": self.target,
            "inverse_name": self.inverse_name,
            "cardinality": self.cardinality,
            "symmetric": self.symmetric,
            "builtin": self.builtin,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RelationshipType:
        return cls(
            id=int(d["id"]),
            name=str(d["name"]),
            source=str(d["source"]),
            target=str(d["target"]),
            inverse_name=d.get("inverse_name") or None,
            cardinality="one" if d.get("cardinality") == "one" else "many",
            symmetric=bool(d.get("symmetric", False)),
            builtin=bool(d.get("builtin", False)),
        )

    def label(self) -> str:
        arrow = "↔" if self.symmetric else "→"
        extra = [f"inverse {self.inverse_name}"] if self.inverse_name else []
        if self.cardinality == "one":
            extra.append("one per source")
        return f"{self.name}: {self.source} {arrow} {self.target}" + (
            f" ({', '.join(extra)})" if extra else ""
        )


#: The built-in relationship every store has.
FIRMA = RelationshipType(
    id=1,
    name="Firma",
    source="person",
    target="company",
    inverse_name="Osoby",
    cardinality="one",
    builtin=True,
)


def empty_records(type_key: str) -> pl.DataFrame:
    """An empty record table with the type's schema."""
    schema: dict[str, Any] = {c: pl.Int64 for c in META_COLUMNS}
    schema.update({f: pl.String for f in OBJECT_TYPES[type_key].field_keys})
    return pl.DataFrame(schema=schema)


def empty_links() -> pl.DataFrame:
    return pl.DataFrame(schema=LINK_SCHEMA)


@dataclass
class Batch:
    """One applied import, as recorded in the store's journal.

    Records it created are those whose ``created_batch`` is this id; links it added
    carry this id in their ``batch`` column. What it overwrote is kept here.
    """

    id: int
    time: str
    file: str
    sha256: str
    kind: str
    mode: str
    recipe: dict[str, Any]
    counts: dict[str, Any]
    #: Field values this batch overwrote: columns type, id, field, old, new.
    overwritten: dict[str, list[Any]] = field(
        default_factory=lambda: {"type": [], "id": [], "field": [], "old": [], "new": []}
    )
    #: Links this batch removed when replacing a "one" link: rel, source, target, batch.
    replaced: dict[str, list[Any]] = field(
        default_factory=lambda: {"rel": [], "source": [], "target": [], "batch": []}
    )
    #: Problems of the import, as in the JSON report.
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: Original cells of the rows with problems, for exporting them again.
    problem_rows: dict[str, Any] = field(default_factory=lambda: {"headers": [], "rows": []})
    status: str = "applied"
    undone_at: str | None = None

    @property
    def label(self) -> str:
        return f"B{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "file": self.file,
            "sha256": self.sha256,
            "kind": self.kind,
            "mode": self.mode,
            "recipe": self.recipe,
            "counts": self.counts,
            "overwritten": self.overwritten,
            "replaced": self.replaced,
            "problems": self.problems,
            "problem_rows": self.problem_rows,
            "status": self.status,
            "undone_at": self.undone_at,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Batch:
        return cls(
            id=int(d["id"]),
            time=str(d["time"]),
            file=str(d.get("file", "")),
            sha256=str(d.get("sha256", "")),
            kind=str(d.get("kind", "")),
            mode=str(d.get("mode", "")),
            recipe=dict(d.get("recipe") or {}),
            counts=dict(d.get("counts") or {}),
            overwritten=d.get("overwritten") or {"type": [], "id": [], "field": [], "old": [], "new": []},
            replaced=d.get("replaced") or {"rel": [], "source": [], "target": [], "batch": []},
            problems=list(d.get("problems") or []),
            problem_rows=d.get("problem_rows") or {"headers": [], "rows": []},
            status=str(d.get("status", "applied")),
            undone_at=d.get("undone_at"),
        )


#: Builds one table from its decoded JSON columns (``None``: the file has no rows for
#: it), with only the given columns when a tuple is passed.
TableBuilder = Callable[[Any, dict[str, list[Any]] | None, tuple[str, ...] | None], pl.DataFrame]


@dataclass
class StoreData:
    """Everything a store file holds, in memory (records and links as polars tables)."""

    relationship_types: list[RelationshipType]
    records: MutableMapping[str, pl.DataFrame]
    links: MutableMapping[int, pl.DataFrame]
    batches: list[Batch]
    next_id: int = 1
    next_batch: int = 1
    next_rel: int = 2
    #: Remembered values per object type, columnar (see relimport.core.resolve.resolutions).
    aliases: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    #: What converting an older store file to the current format changed and kept
    #: (see relimport.core.store.migrate); written with the store.
    migration: dict[str, Any] | None = None

    @classmethod
    def empty(cls) -> StoreData:
        return cls(
            relationship_types=[FIRMA],
            records={k: empty_records(k) for k in OBJECT_TYPES},
            links={FIRMA.id: empty_links()},
            batches=[],
        )

    def fork(self) -> StoreData:
        """A copy to change while this one stays as it is.

        Cheap: tables and batches are shared, not copied — every change to a
        :class:`StoreData` replaces a table (or appends a batch, or replaces a batch
        or an alias table), so what one side changes the other never sees.
        """

        def tables(t: MutableMapping[Any, pl.DataFrame]) -> MutableMapping[Any, pl.DataFrame]:
            return t.copy() if isinstance(t, LazyTables) else dict(t)

        return replace(
            self,
            relationship_types=list(self.relationship_types),
            records=tables(self.records),
            links=tables(self.links),
            batches=list(self.batches),
            aliases=dict(self.aliases),
        )

    def rel(self, rel_id: int) -> RelationshipType:
        for r in self.relationship_types:
            if r.id == rel_id:
                return r
        raise KeyError(rel_id)

    def batch(self, batch_id: int) -> Batch:
        for b in self.batches:
            if b.id == batch_id:
                return b
        raise KeyError(batch_id)

    def count_links(self) -> int:
        if isinstance(self.links, LazyTables):
            return sum(self.links.height(k) for k in self.links)
        return sum(df.height for df in self.links.values())

    def count_records(self, type_key: str) -> int:
        if isinstance(self.records, LazyTables):
            return self.records.height(type_key)
        return self.records[type_key].height


#: Columns of the store's ``aliases`` table, per object type.
ALIAS_COLUMNS = ("value", "nval", "key", "id", "time")


@dataclass(frozen=True)
class Alias:
    """A remembered value → record of one object type (``key`` None: any match key)."""

    type: str
    value: str
    nval: str
    key: str | None
    id: int
    time: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "value": self.value,
            "key": self.key,
            "id": self.id,
            "time": self.time,
        }


def list_aliases(data: StoreData) -> list[Alias]:
    """Every alias of the store, by object type."""
    out = []
    for type_key, cols in sorted(data.aliases.items()):
        for value, nval, key, rid, time in zip(*(cols.get(c, []) for c in ALIAS_COLUMNS), strict=False):
            out.append(Alias(type_key, value, nval, key, int(rid), time or ""))
    return out


def set_aliases(data: StoreData, type_key: str, items: list[Alias]) -> None:
    """Replace the aliases of ``type_key`` (the table is replaced, never changed in place)."""
    if not items:
        data.aliases.pop(type_key, None)
        return
    data.aliases[type_key] = {
        "value": [a.value for a in items],
        "nval": [a.nval for a in items],
        "key": [a.key for a in items],
        "id": [a.id for a in items],
        "time": [a.time for a in items],
    }


def put_alias(data: StoreData, alias: Alias) -> None:
    """Remember ``alias``, replacing one of the same type, normalised value and key."""
    kept = [
        a
        for a in list_aliases(data)
        if a.type == alias.type and not (a.nval == alias.nval and a.key == alias.key)
    ]
    set_aliases(data, alias.type, [*kept, alias])


def parse_aliases(doc: Any) -> dict[str, dict[str, list[Any]]]:
    """The store file's ``aliases`` part (absent in older files: no aliases)."""
    if not doc:
        return {}
    if not isinstance(doc, dict):
        raise TypeError("aliases is not an object")
    out = {}
    for type_key, cols in doc.items():
        if type_key not in OBJECT_TYPES:
            raise ValueError(f"aliases of unknown type {type_key!r}")
        if not isinstance(cols, dict) or not all(isinstance(v, list) for v in cols.values()):
            raise TypeError(f"aliases.{type_key} is not a table of columns")
        n = len(cols.get("id", []))
        if any(len(v) != n for v in cols.values()) or any(type(x) is not int for x in cols.get("id", [])):
            raise ValueError(f"aliases.{type_key} has columns of different lengths or a bad id")
        if n:
            out[type_key] = {c: list(cols.get(c) or [None] * n) for c in ALIAS_COLUMNS}
    return out
