"""The app's words for core's identifiers: problem kinds, outcomes, match keys.

One language per label set, the same on every screen: the app speaks English;
object types and fields are named in English in tables and sentences (the
choosers show the Polish / English pair the files' headers may use). The problem
kinds' words and marks are core's (:mod:`relimport.core.domain.words`), shared with
the CLI and the exported problem files; this module adds styles and match keys.
"""

from __future__ import annotations

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.domain.words import (
    MARKS,
    PROBLEM_HELP,
    PROBLEMS,
    SEVERE_MARK,
    problem_label,
    problem_mark,
    problem_word,
)

#: Core's words re-exported for the screens, and this module's own.
__all__ = [
    "MARKS",
    "PROBLEMS",
    "PROBLEM_HELP",
    "SEVERE_MARK",
    "field_words",
    "key_label",
    "keys_label",
    "problem_label",
    "problem_mark",
    "problem_style",
    "problem_word",
    "type_count",
]


def problem_style(kind: str) -> str:
    mark = problem_mark(kind)
    return "bold red" if mark == SEVERE_MARK else ("yellow" if mark == "!" else "cyan")


def key_label(type_key: str, key: str) -> str:
    """A match key in words: ``tax_id`` of a company → ``Tax ID``; ``id`` → ``id``; a
    person's ``name`` → ``full name``."""
    if key in ("", "auto"):
        return "auto"
    if key == "id":
        return "id"
    if type_key == "person" and key == "name":
        return "full name"
    otype = OBJECT_TYPES.get(type_key)
    try:
        return otype.field(key).label_en if otype else key.replace("_", " ")
    except KeyError:
        return key.replace("_", " ")


def keys_label(type_key: str, keys: str) -> str:
    """One or several match keys (core may report ``"name, tax_id"``) in words."""
    parts = [k.strip() for k in keys.replace("+", ",").split(",") if k.strip()]
    return ", ".join(key_label(type_key, k) for k in parts) or "auto"


def field_words(kind: str, key: str) -> str:
    """A mapping target field in words: ``name`` → ``Name``; in the persons-and-companies
    import ``company.tax_id`` → ``Company: Tax ID``; ``id`` → ``id (record id)``."""
    from relimport.core.domain.objects import kind_types

    types = kind_types(kind)
    prefix = ""
    if key.startswith("company."):
        key, prefix = key.removeprefix("company."), "Company: "
        types = tuple(t for t in types if t.key == "company") or types
    if key == "id":
        return f"{prefix}id (record id)"
    for t in types:
        try:
            return prefix + t.field(key).label_en
        except KeyError:
            continue
    return prefix + key


def type_count(type_key: str, n: int) -> str:
    """``3 companies``, ``1 person``, ``2 vehicles/spaces`` (an object type's English name)."""
    otype = OBJECT_TYPES.get(type_key)
    name = otype.label_en.lower() if otype else type_key
    if n != 1:
        name = "/".join(
            w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + "s"
            for w in name.split("/")
        )
    return f"{n:,} {name}"
