"""Managing relationship types: add, edit, remove (with their links)."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import OBJECT_TYPES, parse_object_type
from relimport.core.domain.text import norm_header
from relimport.core.mapping.columns import field_headers, rel_views
from relimport.core.store.model import RelationshipType, StoreData, empty_links


def find_relationship(data: StoreData, name: str, type_key: str | None = None) -> RelationshipType:
    """The relationship named ``name`` (or inverse name, seen from ``type_key``).

    Raises:
        UsageError: no such relationship, or the name is used by several types.
    """
    n = norm_header(name)
    hits = [r for r in data.relationship_types if norm_header(r.name) == n]
    if type_key:
        hits = [v.rel for v in rel_views(data.relationship_types, type_key) if norm_header(v.header) == n]
    if not hits:
        hits = [r for r in data.relationship_types if r.inverse_name and norm_header(r.inverse_name) == n]
    unique = {r.id: r for r in hits}
    if not unique:
        known = ", ".join(r.name for r in data.relationship_types)
        raise UsageError(f"no relationship type {name!r} (defined: {known})")
    if len(unique) > 1:
        raise UsageError(
            f"relationship name {name!r} is used by several types "
            f"({', '.join(r.label() for r in unique.values())})"
        )
    return next(iter(unique.values()))


def validate_relationship(data: StoreData, rel: RelationshipType) -> list[str]:
    """Why ``rel`` cannot be saved (empty list = valid); ``rel.id`` may already exist."""
    errors: list[str] = []
    if not rel.name.strip():
        errors.append("the name is empty")
    for t in (rel.source, rel.target):
        if t not in OBJECT_TYPES:
            errors.append(f"unknown object type {t!r}")
    if errors:
        return errors
    if rel.symmetric and rel.source != rel.target:
        errors.append("only a relationship between records of one type can be symmetric")
    if rel.symmetric and rel.inverse_name:
        errors.append("a symmetric relationship has no inverse name")
    if rel.symmetric and rel.cardinality == "one":
        errors.append("a symmetric relationship cannot be 'one'")
    if (
        rel.inverse_name
        and norm_header(rel.inverse_name) == norm_header(rel.name)
        and rel.source == rel.target
    ):
        errors.append("the inverse name equals the name")
    # A header equal to a field's name would be read two ways (the field or the link).
    for label, name in (("name", rel.name), ("inverse name", rel.inverse_name)):
        if not name:
            continue
        for t in dict.fromkeys((rel.source, rel.target)):
            if norm_header(name) in field_headers(t):
                errors.append(
                    f"the {label} {name!r} is a field of {OBJECT_TYPES[t].label_en} "
                    "(a column with that header would be read two ways)"
                )
    others = [r for r in data.relationship_types if r.id != rel.id]
    names_by_type: dict[str, set[str]] = {}
    for r in others:
        names_by_type.setdefault(r.source, set()).add(norm_header(r.name))
        if r.inverse_name:
            names_by_type.setdefault(r.target, set()).add(norm_header(r.inverse_name))
        if r.symmetric:
            names_by_type.setdefault(r.target, set()).add(norm_header(r.name))
    if norm_header(rel.name) in names_by_type.get(rel.source, set()):
        errors.append(f"{OBJECT_TYPES[rel.source].label_en} already has a relationship named {rel.name!r}")
    if rel.inverse_name and norm_header(rel.inverse_name) in names_by_type.get(rel.target, set()):
        errors.append(
            f"{OBJECT_TYPES[rel.target].label_en} already has a relationship named {rel.inverse_name!r}"
        )
    return list(dict.fromkeys(errors))


def add_relationship(
    data: StoreData,
    name: str,
    source: str,
    target: str,
    *,
    inverse_name: str | None = None,
    one: bool = False,
    symmetric: bool = False,
) -> RelationshipType:
    """Define a new relationship type in ``data``.

    Raises:
        UsageError: unknown type or a name clash (names are unique per object type).
    """
    src = parse_object_type(source).key
    tgt = parse_object_type(target).key
    rel = RelationshipType(
        id=data.next_rel,
        name=" ".join(name.split()),
        source=src,
        target=tgt,
        inverse_name=" ".join(inverse_name.split()) if inverse_name else None,
        cardinality="one" if one else "many",
        symmetric=symmetric,
    )
    errors = validate_relationship(data, rel)
    if errors:
        raise UsageError(f"relationship {name!r}: " + "; ".join(errors))
    data.relationship_types.append(rel)
    data.links[rel.id] = empty_links()
    data.next_rel += 1
    return rel


def edit_relationship(data: StoreData, rel_id: int, **changes: object) -> RelationshipType:
    """Change name, inverse name or cardinality of a relationship type.

    Source and target types cannot change once links may exist; switching to
    ``one`` is refused while a source has several targets.
    """
    old = data.rel(rel_id)
    for key in ("name", "inverse_name"):
        if isinstance(changes.get(key), str):
            changes[key] = " ".join(str(changes[key]).split()) or None
    new = replace(old, **changes)  # type: ignore[arg-type]
    if (new.source, new.target) != (old.source, old.target) and data.links[rel_id].height:
        raise UsageError(f"relationship {old.name!r} has links: its types cannot change")
    if old.builtin and (new.source, new.target, new.cardinality) != (
        old.source,
        old.target,
        old.cardinality,
    ):
        raise UsageError(f"{old.name!r} is built in: only its names can change")
    errors = validate_relationship(data, new)
    if new.cardinality == "one" and old.cardinality != "one":
        multi = data.links[rel_id].group_by("source").len().filter(pl.col("len") > 1)
        if multi.height:
            errors.append(f"{multi.height} records already have several targets; cannot make it 'one'")
    if errors:
        raise UsageError(f"relationship {old.name!r}: " + "; ".join(errors))
    data.relationship_types = [new if r.id == rel_id else r for r in data.relationship_types]
    return new


def remove_relationship(data: StoreData, rel_id: int, force: bool = False) -> int:
    """Remove a relationship type and its links; returns how many links went.

    Raises:
        UsageError: built-in type, or links exist and ``force`` is not set.
    """
    rel = data.rel(rel_id)
    if rel.builtin:
        raise UsageError(f"{rel.name!r} is built in and cannot be removed")
    n = data.links.get(rel_id, empty_links()).height
    if n and not force:
        raise UsageError(f"relationship {rel.name!r} has {n} links; use --force to remove it with them")
    data.relationship_types = [r for r in data.relationship_types if r.id != rel_id]
    data.links.pop(rel_id, None)
    return n


def link_counts(data: StoreData) -> dict[int, int]:
    return {r.id: data.links.get(r.id, empty_links()).height for r in data.relationship_types}
