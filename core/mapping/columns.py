"""Column mapping: which field or relationship each column of the file feeds.

A column maps to a field of the imported type, to a relationship visible from
that type (by its name, or by its inverse name from the target side), or is
skipped. Auto-mapping applies exact (normalised) header matches and only
*suggests* fuzzy ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from relimport.core.domain.errors import MappingError, UsageError
from relimport.core.domain.objects import COMPANY, FIELD_ALIASES, OBJECT_TYPES, PERSON, kind_types
from relimport.core.domain.options import DEFAULT_SEPARATOR
from relimport.core.domain.text import norm_header
from relimport.core.store.model import RelationshipType

Direction = Literal["out", "in"]
#: Field keys of the company columns in a persons-and-companies file.
COMPANY_PREFIX = "company."
#: Headers naming the company (its name) in a persons-and-companies file.
COMPANY_NAME_HEADERS = ("Firma", "Company", "Nazwa firmy", "Company name", "Firma nazwa")


@dataclass(frozen=True)
class RelView:
    """A relationship as seen from one object type: the header it answers to."""

    rel: RelationshipType
    subject: str  # type of the imported record
    direction: Direction  # "out": the record is the source; "in": the target
    header: str  # name or inverse name

    @property
    def other(self) -> str:
        return self.rel.target if self.direction == "out" else self.rel.source


def rel_views(rels: Iterable[RelationshipType], subject: str) -> list[RelView]:
    """Relationships visible from ``subject`` with the header each answers to.

    From the source side a relationship answers to its name; from the target side
    to its inverse name, or to its name when no inverse is set and no source-side
    relationship of this type already uses it. Symmetric ones answer to their name.
    """
    rels = list(rels)
    views: list[RelView] = []
    taken: set[str] = set()
    for r in rels:
        if r.source == subject:
            views.append(RelView(r, subject, "out", r.name))
            taken.add(norm_header(r.name))
    for r in rels:
        if r.target != subject or r.symmetric and r.source == subject:
            continue
        if r.inverse_name:
            views.append(RelView(r, subject, "in", r.inverse_name))
        elif norm_header(r.name) not in taken:
            views.append(RelView(r, subject, "in", r.name))
    return views


@dataclass(frozen=True)
class ColumnMap:
    """How one column of the file is imported."""

    header: str
    target: Literal["field", "rel", "skip"] = "skip"
    #: Field key ("id" = record id; "company.<key>" = company field in person_company).
    field: str | None = None
    rel_id: int | None = None
    direction: Direction = "out"
    #: The object type of the record this column belongs to.
    subject: str = ""
    match_by: str = "auto"
    separator: str | None = DEFAULT_SEPARATOR
    auto: bool = False
    suggestion: str | None = None
    note: str | None = None
    #: The header the relationship answers to (its name or inverse name).
    header_rel_name: str | None = None
    #: Skipped because the user said so (``skip`` in a recipe or ``--map``), not for
    #: want of a field or relationship: not reported as an ignored column.
    skip_chosen: bool = False

    def target_text(self) -> str:
        """``field:NAME`` / ``rel:NAME@KEY`` / ``skip`` (the CLI's --map syntax)."""
        if self.target == "field":
            return f"field:{self.field}"
        if self.target == "rel":
            return f"rel:{self.header_rel_name or self.rel_id}" + (
                f"@{self.match_by}" if self.match_by != "auto" else ""
            )
        return "skip"


@dataclass(frozen=True)
class Mapping:
    """The mapping of every column of a file for one import kind."""

    kind: str
    columns: tuple[ColumnMap, ...]

    def column(self, header: str) -> ColumnMap:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)

    @property
    def ignored(self) -> list[str]:
        return [c.header for c in self.columns if c.target == "skip"]

    def with_column(self, col: ColumnMap) -> Mapping:
        return Mapping(self.kind, tuple(col if c.header == col.header else c for c in self.columns))


# --- vocabulary ---------------------------------------------------------------------


def _field_names(kind: str) -> dict[str, tuple[str, str]]:
    """Normalised header → (subject type, field key) for the kind's fields."""
    names: dict[str, tuple[str, str]] = {}
    types = kind_types(kind)
    main = types[0]
    for t in types:
        for f in t.fields:
            key = f.key if t is main else COMPANY_PREFIX + f.key
            labels = list(f.labels) + list(FIELD_ALIASES.get((t.key, f.key), ()))
            if t is not main:
                labels = [f"{lbl} firmy" for lbl in labels] + [f"Company {lbl}" for lbl in labels]
                if f.key in ("tax_id", "regon", "domain"):
                    labels += list(f.labels) + list(FIELD_ALIASES.get((t.key, f.key), ()))
            for lbl in labels:
                names.setdefault(norm_header(lbl), (t.key, key))
    names.setdefault("id", (main.key, "id"))
    if kind == "person_company":
        for lbl in COMPANY_NAME_HEADERS:
            names[norm_header(lbl)] = (COMPANY.key, COMPANY_PREFIX + "name")
        names.setdefault(norm_header("Company id"), (COMPANY.key, COMPANY_PREFIX + "id"))
        names.setdefault(norm_header("ID firmy"), (COMPANY.key, COMPANY_PREFIX + "id"))
    return names


