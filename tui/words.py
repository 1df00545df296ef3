"""The app's words for core's identifiers: problem kinds, outcomes, match keys.

One language per label set, the same on every screen: the app speaks English;
object types and fields are named in English in tables and sentences (the
choosers show the Polish / English pair the files' headers may use). A problem
kind also carries a mark, so its severity never depends on colour alone
(NO_COLOR, monochrome terminals):

- ``✗`` the row was not imported (it could not be identified, or the mode refused it);
- ``!`` one value was not imported (the rest of the row was);
- ``~`` imported, but worth a look (a duplicate row, a record named like another).
"""

from __future__ import annotations

from relimport.core.domain.objects import OBJECT_TYPES

#: Problem kind → (mark, words).
PROBLEMS: dict[str, tuple[str, str]] = {
    "missing_key": ("✗", "no key"),
    "exists": ("✗", "already exists"),
    "no_match": ("✗", "no match"),
    "invalid_value": ("!", "invalid value"),
    "not_found": ("!", "not found"),
    "ambiguous": ("!", "ambiguous"),
    "cardinality": ("!", "one link only"),
    "self_link": ("!", "link to itself"),
    "invalid": ("!", "invalid link value"),
    "duplicate_in_file": ("~", "duplicate row"),
    "possible_duplicate": ("~", "possible duplicate"),
}
#: What each mark means, for help texts and legends.
MARKS = {
    "✗": "row not imported",
    "!": "value not imported",
    "~": "imported, check it",
}
#: Problem kind → a sentence on what it means (the detail pane, help).
PROBLEM_HELP: dict[str, str] = {
    "missing_key": "the row has no value for any identity key, so it cannot be matched or created",
    "exists": "mode create: the row matches an existing record, which is left alone",
    "no_match": "mode update or link: the row matches no record",
    "invalid_value": "the value does not parse as the field's type; the field is left as it was",
    "not_found": "no record has this value; it is not linked",
    "ambiguous": "several records have this value; none is linked until you choose",
    "cardinality": "the relationship allows one target and the row gives another",
    "self_link": "the record would be linked to itself",
    "invalid": "an empty or malformed value between separators",
    "duplicate_in_file": "an earlier row of the file has the same identity; both are one record",
    "possible_duplicate": "created, but named like an existing record with another key",
}
SEVERE_MARK = "✗"


def problem_mark(kind: str) -> str:
    return PROBLEMS.get(kind, ("!", kind))[0]


def problem_word(kind: str) -> str:
    """``not_found`` → ``not found`` (an unknown kind as it is, underscores spaced)."""
    return PROBLEMS.get(kind, ("!", kind.replace("_", " ")))[1]


def problem_label(kind: str) -> str:
    """The mark and the words: ``! not found``."""
    return f"{problem_mark(kind)} {problem_word(kind)}"


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