def field_headers(type_key: str) -> set[str]:
    """Normalised headers that name a field of ``type_key`` (keys, labels, aliases, ``id``)."""
    t = OBJECT_TYPES[type_key]
    labels = [lbl for f in t.fields for lbl in (*f.labels, *FIELD_ALIASES.get((t.key, f.key), ()))]
    return {norm_header(lbl) for lbl in labels} | {"id"}


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(field key, label) pairs a column of this kind may map to, in display order."""
    types = kind_types(kind)
    out: list[tuple[str, str]] = [("id", "id (record id)")]
    for i, t in enumerate(types):
        for f in t.fields:
            key = f.key if i == 0 else COMPANY_PREFIX + f.key
            label = f"{f.label_pl} / {f.label_en}" if i == 0 else f"Firma: {f.label_pl}"
            out.append((key, label))
    if kind == "person_company":
        out.append((COMPANY_PREFIX + "id", "Firma: id"))
    return out


def kind_rel_views(kind: str, rels: Sequence[RelationshipType]) -> list[RelView]:
    """Relationships a column of this kind may map to (persons' first, then companies')."""
    views: list[RelView] = []
    seen: set[str] = set()
    for t in kind_types(kind):
        for v in rel_views(rels, t.key):
            h = norm_header(v.header)
            if kind == "person_company" and v.rel.builtin:
                continue  # the company columns feed Firma by themselves
            if h not in seen:
                seen.add(h)
                views.append(v)
    return views


def _field_subject(kind: str, key: str) -> str:
    if key.startswith(COMPANY_PREFIX):
        return COMPANY.key
    return kind_types(kind)[0].key


def field_label(kind: str, key: str) -> str:
    if key == "id" or key == COMPANY_PREFIX + "id":
        return key
    subject = _field_subject(kind, key)
    f = OBJECT_TYPES[subject].field(key.removeprefix(COMPANY_PREFIX))
    return f.label_pl if not key.startswith(COMPANY_PREFIX) else f"Firma: {f.label_pl}"


# --- auto-mapping -------------------------------------------------------------------


def auto_map(
    kind: str,
    headers: Sequence[str],
    rels: Sequence[RelationshipType],
    skipped: Iterable[str] = (),
    separator: str | None = DEFAULT_SEPARATOR,
) -> Mapping:
    """Map each header by exact normalised match; suggest fuzzy matches for the rest.

    A header equal to a relationship's (inverse) name maps to the relationship, one
    equal to a field's key or label maps to the field (two such columns for one field
    make the mapping invalid until one is changed).
    """
    skipped = set(skipped)
    fields = _field_names(kind)
    views = {norm_header(v.header): v for v in kind_rel_views(kind, rels)}
    used_fields: set[str] = set()
    cols: list[ColumnMap] = []
    vocab = _vocabulary(kind, rels)
    for h in headers:
        n = norm_header(h)
        if h in skipped or not n:
            cols.append(ColumnMap(h, note="empty header"))
            continue
        if n in views:
            v = views[n]
            cols.append(_rel_col(h, v, separator, auto=True))
        elif n in fields:
            subject, key = fields[n]
            # A second column for the same field is mapped too, so validation names both
            # (two columns to one field is an error the user settles, never a silent drop).
            used_fields.add(key)
            cols.append(ColumnMap(h, "field", field=key, subject=subject, auto=True))
        else:
            cols.append(ColumnMap(h, suggestion=_suggest(n, vocab)))
    return Mapping(kind, tuple(cols))


def _rel_col(header: str, v: RelView, separator: str | None, auto: bool, match_by: str = "auto") -> ColumnMap:
    # A "one" relationship splits too, so that "A; B" is reported, not looked up whole.
    return ColumnMap(
        header,
        "rel",
        rel_id=v.rel.id,
        direction=v.direction,
        subject=v.subject,
        match_by=match_by,
        separator=separator,
        auto=auto,
        header_rel_name=v.header,
    )


def _vocabulary(kind: str, rels: Sequence[RelationshipType]) -> dict[str, str]:
    vocab: dict[str, str] = {}
    for v in kind_rel_views(kind, rels):
        vocab[norm_header(v.header)] = f"rel:{v.header}"
    for n, (_subject, key) in _field_names(kind).items():
        vocab.setdefault(n, f"field:{key}")
    return vocab


def _suggest(n: str, vocab: dict[str, str]) -> str | None:
    if not vocab or len(n) < 2:
        return None
    from rapidfuzz import fuzz, process  # only a header known by no name pays for it

    hit = process.extractOne(n, list(vocab), scorer=fuzz.ratio, score_cutoff=75)
    if hit:
        return vocab[hit[0]]
    # A header holding a known name and a word more ("Nazwa firmy", "E-mail osoby"):
    # the longest known name it contains (never a short one such as "id").
    inside = [v for v in vocab if len(v) >= 4 and v in n]
    return vocab[max(inside, key=len)] if inside else None


# --- explicit targets ---------------------------------------------------------------


def parse_target(
    kind: str, header: str, text: str, rels: Sequence[RelationshipType], separator: str | None
) -> ColumnMap:
    """Parse ``field:NAME``, ``rel:NAME[@KEY]`` or ``skip`` for column ``header``.

    Raises:
        UsageError: unknown field, relationship or match key.
    """
    text = text.strip()
    if text.lower() == "skip":
        return ColumnMap(header, skip_chosen=True)
    prefix, _, name = text.partition(":")
    prefix = prefix.strip().lower()
    if prefix == "field":
        n = norm_header(name)
        fields = _field_names(kind)
        keys = {norm_header(k): k for k, _ in field_choices(kind)}
        if n in keys:
            key = keys[n]
        elif n in fields:
            key = fields[n][1]
        else:
            choices = ", ".join(k for k, _ in field_choices(kind))
            raise UsageError(f"column {header!r}: unknown field {name!r} for {kind} (fields: {choices})")
        return ColumnMap(header, "field", field=key, subject=_field_subject(kind, key))
    if prefix == "rel":
        rel_name, _, key = name.partition("@")
        views = {norm_header(v.header): v for v in kind_rel_views(kind, rels)}
        v = views.get(norm_header(rel_name))
        if v is None:
            known = ", ".join(v.header for v in kind_rel_views(kind, rels)) or "none defined"
            raise UsageError(
                f"column {header!r}: no relationship {rel_name.strip()!r} for {kind} "
                f"(relationships: {known}); an import never creates relationship types"
            )
        match_by = key.strip().lower() or "auto"
        allowed = ("auto",) + OBJECT_TYPES[v.other].match_keys
        if match_by not in allowed:
            raise UsageError(
                f"column {header!r}: cannot match {v.other} by {match_by!r} (use {', '.join(allowed)})"
            )
        return _rel_col(header, v, separator, auto=False, match_by=match_by)
    raise UsageError(f"column {header!r}: target {text!r} must be field:NAME, rel:NAME[@KEY] or skip")


def apply_overrides(
    mapping: Mapping,
    overrides: Sequence[tuple[str, str]],
    rels: Sequence[RelationshipType],
    separator: str | None,
    strict: bool = True,
) -> Mapping:
    """Apply ``HEADER=TARGET`` overrides; headers match exactly, else normalised."""
    for header, target in overrides:
        col = _find_header(mapping, header)
        if col is None:
            if not strict:
                continue
            heads = ", ".join(repr(c.header) for c in mapping.columns)
            raise UsageError(f"--map: the file has no column {header!r} (columns: {heads})")
        mapping = mapping.with_column(parse_target(mapping.kind, col.header, target, rels, separator))
    return mapping


def find_header(mapping: Mapping, header: str) -> ColumnMap | None:
    """The column ``header`` names: the same header, else the same once normalised."""
    return _find_header(mapping, header)


def _find_header(mapping: Mapping, header: str) -> ColumnMap | None:
    for c in mapping.columns:
        if c.header == header:
            return c
    n = norm_header(header)
    for c in mapping.columns:
        if norm_header(c.header) == n:
            return c
    return None


def set_separator(mapping: Mapping, separator: str | None) -> Mapping:
    cols = tuple(replace(c, separator=separator) if c.target == "rel" else c for c in mapping.columns)
    return Mapping(mapping.kind, cols)


def validate(mapping: Mapping) -> list[str]:
    """Problems that make the mapping unusable (empty list = valid)."""
    errors: list[str] = []
    by_field: dict[str, list[str]] = {}
    for c in mapping.columns:
        if c.target == "field" and c.field:
            by_field.setdefault(c.field, []).append(c.header)
    for key, headers in by_field.items():
        if len(headers) > 1:
            names = " and ".join(repr(h) for h in headers)
            errors.append(f"columns {names} both map to field {key}")
    if not any(c.target != "skip" for c in mapping.columns):
        errors.append("no column is mapped")
    if mapping.kind == "person_company" and not any(
        c.target == "field" and c.subject == PERSON.key for c in mapping.columns
    ):
        errors.append("no column is mapped to a person field")
    return errors


def check(mapping: Mapping) -> None:
    """Raise :class:`MappingError` when :func:`validate` finds problems."""
    errors = validate(mapping)
    if errors:
        raise MappingError("mapping: " + "; ".join(errors))
